/* SPDX-License-Identifier: MIT */
/*
 * What differs between the architectures gntsim models (Arm; x86 PV; x86
 * HVM/PVH), as one table chosen when a domain is created (d->ops). Code asks
 * d->ops for a property or calls its function; only an x86-HVM-only rule
 * compares d->ops->arch.
 */
#ifndef GNTSIM_XEN_ARCH_H
#define GNTSIM_XEN_ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct xen;
struct domain;

enum xen_arch { XEN_ARCH_ARM, XEN_ARCH_X86_PV, XEN_ARCH_X86_HVM };

struct xen_arch_ops {
    enum xen_arch arch;
    const char *name; /* "arm", "x86 pv", "x86 hvm" */
    /* paging_mode_translate() / paging_mode_external(): the guest's frames go through a
     * P2M (Arm, x86 HVM/PVH; hap_enabled() too); false: x86 PV, machine frames */
    bool translated;
    /* x86 page types: a writable host mapping takes PGT_writable_page
     * (get_page_type / put_page_and_type, xen/arch/x86/mm.c); Arm has none */
    bool page_types;
    /* the IOMMU walks the P2M (Arm: IOMMU_FORCE_PT_SHARE); x86 keeps its own table
     * (iommu_x86.c) unless the P2M is shared (HVM with iommu_hap_pt_share) */
    bool iommu_shares_p2m;
    /* a domain may be direct-mapped (Arm: is_domain_direct_mapped()) */
    bool direct_mapping;
    /* the Xen build for this architecture has CONFIG_PV (x86), which
     * GNTTABOP_transfer needs from 185250ec78 (4.17) */
    bool config_pv;
    /* get_page_from_gfn() takes any p2m_is_any_ram() entry of a page the domain owns,
     * read-only and grant types included, and nothing checks writability (Arm
     * p2m_get_page_from_gfn, every release); false: gntsim's x86 rule, a writable
     * request needs p2m_ram_rw (not checked per release) */
    bool gfn_page_any_ram;
    /* the Xen build selects CONFIG_HAS_GRANT_CACHE_FLUSH (Arm only,
     * xen/arch/arm/Kconfig), which GNTTABOP_cache_flush needs from 5642a6055c (4.21) */
    bool grant_cache_flush;
    /* Arm's GNTTAB_MAX_VERSION follows the profile (1 from 9a5c16a3e7, 4.12) */
    bool grant_v1_by_profile;
    /* Arm's gnttab_create_status_page() was empty until 53fa8c8883 (4.12, profile
     * arm_status_shared): status frames stayed Xen heap pages without an owner */
    bool status_shared_by_profile;
    /* XENFEAT bits of submap 0 this architecture adds (xen/common/kernel.c
     * do_xen_version: CONFIG_ARM, CONFIG_X86 and is_pv_domain() parts) */
    uint32_t features;
    /* and those it adds from 48a3fd1432 (4.18: runstate_phys_area, on x86 also
     * vcpu_time_phys_area) and from 64b21662b1 (4.19: x86 dm_msix_all_writes) */
    uint32_t features_phys_area, features_dm_msix;
    /* gnttab_need_iommu_mapping(d) (asm/grant_table.h of each architecture) */
    bool (*need_iommu_mapping)(const struct xen *x, const struct domain *d);
    /* set / clear the IOMMU's dfn -> mfn entry (iommu_legacy_map's arch part) */
    int (*iommu_set)(struct xen *x, struct domain *d, uint64_t dfn, uint64_t mfn,
                     unsigned flags);
    int (*iommu_clear)(struct xen *x, struct domain *d, uint64_t dfn);
};

/* The table of @arch. Cannot fail (@arch is one of enum xen_arch). */
const struct xen_arch_ops *xen_arch_ops(enum xen_arch arch);

#endif
