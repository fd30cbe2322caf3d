/* SPDX-License-Identifier: MIT */
/* Domain creation and destruction (xen/common/domain.c, Arm domain_build.c). */
#ifndef GNTSIM_XEN_DOMAIN_H
#define GNTSIM_XEN_DOMAIN_H

#include "xen/xen.h"

struct domain_config {
    uint16_t domid;
    enum xen_arch arch;
    bool hwdom;
    bool direct_mapped; /* CDF_directmap: RAM at gfn == mfn */
    bool iommu;         /* XEN_DOMCTL_CDF_iommu requested */
    uint32_t vcpus;
    uint64_t mem_pages;
    uint64_t ram_gfn;    /* first RAM gfn when not direct-mapped */
    uint64_t mfn_base;   /* RAM placement: 0 = allocator's choice */
    uint64_t gnttab_gfn; /* where grant frames appear in the guest P2M */
    uint32_t max_grant_frames;
    uint32_t max_maptrack_frames;
    uint32_t max_grant_version; /* 0 = GNTTAB_MAX_VERSION: Arm 1, x86 2 */
    bool pv32;                  /* x86 PV only: a 32-bit guest (switch_compat) */
    uint8_t machine_addr_bits;  /* x86 XEN_DOMCTL_set_machine_address_size; 0 = none */
    bool no_swiotlb_xen;        /* the kernel's declaration (struct domain) */
};

/*
 * Create a domain from @cfg: P2M, RAM (p2m_ram_rw), grant table, IOMMU
 * state. On error nothing is left behind and -EEXIST (domid in use),
 * -EINVAL (bad config), -ENOSYS (a machine address size where the release or the
 * architecture has no such domctl), -ENOSPC (no domain slot) or -ENOMEM is returned.
 */
int domain_create(struct xen *x, const struct domain_config *cfg, struct domain **out);

/*
 * True when @domid is a dying domain's: destroyed while a page it owns is still
 * referenced, so Xen keeps it (and its id in use) until the last reference goes.
 * Cannot fail.
 */
bool domain_zombie(const struct xen *x, uint16_t domid);

/*
 * Destroy @d: event channels, RAM, P2M and IOMMU table at once. If a page @d owns is
 * still referenced (another domain maps it), @d stays as a dying domain with its grant
 * table (xen_domain_or_dying() finds it) until domain_put_dying() sees the last
 * reference go; otherwise it is freed now. Cannot fail.
 */
void domain_destroy(struct xen *x, struct domain *d);

/* domain_put_dying() once some domain is dying. Cannot fail. */
void domain_put_dying_slow(struct xen *x, struct domain *d);

/*
 * A page reference of @d's may have gone (put_domain() after free_domheap_pages()):
 * free @d if it is dying and owns no referenced page any more. Call it where @d is no
 * longer used (Xen frees the struct after an RCU grace period). Nothing happens for a
 * live domain. Inline: with no dying domain at all, nothing to look for. Cannot fail.
 */
static inline void domain_put_dying(struct xen *x, struct domain *d)
{
    if (x->nr_zombie)
        domain_put_dying_slow(x, d);
}

/* Free @d's host allocations only (world teardown: machine memory goes as a whole). */
void domain_free(struct xen *x, struct domain *d);

#endif
