/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_unmap_grant_ref and GNTTABOP_unmap_and_replace
 * (xen/common/grant_table.c unmap_common, unmap_common_complete): batches of
 * 32, phase 1 (checks, host mapping removal, maptrack, IOMMU step; status
 * written) for every op, one TLB flush, then phase 2 (page references and
 * pins dropped, GTF_reading/GTF_writing reduced) for every op.
 */
#include "xen/domain.h"
#include "xen/gnttab/gnttab.h"

struct unmap_common {
    uint64_t host_addr, dev_bus_addr, new_addr;
    uint32_t handle;
    int16_t status;
    uint16_t done; /* GNTMAP_host_map / device_map halves removed, + readonly */
    uint64_t mfn;
    struct domain *rd;
    uint32_t ref;
};

static int16_t unmap_fail(struct xen *x, int16_t st, const char *why)
{
    TRACE(x->trace, GNTTAB_FAIL, TA_U(x->cur->domid), TA_S("unmap_grant_ref"),
          TA_S(gntst_name(st)), TA_S(why));
    return st;
}

/*
 * replace_grant_host_mapping(): Arm and x86 HVM/PVH remove the grant entry at
 * host_addr's gfn; x86 PV (mm.c replace_grant_pv_mapping) clears or
 * replaces a PTE, not modelled: accepted, new_addr and contains_pte too.
 */
static int16_t unmap_host(struct xen *x, struct domain *ld, const struct unmap_common *op,
                          uint32_t flags)
{
    struct p2m_entry e;
    uint64_t gfn = op->host_addr >> PAGE_SHIFT;

    if (!ld->ops->translated)
        return GNTST_okay; /* PV page tables are not modelled */
    if (op->new_addr || (flags & GNTMAP_contains_pte))
        return GNTST_general_error;
    if (ld->ops->arch ==
            XEN_ARCH_X86_HVM && /* replace_grant_p2m_mapping: "old mapping invalid" */
        (p2m_lookup(x, &ld->p2m, gfn, &e) || e.mfn != op->mfn ||
         (e.type != P2M_GRANT_MAP_RW && e.type != P2M_GRANT_MAP_RO)))
        return GNTST_general_error;
    if (p2m_remove_entry(x, &ld->p2m, gfn, op->mfn, x->prof->p2m_remove_checks_mfn))
        return GNTST_general_error; /* -EILSEQ since 5a4a2cef08 (4.17) */
    return GNTST_okay;
}

/* The dev_bus_addr check (c5bf1295b0 in 4.16 made it device_map-only, bad_dev_addr). */
static int16_t unmap_check_bus_addr(const struct xen *x, const struct unmap_common *op,
                                    uint32_t flags, uint64_t mfn)
{
    /* before 1959b49f35 (XSA-224): op->frame = dev_bus_addr >> PAGE_SHIFT, the low
     * bits ignored */
    if (!x->prof->unmap_dev_bus_addr_checked)
        return !op->dev_bus_addr || op->dev_bus_addr >> PAGE_SHIFT == mfn
                   ? GNTST_okay
                   : GNTST_general_error;
    if (!op->dev_bus_addr || op->dev_bus_addr == mfn << PAGE_SHIFT)
        return GNTST_okay;
    if (!x->prof->unmap_bad_dev_addr)
        return GNTST_general_error;
    return (flags & GNTMAP_device_map) ? GNTST_bad_dev_addr : GNTST_okay;
}

/*
 * Steps 5-9 under the granter's read lock and the active entry lock. The maptrack entry
 * is read again first: a racing unmap of the same handle may have changed it since
 * unmap_common() read @dom and op->ref ("Unstable handle", GNTST_bad_handle: the flags,
 * domid and ref re-check of grant_table.c unmap_common, b7f6cbb9d4, XSA-218; in every
 * modelled release, RELEASE-4.11.0 to master).
 */
static int16_t unmap_locked(struct xen *x, struct domain *ld, struct unmap_common *op,
                            struct grant_mapping *map, uint16_t dom, uint32_t *flags,
                            bool *put_handle)
{
    int16_t st;

    *flags = map->flags;
    if (!*flags || map->domid != dom ||
        (map->ref != op->ref && x->prof->unmap_put_handle_phase1))
        return unmap_fail(x, GNTST_bad_handle, "Unstable handle");
    op->mfn = gnttab_active_locked(x, op->rd, op->ref)->mfn;
    st = unmap_check_bus_addr(x, op, *flags, op->mfn);
    if (st != GNTST_okay)
        return unmap_fail(x, st, "Bus address doesn't match gntref");
    if (op->host_addr && (*flags & GNTMAP_host_map)) {
        st = unmap_host(x, ld, op, *flags);
        if (st != GNTST_okay)
            return unmap_fail(x, st, "replace_grant_host_mapping failed");
        map->flags &= (uint16_t)~GNTMAP_host_map;
        op->done |= (uint16_t)(GNTMAP_host_map | (*flags & GNTMAP_readonly));
    }
    if (op->dev_bus_addr && (*flags & GNTMAP_device_map)) {
        map->flags &= (uint16_t)~GNTMAP_device_map;
        op->done |= (uint16_t)(GNTMAP_device_map | (*flags & GNTMAP_readonly));
    } else if (!x->prof->unmap_dev_bus_addr_checked && (*flags & GNTMAP_device_map)) {
        /* before 1959b49f35 (XSA-224): a zero dev_bus_addr leaves the maptrack's
         * device_map flag, yet unmap_common_complete tests op->flags (the flags read
         * above) and puts the device half's references and pin all the same */
        op->done |= (uint16_t)(GNTMAP_device_map | (*flags & GNTMAP_readonly));
    }
    /* before b7f6cbb9d4 (XSA-218) the handle was freed in phase 2 (unmap_complete) */
    if (!(map->flags & (GNTMAP_device_map | GNTMAP_host_map)) &&
        x->prof->unmap_put_handle_phase1) {
        map->flags = 0;
        *put_handle = true;
    }
    return GNTST_okay;
}

/* unmap_common(): phase 1 of one op. */
static void unmap_common(struct xen *x, struct unmap_common *op)
{
    struct domain *ld = x->cur;
    struct grant_mapping *map;
    bool put_handle = false;
    uint32_t flags = 0;
    uint16_t dom;
    int16_t st;

    if (op->handle >= ld->gt.maptrack_limit) {
        op->status = unmap_fail(x, GNTST_bad_handle, "Bad handle");
        return;
    }
    map = maptrack_entry(&ld->gt, op->handle);
    if (!map->flags) {
        op->status = unmap_fail(x, GNTST_bad_handle, "Zero flags for handle");
        return;
    }
    dom = map->domid;
    /* rcu_lock_domain_by_id(): a dying granter too, while its pages are referenced */
    op->rd = xen_domain_or_dying(x, dom);
    if (!op->rd) { /* implicitly unmapped: the granter is gone */
        xen_domain_crash(x, ld, "unmap of a handle whose granter is gone");
        return; /* no status written, as in Xen; gntsim leaves general_error */
    }
    op->ref = map->ref;
    sim_lock(x->locks, LOCK_GT, op->rd->domid, 0, LOCK_READ);
    /* a racing unmap may leave a ref beyond the table: checked before its lock is taken
     */
    if (op->ref >= gnttab_nr_entries(&op->rd->gt)) {
        st = unmap_fail(x, GNTST_bad_handle, "Unstable handle");
    } else {
        sim_lock(x->locks, LOCK_ACTIVE, op->rd->domid, op->ref, LOCK_WRITE);
        st = unmap_locked(x, ld, op, map, dom, &flags, &put_handle);
        sim_unlock(x->locks, LOCK_ACTIVE, op->rd->domid, op->ref, LOCK_WRITE);
    }
    sim_unlock(x->locks, LOCK_GT, op->rd->domid, 0, LOCK_READ);
    if (put_handle)
        maptrack_put(x, ld, op->handle);
    if (st == GNTST_okay && flags)
        st = gnttab_unmap_iommu_step(x, ld, op->rd, op->mfn, flags, put_handle);
    op->status = st;
}

/*
 * Before b7f6cbb9d4 (XSA-218): unmap_common_complete(), holding the active entry lock,
 * marks for freeing any handle left without halves, and frees it after the locks. Two
 * unmaps of one handle's two halves, each past its phase 1, both find it so and both
 * free it (the double free XSA-218 fixed: a cycle in the free list, S8).
 */
static GNTSIM_NOINLINE void unmap_complete_put_handle(struct xen *x,
                                                      struct unmap_common *op)
{
    struct domain *ld = x->cur;
    struct grant_mapping *map = maptrack_entry(&ld->gt, op->handle);
    bool put = !(map->flags & (GNTMAP_device_map | GNTMAP_host_map));

    sim_unlock(x->locks, LOCK_ACTIVE, op->rd->domid, op->ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, op->rd->domid, 0, LOCK_READ);
    if (put) {
        map->flags = 0;
        maptrack_put(x, ld, op->handle);
    }
}

/*
 * unmap_common_complete(): phase 2, page references and pins, under the granter's read
 * lock and the active entry's lock (active_entry_acquire since b4650e9a96;
 * RELEASE-4.11.0 to master).
 */
static void unmap_complete(struct xen *x, struct unmap_common *op)
{
    struct grant_table *rgt;
    struct active_grant_entry *act;
    bool ro = op->done & GNTMAP_readonly;

    if (!op->done)
        return;
    /* before 1959b49f35 (XSA-224) a repeated host-half unmap puts the page again after
     * its last reference went: Xen's put_page() on a free page, which its
     * ASSERT((x & PGC_count_mask) != 0) stops (a debug build) or which corrupts the
     * frame table; the model stops Xen there instead of freeing a free frame */
    if (unlikely(!x->prof->unmap_dev_bus_addr_checked) &&
        frames_owner(&x->frames, op->mfn) == PAGE_OWNER_NONE) {
        xen_bug(x, "put_page of a freed page (XSA-224, before 1959b49f35)");
        return;
    }
    if (unlikely(!x->prof->map_type_refs_counted) &&
        !gnttab_xsa224_types_held(x, x->cur, op->rd, op->mfn, op->done))
        return;
    rgt = &op->rd->gt;
    sim_lock(x->locks, LOCK_GT, op->rd->domid, 0, LOCK_READ);
    sim_lock(x->locks, LOCK_ACTIVE, op->rd->domid, op->ref, LOCK_WRITE);
    act = gnttab_active_locked(x, op->rd, op->ref);
    if (op->done & GNTMAP_device_map) {
        if (!ro && x->cur->ops->page_types) /* put_page_and_type() */
            frames_put_type(&x->frames, op->mfn);
        frames_put(&x->frames, op->mfn);
        act->pin -= ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
    }
    if (op->done & GNTMAP_host_map) {
        if (gnttab_host_map_takes_type(ro, x->cur, op->rd))
            frames_put_type(&x->frames, op->mfn);
        frames_put(&x->frames, op->mfn);
        act->pin -= ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    }
    gnttab_reduce_status(x, rgt, op->ref, act, ro);
    TRACE(x->trace, GNTTAB_PIN, TA_U(op->rd->domid), TA_U(op->ref), TA_U(act->pin),
          TA_U(*gnttab_entry_status(x, rgt, op->ref)));
    if (unlikely(!x->prof->unmap_put_handle_phase1)) {
        unmap_complete_put_handle(x, op);
        return;
    }
    sim_unlock(x->locks, LOCK_ACTIVE, op->rd->domid, op->ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, op->rd->domid, 0, LOCK_READ);
}

/* One batch of up to 32 ops through both phases. */
static void unmap_run_batch(struct xen *x, struct unmap_common *c, uint32_t n)
{
    for (uint32_t i = 0; i < n && !x->crashed; i++)
        unmap_common(x, &c[i]);
    TRACE(x->trace, TLB_FLUSH, TA_U(x->cur->domid), TA_S("unmap batch"));
    for (uint32_t i = 0; i < n && !x->crashed; i++)
        unmap_complete(x, &c[i]);
    /* a dying granter's last page may have gone: freed once no op names it (with no
     * dying domain, nothing to free) */
    for (uint32_t i = 0; i < n && x->nr_zombie; i++) {
        struct domain *rd = c[i].rd;

        for (uint32_t j = i; rd && j < n; j++)
            if (c[j].rd == rd)
                c[j].rd = NULL;
        if (rd)
            domain_put_dying(x, rd);
    }
}

/* Both op structs share one layout: host_addr, dev_bus_addr or new_addr, handle, status.
 * Every field of @c is set (field by field: no temporary struct copied per op). */
static void unmap_load(struct unmap_common *c, const void *ops, uint32_t i, bool replace)
{
    if (replace) {
        const struct gnttab_unmap_and_replace *r =
            (const struct gnttab_unmap_and_replace *)ops + i;

        c->host_addr = r->host_addr;
        c->dev_bus_addr = 0;
        c->new_addr = r->new_addr;
        c->handle = r->handle;
    } else {
        const struct gnttab_unmap_grant_ref *u =
            (const struct gnttab_unmap_grant_ref *)ops + i;

        c->host_addr = u->host_addr;
        c->dev_bus_addr = u->dev_bus_addr;
        c->new_addr = 0;
        c->handle = u->handle;
    }
    c->status = GNTST_general_error;
    c->done = 0;
    c->mfn = INVALID_MFN;
    c->rd = NULL;
    c->ref = 0;
}

static void unmap_store(void *ops, uint32_t i, bool replace, int16_t status)
{
    if (replace)
        ((struct gnttab_unmap_and_replace *)ops)[i].status = status;
    else
        ((struct gnttab_unmap_grant_ref *)ops)[i].status = status;
}

/* Run @count ops in batches of GNTTAB_UNMAP_BATCH_SIZE. */
static GNTSIM_ALWAYS_INLINE void unmap_ops(struct xen *x, void *ops, uint32_t count,
                                           bool replace)
{
    struct unmap_common c[GNTTAB_UNMAP_BATCH_SIZE];

    for (uint32_t base = 0; base < count && !x->crashed;
         base += GNTTAB_UNMAP_BATCH_SIZE) {
        uint32_t n = count - base;

        if (n > GNTTAB_UNMAP_BATCH_SIZE)
            n = GNTTAB_UNMAP_BATCH_SIZE;
        for (uint32_t i = 0; i < n; i++)
            unmap_load(&c[i], ops, base + i, replace);
        unmap_run_batch(x, c, n);
        for (uint32_t i = 0; i < n; i++)
            unmap_store(ops, base + i, replace, c[i].status);
    }
}

void gnttab_unmap_batch(struct xen *x, struct gnttab_unmap_grant_ref *ops, uint32_t count)
{
    unmap_ops(x, ops, count, false);
}

/* unmap_and_replace: dev_bus_addr forced to 0, new_addr passed through. */
void gnttab_unmap_and_replace_batch(struct xen *x, struct gnttab_unmap_and_replace *ops,
                                    uint32_t count)
{
    unmap_ops(x, ops, count, true);
}
