/* SPDX-License-Identifier: MIT */
/*
 * XENMEM_add_to_physmap with XENMAPSPACE_grant_table: xenmem_add_to_physmap()
 * (xen/common/memory.c: -EACCES unless paging_mode_translate()) and the arch
 * xenmem_add_to_physmap_one() around gnttab_map_frame() (src/xen/gnttab/map_frame.c).
 *
 * x86 (xen/arch/x86/mm/p2m.c), whose M2P is the frame's recorded GFN here:
 * - before f147422bf9 (XSA-379): the frame's M2P entry is read without a lock, then,
 *   each under the P2M lock, the page at the target GFN goes, the frame leaves the GFN
 *   read, and guest_physmap_add_entry() maps it;
 * - from f147422bf9 (4.16.0; 53e797c042 4.13.4, 98bcd536c2 4.14.3, d40287a000 4.15.1)
 *   get_gfn() takes the P2M lock before the M2P read and put_gfn() drops it after the
 *   add (gfn_lock is the P2M lock), so two maps of one frame cannot both miss the
 *   other's GFN.
 * p2m_remove_page() refuses (-EILSEQ) a GFN mapping another frame (c65ea16dbc, 4.14.0;
 * f50fbddbae 4.13.4); gntsim does so in every release (4.11 to 4.13.3 removed whatever
 * was there: not modelled). Either way it invalidates the M2P entry of the frame it was
 * given, mapped there or not.
 *
 * Arm (xen/arch/arm/mm.c): guest_physmap_add_entry(p2m_ram_rw) under the P2M write
 * lock; the old GFN is gnttab_map_frame()'s business.
 */
#include "xen/physmap.h"

#include <errno.h>

#include "xen/domain.h"
#include "xen/features.h"
#include "xen/gnttab/gnttab.h"

int physmap_x86_remove(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn)
{
    struct p2m_entry e;
    uint64_t *m2p = gnttab_frame_of_mfn(d, mfn);

    sim_lock_assert_held(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    if (!p2m_lookup(x, &d->p2m, gfn, &e) && p2m_is_any_ram(e.type) && e.mfn != mfn)
        return -EILSEQ;
    p2m_remove_entry(x, &d->p2m, gfn, mfn, false); /* an empty GFN: nothing */
    if (m2p)
        *m2p = GNTTAB_NO_GFN; /* set_gpfn_from_mfn(mfn, INVALID_M2P_ENTRY) */
    return 0;
}

/* x86 guest_physmap_add_entry() of grant-table frame @mfn at @gfn, P2M lock held: the
 * replaced page's M2P goes, an alias at the frame's M2P GFN is removed, the frame is
 * mapped p2m_ram_rw and its M2P names @gfn. 0 or the P2M's error. */
static int physmap_x86_add(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn)
{
    uint64_t *m2p = gnttab_frame_of_mfn(d, mfn), *prev;
    struct p2m_entry e;
    int rc;

    if (!p2m_lookup(x, &d->p2m, gfn, &e) && p2m_is_any_ram(e.type) &&
        (prev = gnttab_frame_of_mfn(d, e.mfn)) != NULL)
        *prev = GNTTAB_NO_GFN;
    if (m2p && *m2p != GNTTAB_NO_GFN && *m2p != gfn &&
        !p2m_lookup(x, &d->p2m, *m2p, &e) && e.mfn == mfn &&
        (e.type == P2M_RAM_RW || e.type == P2M_RAM_RO)) {
        rc = physmap_x86_remove(x, d, *m2p, mfn); /* "aliased!" */
        if (rc)
            return rc;
    }
    rc = p2m_set_entry(x, &d->p2m, gfn, mfn, P2M_RAM_RW);
    if (!rc && m2p)
        *m2p = gfn;
    return rc;
}

/* "Remove previously mapped page if it was present" at @gfn (P2M lock held): a Xen
 * page is unhooked, the domain's own RAM page given back (guest_remove_page()); MMIO,
 * grant and foreign entries are refused (-EPERM; Xen: -EPERM for MMIO, gntsim keeps
 * the others out of its model). */
static int physmap_x86_clear(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn)
{
    struct p2m_entry e;
    const struct page_info *pg;

    (void)mfn;
    if (p2m_lookup(x, &d->p2m, gfn, &e))
        return 0;
    if (e.type != P2M_RAM_RW && e.type != P2M_RAM_RO)
        return -EPERM;
    pg = frames_page_const(&x->frames, e.mfn);
    if (pg->flags & PAGE_F_XENHEAP)
        return physmap_x86_remove(x, d, gfn, e.mfn);
    p2m_remove_entry(x, &d->p2m, gfn, e.mfn, false);
    if (!xen_domain_direct_mapped(x, d) && frames_owner(&x->frames, e.mfn) == d->domid)
        frames_put(&x->frames, e.mfn);
    return 0;
}

/* The M2P entry of @mfn (get_gpfn_from_mfn()), GNTTAB_NO_GFN for none. */
static uint64_t physmap_x86_m2p(struct domain *d, uint64_t mfn)
{
    const uint64_t *m2p = gnttab_frame_of_mfn(d, mfn);

    return m2p ? *m2p : GNTTAB_NO_GFN;
}

/* The part of x86 xenmem_add_to_physmap_one() after the M2P read of @old, P2M lock
 * held: clear @gfn, remove @old, add at @gfn. 0 or the first error. */
static int physmap_x86_steps(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn,
                             uint64_t old)
{
    int rc = physmap_x86_clear(x, d, gfn, mfn);

    if (!rc && old != GNTTAB_NO_GFN)
        rc = physmap_x86_remove(x, d, old, mfn);
    return rc ? rc : physmap_x86_add(x, d, gfn, mfn);
}

/* @fn(@x, @d, @gfn, @mfn) under the P2M lock (x86 gfn_lock/p2m_lock). Its result. */
static int physmap_x86_locked(struct xen *x, struct domain *d,
                              int (*fn)(struct xen *, struct domain *, uint64_t,
                                        uint64_t),
                              uint64_t gfn, uint64_t mfn)
{
    int rc;

    sim_lock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    rc = fn(x, d, gfn, mfn);
    sim_unlock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    return rc;
}

/*
 * x86 xenmem_add_to_physmap_one() after gnttab_map_frame(). From f147422bf9 one P2M
 * critical section from the M2P read to the add. Before it the M2P read is unlocked (a
 * declared point on the P2M lock's data: `gntsim explore` orders it against every P2M
 * update) and the clear, the removal of the old GFN and the add take the lock each.
 */
static int physmap_x86_one(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn)
{
    uint64_t old;
    int rc;

    if (x->prof->physmap_m2p_locked) {
        sim_lock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE); /* get_gfn() */
        rc = physmap_x86_steps(x, d, gfn, mfn, physmap_x86_m2p(d, mfn));
        sim_unlock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE); /* put_gfn() */
        return rc;
    }
    sim_lock_point_on(x->locks, LOCK_P2M, d->domid, 0, LOCK_READ);
    old = physmap_x86_m2p(d, mfn);
    rc = physmap_x86_locked(x, d, physmap_x86_clear, gfn, mfn);
    if (!rc && old != GNTTAB_NO_GFN)
        rc = physmap_x86_locked(x, d, physmap_x86_remove, old, mfn);
    return rc ? rc : physmap_x86_locked(x, d, physmap_x86_add, gfn, mfn);
}

/* Arm xenmem_add_to_physmap_one(): guest_physmap_add_entry(p2m_ram_rw), overwriting. */
static int physmap_arm_one(struct xen *x, struct domain *d, uint64_t gfn, uint64_t mfn)
{
    int rc;

    sim_lock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    rc = p2m_set_entry(x, &d->p2m, gfn, mfn, P2M_RAM_RW);
    sim_unlock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    return rc;
}

int physmap_add_grant_table(struct xen *x, struct domain *d, uint32_t idx, uint64_t gfn)
{
    struct gnttab_frame_ref f;
    int rc;

    if (!d->ops->translated)
        return -EACCES; /* xatp_permission_check(): !paging_mode_translate() */
    rc = gnttab_map_frame_begin(x, d, idx, gfn, &f);
    if (rc)
        return rc;
    rc = d->ops->arch == XEN_ARCH_ARM ? physmap_arm_one(x, d, gfn, f.mfn)
                                      : physmap_x86_one(x, d, gfn, f.mfn);
    gnttab_map_frame_end(x, d, &f);
    return rc;
}
