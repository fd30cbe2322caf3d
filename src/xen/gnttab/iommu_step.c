/* SPDX-License-Identifier: MIT */
/*
 * The IOMMU step of grant map and unmap: whether the mapping domain gets a
 * 1:1 (dfn = mfn) IOMMU entry for a granted frame, in the three code eras
 * of xen/common/grant_table.c (map_grant_ref, unmap_common):
 *   A  pin transitions of this active entry, then mapkind()  (<= 4.12.1, 4.13.0)
 *   B  mapkind() alone, under double_gt_lock (921f1f4226)
 *   C  per-mfn rd/wr counters under the mapper's write lock (9781b51efd, XSA-380)
 */
#include <stdio.h>

#include "xen/gnttab/gnttab.h"
#include "xen/iommu.h"

#define MAPKIND_READ  1u
#define MAPKIND_WRITE 2u

bool gnttab_need_iommu_mapping(const struct xen *x, const struct domain *d)
{
    if (x->opts.force_need_iommu_mapping) /* a backport's answer, forced */
        return x->opts.force_need_iommu_mapping > 0;
    return d->ops->need_iommu_mapping(x, d); /* each architecture's rule: arch.c */
}

/* mapkind()'s test of one maptrack entry @e: @kind with a hit on @mfn added. */
static inline unsigned mapkind_entry(const struct grant_mapping *e,
                                     const struct grant_table *rgt, uint16_t rdomid,
                                     uint64_t mfn, unsigned kind)
{
    if (!(e->flags & (GNTMAP_device_map | GNTMAP_host_map)) || e->domid != rdomid)
        return kind;
    if (gnttab_active(rgt, e->ref)->mfn != mfn)
        return kind;
    return kind | ((e->flags & GNTMAP_readonly) ? MAPKIND_READ : MAPKIND_WRITE);
}

/*
 * mapkind()'s loop over the @n entries of one maptrack page @m, given the @kind found so
 * far: the same entries in the same order, stopping at the same one (a writable hit).
 * A block of eight entries none of which is a device or host mapping (their flags
 * OR'ed) is eight tests failing at their first condition, passed over at once.
 */
static unsigned mapkind_page(const struct grant_mapping *m, uint32_t n,
                             const struct grant_table *rgt, uint16_t rdomid, uint64_t mfn,
                             unsigned kind)
{
    const uint16_t live = GNTMAP_device_map | GNTMAP_host_map;
    const struct grant_mapping *e = m, *blocks = m + (n & ~7u), *end = m + n;

    if (kind & MAPKIND_WRITE)
        return kind;
    for (; e < blocks; e += 8) { /* kind changes only in a block with a live entry */
        if (!((e[0].flags | e[1].flags | e[2].flags | e[3].flags | e[4].flags |
               e[5].flags | e[6].flags | e[7].flags) &
              live))
            continue;
        for (unsigned i = 0; i < 8; i++)
            if ((kind = mapkind_entry(&e[i], rgt, rdomid, mfn, kind)) & MAPKIND_WRITE)
                return kind;
    }
    for (; e < end; e++)
        if ((kind = mapkind_entry(e, rgt, rdomid, mfn, kind)) & MAPKIND_WRITE)
            return kind;
    return kind;
}

/*
 * Xen grant_table.c mapkind() (era B, and A): scan all of @ld's maptrack entries, handle
 * 0 up to maptrack_limit, for live ones of granter @rd naming @mfn; a linear scan on
 * purpose (bench_gnttab shows it grow). Walked a maptrack page at a time. Both tables
 * write-locked, as Xen asserts (percpu_rw_is_write_locked, RELEASE-4.11.0 to 4.15.0).
 */
static unsigned mapkind(const struct xen *x, const struct domain *ld,
                        const struct domain *rd, uint64_t mfn)
{
    const struct grant_table *lgt = &ld->gt;
    unsigned kind = 0;

    sim_lock_assert_held(x->locks, LOCK_GT, ld->domid, 0, LOCK_WRITE);
    sim_lock_assert_held(x->locks, LOCK_GT, rd->domid, 0, LOCK_WRITE);
    for (uint32_t h = 0; !(kind & MAPKIND_WRITE) && h < lgt->maptrack_limit;
         h += MAPTRACK_PER_PAGE) {
        uint32_t n = lgt->maptrack_limit - h;

        kind = mapkind_page(maptrack_entry(lgt, h),
                            n < MAPTRACK_PER_PAGE ? n : MAPTRACK_PER_PAGE, &rd->gt,
                            rd->domid, mfn, kind);
    }
    return kind;
}

/* Forward: gnttab_mapkind_locked() needs double_gt_lock() and double_gt_unlock() below.
 */
static void double_gt_lock(struct xen *x, const struct domain *a, const struct domain *b);
static void double_gt_unlock(struct xen *x, const struct domain *a,
                             const struct domain *b);

unsigned gnttab_mapkind_locked(struct xen *x, struct domain *ld, struct domain *rd,
                               uint64_t mfn)
{
    unsigned kind;

    double_gt_lock(x, ld, rd);
    kind = mapkind(x, ld, rd, mfn);
    double_gt_unlock(x, ld, rd);
    return kind;
}

/* double_gt_lock()'s own event, while a trace or capture observes the locks: the
 * function, then its two acquisitions. Out of line: unobserved runs only test for it. */
static GNTSIM_NOINLINE void double_gt_event(struct xen *x, const struct domain *lo,
                                            const struct domain *hi)
{
    char what[16];

    snprintf(what, sizeof(what), "d%u", hi->domid);
    TRACE(x->trace, LOCK, TA_U(lo->domid), TA_S("double_gt_lock"), TA_S(what));
}

/* double_gt_lock(): both tables write-locked, lower domid first (Xen: lower address). */
static void double_gt_lock(struct xen *x, const struct domain *a, const struct domain *b)
{
    const struct domain *lo = a->domid < b->domid ? a : b;
    const struct domain *hi = lo == a ? b : a;

    if (unlikely(x->locks->trace != NULL))
        double_gt_event(x, lo, hi);
    sim_lock(x->locks, LOCK_GT, lo->domid, 0, LOCK_WRITE);
    if (hi != lo)
        sim_lock(x->locks, LOCK_GT, hi->domid, 0, LOCK_WRITE);
}

/* double_gt_unlock(): the two write locks released, higher domid first. */
static void double_gt_unlock(struct xen *x, const struct domain *a,
                             const struct domain *b)
{
    const struct domain *lo = a->domid < b->domid ? a : b;
    const struct domain *hi = lo == a ? b : a;

    if (hi != lo)
        sim_unlock(x->locks, LOCK_GT, hi->domid, 0, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, lo->domid, 0, LOCK_WRITE);
}

static const char *kind_name(unsigned iommuf)
{
    return iommuf == (IOMMUF_readable | IOMMUF_writable) ? "map rw"
           : iommuf == IOMMUF_readable                   ? "map r"
                                                         : "none";
}

static void decision(struct xen *x, const struct domain *ld, const struct domain *rd,
                     uint64_t mfn, unsigned iommuf, const char *why)
{
    TRACE(x->trace, IOMMU_DECISION, TA_U(ld->domid), TA_U(rd->domid), TA_U(mfn),
          TA_S(x->era->name), TA_S(kind_name(iommuf)), TA_S(why));
}

/*
 * Eras A and B, map side: decide from mapkind() (and, in A, the pins). On success both
 * tables stay write-locked for the maptrack entry's publication: "if
 * gnttab_need_iommu_mapping() then this would race with a concurrent mapkind() call ...
 * and a lock is required" (grant_table.c map_grant_ref, 40de9fffb4 to RELEASE-4.15.0;
 * every era A/B profile). Era C (9781b51efd) publishes after the lock.
 */
/* Era A: the entry's first pin (writable: its first writable pin) maps, unless
 * mapkind() already found such a mapping. */
static unsigned era_a_kind(unsigned kind, uint32_t flags, const struct map_iommu_ctx *ctx)
{
    const uint32_t w = GNTPIN_hstw_mask | GNTPIN_devw_mask;

    (void)flags;
    if ((ctx->new_pin & w) && !(ctx->old_pin & w))
        return (kind & MAPKIND_WRITE) ? 0 : IOMMUF_readable | IOMMUF_writable;
    if (ctx->new_pin && !ctx->old_pin)
        return kind ? 0 : IOMMUF_readable;
    return 0;
}

/* Era B: mapkind() alone (921f1f4226). */
static unsigned era_b_kind(unsigned kind, uint32_t flags, const struct map_iommu_ctx *ctx)
{
    (void)ctx;
    if (!(flags & GNTMAP_readonly) && !(kind & MAPKIND_WRITE))
        return IOMMUF_readable | IOMMUF_writable;
    return kind ? 0 : IOMMUF_readable;
}

/* Era A's decision (@era_a) or era B's: a constant in each caller, not a call through a
 * pointer. */
static int16_t map_step_ab(struct xen *x, struct domain *ld, struct domain *rd,
                           uint64_t mfn, uint32_t flags, struct map_iommu_ctx *ctx,
                           bool era_a)
{
    unsigned kind, iommuf;
    int rc = 0;

    double_gt_lock(x, ld, rd);
    kind = mapkind(x, ld, rd, mfn);
    iommuf = era_a ? era_a_kind(kind, flags, ctx) : era_b_kind(kind, flags, ctx);
    decision(x, ld, rd, mfn, iommuf,
             kind ? "mapkind found other mappings" : "mapkind: none");
    if (iommuf)
        rc = iommu_legacy_map(x, ld, mfn, mfn, iommuf);
    if (rc) {
        double_gt_unlock(x, ld, rd);
        return GNTST_general_error;
    }
    ctx->gt_held = true;
    return GNTST_okay;
}

static int16_t map_step_a(struct xen *x, struct domain *ld, struct domain *rd,
                          uint64_t mfn, uint32_t flags, struct map_iommu_ctx *ctx)
{
    return map_step_ab(x, ld, rd, mfn, flags, ctx, true);
}

static int16_t map_step_b(struct xen *x, struct domain *ld, struct domain *rd,
                          uint64_t mfn, uint32_t flags, struct map_iommu_ctx *ctx)
{
    return map_step_ab(x, ld, rd, mfn, flags, ctx, false);
}

/* Era C, map side: count this mapping in the per-mfn node. */
static int16_t map_step_c(struct xen *x, struct domain *ld, struct domain *rd,
                          uint64_t mfn, uint32_t flags, struct map_iommu_ctx *ctx)
{
    struct mt_radix *t = &ld->gt.maptrack_tree;
    bool ro = flags & GNTMAP_readonly;
    uint32_t r, w;
    unsigned iommuf;
    int err = 0;

    (void)ctx;
    sim_lock(x->locks, LOCK_GT, ld->domid, 0, LOCK_WRITE);
    mt_radix_get(t, mfn, &r, &w);
    if ((ro ? r : w) == MT_COUNTER_MAX)
        err = -EBUSY; /* the increment would overflow: node left as is */
    else
        err = mt_radix_set(t, mfn, r + ro, w + !ro);
    iommuf = err                        ? 0
             : (!ro && w + 1 == 1)      ? IOMMUF_readable | IOMMUF_writable
             : (ro && r + 1 == 1 && !w) ? IOMMUF_readable
                                        : 0;
    decision(x, ld, rd, mfn, iommuf, err ? "counter overflow" : "per-mfn counters");
    if (!err && iommuf && iommu_legacy_map(x, ld, mfn, mfn, iommuf)) {
        if (r || w)
            mt_radix_set(t, mfn, r, w);
        else
            mt_radix_delete(t, mfn);
        err = -EIO;
    }
    if (!err)
        TRACE(x->trace, IOMMU_COUNTER, TA_U(ld->domid), TA_U(mfn), TA_U(r + ro),
              TA_U(w + !ro));
    sim_unlock(x->locks, LOCK_GT, ld->domid, 0, LOCK_WRITE);
    return err ? GNTST_general_error : GNTST_okay;
}

/* The IOMMU step applies to foreign grants, and to self-grants before e8185c5f01. */
static bool step_applies(const struct xen *x, const struct domain *ld,
                         const struct domain *rd)
{
    if (ld == rd && x->prof->self_map_bypass)
        return false;
    return ld->need_iommu_mapping; /* gnttab_need_iommu_mapping(), fixed at creation */
}

int16_t gnttab_map_iommu_step(struct xen *x, struct domain *ld, struct domain *rd,
                              uint64_t mfn, uint32_t flags, struct map_iommu_ctx *ctx)
{
    if (!step_applies(x, ld, rd))
        return GNTST_okay;
    return x->era->map(x, ld, rd, mfn, flags, ctx);
}

void gnttab_map_iommu_done(struct xen *x, struct domain *ld, struct domain *rd,
                           struct map_iommu_ctx *ctx)
{
    if (ctx->gt_held)
        double_gt_unlock(x, ld, rd);
    ctx->gt_held = false;
}

/* Eras A and B, unmap side: recount with mapkind() after every successful unmap. */
static int16_t unmap_step_ab(struct xen *x, struct domain *ld, struct domain *rd,
                             uint64_t mfn, uint32_t flags, bool put_handle)
{
    unsigned kind;
    int err = 0;

    (void)flags, (void)put_handle;
    double_gt_lock(x, ld, rd);
    kind = mapkind(x, ld, rd, mfn);
    if (!kind)
        err = iommu_legacy_unmap(x, ld, mfn);
    else if (!(kind & MAPKIND_WRITE))
        err = iommu_legacy_map(x, ld, mfn, mfn, IOMMUF_readable);
    double_gt_unlock(x, ld, rd);
    return err ? GNTST_general_error : GNTST_okay;
}

/*
 * Era C, unmap side: count down; an underflow is Xen's BUG() (XSA-394). Before
 * 975a8fb45c every successful unmap counted down, even a partial one.
 */
static int16_t unmap_step_c(struct xen *x, struct domain *ld, struct domain *rd,
                            uint64_t mfn, uint32_t flags, bool put_handle)
{
    struct mt_radix *t = &ld->gt.maptrack_tree;
    bool ro = flags & GNTMAP_readonly;
    uint32_t r, w;
    int err = 0;

    (void)rd;
    if (!put_handle && x->prof->xsa394_fixed)
        return GNTST_okay;
    sim_lock(x->locks, LOCK_GT, ld->domid, 0, LOCK_WRITE);
    mt_radix_get(t, mfn, &r, &w);
    if (!(ro ? r : w)) {
        sim_unlock(x->locks, LOCK_GT, ld->domid, 0, LOCK_WRITE);
        xen_bug(x, "grant_table.c:unmap_common maptrack node refcount underflow");
        return GNTST_general_error;
    }
    r -= ro;
    w -= !ro;
    if (!r && !w)
        err = iommu_legacy_unmap(x, ld, mfn);
    else if (!ro && !w)
        err = iommu_legacy_map(x, ld, mfn, mfn, IOMMUF_readable);
    if (!err && !r && !w)
        mt_radix_delete(t, mfn);
    else if (!err)
        mt_radix_set(t, mfn, r, w); /* existing node: cannot fail */
    if (!err)
        TRACE(x->trace, IOMMU_COUNTER, TA_U(ld->domid), TA_U(mfn), TA_U(r), TA_U(w));
    sim_unlock(x->locks, LOCK_GT, ld->domid, 0, LOCK_WRITE);
    return err ? GNTST_general_error : GNTST_okay;
}

int16_t gnttab_unmap_iommu_step(struct xen *x, struct domain *ld, struct domain *rd,
                                uint64_t mfn, uint32_t flags, bool put_handle)
{
    if (!step_applies(x, ld, rd))
        return GNTST_okay;
    return x->era->unmap(x, ld, rd, mfn, flags, put_handle);
}

/* The three eras' IOMMU bookkeeping, chosen once per world (x->era). */
static const struct gnttab_era gnttab_eras[] = {
    [ERA_A] = {.name = "A", .map = map_step_a, .unmap = unmap_step_ab},
    [ERA_B] = {.name = "B", .map = map_step_b, .unmap = unmap_step_ab},
    [ERA_C] = {.name = "C", .map = map_step_c, .unmap = unmap_step_c, .counters = true},
};

const struct gnttab_era *gnttab_era_of(enum gnttab_iommu_era e)
{
    return &gnttab_eras[e];
}
