/* SPDX-License-Identifier: MIT */
/*
 * Grant table lifetime and size: grant_table_init, gnttab_grow_table,
 * GNTTABOP_setup_table and GNTTABOP_query_size (xen/common/grant_table.c).
 * Shared frames are Xen pages given to the domain and mapped into its P2M
 * at d->gnttab_gfn + i (Arm: XENMAPSPACE_grant_table, p2m_ram_rw), where
 * the guest writes its entries.
 */
#include <stdlib.h>

#include "xen/gnttab/gnttab.h"

/* Add one shared frame and its active entries. Returns 0 or -ENOMEM, nothing changed. */
static int gnttab_add_frame(struct xen *x, struct domain *d)
{
    struct grant_table *gt = &d->gt;
    uint32_t i = gt->nr_grant_frames;
    struct active_grant_entry *act = calloc(GRANT_V1_PER_PAGE, sizeof(*act));
    uint64_t mfn = act ? frames_alloc(&x->frames, x->mem, d->domid) : INVALID_MFN;

    if (mfn == INVALID_MFN ||
        p2m_set_entry(x, &d->p2m, d->gnttab_gfn + i, mfn, P2M_RAM_RW)) {
        if (mfn != INVALID_MFN)
            frames_put(&x->frames, mfn);
        free(act);
        return -ENOMEM;
    }
    gt->shared_mfn[i] = mfn;
    gt->shared_raw[i] = gnttab_frame_host(x, mfn);
    gt->active[i] = act;
    gt->nr_grant_frames = i + 1;
    return 0;
}

uint32_t gnttab_status_frames_for(uint32_t nr_grant_frames)
{
    return (uint32_t)((nr_grant_frames * 256u + GRANT_STATUS_PER_PAGE - 1) /
                      GRANT_STATUS_PER_PAGE);
}

uint64_t gnttab_status_gfn(const struct domain *d, uint32_t i)
{
    return d->gnttab_gfn + d->gt.max_grant_frames + i;
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

    for (; i < want; i++) {
        uint64_t mfn = frames_alloc(&x->frames, x->mem, d->domid);

        if (mfn == INVALID_MFN ||
            p2m_set_entry(x, &d->p2m, gnttab_status_gfn(d, i), mfn, P2M_RAM_RW)) {
            if (mfn != INVALID_MFN)
                frames_put(&x->frames, mfn);
            break;
        }
        gt->status_mfn[i] = mfn;
        gt->status_raw[i] = gnttab_frame_host(x, mfn);
    }
    if (i == want) {
        gt->nr_status_frames = want;
        return 0;
    }
    while (i-- > gt->nr_status_frames) {
        p2m_remove_entry(x, &d->p2m, gnttab_status_gfn(d, i), gt->status_mfn[i], false);
        frames_put(&x->frames, gt->status_mfn[i]);
        gt->status_raw[i] = NULL;
    }
    return -ENOMEM;
}

int gnttab_grow(struct xen *x, struct domain *d, uint32_t nr)
{
    if (nr > d->gt.max_grant_frames)
        return -EINVAL;
    sim_lock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    while (d->gt.nr_grant_frames < nr)
        if ((d->gt.gt_version == 2 &&
             gnttab_populate_status(x, d, d->gt.nr_grant_frames + 1)) ||
            gnttab_add_frame(x, d))
            break;
    sim_unlock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
    return d->gt.nr_grant_frames < nr ? -ENOMEM : 0;
}

int gnttab_domain_init(struct xen *x, struct domain *d, uint32_t max_frames,
                       uint32_t max_maptrack_frames)
{
    struct grant_table *gt = &d->gt;

    gt->gt_version = 1;
    gt->max_version = d->arch == XEN_ARCH_ARM && x->prof->arm_gnttab_v1_only ? 1 : 2;
    gt->max_grant_frames = max_frames;
    gt->max_maptrack_frames = max_maptrack_frames;
    gt->shared_mfn = calloc(max_frames, sizeof(*gt->shared_mfn));
    gt->active = calloc(max_frames, sizeof(*gt->active));
    gt->status_mfn =
        calloc(gnttab_status_frames_for(max_frames) + 1, sizeof(*gt->status_mfn));
    gt->shared_raw = calloc(max_frames, sizeof(*gt->shared_raw));
    gt->status_raw =
        calloc(gnttab_status_frames_for(max_frames) + 1, sizeof(*gt->status_raw));
    gt->maptrack =
        calloc(max_maptrack_frames ? max_maptrack_frames : 1, sizeof(*gt->maptrack));
    for (uint32_t v = 0; v < XEN_MAX_VCPUS; v++)
        d->vcpu[v].maptrack_head = d->vcpu[v].maptrack_tail = MAPTRACK_TAIL;
    if (!gt->shared_mfn || !gt->active || !gt->status_mfn || !gt->maptrack ||
        !gt->shared_raw || !gt->status_raw || gnttab_grow(x, d, 1)) {
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
    free(gt->maptrack);
    *gt = (struct grant_table){0};
}

void gnttab_domain_fini(struct xen *x, struct domain *d)
{
    struct grant_table *gt = &d->gt;

    for (uint32_t i = 0; i < gt->nr_grant_frames; i++) {
        p2m_remove_entry(x, &d->p2m, d->gnttab_gfn + i, gt->shared_mfn[i], false);
        frames_put(&x->frames, gt->shared_mfn[i]);
    }
    for (uint32_t i = 0; i < gt->nr_status_frames; i++) {
        p2m_remove_entry(x, &d->p2m, gnttab_status_gfn(d, i), gt->status_mfn[i], false);
        frames_put(&x->frames, gt->status_mfn[i]);
    }
    gnttab_free_host(gt);
}

int16_t gnttab_target(struct xen *x, uint16_t dom, struct domain **out)
{
    struct domain *d = dom == DOMID_SELF ? x->cur : xen_domain(x, dom);

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
            list[i] =
                d->gnttab_gfn + i; /* Arm: gnttab_shared_gfn(), where it is mapped */
    }
    return 0;
}

void gnttab_query_size(struct xen *x, struct gnttab_query_size *op)
{
    struct domain *d;

    op->status = gnttab_target(x, op->dom, &d);
    if (op->status != GNTST_okay)
        return;
    op->nr_frames = d->gt.nr_grant_frames;
    op->max_nr_frames = d->gt.max_grant_frames;
}
