/* SPDX-License-Identifier: MIT */
/*
 * Toolstack and guest changes of a domain's P2M outside the grant code: MMIO
 * regions (XEN_DOMCTL_memory_mapping, XENMAPSPACE_dev_mmio), foreign mappings
 * (XENMAPSPACE_gmfn_foreign), XENMEM_remove_from_physmap, and frames given to
 * DOMID_IO. Scenario knobs: they place
 * what those paths place, with the page references Xen holds for them.
 */
#ifndef GNTSIM_XEN_PHYSMAP_H
#define GNTSIM_XEN_PHYSMAP_H

#include "xen/xen.h"

/*
 * Place the entry @gfn -> @mfn of type @t (p2m_ram_rw/ro of a frame @d owns,
 * p2m_mmio_direct_* of any frame, p2m_map_foreign_rw/ro of a frame another domain
 * owns, which takes a page reference) in Arm domain @d's P2M, overwriting what is
 * there. On error nothing changes, *@why says why and -EINVAL (type, frame or
 * domain refused) or -ENOMEM (a table frame) is returned.
 */
int physmap_set(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn,
                enum p2m_type t, const char **why);

/*
 * XENMEM_remove_from_physmap of @gfn in @d. On error nothing changes and -ENOENT
 * (no page a reference can be taken on: nothing, MMIO, another domain's grant-mapped
 * page) or -EILSEQ is returned.
 */
int physmap_remove(struct xen *x, struct domain *d, uint64_t gfn);
/* XENMEM_decrease_reservation of @d's RAM page at @gfn (physmap.c). Returns 0,
 * -ENOENT (no page of its own there) or -EILSEQ; nothing changes on an error. */
int physmap_decrease(struct xen *x, struct domain *d, uint64_t gfn);

/*
 * Give free RAM frame @mfn to DOMID_IO, as x86 arch_init_memory() shares the I/O
 * holes with dom_io at boot (share_xen_page_with_guest). On error nothing changes and
 * -EINVAL (not RAM), -EBUSY (allocated) or -ENOMEM is returned.
 */
int physmap_assign_io(struct xen *x, uint64_t mfn);

/*
 * XENMEM_add_to_physmap of XENMAPSPACE_grant_table frame @idx
 * (XENMAPIDX_grant_table_status set: a v2 status frame) at @gfn of @d (physmap_gnttab.c),
 * with the locks and steps of the release's gnttab_map_frame() and
 * xenmem_add_to_physmap_one(). Returns 0, -EACCES
 * (@d not translated), -EINVAL (no such frame), -EBUSY (no page reference to be had),
 * -EPERM (an MMIO, grant or foreign entry at @gfn, x86), -EILSEQ (a GFN to be cleared
 * maps another frame) or the P2M's -ENOMEM/-EINVAL; on an error a step already done
 * stays done, as in Xen.
 */
int physmap_add_grant_table(struct xen *x, struct domain *d, uint32_t idx, uint64_t gfn);
/*
 * x86 guest_physmap_remove_page() of @mfn at @gfn with the P2M lock held (asserted):
 * -EILSEQ if @gfn maps another frame (c65ea16dbc), else the entry goes and the M2P entry
 * of @mfn is invalidated whether @gfn mapped it or not. Returns 0 or -EILSEQ.
 */
int physmap_x86_remove(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn);

#endif
