/* SPDX-License-Identifier: MIT */
/*
 * x86 IOMMU mappings. An x86 IOMMU either shares the HAP P2M (shared EPT,
 * iommu_use_hap_pt) or has its own page tables kept in sync with the P2M
 * (need_sync); a PV domain, which has no P2M in Xen, always has its own
 * table. Modelled:
 *   - PV: explicit entries dfn -> mfn (iommu_legacy_map/unmap: per-grant
 *     1:1 maps of need_sync domains, the domain's own pages), plus the
 *     non-strict hardware domain's boot-time identity map of all RAM
 *     (xen/drivers/passthrough/x86/iommu.c arch_iommu_hwdom_init, E820_RAM
 *     skipped only when iommu_hwdom_strict; RELEASE-4.19.0, and
 *     vtd_set_hwdom_mapping in RELEASE-4.11.0).
 *   - HVM/PVH: the IOMMU view follows the P2M entry at gfn = dfn with the
 *     permissions of p2m_get_iommu_flags() (xen/arch/x86/include/asm/p2m.h,
 *     RELEASE-4.19.0): identical for shared EPT and for synced tables.
 */
#include <stdlib.h>

#include "env/grow.h"
#include "xen/iommu.h"

/* Index of @dfn in @pt, or of the first entry above it; *found says which. */
static uint32_t pt_find(const struct iommu_pt *pt, uint64_t dfn, bool *found)
{
    uint32_t lo = 0, hi = pt->nr;

    *found = false;
    if (!hi || pt->e[hi - 1].dfn < dfn) /* above them all: a domain's RAM, in order */
        return hi;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;

        if (pt->e[mid].dfn < dfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < pt->nr && pt->e[lo].dfn == dfn;
    return lo;
}

int iommu_pt_set(struct iommu_pt *pt, uint64_t dfn, uint64_t mfn, unsigned flags)
{
    bool found;
    uint32_t i = pt_find(pt, dfn, &found);

    if (!found && pt->nr == pt->cap) {
        struct iommu_pte *e = sim_grow(pt->e, &pt->cap, pt->nr + 1, sizeof(*e), 64);

        if (!e)
            return -ENOMEM;
        pt->e = e;
    }
    if (!found) {
        for (uint32_t j = pt->nr; j > i; j--)
            pt->e[j] = pt->e[j - 1];
        pt->nr++;
    } else {
        pt->digest ^= iommu_pte_digest(&pt->e[i]);
    }
    pt->e[i] = (struct iommu_pte){.dfn = dfn, .mfn = mfn, .flags = flags};
    pt->digest ^= iommu_pte_digest(&pt->e[i]);
    return 0;
}

void iommu_pt_clear(struct iommu_pt *pt, uint64_t dfn)
{
    bool found;
    uint32_t i = pt_find(pt, dfn, &found);

    if (!found)
        return; /* VT-d dma_pte_clear_one(): a non-present entry is no error */
    pt->digest ^= iommu_pte_digest(&pt->e[i]);
    for (; i + 1 < pt->nr; i++)
        pt->e[i] = pt->e[i + 1];
    pt->nr--;
}

void iommu_pt_free(struct iommu_pt *pt)
{
    free(pt->e);
    *pt = (struct iommu_pt){0};
}

unsigned p2m_get_iommu_flags(enum p2m_type t)
{
    switch (t) {
    case P2M_RAM_RW:
    case P2M_GRANT_MAP_RW:
    case P2M_MAP_FOREIGN_RW:
    case P2M_MMIO_DIRECT_DEV: /* p2m_mmio_direct with p2m_access_rw */
    case P2M_MMIO_DIRECT_NC:
    case P2M_MMIO_DIRECT_C:
    case P2M_IOMMU_MAP_RW:
        return IOMMUF_readable | IOMMUF_writable;
    case P2M_RAM_RO:
    case P2M_GRANT_MAP_RO:
    case P2M_MAP_FOREIGN_RO:
    case P2M_IOMMU_MAP_RO:
        return IOMMUF_readable;
    default:
        return 0;
    }
}

bool iommu_x86_translate(const struct xen *x, struct domain *d, uint64_t dfn,
                         struct iommu_pte *out)
{
    struct p2m_entry e;
    bool found;
    uint32_t i;

    if (!d->iommu.enabled || d->ops->iommu_shares_p2m)
        return false;
    if (d->ops->translated) { /* HVM: the P2M's entries carry the IOMMU flags */
        if (p2m_lookup(x, &d->p2m, dfn, &e) || !p2m_get_iommu_flags(e.type))
            return false;
        *out = (struct iommu_pte){
            .dfn = dfn, .mfn = e.mfn, .flags = p2m_get_iommu_flags(e.type)};
        return true;
    }
    i = pt_find(&d->iommu.pt, dfn, &found);
    if (found) {
        *out = d->iommu.pt.e[i];
        return true;
    }
    if (!d->iommu.pt.identity_ram || !hw_mem_is_ram(x->mem, dfn))
        return false;
    *out = (struct iommu_pte){
        .dfn = dfn, .mfn = dfn, .flags = IOMMUF_readable | IOMMUF_writable};
    return true;
}
