/* SPDX-License-Identifier: MIT */
/*
 * gntsim: the world's always-on counters of what the DMA path cost, kept whether or
 * not a trace observes the run (gntsim compare-policies reads them before and after
 * a workload). Included by <gntsim/gntsim.h>.
 */
#ifndef GNTSIM_STATS_H
#define GNTSIM_STATS_H

#include "gntsim/gntsim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gntsim_stats {
    uint64_t iommu_map, iommu_unmap; /* Xen's iommu_legacy_map/unmap (or iommu_map_page)
                                        calls on an IOMMU-enabled domain, failed too */
    uint64_t iotlb_invals;  /* IOTLB invalidation commands the SMMU executed (TLBIVMID,
                               TLBIIPAS2, the TLBIALL* of its reset) */
    uint64_t iotlb_dropped; /* valid IOTLB entries those commands dropped */
    uint64_t iotlb_hits, iotlb_misses; /* SMMU translations from the IOTLB / by a walk */
    uint64_t smmu_faults;              /* context faults the SMMU recorded */
    uint64_t bounce_bytes;   /* bytes swiotlb copied to or from its pool, every kernel */
    uint64_t cache_maint;    /* cache maintenance operations on a non-empty range (at most
                                a page each): Linux's DC by VA and Xen's cache_flush */
    uint64_t double_gt_lock; /* double_gt_lock() of two grant tables (a self-map's
                                double_gt_lock of one table is not counted) */
    uint64_t gnttab_hypercalls; /* grant_table_op hypercalls, any command */
};

/* Fill @out with the counts since @w was created. Cannot fail. */
void gntsim_stats_get(const struct gntsim_world *w, struct gntsim_stats *out);

#ifdef __cplusplus
}
#endif
#endif
