/* SPDX-License-Identifier: MIT */
/*
 * gntsim: dom0 DMA policies (docs/dom0-dma-policies.md).
 * Included by <gntsim/gntsim.h>.
 */
#ifndef GNTSIM_POLICY_H
#define GNTSIM_POLICY_H

#include "gntsim/gntsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- dom0 DMA policies (docs/dom0-dma-policies.md) ---- */

/* How a dom0 kernel reaches memory from its devices, and what Xen tells it. */
enum gntsim_dma_policy {
    GNTSIM_DMA_POLICY_SWIOTLB_XEN,       /* today: swiotlb-xen for every device */
    GNTSIM_DMA_POLICY_PER_DEVICE,        /* xen,behind-iommu DT property (Skakun) */
    GNTSIM_DMA_POLICY_PER_DEVICE_IOMMUS, /* iommus -> xen,iommu-el2-v1 node (Kibrik) */
    GNTSIM_DMA_POLICY_DOM0_IOMMU_FLAG,   /* one flag for all devices (the 2021 RFC) */
    GNTSIM_DMA_POLICY_NOT_DIRECT_MAPPED, /* LLC colouring: dom0 not 1:1 (4.20) */
    GNTSIM_DMA_POLICY_VSMMU,             /* dom0 programs stage 1 of a virtual SMMU */
    GNTSIM_DMA_POLICY_NR
};

struct gntsim_dma_policy_info {
    enum gntsim_dma_policy id;
    const char *name;    /* the world option's value: "per-device" */
    const char *summary; /* one line */
    const char *source;  /* upstream commits or mailing-list message ids */
    /* the proposal pairs it with dom0's declaration (gntsim_domain_opts.no_swiotlb_xen)
     * so that Xen skips the 1:1 IOMMU maps */
    bool declares_no_swiotlb_xen;
};

/* The policy called @name, or NULL (unknown or NULL @name). Cannot fail. */
const struct gntsim_dma_policy_info *gntsim_dma_policy_find(const char *name);
/* Policy @i (0 .. GNTSIM_DMA_POLICY_NR - 1, the table's order), or NULL. Cannot fail. */
const struct gntsim_dma_policy_info *gntsim_dma_policy_at(size_t i);
/*
 * Whether policy @p exists in release @release (a profile name): not-direct-mapped
 * needs LLC colouring (4.20), vsmmu the series' base (4.22, master). 0 when it
 * applies, -EINVAL (unknown release) or -EOPNOTSUPP with a reason in @why (if not NULL).
 */
int gntsim_dma_policy_applies(const struct gntsim_dma_policy_info *p, const char *release,
                              char *why, size_t whylen);
/* The world's policy. Cannot fail. */
enum gntsim_dma_policy gntsim_world_dma_policy(const struct gntsim_world *w);

#ifdef __cplusplus
}
#endif
#endif
