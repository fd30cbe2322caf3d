/* SPDX-License-Identifier: MIT */
/* The architecture table (arch.h). */
#include <stdint.h> /* before Xen's headers, which are not self-contained */

#include <xen/features.h>

#include "xen/arch.h"
#include "xen/gnttab/gnttab.h"
#include "xen/iommu.h"
#include "xen/p2m.h"

/*
 * Arm gnttab_need_iommu_mapping(d) = is_domain_direct_mapped(d) && <the release's
 * predicate> (xen/arch/arm/include/asm/grant_table.h; profile.h enum arm_iommu_pred).
 */
static bool arm_need_iommu_mapping(const struct xen *x, const struct domain *d)
{
    const struct domain_iommu *io = &d->iommu;

    if (!(x->prof->directmap_cdf ? d->cdf_directmap : d->is_hwdom))
        return false; /* is_domain_direct_mapped() */
    if (d->no_swiotlb_xen)
        return false; /* the declared capability (not upstream): its DMA needs no 1:1 */
    switch (x->opts.arm_pred >= 0 ? (enum arm_iommu_pred)x->opts.arm_pred
                                  : x->prof->arm_pred) {
    case PRED_NEED_IOMMU:
        return io->has_pt;
    case PRED_NEED_IOMMU_PT_SYNC:
        return io->need_sync;
    case PRED_IOMMU_ENABLED:
        return io->enabled;
    case PRED_PT_AND_ENABLED:
        return x->opts.has_passthrough && io->enabled;
    }
    return false;
}

/*
 * x86: !paging_mode_translate(d) && need_iommu_pt_sync(d) (4.11: need_iommu(d), which
 * iommu_derive_sync() folds into need_sync): false for HVM/PVH and for a non-strict PV
 * hwdom, whose RAM is identity-mapped.
 */
static bool x86_need_iommu_mapping(const struct xen *x, const struct domain *d)
{
    (void)x;
    return !d->ops->translated && d->iommu.need_sync;
}

/* Arm: the IOMMU's entries are p2m_iommu_map_* entries of the shared P2M. */
static int arm_iommu_set(struct xen *x, struct domain *d, uint64_t dfn, uint64_t mfn,
                         unsigned flags)
{
    return p2m_set_entry(x, &d->p2m, dfn, mfn,
                         (flags & IOMMUF_writable) ? P2M_IOMMU_MAP_RW : P2M_IOMMU_MAP_RO);
}

/*
 * arm_iommu_unmap_page() -> guest_physmap_remove_page(gfn = dfn): mfn = dfn until
 * 4cde4a552e (4.21), INVALID_MFN after, so p2m_remove_mapping() (5a4a2cef08, 4.17)
 * then refuses any RAM, grant or foreign entry at the dfn (-EILSEQ).
 */
static int arm_iommu_clear(struct xen *x, struct domain *d, uint64_t dfn)
{
    uint64_t mfn = x->prof->arm_iommu_unmap_invalid_mfn ? INVALID_MFN : dfn;

    return p2m_remove_entry(x, &d->p2m, dfn, mfn, x->prof->p2m_remove_checks_mfn);
}

/* x86: the IOMMU's own page table. */
static int x86_iommu_set(struct xen *x, struct domain *d, uint64_t dfn, uint64_t mfn,
                         unsigned flags)
{
    (void)x;
    return iommu_pt_set(&d->iommu.pt, dfn, mfn, flags);
}

static int x86_iommu_clear(struct xen *x, struct domain *d, uint64_t dfn)
{
    (void)x;
    iommu_pt_clear(&d->iommu.pt, dfn);
    return 0;
}

/* kernel.c: translated guests get writable_page_tables | auto_translated_physmap. */
#define FEAT_TRANSLATED                                                                  \
    ((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_auto_translated_physmap))
/* kernel.c, CONFIG_X86: a PV guest's bits; an HVM/PVH guest's (hvm_pirqs only with
 * has_pirq(), an HVM guest's emulated PIRQs, which gntsim does not model) */
#define FEAT_X86_PV                                                                      \
    ((1u << XENFEAT_mmu_pt_update_preserve_ad) | (1u << XENFEAT_highmem_assist) |        \
     (1u << XENFEAT_gnttab_map_avail_bits))
#define FEAT_X86_HVM                                                                     \
    ((1u << XENFEAT_hvm_safe_pvclock) | (1u << XENFEAT_hvm_callback_vector))
/* Submap 0 bits newer than the system's <xen/features.h> (Xen 4.17's public headers) */
#define FEAT_RUNSTATE_PHYS_AREA  (1u << 18) /* XENFEAT_runstate_phys_area */
#define FEAT_VCPU_TIME_PHYS_AREA (1u << 19) /* XENFEAT_vcpu_time_phys_area */
#define FEAT_DM_MSIX_ALL_WRITES  (1u << 20) /* XENFEAT_dm_msix_all_writes */

static const struct xen_arch_ops xen_arch_table[] = {
    [XEN_ARCH_ARM] = {.arch = XEN_ARCH_ARM,
                      .name = "arm",
                      .translated = true,
                      .iommu_shares_p2m = true,
                      .direct_mapping = true,
                      .gfn_page_any_ram = true,
                      .grant_cache_flush = true,
                      .grant_v1_by_profile = true,
                      .status_shared_by_profile = true,
                      .features = FEAT_TRANSLATED | (1u << XENFEAT_ARM_SMCCC_supported),
                      .features_phys_area = FEAT_RUNSTATE_PHYS_AREA,
                      .need_iommu_mapping = arm_need_iommu_mapping,
                      .iommu_set = arm_iommu_set,
                      .iommu_clear = arm_iommu_clear},
    [XEN_ARCH_X86_PV] = {.arch = XEN_ARCH_X86_PV,
                         .name = "x86 pv",
                         .page_types = true,
                         .config_pv = true,
                         .features = FEAT_X86_PV,
                         .features_phys_area =
                             FEAT_RUNSTATE_PHYS_AREA | FEAT_VCPU_TIME_PHYS_AREA,
                         .features_dm_msix = FEAT_DM_MSIX_ALL_WRITES,
                         .need_iommu_mapping = x86_need_iommu_mapping,
                         .iommu_set = x86_iommu_set,
                         .iommu_clear = x86_iommu_clear},
    [XEN_ARCH_X86_HVM] = {.arch = XEN_ARCH_X86_HVM,
                          .name = "x86 hvm",
                          .translated = true,
                          .page_types = true,
                          .config_pv = true,
                          .features = FEAT_TRANSLATED | FEAT_X86_HVM,
                          .features_phys_area =
                              FEAT_RUNSTATE_PHYS_AREA | FEAT_VCPU_TIME_PHYS_AREA,
                          .features_dm_msix = FEAT_DM_MSIX_ALL_WRITES,
                          .need_iommu_mapping = x86_need_iommu_mapping,
                          .iommu_set = x86_iommu_set,
                          .iommu_clear = x86_iommu_clear},
};

const struct xen_arch_ops *xen_arch_ops(enum xen_arch arch)
{
    return &xen_arch_table[arch];
}
