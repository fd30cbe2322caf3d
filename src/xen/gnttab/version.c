/* SPDX-License-Identifier: MIT */
/*
 * Grant table versions (xen/common/grant_table.c gnttab_set_version,
 * gnttab_get_version, gnttab_get_status_frames,
 * gnttab_unpopulate_status_frames), as at RELEASE-4.11.0 .. c447b7308b:
 * the errno results and their order are the same in every modelled
 * release except the -EAGAIN for in-flight v2 operations (96dfeb4177,
 * 2026, in no release tag), which a sequential model cannot reach.
 */
#include <string.h>

#include "xen/gnttab/gnttab.h"

#define GNTTAB_NR_RESERVED 8u /* GNTTAB_NR_RESERVED_ENTRIES */
#define GTF_STATUS_BITS    (GTF_reading | GTF_writing)

/* paging_mode_translate(): Arm and x86 HVM/PVH guests. */
static bool gnttab_translated(const struct domain *d)
{
    return d->ops->translated;
}

/*
 * Status frame @i of translated @d leaves its P2M at the GFN Xen has for it
 * (gnttab_get_frame_gfn(): Arm's status_gfn[], x86's M2P entry) under the P2M lock
 * (guest_physmap_remove_page()), and the GFN is forgotten (gnttab_set_frame_gfn() of
 * INVALID_GFN; on x86 p2m_remove_page() invalidates the M2P entry). Arm before
 * 9d2f8f9c65 (XSA-255): the GFN is 0 and the record forgotten is shared frame @i's.
 * Cannot fail.
 */
static void unpopulate_unmap(struct xen *x, struct domain *d, uint32_t i)
{
    uint64_t gfn = gnttab_frame_gfn(x, d, true, i);

    if (gfn == GNTTAB_NO_GFN)
        return; /* not mapped: no guest_physmap_remove_page() */
    sim_lock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
    p2m_remove_entry(x, &d->p2m, gfn, d->gt.status_mfn[i], false);
    *gnttab_frame_gfn_slot(x, d, true, i) = GNTTAB_NO_GFN;
    sim_unlock(x->locks, LOCK_P2M, d->domid, 0, LOCK_WRITE);
}

/*
 * A translated guest's status frame @i still referenced: Xen has put the allocation
 * references of frames 0..@i (put_page_alloc_ref() comes before the test; the frames
 * before @i are freed, @i lives on its other references), crashes @d and answers
 * -EBUSY; the table keeps pointing at the frames. Returns -EBUSY.
 */
static int unpopulate_busy_translated(struct xen *x, struct domain *d, uint32_t i)
{
    struct grant_table *gt = &d->gt;

    for (uint32_t j = gt->status_unref; j <= i; j++)
        frames_put(&x->frames, gt->status_mfn[j]);
    gt->status_unref = i + 1;
    xen_domain_crash(x, d, "Wrong page state of status frame");
    return -EBUSY;
}

/*
 * gnttab_unpopulate_status_frames(): translated guests lose the P2M entry
 * first and a frame still referenced elsewhere crashes the domain; for PV
 * the table is left as it was. Either way -EBUSY (XSA-255). A frame the domain does
 * not own is Xen's BUG_ON (Arm before 53fa8c8883, XSA-268). Returns 0, -EBUSY or -EIO
 * (Xen is dead).
 */
static int unpopulate_status(struct xen *x, struct domain *d)
{
    struct grant_table *gt = &d->gt;

    sim_lock_assert_held(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE); /* a shrink */
    for (uint32_t i = 0; i < gt->nr_status_frames; i++) {
        const struct page_info *pg = frames_page_const(&x->frames, gt->status_mfn[i]);
        bool busy = pg->count > 1; /* beyond the allocation reference */

        if (gnttab_translated(d))
            unpopulate_unmap(x, d, i);
        if (pg->owner != d->domid) { /* Arm before 53fa8c8883: never shared (XSA-268) */
            xen_bug(x, "grant_table.c:gnttab_unpopulate_status_frames "
                       "BUG_ON(page_get_owner(pg) != d)");
            return -EIO;
        }
        if (busy && !x->prof->status_unpopulate_busy_checked) {
            /* before 141be845d9 (XSA-255): put the allocation reference, then
             * BUG_ON(pg->count_info & ~PGC_xen_heap) */
            xen_bug(x, "grant_table.c:gnttab_unpopulate_status_frames "
                       "BUG_ON(pg->count_info & ~PGC_xen_heap)");
            return -EIO;
        }
        if (busy && gnttab_translated(d))
            return unpopulate_busy_translated(x, d, i);
        if (busy)
            return -EBUSY; /* PV: Xen re-shares the frames it had let go */
    }
    for (uint32_t i = 0; i < gt->nr_status_frames; i++) {
        if (!gnttab_translated(d))
            gnttab_frame_unmap(x, d, true, i);
        frames_put(&x->frames, gt->status_mfn[i]);
        gt->status_mfn[i] = 0;
        gt->status_raw[i] = NULL;
    }
    gt->nr_status_frames = 0;
    return 0;
}

/* The -EBUSY (pins beyond the reserved entries), -EAGAIN (v2 operations in flight, from
 * 96dfeb4177: XSA-501) and -ERANGE (v2 reserved entry not representable in v1)
 * refusals. Returns 0, -EBUSY, -EAGAIN or -ERANGE. */
static int set_version_check(struct xen *x, const struct grant_table *gt)
{
    for (uint32_t i = GNTTAB_NR_RESERVED; i < gnttab_nr_entries(gt); i++)
        if (gnttab_active(gt, i)->pin)
            return -EBUSY;
    if (gt->gt_version != 2)
        return 0;
    if (gt->nr_v2_ops)
        return -EAGAIN; /* only counted with profile v2_ops_counted */
    for (uint32_t i = 0; i < GNTTAB_NR_RESERVED; i++) {
        const grant_entry_v2_t *e = gnttab_shared_v2(x, gt, i);
        uint16_t type = e->hdr.flags & GTF_type_mask;

        if ((type == GTF_permit_access && (e->full_page.frame >> 32)) ||
            type == GTF_transitive)
            return -ERANGE;
    }
    return 0;
}

/* Save the reserved entries as v1 entries (v2: permit_access only, status folded in). */
static void save_reserved(struct xen *x, const struct grant_table *gt,
                          grant_entry_v1_t saved[GNTTAB_NR_RESERVED])
{
    for (uint32_t i = 0; i < GNTTAB_NR_RESERVED; i++) {
        const grant_entry_v2_t *e;

        if (gt->gt_version == 1) {
            saved[i] = *gnttab_shared_v1(x, gt, i);
            continue;
        }
        e = gnttab_shared_v2(x, gt, i);
        saved[i] = (grant_entry_v1_t){0};
        if ((e->hdr.flags & GTF_type_mask) == GTF_permit_access)
            saved[i] = (grant_entry_v1_t){
                .flags = (uint16_t)(e->hdr.flags | *gnttab_entry_status(x, gt, i)),
                .domid = e->hdr.domid,
                .frame = (uint32_t)e->full_page.frame};
    }
}

/* Clear every shared frame and write the reserved entries in @gt's (new) version. */
static void restore_reserved(struct xen *x, struct grant_table *gt,
                             const grant_entry_v1_t saved[GNTTAB_NR_RESERVED])
{
    for (uint32_t i = 0; i < gt->nr_grant_frames; i++)
        memset(hw_mem_frame(x->mem, gt->shared_mfn[i]), 0, PAGE_SIZE);
    for (uint32_t i = 0; i < GNTTAB_NR_RESERVED; i++) {
        grant_entry_v2_t *e;

        if (gt->gt_version == 1) {
            *gnttab_shared_v1(x, gt, i) = saved[i];
            continue;
        }
        e = gnttab_shared_v2(x, gt, i);
        *gnttab_entry_status(x, gt, i) = saved[i].flags & GTF_STATUS_BITS;
        e->hdr.flags = (uint16_t)(saved[i].flags & ~GTF_STATUS_BITS);
        e->hdr.domid = saved[i].domid;
        e->full_page.frame = saved[i].frame;
    }
}

/* The body of gnttab_set_version() under the table's write lock. */
static long set_version_locked(struct xen *x, struct domain *d, uint32_t version)
{
    struct grant_table *gt = &d->gt;
    grant_entry_v1_t saved[GNTTAB_NR_RESERVED];
    int rc;

    if (gt->gt_version == version)
        return 0;
    rc = set_version_check(x, gt);
    if (!rc && gt->gt_version == 1)
        rc = gnttab_populate_status(x, d, gt->nr_grant_frames);
    if (rc)
        return rc;
    save_reserved(x, gt, saved);
    if (version == 1 && (rc = unpopulate_status(x, d)) != 0)
        return rc;
    gt->gt_version = (uint8_t)version;
    restore_reserved(x, gt, saved);
    return 0;
}

long gnttab_set_version(struct xen *x, struct gnttab_set_version *op)
{
    struct domain *d = x->cur;
    long rc = -EINVAL;

    if (!op)
        return -EFAULT; /* copy_from_guest() */
    if (op->version == 1 || op->version == 2)
        rc = -ENOSYS;
    if (op->version == 1 || (op->version == 2 && d->gt.max_version >= 2)) {
        sim_lock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
        rc = set_version_locked(x, d, op->version);
        sim_unlock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    }
    TRACE(x->trace, GNTTAB_VERSION, TA_U(d->domid), TA_U(op->version),
          TA_U(d->gt.gt_version), TA_D(rc));
    op->version = d->gt.gt_version; /* always written back */
    return rc;
}

long gnttab_get_version(struct xen *x, struct gnttab_get_version *op)
{
    struct domain *d;

    if (!op)
        return -EFAULT;
    d = op->dom == DOMID_SELF ? x->cur : xen_domain_or_dying(x, op->dom);
    if (!d)
        return -ESRCH; /* rcu_lock_domain_by_any_id(): a dying domain too */
    if (d != x->cur && !x->cur->is_hwdom)
        return -EPERM; /* xsm_grant_query_size(XSM_TARGET), dummy policy */
    op->version = d->gt.gt_version;
    return 0;
}

long gnttab_get_status_frames(struct xen *x, struct gnttab_get_status_frames *op)
{
    struct domain *d;
    uint64_t *list = op->frame_list.p;

    /* A missing list: the copy-out fails (see gnttab_setup_table). */
    op->status = gnttab_target(x, op->dom, &d);
    if (op->status != GNTST_okay)
        return 0;
    sim_lock(x->locks, LOCK_GT, d->domid, 0, LOCK_READ);
    if (op->nr_frames > d->gt.nr_status_frames)
        op->status = GNTST_general_error;
    for (uint32_t i = 0; op->status == GNTST_okay && i < op->nr_frames; i++) {
        if (!list)
            op->status = GNTST_bad_virt_addr;
        else /* INVALID_GFN: nowhere; Arm before 9d2f8f9c65: 0 */
            list[i] = gnttab_frame_for_guest(x, d, true, i);
    }
    sim_unlock(x->locks, LOCK_GT, d->domid, 0, LOCK_READ);
    return 0;
}
