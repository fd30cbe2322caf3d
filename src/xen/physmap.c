/* SPDX-License-Identifier: MIT */
/*
 * What Xen's other P2M writers leave in an Arm P2M, for the grant code to meet:
 * - MMIO: map_mmio_regions() (XEN_DOMCTL_memory_mapping: p2m_mmio_direct_dev) and
 *   map_dev_mmio_page() (XENMAPSPACE_dev_mmio: p2m_mmio_direct_c) in
 *   xen/arch/arm/p2m.c, RELEASE-4.11.0 .. master: no page reference, any frame the
 *   toolstack was allowed (iomem_access_permitted is the toolstack's business here);
 * - foreign: xenmem_add_to_physmap_one(XENMAPSPACE_gmfn_foreign) in
 *   xen/arch/arm/mm.c: a page of another domain, its reference taken and kept until
 *   the entry goes (p2m_put_l3_page); read-only when the source entry is p2m_ram_ro
 *   since e820583468 (4.12.0; 4.11 has one writable p2m_map_foreign). gntsim takes the
 *   type from the scenario and the frame by mfn, not the foreign domain's gfn;
 * - RAM: p2m_ram_rw/ro of the domain's own page (a ram_ro entry is what a read-only
 *   foreign mapping copies).
 */
#include "xen/physmap.h"

#include <errno.h>

#include "xen/domain.h"
#include "xen/features.h"

/* The foreign page's reference: page_get_owner_and_reference() of a remote domain's page
 * (rcu_lock_remote_domain_by_id(): not @d itself, -EINVAL). */
static int physmap_foreign_ref(struct xen *x, struct domain *d, uint64_t mfn,
                               const char **why)
{
    uint16_t owner = frames_owner(&x->frames, mfn);

    if (owner == d->domid)
        return *why = "a foreign mapping of one's own page", -EINVAL;
    if (!xen_domain(x, owner) || !frames_get(&x->frames, mfn, owner))
        return *why = "the frame is not a live domain's page", -EINVAL;
    return 0;
}

int physmap_set(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn,
                enum p2m_type t, const char **why)
{
    bool foreign = t == P2M_MAP_FOREIGN_RW || t == P2M_MAP_FOREIGN_RO;
    int rc;

    *why = "";
    if (d->ops->arch != XEN_ARCH_ARM)
        return *why = "only Arm P2Ms are modelled for this", -EINVAL;
    if (t < P2M_RAM_RW || t > P2M_MAP_FOREIGN_RO)
        return *why = "grant and IOMMU entries come from grant operations", -EINVAL;
    if ((t == P2M_RAM_RW || t == P2M_RAM_RO) && frames_owner(&x->frames, mfn) != d->domid)
        return *why = "a RAM entry names a page the domain owns", -EINVAL;
    if (foreign) {
        rc = physmap_foreign_ref(x, d, mfn, why);
        if (rc)
            return rc;
    }
    rc = p2m_set_entry(x, &d->p2m, gfn, mfn, t); /* guest_physmap_add_entry() */
    if (rc) {
        *why = rc == -ENOMEM ? "no frame for a P2M table" : "gfn or mfn out of range";
        if (foreign)
            frames_put(&x->frames, mfn);
    }
    return rc;
}

/*
 * XENMEM_remove_from_physmap (xen/common/memory.c, RELEASE-4.11.0 .. master):
 * get_page_from_gfn() (Arm p2m_get_page_from_gfn: any-RAM type, get_page() for the
 * domain's own pages, page_get_owner_and_reference() for foreign ones), else -ENOENT;
 * then guest_physmap_remove_page() of that mfn and put_page().
 */
int physmap_remove(struct xen *x, struct domain *d, uint64_t gfn)
{
    struct p2m_entry e;
    bool foreign;

    if (p2m_lookup(x, &d->p2m, gfn, &e) || !p2m_is_any_ram(e.type))
        return -ENOENT;
    foreign = e.type == P2M_MAP_FOREIGN_RW || e.type == P2M_MAP_FOREIGN_RO;
    if (!foreign && frames_owner(&x->frames, e.mfn) != d->domid)
        return -ENOENT; /* get_page(page, d) fails: a grant mapping of another's page */
    return p2m_remove_entry(x, &d->p2m, gfn, e.mfn, x->prof->p2m_remove_checks_mfn);
}

/*
 * XENMEM_decrease_reservation of one page: guest_remove_page() (xen/common/memory.c,
 * RELEASE-4.11.0 .. master). @d's own RAM page at @gfn leaves the P2M and, unless @d is
 * direct-mapped (it must get the same frame back), loses its allocation reference
 * (_PGC_allocated): the frame is freed once no other reference holds it (a grant
 * mapping, a copy in flight). Simplified: Xen's own frames shared with @d (grant and
 * status frames) are refused as if absent.
 */
int physmap_decrease(struct xen *x, struct domain *d, uint64_t gfn)
{
    struct p2m_entry e;
    int rc;

    if (p2m_lookup(x, &d->p2m, gfn, &e) ||
        (e.type != P2M_RAM_RW && e.type != P2M_RAM_RO) ||
        frames_owner(&x->frames, e.mfn) != d->domid ||
        (frames_page(&x->frames, e.mfn)->flags & PAGE_F_XENHEAP))
        return -ENOENT;
    rc = p2m_remove_entry(x, &d->p2m, gfn, e.mfn, x->prof->p2m_remove_checks_mfn);
    if (!rc && !xen_domain_direct_mapped(x, d))
        frames_put(&x->frames, e.mfn);
    return rc;
}

/*
 * x86 arch_init_memory() (xen/arch/x86/mm.c, RELEASE-4.11.0 .. master) shares the
 * frames of I/O holes and reserved ranges with dom_io at boot
 * (share_xen_page_with_guest): owner DOMID_IO, the allocation reference. Arm gives
 * dom_io no pages; a scenario may still make one to see what the grant code does.
 */
int physmap_assign_io(struct xen *x, uint64_t mfn)
{
    return frames_alloc_at(&x->frames, x->mem, mfn, PAGE_OWNER_IO);
}
