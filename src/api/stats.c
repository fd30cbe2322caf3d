/* SPDX-License-Identifier: MIT */
/* gntsim_stats_get(): the world's always-on counters, gathered from where they live. */
#include "board/world.h"
#include "hw/smmu/smmu.h"
#include "linux/linux.h"

void gntsim_stats_get(const struct gntsim_world *w, struct gntsim_stats *out)
{
    const uint64_t *n = w->trace.count; /* every event is counted, observed or not */

    *out = (struct gntsim_stats){.iommu_map = n[TEV_IOMMU_MAP],
                                 .iommu_unmap = n[TEV_IOMMU_UNMAP],
                                 .smmu_faults = n[TEV_SMMU_FAULT],
                                 .cache_maint = w->cache.maint_ops,
                                 .double_gt_lock = w->locks.gt_pairs,
                                 .gnttab_hypercalls = n[TEV_HYPERCALL]};
    if (w->smmu) {
        out->iotlb_invals = w->smmu->tlb_invals;
        out->iotlb_dropped = w->smmu->tlb_dropped;
        out->iotlb_hits = w->smmu->tlb_hits;
        out->iotlb_misses = w->smmu->tlb_misses;
    }
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->kern[i])
            out->bounce_bytes += w->kern[i]->bounce_bytes;
}
