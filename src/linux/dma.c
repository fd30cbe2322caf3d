/* SPDX-License-Identifier: MIT */
/*
 * DMA mapping for a kernel's devices: swiotlb-xen (drivers/xen/swiotlb-xen.c
 * xen_swiotlb_map_page / unmap_page / sync_single_for_*) when the kernel
 * chose it at boot, else dma-direct (kernel/dma/direct.h, dma == phys).
 * Under the world's DMA policy a device may instead use dma-direct or iommu-dma
 * over the virtual SMMU's stage 1 (dma_ops.c: the choice at probe).
 * Cache maintenance for non-coherent devices: a local page by the CPU
 * (arm64 arch_sync_dma_for_device cleans for every direction,
 * arch_sync_dma_for_cpu invalidates unless TO_DEVICE), a foreign page by
 * GNTTABOP_cache_flush (arch/arm/xen/mm.c dma_cache_maint).
 * Simplified: dma-direct never bounces (-EIO when the mask is too small).
 */
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <xen/grant_table.h>

#include "linux/linux.h"

static const char *dir_name(enum gntsim_dma_dir dir)
{
    return dir == GNTSIM_DMA_TO_DEVICE     ? "to_device"
           : dir == GNTSIM_DMA_FROM_DEVICE ? "from_device"
                                           : "bidirectional";
}

/* One stage-2 translation already made in this call: page @ipa_pfn at @pa_pfn. */
struct dma_xlate {
    bool valid;
    uint64_t ipa_pfn, pa_pfn;
};

/* linux_ipa_to_pa(), or the translation @x made earlier in the same call (no stage-2
 * change happens within one map: the walk would give the same frame). */
static int dma_ipa_to_pa(const struct linux_kernel *k, const struct dma_xlate *x,
                         uint64_t ipa, uint64_t *pa)
{
    if (x && x->valid && x->ipa_pfn == ipa >> PAGE_SHIFT) {
        *pa = (x->pa_pfn << PAGE_SHIFT) | (ipa & (PAGE_SIZE - 1));
        return 0;
    }
    return linux_ipa_to_pa(k, ipa, pa);
}

/*
 * arch_sync_dma_for_{device,cpu}(): DC ops by VA, i.e. at what stage 2 maps @phys to.
 * A page that is not mapped stops it with -EFAULT: arm64's dcache_clean_poc /
 * dcache_inval_poc would take a kernel paging fault there (an oops), so a length
 * beyond the mapping (SIZE_MAX) ends at the first hole. Returns 0 or -EFAULT.
 */
static int dma_arch_sync(const struct linux_kernel *k, const struct dma_xlate *x,
                         uint64_t phys, size_t len, enum gntsim_dma_dir dir, bool for_cpu)
{
    enum hw_cache_op op = for_cpu ? HW_CACHE_INVAL : HW_CACHE_CLEAN;
    uint64_t pa;
    size_t n;

    if (for_cpu && dir == GNTSIM_DMA_TO_DEVICE)
        return 0;
    for (size_t done = 0; done < len; done += n) {
        n = PAGE_SIZE - ((phys + done) & (PAGE_SIZE - 1));
        n = n < len - done ? n : len - done;
        if (dma_ipa_to_pa(k, x, phys + done, &pa)) {
            linux_log(k, "Unable to handle kernel paging request at %#llx",
                      (unsigned long long)(phys + done));
            return -EFAULT;
        }
        hw_cache_maint(k->env.cache, pa, n, op);
        TRACE(k->env.trace, ARCH_SYNC, TA_U(k->domid), TA_U(pa), TA_U(n),
              TA_S(for_cpu ? "invalidate" : "clean"));
    }
    return 0;
}

/*
 * dma_cache_maint(): one GNTTABOP_cache_flush per Xen page, as upstream iterates it
 * (arch/arm/xen/mm.c). Upstream ignores each result, so an impossible size
 * (SIZE_MAX) issues hypercalls for ever (a soft lockup); gntsim stops at the first
 * page Xen refuses and returns -EFAULT. Returns 0 or -EFAULT.
 */
static int dma_cache_maint(const struct linux_kernel *k, uint64_t handle, size_t size,
                           uint32_t op)
{
    struct gnttab_cache_flush c = {.offset = (uint16_t)(handle & (PAGE_SIZE - 1)),
                                   .op = op};

    handle &= ~(uint64_t)(PAGE_SIZE - 1);
    do {
        c.a.dev_bus_addr = handle; /* dma_to_phys(): identity */
        c.length = (uint16_t)(size + c.offset > PAGE_SIZE ? PAGE_SIZE - c.offset : size);
        if (linux_gnttab_op(k, GNTTABOP_cache_flush, &c, 1) && size > PAGE_SIZE) {
            linux_log(k, "cache flush of %#llx refused: %zu bytes left",
                      (unsigned long long)handle, size);
            return -EFAULT;
        }
        c.offset = 0;
        /* upstream advances by the length from the aligned handle: a range that
         * starts at an offset and crosses a page flushes the first page again */
        handle += c.length;
        size -= c.length;
    } while (size);
    return 0;
}

/* Maintenance after mapping / before the CPU looks (xen_swiotlb_*: pfn_valid split).
 * Returns 0 or -EFAULT (the range runs off what is mapped). */
static int xsw_sync(const struct linux_kernel *k, const struct linux_dev *ld,
                    const struct dma_xlate *x, uint64_t dev_addr, size_t len,
                    enum gntsim_dma_dir dir, bool for_cpu)
{
    if (ld->coherent)
        return 0;
    if (linux_pfn_valid(k, dev_addr >> PAGE_SHIFT)) /* local page: dom0 is 1:1 */
        return dma_arch_sync(k, x, dev_addr, len, dir, for_cpu);
    if (!for_cpu) /* xen_dma_sync_for_device */
        return dma_cache_maint(k, dev_addr, len,
                               dir == GNTSIM_DMA_FROM_DEVICE ? GNTTAB_CACHE_INVAL
                                                             : GNTTAB_CACHE_CLEAN);
    if (dir != GNTSIM_DMA_TO_DEVICE) /* xen_dma_sync_for_cpu */
        return dma_cache_maint(k, dev_addr, len, GNTTAB_CACHE_INVAL);
    return 0;
}

static bool dma_capable(const struct linux_dev *ld, uint64_t addr, size_t len)
{
    return addr + len - 1 >= addr && addr + len - 1 <= ld->dma_mask;
}

/* range_straddles_page_boundary(): consecutive pfns must have consecutive bfns. */
static bool xsw_straddles(const struct linux_kernel *k, uint64_t phys, size_t len,
                          uint64_t bfn)
{
    uint64_t pfn = phys >> PAGE_SHIFT; /* @bfn: pfn_to_bfn(pfn), already looked up */
    uint64_t nr = ((phys & (PAGE_SIZE - 1)) + len + PAGE_SIZE - 1) >> PAGE_SHIFT;

    for (uint64_t i = 1; i < nr; i++)
        if (linux_pfn_to_bfn(k, pfn + i) != bfn + i)
            return true;
    return false;
}

/* xen_arch_need_swiotlb() (Arm): no cache_flush hypercall, foreign page, non-coherent. */
static bool xsw_arch_need(const struct linux_kernel *k, const struct linux_dev *ld,
                          uint64_t pfn, uint64_t bfn)
{
    return !k->hypercall_cflush && pfn != bfn && !ld->coherent;
}

/* xen_swiotlb_map_page(). Returns 0 with *@dma and *@how, or -EIO. */
static int xsw_map(struct linux_kernel *k, const struct linux_dev *ld,
                   const struct dma_xlate *x, uint64_t phys, size_t len,
                   enum gntsim_dma_dir dir, uint64_t *dma, const char **how)
{
    uint64_t pfn = phys >> PAGE_SHIFT, bfn = linux_pfn_to_bfn(k, pfn);
    uint64_t dev_addr = (bfn << PAGE_SHIFT) | (phys & (PAGE_SIZE - 1));

    *how = "direct";
    if (!dma_capable(ld, dev_addr, len) || xsw_straddles(k, phys, len, bfn) ||
        xsw_arch_need(k, ld, pfn, bfn)) {
        *how = "bounced";
        if (linux_swiotlb_map(k, phys, len, dir, &dev_addr))
            return -EIO;
        if (!dma_capable(ld, dev_addr, len)) {
            linux_swiotlb_unmap(k, dev_addr, 0, GNTSIM_DMA_TO_DEVICE); /* no copy */
            return -EIO;
        }
    }
    xsw_sync(k, ld, x, dev_addr, len, dir, false);
    *dma = dev_addr;
    return 0;
}

/* Common argument checks; on success *@ld is set. Inline, and a device already probed
 * taken without the call (linux_device() returns it with nothing else done). */
static inline int dma_args(struct linux_kernel *k, unsigned dev, size_t len,
                           enum gntsim_dma_dir dir, struct linux_dev **ld)
{
    *ld = dev < LINUX_MAX_DEVICES && k->dev[dev].present ? &k->dev[dev]
                                                         : linux_device(k, dev);
    if (!*ld)
        return -EINVAL;
    if ((*ld)->ops == LINUX_DMA_DEFERRED) /* really_probe() never ran the driver */
        return linux_fail(k, -ENODEV,
                          "d%u: dev%u: probe deferred (iommus names a node no driver "
                          "binds): no driver, no DMA",
                          k->domid, dev);
    if (!len || (unsigned)dir > GNTSIM_DMA_FROM_DEVICE)
        return linux_fail(k, -EINVAL, "d%u: bad DMA length or direction", k->domid);
    return 0;
}

/* Every page of [@ipa, +@len) is mapped in @k's stage 2; *@x: the first page's frame. */
static bool dma_range_mapped(const struct linux_kernel *k, uint64_t ipa, size_t len,
                             struct dma_xlate *x)
{
    uint64_t pa;

    for (uint64_t p = ipa >> PAGE_SHIFT; p <= (ipa + len - 1) >> PAGE_SHIFT; p++) {
        if (linux_ipa_to_pa(k, p << PAGE_SHIFT, &pa))
            return false;
        if (!x->valid)
            *x = (struct dma_xlate){
                .valid = true, .ipa_pfn = p, .pa_pfn = pa >> PAGE_SHIFT};
    }
    return true;
}

int linux_dma_map(struct linux_kernel *k, unsigned dev, uint64_t phys, size_t len,
                  enum gntsim_dma_dir dir, uint64_t *dma)
{
    gntsim_domid_t dom = k->domid;
    struct linux_dev *ld;
    struct dma_xlate x = {.valid = false};
    const char *how = "dma-direct";
    int rc = dma_args(k, dev, len, dir, &ld);

    if (rc)
        return rc;
    if (!dma_range_mapped(k, phys, len, &x))
        return linux_fail(k, -EINVAL, "d%u: phys %#llx not mapped", dom,
                          (unsigned long long)phys);
    if (ld->ops == LINUX_DMA_SWIOTLB_XEN)
        rc = xsw_map(k, ld, &x, phys, len, dir, dma, &how);
    else if (ld->ops == LINUX_DMA_IOMMU) { /* iommu_dma_map_page(): sync, then map */
        how = "iommu-dma";
        if (!ld->coherent)
            dma_arch_sync(k, &x, phys, len, dir, false);
        rc = linux_s1_map(k, dev, phys, len, dma);
    } else if (!dma_capable(ld, phys, len))
        rc = -EIO;
    else { /* dma-direct: phys_to_dma() is the identity */
        if (!ld->coherent)
            dma_arch_sync(k, &x, phys, len, dir, false);
        *dma = phys;
    }
    if (rc)
        return linux_fail(k, rc, "d%u: dev%u: DMA mapping error for %#llx+%zu", dom, dev,
                          (unsigned long long)phys, len);
    TRACE(k->env.trace, DMA_MAP, TA_U(dom), TA_U(dev), TA_U(phys), TA_U(len),
          TA_S(dir_name(dir)), TA_U(*dma), TA_S(how));
    return 0;
}

/* iommu-dma's sync (by the IPA stage 1 maps @dma to) and, with @unmap, the stage-1 unmap
 * (iommu_dma_unmap_page). Returns 0, -EINVAL (not mapped) or -EFAULT. */
static int dma_iommu_to_cpu(struct linux_kernel *k, const struct linux_dev *ld,
                            uint64_t dma, size_t len, enum gntsim_dma_dir dir, bool unmap)
{
    unsigned dev = (unsigned)(ld - k->dev);
    uint64_t ipa;
    int rc = linux_s1_translate(k, dev, dma, &ipa) ? -EINVAL : 0;

    if (!rc && !ld->coherent)
        rc = dma_arch_sync(k, NULL, ipa, len, dir, true);
    if (!rc && unmap)
        rc = linux_s1_unmap(k, dev, dma, len);
    return rc;
}

/* sync_single_for_cpu (and the first half of unmap); @unmap also releases a bounce slot.
 */
static int dma_to_cpu(struct linux_kernel *k, const struct linux_dev *ld, uint64_t dma,
                      size_t len, enum gntsim_dma_dir dir, bool unmap)
{
    int rc;

    if (ld->ops == LINUX_DMA_IOMMU)
        return dma_iommu_to_cpu(k, ld, dma, len, dir, unmap);
    if (ld->ops != LINUX_DMA_SWIOTLB_XEN)
        return ld->coherent ? 0 : dma_arch_sync(k, NULL, dma, len, dir, true);
    rc = xsw_sync(k, ld, NULL, dma, len, dir, true);
    if (rc)
        return rc;
    /* is_xen_swiotlb_buffer(): a local page inside the pool */
    if (!linux_pfn_valid(k, dma >> PAGE_SHIFT) || !linux_swiotlb_owns(k, dma))
        return 0;
    return unmap ? linux_swiotlb_unmap(k, dma, len, dir)
                 : linux_swiotlb_sync(k, dma, len, dir, true);
}

int linux_dma_unmap(struct linux_kernel *k, unsigned dev, uint64_t dma, size_t len,
                    enum gntsim_dma_dir dir)
{
    gntsim_domid_t dom = k->domid;
    struct linux_dev *ld;
    int rc = dma_args(k, dev, len, dir, &ld);

    if (rc)
        return rc;
    TRACE(k->env.trace, DMA_UNMAP, TA_U(dom), TA_U(dev), TA_U(dma), TA_U(len),
          TA_S(dir_name(dir)));
    rc = dma_to_cpu(k, ld, dma, len, dir, true);
    return rc ? linux_fail(k, rc, "d%u: dma_unmap of %#llx failed", dom,
                           (unsigned long long)dma)
              : 0;
}

int linux_dma_sync(struct linux_kernel *k, unsigned dev, uint64_t dma, size_t len,
                   enum gntsim_dma_dir dir, bool for_device)
{
    gntsim_domid_t dom = k->domid;
    struct linux_dev *ld;
    int rc = dma_args(k, dev, len, dir, &ld);

    if (rc)
        return rc;
    TRACE(k->env.trace, DMA_SYNC, TA_U(dom), TA_U(dev), TA_U(dma), TA_U(len),
          TA_S(dir_name(dir)), TA_S(for_device ? "device" : "cpu"));
    if (!for_device)
        rc = dma_to_cpu(k, ld, dma, len, dir, false);
    else if (ld->ops == LINUX_DMA_IOMMU) {
        uint64_t ipa;

        rc = linux_s1_translate(k, dev, dma, &ipa) ? -EINVAL : 0;
        if (!rc && !ld->coherent)
            rc = dma_arch_sync(k, NULL, ipa, len, dir, false);
    } else if (ld->ops != LINUX_DMA_SWIOTLB_XEN) {
        if (!ld->coherent)
            rc = dma_arch_sync(k, NULL, dma, len, dir, false);
    } else {
        if (linux_pfn_valid(k, dma >> PAGE_SHIFT) && linux_swiotlb_owns(k, dma))
            rc = linux_swiotlb_sync(k, dma, len, dir, false);
        if (!rc)
            rc = xsw_sync(k, ld, NULL, dma, len, dir, false);
    }
    return rc ? linux_fail(k, rc, "d%u: dma_sync of %#llx failed", dom,
                           (unsigned long long)dma)
              : 0;
}
