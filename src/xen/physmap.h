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

#endif
