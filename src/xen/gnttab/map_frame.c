/* SPDX-License-Identifier: MIT */
/*
 * gnttab_map_frame() (xen/common/grant_table.c), the grant-table half of
 * XENMEM_add_to_physmap with XENMAPSPACE_grant_table: under the table's write lock,
 * find the shared or (v2, XENMAPIDX_grant_table_status) status frame IDX, growing the
 * table if needed, and record the GFN the caller is about to map it at. By release:
 * - RELEASE-4.11.0 .. 4.16: a translated domain's frame first leaves the GFN Xen has
 *   for it (gnttab_get_frame_gfn(): Arm's array, x86's M2P; guest_physmap_remove_page
 *   under the P2M lock), then gnttab_set_frame_gfn() records the new one (Arm only;
 *   x86's is empty and the M2P changes with the P2M);
 * - 1b78d4c636 (4.17.0): that removal moves into Arm's gnttab_set_frame_gfn() (none if
 *   the old GFN is the new one), x86 leaves it to xenmem_add_to_physmap_one();
 * - eb6bbf7b30 (XSA-384; 4.16.0, 4.13.4, 4.14.3, 4.15.1): a page reference, put by the
 *   caller once the P2M holds the frame, so a racing switch to v1 cannot free it first;
 * - 02708d3b51 (XSA-486; 4.22.0): gnttab_map_frame_begin() returns with the lock still
 *   held, gnttab_map_frame_end() drops reference and lock after the P2M update.
 * - 9d2f8f9c65 (XSA-255, 2018, in every row): Arm records status and shared frames'
 *   GFNs in two arrays; reverted (`xsa255=vulnerable`), a status frame's record is
 *   shared frame IDX's and its old GFN is read as 0 (gnttab_frame_gfn_slot()).
 * Not modelled: 4.11's -EINVAL for a status IDX beyond the status frames (4.12.0 on
 * grow the table as here); the speculation barriers.
 */
#include "xen/gnttab/gnttab.h"

#include "xen/domain.h"
#include "xen/physmap.h"

/* The frame of @idx (status or shared), growing the table as Xen's
 * gnttab_get_{status,shared}_frame_mfn() do. 0 or -EINVAL. */
static int map_frame_find(struct xen *x, struct domain *d, uint32_t idx, bool status,
                          uint64_t *mfn)
{
    struct grant_table *gt = &d->gt;

    if (status) {
        uint64_t nr_grant =
            ((uint64_t)idx + 1) * GRANT_STATUS_PER_PAGE / GRANT_V2_PER_PAGE;

        if (idx >= gt->nr_status_frames && nr_grant <= gt->max_grant_frames)
            (void)gnttab_grow_locked(x, d, (uint32_t)nr_grant);
        if (idx >= gt->nr_status_frames)
            return -EINVAL;
        *mfn = gt->status_mfn[idx];
        return 0;
    }
    if (idx >= gt->nr_grant_frames && idx < gt->max_grant_frames)
        (void)gnttab_grow_locked(x, d, idx + 1);
    if (idx >= gt->nr_grant_frames)
        return -EINVAL;
    *mfn = gt->shared_mfn[idx];
    return 0;
}

/* guest_physmap_remove_page(@d, @gfn, @mfn) of map_frame's old GFN, under the P2M
 * lock: x86 physmap_x86_remove(), Arm p2m_remove_mapping(). 0 or -EILSEQ. */
static int map_frame_unmap_old(struct xen *x, struct domain *d, uint64_t gfn,
                               uint64_t mfn)
{
    int rc;

    sim_lock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    if (d->ops->arch == XEN_ARCH_ARM)
        rc = p2m_remove_entry(x, &d->p2m, gfn, mfn, x->prof->p2m_remove_checks_mfn);
    else
        rc = physmap_x86_remove(x, d, gfn, mfn);
    sim_unlock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    return rc;
}

/* The old GFN's removal and the new GFN's record of frame @f, in the release's place
 * for them (see the top of the file), after the page reference of eb6bbf7b30. 0, -EBUSY
 * or -EILSEQ; on an error no reference is kept. */
static int map_frame_record(struct xen *x, struct domain *d,
                            const struct gnttab_frame_ref *f, uint64_t gfn)
{
    const struct xen_profile *p = x->prof;
    bool arm = d->ops->arch == XEN_ARCH_ARM;
    uint64_t *slot = gnttab_frame_gfn_slot(x, d, f->status, f->idx), mfn = f->mfn;
    uint64_t old;
    int rc = 0;

    /* x86 gnttab_get_frame_gfn() is mfn_to_gfn(): the M2P, read without the P2M lock
     * its writers hold (a declared point: XSA-379's three requests race through it) */
    if (!p->map_frame_gfn_in_set && d->ops->translated && !arm)
        sim_lock_point_on(x->locks, LOCK_P2M, d->domid, 0, LOCK_READ);
    old = gnttab_frame_gfn(x, d, f->status, f->idx); /* 0: see the slot */
    if (!p->map_frame_gfn_in_set && d->ops->translated && old != GNTTAB_NO_GFN)
        rc = map_frame_unmap_old(x, d, old, mfn);
    if (!rc && arm && !p->map_frame_gfn_in_set)
        old = *slot = GNTTAB_NO_GFN; /* the removal forgot it (p2m: no M2P on Arm) */
    if (rc)
        return rc;
    if (p->map_frame_takes_ref && !frames_get(&x->frames, mfn, d->domid))
        return -EBUSY;
    if (arm && p->map_frame_gfn_in_set && old != GNTTAB_NO_GFN && old != gfn)
        rc = map_frame_unmap_old(x, d, old, mfn);
    if (rc && p->map_frame_takes_ref)
        frames_put(&x->frames, mfn);
    if (!rc && arm)
        *slot = gfn; /* x86: the M2P follows the P2M (physmap_x86_add) */
    return rc;
}

int gnttab_map_frame_begin(struct xen *x, struct domain *d, uint32_t idx, uint64_t gfn,
                           struct gnttab_frame_ref *f)
{
    struct grant_table *gt = &d->gt;
    int rc;

    if (x->prof->map_frame_gfn_in_set && gfn == GNTTAB_NO_GFN)
        return -EINVAL;
    sim_lock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    f->status = gt->gt_version == 2 && (idx & XENMAPIDX_grant_table_status);
    f->idx = f->status ? idx & ~XENMAPIDX_grant_table_status : idx;
    rc = map_frame_find(x, d, f->idx, f->status, &f->mfn);
    if (!rc)
        rc = map_frame_record(x, d, f, gfn);
    f->locked = !rc && x->prof->map_frame_holds_lock;
    if (!f->locked)
        sim_unlock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    return rc;
}

void gnttab_map_frame_end(struct xen *x, struct domain *d,
                          const struct gnttab_frame_ref *f)
{
    if (x->prof->map_frame_takes_ref)
        frames_put(&x->frames, f->mfn);
    if (f->locked)
        sim_unlock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
}

/*
 * Arm before 9d2f8f9c65 (XSA-255; profile frame_gfn_split false): one GFN array, shared
 * and status frame IDX in one slot, and the status frames' GFN macro the constant 0.
 */
static bool map_frame_one_gfn_array(const struct xen *x, const struct domain *d)
{
    return d->ops->arch == XEN_ARCH_ARM && !x->prof->frame_gfn_split;
}

uint64_t *gnttab_frame_gfn_slot(const struct xen *x, struct domain *d, bool status,
                                uint32_t idx)
{
    struct grant_table *gt = &d->gt;

    /* idx < nr_status_frames <= nr_grant_frames: the shared slot exists */
    if (status && !map_frame_one_gfn_array(x, d))
        return &gt->status_gfn[idx];
    return &gt->shared_gfn[idx];
}

uint64_t gnttab_frame_gfn(const struct xen *x, struct domain *d, bool status,
                          uint32_t idx)
{
    if (status && map_frame_one_gfn_array(x, d))
        return 0; /* the status GFN macro gnttab_get_frame_gfn() reads, before the fix */
    return *gnttab_frame_gfn_slot(x, d, status, idx);
}

uint64_t gnttab_frame_for_guest(const struct xen *x, struct domain *d, bool status,
                                uint32_t idx)
{
    if (!d->ops->translated) /* x86 PV */
        return status ? d->gt.status_mfn[idx] : d->gt.shared_mfn[idx];
    return gnttab_frame_gfn(x, d, status, idx);
}

uint64_t *gnttab_frame_of_mfn(struct domain *d, uint64_t mfn)
{
    struct grant_table *gt = &d->gt;

    for (uint32_t i = 0; i < gt->nr_grant_frames; i++)
        if (gt->shared_mfn[i] == mfn)
            return &gt->shared_gfn[i];
    for (uint32_t i = 0; i < gt->nr_status_frames; i++)
        if (gt->status_mfn[i] == mfn && i >= gt->status_unref)
            return &gt->status_gfn[i];
    return NULL;
}
