/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_map_grant_ref (xen/common/grant_table.c map_grant_ref), in
 * Xen's order of checks. Each phase checks before
 * it changes anything; where Xen fails after changing state (host mapping,
 * IOMMU step) the undo mirrors Xen's undo_out path.
 */
#include "xen/gnttab/gnttab.h"

struct map_plan {
    struct domain *ld, *rd;
    uint32_t pin_incr;
    uint32_t handle;
    uint64_t mfn;
    bool first_pin_ref; /* get_paged_frame() took the page reference */
    uint32_t refcnt;    /* page references taken */
    uint32_t typecnt;   /* x86 PGT_writable_page type references taken */
    bool host_created;
    struct map_iommu_ctx pins;
    const char *why;
};

/* x86 HVM/PVH and always Arm: the domain has a P2M (translated, external paging). */
static bool paging_mode_external(const struct domain *d)
{
    return d->ops->translated;
}

static void map_fail(struct xen *x, struct gnttab_map_grant_ref *op, int16_t st,
                     const char *why)
{
    op->status = st;
    TRACE(x->trace, GNTTAB_FAIL, TA_U(x->cur->domid), TA_S("map_grant_ref"),
          TA_S(gntst_name(st)), TA_S(why));
}

/* Steps 1-4: flags, HVM restrictions, granter lookup, XSM. No side effects. */
static int16_t map_check_args(struct xen *x, const struct gnttab_map_grant_ref *op,
                              struct map_plan *p)
{
    bool ro = op->flags & GNTMAP_readonly;

    p->ld = x->cur;
    p->pin_incr = 0;
    if (op->flags & GNTMAP_device_map)
        p->pin_incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
    if (op->flags & GNTMAP_host_map)
        p->pin_incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    if (!p->pin_incr)
        return p->why = "Bad flags in grant map op", GNTST_bad_gntref;
    if (paging_mode_external(p->ld) &&
        (op->flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte)))
        return p->why = "No device mapping in HVM domain", GNTST_general_error;
    /* rcu_lock_domain_by_id(): no DOMID_SELF; a dying granter too (no is_dying test in
     * map_grant_ref, RELEASE-4.11.0 .. master: its P2M is gone, so a first pin fails
     * get_paged_frame, and a pinned entry's frame is still its own) */
    p->rd = xen_domain_or_dying(x, op->dom);
    if (!p->rd)
        return p->why = "Could not find domain", GNTST_bad_domain;
    return GNTST_okay; /* xsm_grant_mapref: dummy policy allows */
}

bool gnttab_pin_would_overflow(const struct xen *x, uint32_t pin, uint32_t incr)
{
    uint32_t mask = 0;

    if (!x->prof->pin_oflow_per_counter)
        return pin & 0x80808080u; /* <= 4.14: any counter at 128 (8cec5d065c) */
    for (unsigned shift = 0; shift < 32; shift += 8) /* GNTPIN_incr2oflow_mask() */
        if ((incr >> shift) & 0xff)
            mask |= 0x80u << shift;
    return pin & mask;
}

bool gnttab_host_map_takes_type(bool ro, const struct domain *ld, const struct domain *rd)
{
    return ld->ops->page_types && !ro && (ld == rd || !paging_mode_external(rd));
}

/*
 * get_paged_frame(): RAM of @rd at @gfn, page reference taken. A PV
 * granter's entry names a machine frame (x86 get_page_from_gfn() of a
 * non-translated domain: 1:1, mfn_valid() and get_page()).
 */
static int16_t map_paged_frame(struct xen *x, struct domain *rd, uint64_t gfn,
                               uint64_t *mfn)
{
    struct p2m_entry e;

    if (!rd->ops->translated) {
        if (!frames_get(&x->frames, gfn, rd->domid))
            return GNTST_bad_page;
        *mfn = gfn;
        return GNTST_okay;
    }
    if (p2m_lookup(x, &rd->p2m, gfn, &e) || !p2m_is_any_ram(e.type) ||
        !frames_page(&x->frames, e.mfn))
        return GNTST_bad_page;
    if (e.type == P2M_MAP_FOREIGN_RW || e.type == P2M_MAP_FOREIGN_RO)
        return GNTST_bad_page; /* foreign pages are never grantable */
    if (!frames_get(&x->frames, e.mfn, rd->domid))
        return GNTST_bad_page; /* e.g. a grant mapping: owned by another domain */
    *mfn = e.mfn;
    return GNTST_okay;
}

/* Steps 6-10 under the granter's read lock: bounds, pin checks, status, first pin. */
static int16_t map_pin(struct xen *x, const struct gnttab_map_grant_ref *op,
                       struct map_plan *p)
{
    struct grant_table *rgt = &p->rd->gt;
    bool ro = op->flags & GNTMAP_readonly;
    struct active_grant_entry *act;
    int16_t st;

    if (op->ref >= gnttab_nr_entries(rgt))
        return p->why = "Bad ref", GNTST_bad_gntref;
    act = gnttab_active_locked(x, p->rd, op->ref);
    if (act->pin && (act->domid != p->ld->domid ||
                     gnttab_pin_would_overflow(x, act->pin, p->pin_incr) ||
                     (act->start & ACT_SUB_PAGE)))
        return p->why = "Bad domain, or risk of counter overflow, or subpage",
               GNTST_general_error;
    if (!act->pin || (!ro && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))) {
        st = gnttab_set_status(x, rgt, op->ref, act, ro, true, p->ld->domid, &p->why);
        if (st != GNTST_okay) /* `rc = (_set_status(...) != GNTST_okay)`: XSA-316 */
            return x->prof->map_status_negative ? st : 1;
        if (!act->pin) {
            st = map_paged_frame(x, p->rd, gnttab_entry_frame(x, rgt, op->ref), &p->mfn);
            if (st != GNTST_okay) {
                gnttab_reduce_status(x, rgt, op->ref, act, ro); /* unlock_out_clear */
                return p->why = "get_paged_frame failed", st;
            }
            *act = (struct active_grant_entry){.domid = p->ld->domid,
                                               .src_domid = p->rd->domid,
                                               .trans_gref = op->ref,
                                               .length = PAGE_SIZE,
                                               .mfn = p->mfn};
            p->first_pin_ref = true;
        }
    }
    p->pins.old_pin = act->pin;
    act->pin += p->pin_incr;
    p->pins.new_pin = act->pin;
    p->mfn = act->mfn;
    TRACE(x->trace, GNTTAB_PIN, TA_U(p->rd->domid), TA_U(op->ref), TA_U(act->pin),
          TA_U(*gnttab_entry_status(x, rgt, op->ref)));
    return GNTST_okay;
}

/*
 * create_grant_host_mapping(): Arm and x86 HVM/PVH (create_grant_p2m_mapping)
 * insert a grant P2M entry at host_addr's gfn. x86 PV (mm.c
 * create_grant_pv_mapping) writes a PTE, at the PTE address itself with
 * GNTMAP_contains_pte, user-accessible with GNTMAP_application_map: the
 * flags are accepted, the PTE write is not modelled (docs/fidelity.md).
 */
static GNTSIM_ALWAYS_INLINE int16_t map_host(struct xen *x, struct domain *ld,
                                             const struct gnttab_map_grant_ref *op,
                                             uint64_t mfn)
{
    bool ro = op->flags & GNTMAP_readonly;

    if (!ld->ops->translated)
        return GNTST_okay;
    if ((op->flags & ~(uint32_t)GNTMAP_readonly) != GNTMAP_host_map)
        return GNTST_general_error;
    if (p2m_set_entry(x, &ld->p2m, op->host_addr >> PAGE_SHIFT, mfn,
                      ro ? P2M_GRANT_MAP_RO : P2M_GRANT_MAP_RW))
        return GNTST_general_error;
    return GNTST_okay;
}

/* get_page_type(PGT_writable_page): x86 only, Arm's always succeeds and counts nothing.
 */
static bool map_get_type(struct xen *x, struct map_plan *p)
{
    if (!p->ld->ops->page_types)
        return true;
    if (!frames_get_type(&x->frames, p->mfn, PGT_WRITABLE_PAGE))
        return false;
    p->typecnt++;
    return true;
}

/*
 * Steps 11-12 before 00f67ee347 (XSA-224; 75b384ece6 on master, 4.10): one type reference
 * when the host mapping needs one, taken even for a device-only map; the host mapping;
 * then the device half's page and type references, unchecked. A writable device-only
 * map of an HVM domain's page by a PV domain thus takes no type reference, which its
 * unmap puts (gnttab_xsa224_types_held()).
 */
static GNTSIM_COLD int16_t map_refs_and_host_xsa224(struct xen *x,
                                                    const struct gnttab_map_grant_ref *op,
                                                    struct map_plan *p, uint16_t owner)
{
    bool ro = op->flags & GNTMAP_readonly;
    int16_t st;

    if (owner != p->rd->domid ||
        (gnttab_host_map_takes_type(ro, p->ld, p->rd) && !map_get_type(x, p)))
        return p->why = "Could not pin grant frame", GNTST_general_error;
    if (!(op->flags & GNTMAP_host_map))
        return GNTST_okay;
    st = map_host(x, p->ld, op, p->mfn);
    if (st != GNTST_okay)
        return p->why = "create_grant_host_mapping failed", st;
    p->host_created = true;
    if ((op->flags & GNTMAP_device_map) && frames_get(&x->frames, p->mfn, p->rd->domid)) {
        p->refcnt++; /* (void)get_page(pg, rd) */
        if (!ro)
            (void)map_get_type(x, p); /* get_page_type(), its failure ignored */
    }
    return GNTST_okay;
}

GNTSIM_COLD bool gnttab_xsa224_types_held(struct xen *x, const struct domain *ld,
                                          const struct domain *rd, uint64_t mfn,
                                          uint32_t halves)
{
    bool ro = halves & GNTMAP_readonly;
    uint32_t puts = 0;

    if ((halves & GNTMAP_device_map) && !ro && ld->ops->page_types)
        puts++; /* put_page_and_type() */
    if ((halves & GNTMAP_host_map) && gnttab_host_map_takes_type(ro, ld, rd))
        puts++;
    if (frames_type_count(&x->frames, mfn) >= puts)
        return true;
    xen_bug(x, "put_page_type without a type reference (XSA-224, before 00f67ee347)");
    return false;
}

/* Step 11-12: page and type references by owner, then the host mapping. */
static int16_t map_refs_and_host(struct xen *x, const struct gnttab_map_grant_ref *op,
                                 struct map_plan *p)
{
    uint16_t owner = frames_owner(&x->frames, p->mfn);
    bool ro = op->flags & GNTMAP_readonly;
    int16_t st;

    if (p->first_pin_ref)
        p->refcnt = 1;                              /* from get_paged_frame() */
    else if (frames_get(&x->frames, p->mfn, owner)) /* page_get_owner_and_reference() */
        p->refcnt = 1;
    if (!p->refcnt || owner == PAGE_OWNER_IO) {
        if (paging_mode_external(p->ld))
            return p->why = "HVM guests can't grant map iomem", GNTST_general_error;
        return p->why = "Iomem mapping not modelled for PV", GNTST_general_error;
    }
    if (unlikely(!x->prof->map_type_refs_counted))
        return map_refs_and_host_xsa224(x, op, p, owner);
    if (owner != p->rd->domid ||
        ((op->flags & GNTMAP_device_map) && !ro && !map_get_type(x, p)))
        return p->why = "Could not pin grant frame", GNTST_general_error;
    if (!(op->flags & GNTMAP_host_map))
        return GNTST_okay;
    if (op->flags & GNTMAP_device_map) {
        if (!frames_get(&x->frames, p->mfn, p->rd->domid))
            return p->why = "Could not pin grant frame", GNTST_general_error;
        p->refcnt++;
    }
    if (gnttab_host_map_takes_type(ro, p->ld, p->rd) && !map_get_type(x, p))
        return p->why = "Could not pin grant frame", GNTST_general_error;
    st = map_host(x, p->ld, op, p->mfn);
    if (st != GNTST_okay)
        return p->why = "create_grant_host_mapping failed", st;
    p->host_created = true;
    return GNTST_okay;
}

/*
 * undo_out: what map_grant_ref() reverts after a late failure; the pins are dropped under
 * the active entry's lock (grant_table.c map_grant_ref, active_entry_acquire since
 * b4650e9a96; RELEASE-4.11.0 to master).
 */
static void map_undo(struct xen *x, const struct gnttab_map_grant_ref *op,
                     struct map_plan *p)
{
    struct grant_table *rgt = &p->rd->gt;
    struct active_grant_entry *act;

    if (p->host_created) { /* replace_grant_host_mapping() + gnttab_flush_tlb() */
        if (p->ld->ops->translated) /* no PV PTEs to clear in gntsim */
            p2m_remove_entry(x, &p->ld->p2m, op->host_addr >> PAGE_SHIFT, p->mfn,
                             x->prof->p2m_remove_checks_mfn);
        TRACE(x->trace, TLB_FLUSH, TA_U(p->ld->domid), TA_S("map undo"));
    }
    while (p->typecnt--)
        frames_put_type(&x->frames, p->mfn);
    while (p->refcnt--)
        frames_put(&x->frames, p->mfn);
    sim_lock(x->locks, LOCK_GT, p->rd->domid, 0, LOCK_READ);
    sim_lock(x->locks, LOCK_ACTIVE, p->rd->domid, op->ref, LOCK_WRITE);
    act = gnttab_active_locked(x, p->rd, op->ref);
    act->pin -= p->pin_incr;
    gnttab_reduce_status(x, rgt, op->ref, act, op->flags & GNTMAP_readonly);
    sim_unlock(x->locks, LOCK_ACTIVE, p->rd->domid, op->ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, p->rd->domid, 0, LOCK_READ);
}

/*
 * Step 14: publish the maptrack entry (flags last), release what the IOMMU step left
 * held (eras A/B: double_gt_lock, held across the publication) and fill the outputs.
 */
static void map_commit(struct xen *x, struct gnttab_map_grant_ref *op, struct map_plan *p)
{
    struct grant_mapping *mt = maptrack_entry(&p->ld->gt, p->handle);

    mt->domid = op->dom;
    mt->ref = op->ref;
    mt->flags = (uint16_t)(op->flags & 0x1f); /* GNTMAP bits 0-4 */
    gnttab_map_iommu_done(x, p->ld, p->rd, &p->pins);
    op->dev_bus_addr = p->mfn << PAGE_SHIFT;
    op->handle = p->handle;
    op->status = GNTST_okay;
}

void gnttab_map_one(struct xen *x, struct gnttab_map_grant_ref *op)
{
    struct map_plan p = {0};
    int16_t st = map_check_args(x, op, &p);

    if (st != GNTST_okay)
        return map_fail(x, op, st, p.why);
    p.handle = maptrack_get(x, p.ld, x->cur_vcpu);
    if (p.handle == INVALID_MAPTRACK_HANDLE)
        return map_fail(
            x, op, x->prof->maptrack_no_space ? GNTST_no_space : GNTST_no_device_space,
            "Failed to obtain maptrack handle");
    sim_lock(x->locks, LOCK_GT, p.rd->domid, 0, LOCK_READ);
    sim_lock(x->locks, LOCK_ACTIVE, p.rd->domid, op->ref, LOCK_WRITE);
    st = map_pin(x, op, &p);
    sim_unlock(x->locks, LOCK_ACTIVE, p.rd->domid, op->ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, p.rd->domid, 0, LOCK_READ);
    if (st == GNTST_okay) {
        st = map_refs_and_host(x, op, &p);
        if (st == GNTST_okay) {
            st = gnttab_map_iommu_step(x, p.ld, p.rd, p.mfn, op->flags, &p.pins);
            p.why = "IOMMU step failed";
        }
        if (st != GNTST_okay)
            map_undo(x, op, &p);
    }
    if (st != GNTST_okay) {
        maptrack_put(x, p.ld, p.handle);
        return map_fail(x, op, st, p.why);
    }
    map_commit(x, op, &p);
}
