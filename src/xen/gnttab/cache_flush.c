/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_cache_flush (xen/common/grant_table.c _cache_flush,
 * grant_map_exists, gnttab_cache_flush; CONFIG_HAS_GRANT_CACHE_FLUSH, Arm).
 * A guest asks Xen to clean and/or invalidate part of one machine frame it
 * may DMA to: its own page, or a foreign page it has a grant pinned for.
 * Simplified: no hypercall preemption (the scan runs to its end in steps of
 * 4096 refs). From 4.21 an x86 caller never gets here (5642a6055c: -ENOSYS in
 * gnttab_hypercall, profile cache_flush_needs_has); before, x86 callers are
 * treated as Arm.
 */
#include <errno.h>

#include "hw/cache.h"
#include "xen/gnttab/cache_flush.h"

#define CFLUSH_SCAN_STEP (1u << GNTTABOP_CONTINUATION_ARG_SHIFT)

/* grant_map_exists()'s test of one active entry, made under its lock in Xen. */
static inline bool cflush_hit(const struct active_grant_entry *act, uint16_t ldom,
                              uint64_t mfn)
{
    return act->pin && act->domid == ldom && act->mfn == mfn;
}

/*
 * Index of the first of @act[0, @n) that cflush_hit() accepts, or @n: every entry in
 * order, a block of four passed over when none of the four holds @mfn (an entry on
 * another frame never matches: four frames unequal are its four tests failing).
 */
static inline uint32_t cflush_run(const struct active_grant_entry *act, uint32_t n,
                                  uint16_t ldom, uint64_t mfn)
{
    const struct active_grant_entry *a = act, *blocks = act + (n & ~3u), *end = act + n;

    for (; a < blocks; a += 4)
        if (a[0].mfn == mfn || a[1].mfn == mfn || a[2].mfn == mfn || a[3].mfn == mfn)
            for (unsigned i = 0; i < 4; i++)
                if (cflush_hit(&a[i], ldom, mfn))
                    return (uint32_t)(a - act) + i;
    for (; a < end; a++)
        if (cflush_hit(a, ldom, mfn))
            break;
    return (uint32_t)(a - act);
}

/*
 * The scan of refs [@ref, @end) in a sequential run: the same entries in the same order
 * and the same test, walked an active page at a time, with the active-entry lock's
 * bookkeeping for every entry visited added at the end (nothing can interleave).
 * Returns the ref it stopped at; *@hit: whether that ref matched.
 */
static uint32_t cflush_scan_seq(struct sim_locks *locks, const struct grant_table *rgt,
                                uint16_t ldom, uint64_t mfn, uint32_t ref, uint32_t end,
                                bool *hit)
{
    const uint32_t start = ref;

    *hit = false;
    while (ref < end && !*hit) {
        const struct active_grant_entry *act = gnttab_active(rgt, ref), *a = act;
        uint32_t stop = (ref / GRANT_V1_PER_PAGE + 1) * GRANT_V1_PER_PAGE;
        const struct active_grant_entry *last = act + ((stop < end ? stop : end) - ref);

        a += cflush_run(act, (uint32_t)(last - act), ldom, mfn);
        *hit = a < last;
        ref += (uint32_t)(a - act);
    }
    sim_lock_pairs_sequential(locks, LOCK_ACTIVE, ref - start + *hit);
    return ref;
}

/* grant_map_exists(): one step of the scan of @rgt for an entry pinned by @ld on @mfn. */
static int cflush_scan_step(struct xen *x, const struct domain *ld, struct domain *owner,
                            uint64_t mfn, uint32_t *cur_ref)
{
    const struct grant_table *rgt = &owner->gt;
    struct sim_locks *locks = x->locks;
    const uint16_t odom = owner->domid, ldom = ld->domid;
    uint32_t nr = gnttab_nr_entries(rgt);
    uint32_t end = nr - *cur_ref > CFLUSH_SCAN_STEP ? *cur_ref + CFLUSH_SCAN_STEP : nr;
    uint32_t ref;
    bool hit = false;

    /* grant_map_exists(): "the remote grant table should be locked" (read) */
    sim_lock_assert_held(locks, LOCK_GT, odom, 0, LOCK_READ);
    if (sim_lock_sequential(locks)) {
        ref = cflush_scan_seq(locks, rgt, ldom, mfn, *cur_ref, end, &hit);
    } else { /* a scheduler attached: each entry's lock after the last one's release is
                a scheduling point */
        for (ref = *cur_ref; !hit && ref < end; ref += !hit) {
            sim_lock(locks, LOCK_ACTIVE, odom, ref, LOCK_WRITE);
            hit = cflush_hit(gnttab_active(rgt, ref), ldom, mfn);
            sim_unlock(locks, LOCK_ACTIVE, odom, ref, LOCK_WRITE);
        }
    }
    if (hit)
        return 0;
    if (ref < nr) {
        *cur_ref = ref;
        return 1; /* more to scan: Xen may preempt here */
    }
    return -EINVAL;
}

/* The caller @d may flush @mfn: it owns it, or holds a pinned grant of its owner. */
static int cflush_permitted(struct xen *x, struct domain *d, struct domain *owner,
                            uint64_t mfn, uint32_t *cur_ref)
{
    int rc = 1;

    if (d == owner)
        return 0;
    sim_lock(x->locks, LOCK_GT, owner->domid, 0, LOCK_READ);
    while (rc == 1) /* no preemption modelled: continue where the step stopped */
        rc = cflush_scan_step(x, d, owner, mfn, cur_ref);
    sim_unlock(x->locks, LOCK_GT, owner->domid, 0, LOCK_READ);
    return rc;
}

static enum hw_cache_op cflush_hw_op(uint32_t op)
{
    if ((op & GNTTAB_CACHE_INVAL) && (op & GNTTAB_CACHE_CLEAN))
        return HW_CACHE_CLEAN_INVAL; /* clean_and_invalidate_dcache_va_range */
    return (op & GNTTAB_CACHE_INVAL) ? HW_CACHE_INVAL : HW_CACHE_CLEAN;
}

/*
 * A DOMID_IO page: page_get_owner_and_reference() takes a reference and returns
 * dom_io, which has no grant table. `!owner || !owner->grant_table` gives -EPERM and
 * keeps that reference (every release); before c3d830b244 (XSA-232, profile
 * cflush_checks_gt) Xen went on to lock owner->grant_table: a NULL dereference, Xen
 * down.
 */
static int cflush_system_owner(struct xen *x, uint64_t mfn)
{
    frames_get(&x->frames, mfn, PAGE_OWNER_IO); /* allocated: cannot fail */
    if (!x->prof->cflush_checks_gt)
        xen_bug(x, "grant_table.c:cache_flush NULL owner->grant_table (dom_io)");
    return -EPERM;
}

/* _cache_flush(): one op. Returns 0 or a -errno; on error no cache state changed. */
static int cflush_one(struct xen *x, const struct gnttab_cache_flush *c,
                      uint32_t *cur_ref)
{
    uint64_t mfn = c->a.dev_bus_addr >> PAGE_SHIFT;
    struct domain *owner;
    uint16_t owner_id;
    int rc;

    if (c->offset >= PAGE_SIZE || c->length > PAGE_SIZE ||
        c->offset + c->length > PAGE_SIZE ||
        (c->op & ~(uint32_t)(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)))
        return -EINVAL; /* so GNTTAB_CACHE_SOURCE_GREF never reaches -EOPNOTSUPP */
    if (c->length == 0 || c->op == 0)
        return !*cur_ref ? 0 : -EILSEQ; /* the probe Linux's xen_mm_init issues */
    if (!frames_page_const(&x->frames, mfn))
        return -EINVAL; /* !mfn_valid() */
    owner_id = frames_owner(&x->frames, mfn);
    if (owner_id == PAGE_OWNER_IO)
        return cflush_system_owner(x, mfn);
    /* page_get_owner_and_reference(): a dying owner too, its grant table kept until it
     * is freed; DOMID_XEN/free: no grant table */
    owner = xen_domain_or_dying(x, owner_id);
    if (!owner || !frames_get(&x->frames, mfn, owner_id))
        return -EPERM; /* page_get_owner_and_reference() */
    rc = cflush_permitted(x, x->cur, owner, mfn, cur_ref);
    if (!rc) {
        enum hw_cache_op op = cflush_hw_op(c->op);
        uint64_t pa = (mfn << PAGE_SHIFT) + c->offset;

        hw_cache_maint(x->cache, pa, c->length, op);
        TRACE(x->trace, CACHE_OP, TA_U(pa), TA_U(c->length),
              TA_S(op == HW_CACHE_CLEAN_INVAL ? "clean+invalidate"
                   : op == HW_CACHE_INVAL     ? "invalidate"
                                              : "clean"));
    }
    frames_put(&x->frames, mfn);
    return rc;
}

long gnttab_cache_flush(struct xen *x, const struct gnttab_cache_flush *ops,
                        uint32_t count, uint32_t *cur_ref)
{
    for (uint32_t i = 0; i < count; i++) {
        const struct gnttab_cache_flush *c = &ops[i];
        int rc = cflush_one(x, c, cur_ref);

        TRACE(x->trace, CACHE_FLUSH_OP, TA_U(x->cur->domid), TA_U(c->a.dev_bus_addr),
              TA_U(c->offset), TA_U(c->length), TA_U(c->op), TA_D(rc));
        if (rc < 0)
            return rc;
        *cur_ref = 0;
    }
    *cur_ref = 0;
    return 0;
}
