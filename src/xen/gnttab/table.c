/* SPDX-License-Identifier: MIT */
/*
 * Grant table lifetime and size: grant_table_init, gnttab_grow_table,
 * GNTTABOP_setup_table and GNTTABOP_query_size (xen/common/grant_table.c).
 * Shared frames are Xen pages given to the domain and mapped into its P2M
 * at d->gnttab_gfn + i (Arm: XENMAPSPACE_grant_table, p2m_ram_rw), where
 * the guest writes its entries.
 */
#include <stdlib.h>
#include <string.h>

#include "xen/gnttab/gnttab.h"

/*
 * Make room for @need elements of @size bytes in *@arr, whose room is *@cap:
 * gntsim's host arrays grow with the frames that exist, not with the domain's
 * maximum (Xen's pointer arrays of max entries are accounted for in
 * gnttab_limits_check). Returns 0 or -ENOMEM with *@arr and *@cap unchanged.
 */
static int gnttab_reserve(void *arr, uint32_t cap, uint32_t need, size_t size)
{
    void **p = arr;
    size_t n = cap ? cap : 4;
    uint8_t *grown;

    if (need <= cap)
        return 0;
    while (n < need)
        n *= 2;
    grown = realloc(*p, n * size);
    if (!grown)
        return -ENOMEM;
    memset(grown + (size_t)cap * size, 0, (n - cap) * size);
    *p = grown;
    return 0;
}

/* Room for @need shared frames. Returns 0 or -ENOMEM (room unchanged). */
static int gnttab_reserve_shared(struct grant_table *gt, uint32_t need)
{
    uint32_t cap = gt->cap_grant_frames;

    if (need <= cap)
        return 0;
    if (gnttab_reserve(&gt->shared_mfn, cap, need, sizeof(*gt->shared_mfn)) ||
        gnttab_reserve(&gt->active, cap, need, sizeof(*gt->active)) ||
        gnttab_reserve(&gt->shared_raw, cap, need, sizeof(*gt->shared_raw)) ||
        gnttab_reserve(&gt->shared_gfn, cap, need, sizeof(*gt->shared_gfn)))
        return -ENOMEM; /* arrays grown so far keep their old contents */
    while (gt->cap_grant_frames < need)
        gt->cap_grant_frames = gt->cap_grant_frames ? gt->cap_grant_frames * 2 : 4;
    return 0;
}

/* Room for @need status frames. Returns 0 or -ENOMEM (room unchanged). */
static int gnttab_reserve_status(struct grant_table *gt, uint32_t need)
{
    uint32_t cap = gt->cap_status_frames;

    if (need <= cap)
        return 0;
    if (gnttab_reserve(&gt->status_mfn, cap, need, sizeof(*gt->status_mfn)) ||
        gnttab_reserve(&gt->status_raw, cap, need, sizeof(*gt->status_raw)) ||
        gnttab_reserve(&gt->status_gfn, cap, need, sizeof(*gt->status_gfn)))
        return -ENOMEM;
    while (gt->cap_status_frames < need)
        gt->cap_status_frames = gt->cap_status_frames ? gt->cap_status_frames * 2 : 4;
    return 0;
}

int gnttab_reserve_maptrack(struct grant_table *gt, uint32_t need)
{
    uint32_t cap = gt->cap_maptrack_frames;

    if (need <= cap)
        return 0;
    if (gnttab_reserve(&gt->maptrack, cap, need, sizeof(*gt->maptrack)))
        return -ENOMEM;
    while (gt->cap_maptrack_frames < need)
        gt->cap_maptrack_frames =
            gt->cap_maptrack_frames ? gt->cap_maptrack_frames * 2 : 4;
    return 0;
}

/*
 * Add one shared frame and its active entries, under @d's table write lock (asserted:
 * grant_table.c gnttab_grow_table, "the caller must hold the grant table's write lock").
 * Returns 0 or -ENOMEM, nothing changed.
 */
static int gnttab_add_frame(struct xen *x, struct domain *d)
{
    struct grant_table *gt = &d->gt;
    uint32_t i = gt->nr_grant_frames;
    struct active_grant_entry *act;
    uint64_t mfn;

    sim_lock_assert_held(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    act = gnttab_reserve_shared(gt, i + 1) || frames_alloc_fails(&x->frames)
              ? NULL
              : calloc(GRANT_V1_PER_PAGE, sizeof(*act)); /* xzalloc: the active page */
    mfn = act ? frames_alloc(&x->frames, x->mem, d->domid) : INVALID_MFN;
    if (mfn == INVALID_MFN ||
        p2m_set_entry(x, &d->p2m, d->gnttab_gfn + i, mfn, P2M_RAM_RW)) {
        if (mfn != INVALID_MFN)
            frames_put(&x->frames, mfn);
        free(act);
        return -ENOMEM;
    }
    frames_page(&x->frames, mfn)->flags |= PAGE_F_XENHEAP; /* share_xen_page_with_guest */
    gt->shared_mfn[i] = mfn;
    gt->shared_raw[i] = gnttab_frame_host(x, mfn);
    gt->shared_gfn[i] = d->gnttab_gfn + i;
    gt->active[i] = act;
    gt->nr_grant_frames = i + 1;
    return 0;
}

uint32_t gnttab_status_frames_for(uint32_t nr_grant_frames)
{
    /* Xen's grant_to_status_frames(): the product is a size_t (GRANT_PER_PAGE is a
     * sizeof), so it cannot wrap for any unsigned int frame count */
    return (uint32_t)(((uint64_t)nr_grant_frames * GRANT_V2_PER_PAGE +
                       GRANT_STATUS_PER_PAGE - 1) /
                      GRANT_STATUS_PER_PAGE);
}

uint64_t gnttab_status_gfn(const struct domain *d, uint32_t i)
{
    return d->gnttab_gfn + d->gt.max_grant_frames + i;
}

void gnttab_frame_unmap(struct xen *x, struct domain *d, bool status, uint32_t i)
{
    struct grant_table *gt = &d->gt;
    uint64_t *gfn = gnttab_frame_gfn_slot(x, d, status, i);
    uint64_t mfn = status ? gt->status_mfn[i] : gt->shared_mfn[i];

    if (*gfn != GNTTAB_NO_GFN)
        p2m_remove_entry(x, &d->p2m, *gfn, mfn, false);
    *gfn = GNTTAB_NO_GFN;
}

/* Who owns @d's status frames: @d (share_xen_page_with_guest()), or Xen on Arm before
 * 53fa8c8883 (4.12), whose gnttab_create_status_page() shared nothing. */
static uint16_t gnttab_status_owner(const struct xen *x, const struct domain *d)
{
    return d->ops->status_shared_by_profile && !x->prof->arm_status_shared
               ? PAGE_OWNER_XEN
               : d->domid;
}

/*
 * gnttab_populate_status_frames(): Xen pages shared with @d (one allocation
 * reference), mapped at gnttab_status_gfn() as XENMAPSPACE_grant_table with
 * XENMAPIDX_grant_table_status would. Returns 0 or -ENOMEM, nothing added.
 */
int gnttab_populate_status(struct xen *x, struct domain *d, uint32_t nr_grant_frames)
{
    struct grant_table *gt = &d->gt;
    uint32_t want = gnttab_status_frames_for(nr_grant_frames), i = gt->nr_status_frames;

    sim_lock_assert_held(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE); /* a grow */
    if (gnttab_reserve_status(gt, want))
        return -ENOMEM;
    for (; i < want; i++) {
        uint64_t mfn = frames_alloc(&x->frames, x->mem, gnttab_status_owner(x, d));

        if (mfn == INVALID_MFN ||
            p2m_set_entry(x, &d->p2m, gnttab_status_gfn(d, i), mfn, P2M_RAM_RW)) {
            if (mfn != INVALID_MFN)
                frames_put(&x->frames, mfn);
            break;
        }
        frames_page(&x->frames, mfn)->flags |= PAGE_F_XENHEAP;
        gt->status_mfn[i] = mfn;
        gt->status_raw[i] = gnttab_frame_host(x, mfn);
        *gnttab_frame_gfn_slot(x, d, true, i) = gnttab_status_gfn(d, i); /* 9d2f8f9c65 */
    }
    if (i == want) {
        gt->nr_status_frames = want;
        return 0;
    }
    while (i-- > gt->nr_status_frames) {
        gnttab_frame_unmap(x, d, true, i);
        frames_put(&x->frames, gt->status_mfn[i]);
        gt->status_raw[i] = NULL;
    }
    return -ENOMEM;
}

/*
 * Take @d's table back to @nr_grant shared and @nr_status status frames, those beyond
 * them added by a grow that failed (gnttab_grow_table's shared_alloc_failed and
 * active_alloc_failed paths free what the call allocated). Cannot fail.
 */
static void gnttab_grow_undo(struct xen *x, struct domain *d, uint32_t nr_grant,
                             uint32_t nr_status)
{
    struct grant_table *gt = &d->gt;

    while (gt->nr_grant_frames > nr_grant) {
        uint32_t i = --gt->nr_grant_frames;

        gnttab_frame_unmap(x, d, false, i);
        frames_put(&x->frames, gt->shared_mfn[i]);
        free(gt->active[i]);
        gt->active[i] = NULL;
        gt->shared_raw[i] = NULL;
        gt->shared_mfn[i] = 0;
    }
    while (gt->nr_status_frames > nr_status) {
        uint32_t i = --gt->nr_status_frames;

        gnttab_frame_unmap(x, d, true, i);
        frames_put(&x->frames, gt->status_mfn[i]);
        gt->status_raw[i] = NULL;
        gt->status_mfn[i] = 0;
    }
}

int gnttab_grow_locked(struct xen *x, struct domain *d, uint32_t nr)
{
    uint32_t nr_grant = d->gt.nr_grant_frames, nr_status = d->gt.nr_status_frames;

    if (nr > d->gt.max_grant_frames)
        return -EINVAL;
    if (nr > GNTTAB_HOST_MAX_FRAMES)
        return -ENOMEM; /* gntsim's host bound: as an allocation failure */
    while (d->gt.nr_grant_frames < nr)
        if ((d->gt.gt_version == 2 &&
             gnttab_populate_status(x, d, d->gt.nr_grant_frames + 1)) ||
            gnttab_add_frame(x, d))
            break;
    /* all or nothing: gnttab_grow_table() sets nr_grant_frames only once every page
     * of the request was allocated (xen/common/grant_table.c, every release) */
    if (d->gt.nr_grant_frames < nr)
        gnttab_grow_undo(x, d, nr_grant, nr_status);
    return d->gt.nr_grant_frames < nr ? -ENOMEM : 0;
}

int gnttab_grow(struct xen *x, struct domain *d, uint32_t nr)
{
    int rc;

    if (nr > d->gt.max_grant_frames)
        return -EINVAL;
    if (nr > GNTTAB_HOST_MAX_FRAMES)
        return -ENOMEM;
    sim_lock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    rc = gnttab_grow_locked(x, d, nr);
    sim_unlock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    return rc;
}

int gnttab_limits_check(const struct xen *x, uint32_t max_frames,
                        uint32_t max_maptrack_frames)
{
    const struct xen_profile *p = x->prof;
    uint64_t ptrs;

    /* xen_domctl_createdomain's fields are int32_t (a negative one asks for the
     * default) and parse_gnttab_limit() refuses values above INT_MAX */
    if (max_frames < 1 || max_frames > INT32_MAX || max_maptrack_frames > INT32_MAX)
        return -EINVAL; /* grant_table_init: max_grant_frames < INITIAL_NR_GRANT_FRAMES */
    /* grant_table_init (4.12-4.17), grant_table_set_limits (4.11): at most the
     * gnttab_max_frames= / gnttab_max_maptrack_frames= values (b2ea81d2b9 lifted it) */
    if (p->gnttab_limits_capped && (max_frames > x->opts.max_grant_frames ||
                                    max_maptrack_frames > x->opts.max_maptrack_frames))
        return -EINVAL;
    /* grant_table_init allocates pointer arrays of the maxima up front (maptrack,
     * shared_raw, status and active: xvzalloc_array, 4.18+; xzalloc_array and
     * vzalloc before) from the heap carved out of RAM: beyond free RAM, -ENOMEM
     * (gntsim counts the first three) */
    ptrs =
        (uint64_t)max_frames + gnttab_status_frames_for(max_frames) + max_maptrack_frames;
    if (ptrs * sizeof(void *) > frames_free_count(&x->frames) * PAGE_SIZE)
        return -ENOMEM;
    return 0;
}

int gnttab_domain_init(struct xen *x, struct domain *d, uint32_t max_frames,
                       uint32_t max_maptrack_frames)
{
    struct grant_table *gt = &d->gt;

    if (!max_frames || max_frames > INT32_MAX || max_maptrack_frames > INT32_MAX)
        return -EINVAL; /* domain_check() ran gnttab_limits_check() */
    gt->gt_version = 1;
    gt->max_version = d->ops->grant_v1_by_profile && x->prof->arm_gnttab_v1_only ? 1 : 2;
    gt->max_grant_frames = max_frames;
    gt->max_maptrack_frames = max_maptrack_frames;
    for (uint32_t v = 0; v < XEN_MAX_VCPUS; v++)
        d->vcpu[v].maptrack_head = d->vcpu[v].maptrack_tail = MAPTRACK_TAIL;
    if (gnttab_grow(x, d, 1)) {
        gnttab_domain_fini(x, d);
        return -ENOMEM;
    }
    return 0;
}

void gnttab_free_host(struct grant_table *gt)
{
    for (uint32_t i = 0; i < gt->nr_grant_frames; i++)
        free(gt->active[i]);
    for (uint32_t i = 0; i < gt->nr_maptrack_frames; i++)
        free(gt->maptrack[i]);
    mt_radix_fini(&gt->maptrack_tree);
    free(gt->shared_mfn);
    free(gt->active);
    free(gt->status_mfn);
    free(gt->shared_raw);
    free(gt->status_raw);
    free(gt->shared_gfn);
    free(gt->status_gfn);
    free(gt->maptrack);
    *gt = (struct grant_table){0};
}

void gnttab_domain_fini(struct xen *x, struct domain *d)
{
    struct grant_table *gt = &d->gt;

    for (uint32_t i = 0; i < gt->nr_grant_frames; i++) {
        gnttab_frame_unmap(x, d, false, i);
        frames_put(&x->frames, gt->shared_mfn[i]);
    }
    for (uint32_t i = 0; i < gt->nr_status_frames; i++) {
        gnttab_frame_unmap(x, d, true, i);
        if (i >= gt->status_unref) /* its allocation reference is still there */
            frames_put(&x->frames, gt->status_mfn[i]);
    }
    gnttab_free_host(gt);
}

int16_t gnttab_target(struct xen *x, uint16_t dom, struct domain **out)
{
    struct domain *d = dom == DOMID_SELF ? x->cur : xen_domain(x, dom);

    return gnttab_target_found(x, d, out);
}

int16_t gnttab_target_found(struct xen *x, struct domain *d, struct domain **out)
{
    if (!d)
        return GNTST_bad_domain;
    if (d != x->cur && !x->cur->is_hwdom)
        return GNTST_permission_denied; /* xsm_grant_setup / grant_query_size: XSM_TARGET
                                         */
    *out = d;
    return GNTST_okay;
}

long gnttab_setup_table(struct xen *x, struct gnttab_setup_table *op)
{
    struct domain *d;
    xen_pfn_t *list = op->frame_list.p;

    /*
     * A missing list stands for an unmapped guest buffer: guest_handle_okay()
     * passes (the constant 1 on Arm and for HVM; an address range check on PV)
     * and the copy-out fails, GNTST_bad_virt_addr with rc 0.
     */
    op->status = gnttab_target(x, op->dom, &d);
    if (op->status != GNTST_okay)
        return 0;
    if (op->nr_frames > d->gt.max_grant_frames || gnttab_grow(x, d, op->nr_frames)) {
        op->status = GNTST_general_error;
        return 0;
    }
    for (uint32_t i = 0; i < op->nr_frames;
         i++) { /* __copy_to_guest_offset() per frame */
        if (!list)
            op->status = GNTST_bad_virt_addr;
        else
            list[i] = gnttab_frame_for_guest(x, d, false, i);
    }
    return 0;
}

void gnttab_query_size(struct xen *x, struct gnttab_query_size *op)
{
    struct domain *d;

    /* rcu_lock_domain_by_any_id(): a dying domain's table too, kept until it is freed
     * (no is_dying test, RELEASE-4.11.0 .. master) */
    op->status = gnttab_target_found(
        x, op->dom == DOMID_SELF ? x->cur : xen_domain_or_dying(x, op->dom), &d);
    if (op->status != GNTST_okay)
        return;
    op->nr_frames = d->gt.nr_grant_frames;
    op->max_nr_frames = d->gt.max_grant_frames;
}
