/* SPDX-License-Identifier: MIT */
/*
 * gnttab_release_mappings() of a dying domain (xen/common/grant_table.c,
 * RELEASE-4.17.0; same walk since RELEASE-4.11.0, the radix-tree deletion
 * since 9781b51efd, XSA-380). The dying mapper's maptrack is walked from
 * the last handle down. For each live mapping whose granter still exists
 * (rcu_lock_domain_by_id(): a dying granter too, kept while its mapped pages
 * are referenced), the pins it holds are dropped, the page references taken
 * at map time are put and GTF_reading/GTF_writing reduced in the granter's
 * entry; a dying granter goes with its last page. A mapping whose granter is
 * gone is only forgotten ("Nothing to clear up"): its page reference stays,
 * as in Xen.
 *
 * No IOMMU unmap is issued: the era C counter of the frame is deleted
 * (radix_tree_delete) and the dying domain's IOMMU context goes with the
 * domain. The host mapping's reference: Arm gnttab_release_host_mappings()
 * is true (the P2M teardown does not put grant pages); x86 HVM/PVH likewise
 * (paging_mode_external). For x86 PV Xen drops it when the page tables are
 * torn down (put_page_from_l1e); gntsim has no PV page tables and drops it
 * here (docs/fidelity.md), with the PGT_writable_page type reference
 * put_page_from_l1e drops. No preemption (-ERESTART) is modelled.
 */
#include "xen/domain.h"
#include "xen/gnttab/gnttab.h"

/* Drop the pins and page and type references @d's @map holds on @rd's @ref. */
static void release_one(struct xen *x, struct domain *d, struct domain *rd,
                        const struct grant_mapping *map)
{
    struct grant_table *rgt = &rd->gt;
    bool ro = map->flags & GNTMAP_readonly;
    struct active_grant_entry *act;
    bool pg;

    sim_lock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
    sim_lock(x->locks, LOCK_ACTIVE, rd->domid, map->ref, LOCK_WRITE);
    act = gnttab_active_locked(x, rd, map->ref);
    pg = frames_page_const(&x->frames, act->mfn) != NULL; /* !is_iomem_page() */
    if (unlikely(!x->prof->map_type_refs_counted) && pg &&
        !gnttab_xsa224_types_held(x, d, rd, act->mfn, map->flags)) {
        sim_unlock(x->locks, LOCK_ACTIVE, rd->domid, map->ref, LOCK_WRITE);
        sim_unlock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
        return;
    }
    if (map->flags & GNTMAP_device_map) {
        GNTSIM_ASSERT("C2", act->pin & (ro ? GNTPIN_devr_mask : GNTPIN_devw_mask));
        act->pin -= ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
        if (pg && !ro && d->ops->page_types) /* put_page_and_type() */
            frames_put_type(&x->frames, act->mfn);
        if (pg)
            frames_put(&x->frames, act->mfn);
    }
    if (map->flags & GNTMAP_host_map) {
        GNTSIM_ASSERT("C2", act->pin & (ro ? GNTPIN_hstr_mask : GNTPIN_hstw_mask));
        act->pin -= ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
        if (pg && gnttab_host_map_takes_type(ro, d, rd))
            frames_put_type(&x->frames, act->mfn);
        if (pg)
            frames_put(&x->frames, act->mfn);
    }
    gnttab_reduce_status(x, rgt, map->ref, act, ro);
    TRACE(x->trace, GNTTAB_PIN, TA_U(rd->domid), TA_U(map->ref), TA_U(act->pin),
          TA_U(gnttab_shared_v1(x, rgt, map->ref)->flags));
    sim_unlock(x->locks, LOCK_ACTIVE, rd->domid, map->ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
}

void gnttab_release_mappings(struct xen *x, struct domain *d)
{
    struct grant_table *gt = &d->gt;

    GNTSIM_ASSERT("C2", d->is_dying); /* Xen: BUG_ON(!d->is_dying) */
    for (uint32_t handle = gt->maptrack_limit; handle--;) {
        struct grant_mapping *map = maptrack_entry(gt, handle);
        struct domain *rd;
        uint64_t mfn;

        if (!(map->flags & (GNTMAP_device_map | GNTMAP_host_map)))
            continue;
        rd = xen_domain_or_dying(x, map->domid);
        TRACE(x->trace, GNTTAB_RELEASE, TA_U(d->domid), TA_U(handle), TA_U(map->domid),
              TA_U(map->ref), TA_U(map->flags));
        if (!rd) { /* the granter is gone: nothing to clear up */
            map->flags = 0;
            continue;
        }
        release_one(x, d, rd, map);
        mfn = gnttab_active(&rd->gt, map->ref)->mfn;
        map->flags = 0;
        if (x->era->counters)
            mt_radix_delete(&gt->maptrack_tree, mfn); /* no iommu_unmap */
        domain_put_dying(x, rd);
    }
}
