/* SPDX-License-Identifier: MIT */
/*
 * Which DMA ops a device gets (arch_setup_dma_ops() -> xen_setup_dma_ops(),
 * include/xen/arm/xen-ops.h) under the world's dom0 DMA policy
 * (docs/dom0-dma-policies.md), and the virtual SMMU's stage 1 that iommu-dma
 * programs under the vsmmu policy.
 *   swiotlb-xen        xen_swiotlb_detect() decides for every device.
 *   per-device         a device with the xen,behind-iommu property skips
 *                      swiotlb-xen (Skakun, 20211004095415.100756-1-Roman_Skakun@
 *                      epam.com); a kernel without the patch ignores the property.
 *   per-device-iommus  xen_is_protected_device(): iommus names the xen,iommu-el2-v1
 *                      node (Kibrik, 20220111112611.90508-1-Sergiy_Kibrik@epam.com);
 *                      a kernel without the patch has no driver for that node, so
 *                      of_iommu_configure() defers the probe: the device never binds.
 *   dom0-iommu-flag    the flag turns swiotlb-xen off for the whole kernel (boot.c).
 *   vsmmu              iommus names the virtual SMMUv3: iommu-dma. Before Linux 6.12
 *                      (b5c58b2fdc42) dev->dma_ops was consulted first and
 *                      xen_setup_dma_ops() had put swiotlb-xen there, over a device
 *                      the IOMMU driver had attached to a translating domain.
 * Simplified: IOVAs are handed out downwards from 2^48 (the stage-1 aperture's
 * top, as alloc_iova_fast() searches from the DMA limit) and never reused (no
 * rcache); one page per stage-1 entry, strict invalidation on unmap only.
 */
#include "linux/linux.h"

static void ops_trace(const struct linux_kernel *k, unsigned id, const char *ops,
                      const char *why)
{
    if (k->env.dma_policy != GNTSIM_DMA_POLICY_SWIOTLB_XEN)
        TRACE(k->env.trace, DMA_OPS, TA_U(k->domid), TA_U(id), TA_S(ops), TA_S(why));
}

void linux_dma_ops_setup(struct linux_kernel *k, unsigned id, struct linux_dev *d,
                         const struct linux_dt_dev *dt)
{
    enum linux_dma_ops def = k->swiotlb_xen ? LINUX_DMA_SWIOTLB_XEN : LINUX_DMA_DIRECT;
    const char *why = k->swiotlb_xen ? "xen_swiotlb_detect()" : "not swiotlb-xen";

    d->ops = def;
    d->stage1 = false;
    switch (k->env.dma_policy) {
    case GNTSIM_DMA_POLICY_PER_DEVICE:
        if (dt->xen_iommu && !k->policy_old) {
            d->ops = LINUX_DMA_DIRECT;
            why = "xen,behind-iommu";
        } else if (dt->xen_iommu)
            why = "xen,behind-iommu unknown to this kernel";
        break;
    case GNTSIM_DMA_POLICY_PER_DEVICE_IOMMUS:
        if (dt->xen_iommu && !k->policy_old) {
            d->ops = LINUX_DMA_DIRECT;
            why = "iommus -> xen,iommu-el2-v1";
        } else if (dt->xen_iommu) {
            d->ops = LINUX_DMA_DEFERRED;
            why = "iommus -> xen,iommu-el2-v1: no driver, probe deferred";
        }
        break;
    case GNTSIM_DMA_POLICY_VSMMU:
        if (!dt->xen_iommu)
            break;
        d->stage1 = true; /* arm-smmu-v3 attached it to a DMA domain */
        if (!k->policy_old || !k->swiotlb_xen) {
            d->ops = LINUX_DMA_IOMMU;
            why = "iommus -> vSMMUv3, use_dma_iommu()";
        } else
            why = "vSMMUv3 stage 1 on, but dev->dma_ops = swiotlb-xen (before 6.12)";
        break;
    default:
        break;
    }
    ops_trace(k, id,
              d->ops == LINUX_DMA_DIRECT        ? "dma-direct"
              : d->ops == LINUX_DMA_SWIOTLB_XEN ? "swiotlb-xen"
              : d->ops == LINUX_DMA_IOMMU       ? "iommu-dma"
                                                : "none",
              why);
}

/* The index of device @id's used stage-1 entry at @iova_pfn, or -1. */
static int s1_find(const struct linux_kernel *k, unsigned id, uint64_t iova_pfn)
{
    for (unsigned i = 0; i < LINUX_S1_MAX; i++)
        if (k->s1[i].used && k->s1[i].dev == id && k->s1[i].iova_pfn == iova_pfn)
            return (int)i;
    return -1;
}

int linux_s1_map(struct linux_kernel *k, unsigned id, uint64_t ipa, size_t len,
                 uint64_t *iova)
{
    uint64_t nr = ((ipa & (PAGE_SIZE - 1)) + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
    unsigned free = 0, slot = 0;
    uint64_t base;

    for (unsigned i = 0; i < LINUX_S1_MAX; i++)
        free += !k->s1[i].used;
    if (!k->s1_next)
        k->s1_next = LINUX_S1_IOVA >> PAGE_SHIFT;
    if (nr > free || nr >= k->s1_next)
        return -ENOSPC;
    k->s1_next -= nr;
    base = k->s1_next;
    for (uint64_t p = 0; p < nr; p++) {
        while (k->s1[slot].used)
            slot++;
        k->s1[slot] = (struct linux_s1_ent){.iova_pfn = base + p,
                                            .ipa_pfn = (ipa >> PAGE_SHIFT) + p,
                                            .dev = (uint8_t)id,
                                            .used = true};
        TRACE(k->env.trace, VSMMU_MAP, TA_U(k->domid), TA_U(id),
              TA_U((base + p) << PAGE_SHIFT),
              TA_U(((ipa >> PAGE_SHIFT) + p) << PAGE_SHIFT));
    }
    *iova = (base << PAGE_SHIFT) | (ipa & (PAGE_SIZE - 1));
    return 0;
}

int linux_s1_unmap(struct linux_kernel *k, unsigned id, uint64_t iova, size_t len)
{
    uint64_t first = iova >> PAGE_SHIFT, last = (iova + len - 1) >> PAGE_SHIFT;

    for (uint64_t p = first; p <= last; p++)
        if (s1_find(k, id, p) < 0)
            return -EINVAL;
    for (uint64_t p = first; p <= last; p++)
        k->s1[s1_find(k, id, p)] = (struct linux_s1_ent){0};
    TRACE(k->env.trace, VSMMU_UNMAP, TA_U(k->domid), TA_U(id), TA_U(first << PAGE_SHIFT));
    return 0;
}

int linux_s1_translate(const struct linux_kernel *k, unsigned id, uint64_t iova,
                       uint64_t *ipa)
{
    int i = s1_find(k, id, iova >> PAGE_SHIFT);

    if (i < 0)
        return -EFAULT;
    *ipa = (k->s1[i].ipa_pfn << PAGE_SHIFT) | (iova & (PAGE_SIZE - 1));
    return 0;
}
