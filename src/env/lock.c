/* SPDX-License-Identifier: MIT */
/*
 * Modelled locks: the rules sim_lock() leaves to its slow path, and the C1 reports
 * (the fast paths are inline in lock.h). The rules are docs/locking.md's.
 */
#include <stdio.h>

#include "env/lock.h"
#include "env/trace.h"

static uint16_t id_dom(uint64_t id)
{
    return (uint16_t)(id >> 32);
}

static uint32_t id_idx(uint64_t id)
{
    return (uint32_t)id;
}

static uint64_t entry_id(uint64_t e)
{
    return e & ~SIM_LOCK_WRITE_BIT;
}

static enum sim_lock_mode entry_mode(uint64_t e)
{
    return e & SIM_LOCK_WRITE_BIT ? LOCK_WRITE : LOCK_READ;
}

/* "ACTIVE d1 ref 8 (write)": a lock for a C1 report. */
static const char *lock_name(char *buf, size_t len, uint64_t id, enum sim_lock_mode mode)
{
    static const char *const cls[LOCK_NR_CLASSES] = {[LOCK_GT] = "GT",
                                                     [LOCK_ACTIVE] = "ACTIVE",
                                                     [LOCK_MAPTRACK] = "MAPTRACK",
                                                     [LOCK_FREELIST] = "FREELIST",
                                                     [LOCK_ATOMIC] = "WORD",
                                                     [LOCK_P2M] = "P2M"};
    static const char *const idx[LOCK_NR_CLASSES] = {
        [LOCK_GT] = "",          [LOCK_ACTIVE] = " ref",
        [LOCK_MAPTRACK] = "",    [LOCK_FREELIST] = " vcpu",
        [LOCK_ATOMIC] = " word", [LOCK_P2M] = ""};
    unsigned c = sim_lock_class_of(id); /* out of range for a corrupt id */
    const char *m = mode == LOCK_WRITE || mode == LOCK_RELEASE_WRITE ? "write" : "read";

    if (c >= (unsigned)LOCK_NR_CLASSES) {
        snprintf(buf, len, "lock id %#llx", (unsigned long long)id);
        return buf;
    }
    if (*idx[c])
        snprintf(buf, len, "%s d%u%s %u (%s)", cls[c], (unsigned)id_dom(id), idx[c],
                 (unsigned)id_idx(id), m);
    else
        snprintf(buf, len, "%s d%u (%s)", cls[c], (unsigned)id_dom(id), m);
    return buf;
}

void sim_lock_describe(char *buf, size_t len, uint64_t e)
{
    lock_name(buf, len, entry_id(e), entry_mode(e));
}

/* Abort (C1): acquiring @id in @mode conflicts with the held entry @h for reason @why. */
GNTSIM_NORETURN static void conflict(uint64_t h, uint64_t id, enum sim_lock_mode mode,
                                     const char *why)
{
    char a[64], b[64];

    GNTSIM_BUG("C1", "acquiring %s while holding %s: %s",
               lock_name(a, sizeof(a), id, mode),
               lock_name(b, sizeof(b), entry_id(h), entry_mode(h)), why);
}

/* The index in the held set (1 .. held) of the lock with identity @id, or -1. */
static int find(const struct sim_locks *l, uint64_t id)
{
    for (uint32_t i = 1; i <= l->held; i++)
        if (entry_id(l->set[i]) == id)
            return (int)i;
    return -1;
}

/* Two locks of one class: legal only where docs/locking.md says Xen does it. */
static void check_same_class(const struct sim_locks *l, uint64_t h, uint64_t id,
                             enum sim_lock_mode mode)
{
    int gt;

    switch (sim_lock_class_of(id)) {
    case LOCK_GT: /* double_gt_lock(): both for writing, lower domid first */
        if (entry_mode(h) != LOCK_WRITE || mode != LOCK_WRITE)
            conflict(h, id, mode, "two grant-table locks only both for writing");
        if (id_dom(h) > id_dom(id))
            conflict(h, id, mode, "two grant-table locks only lower domid first");
        return;
    case LOCK_ACTIVE: /* several active entries only under the table's write lock */
        gt = find(l, sim_lock_id(LOCK_GT, id_dom(id), 0));
        if (id_dom(h) != id_dom(id) || gt < 0 || entry_mode(l->set[gt]) != LOCK_WRITE)
            conflict(h, id, mode,
                     "two active entries only of one table, under its write lock");
        return;
    case LOCK_MAPTRACK:
    case LOCK_FREELIST:
    case LOCK_ATOMIC:
    case LOCK_P2M:
    case LOCK_NR_CLASSES:
        break;
    }
    conflict(h, id, mode, "never two locks of this class");
}

/* No acquisition ever: a full held set, @id already held. */
static void check_room_and_double(const struct sim_locks *l, uint64_t id,
                                  enum sim_lock_mode mode)
{
    char a[64];
    int at = find(l, id);

    if (l->held >= SIM_LOCK_MAX_HELD)
        GNTSIM_BUG("C1", "acquiring %s with %u locks held: the held set is full",
                   lock_name(a, sizeof(a), id, mode), (unsigned)l->held);
    if (at >= 0)
        conflict(l->set[at], id, mode, "double acquisition");
}

void sim_lock_check(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode)
{
    char a[64];

    check_room_and_double(l, id, mode);
    for (uint32_t i = 1; i <= l->held; i++) {
        if (sim_lock_class_of(l->set[i]) > sim_lock_class_of(id))
            conflict(l->set[i], id, mode,
                     "out of order (GT < ACTIVE < MAPTRACK < FREELIST)");
    }
    for (uint32_t i = 1; i <= l->held; i++)
        if (sim_lock_class_of(l->set[i]) == sim_lock_class_of(id))
            check_same_class(l, l->set[i], id, mode);
    if (sim_lock_class_of(id) == LOCK_ACTIVE &&
        find(l, sim_lock_id(LOCK_GT, id_dom(id), 0)) < 0)
        GNTSIM_BUG("C1", "acquiring %s without its grant table's lock",
                   lock_name(a, sizeof(a), id, mode));
}

void sim_lock_release(struct sim_locks *l, uint64_t id, enum sim_lock_mode mode)
{
    int at = find(l, id);
    char a[64], b[64];

    if (at < 0)
        GNTSIM_BUG("C1", "release of %s, which is not held (%u locks held)",
                   lock_name(a, sizeof(a), id, mode), (unsigned)l->held);
    if (entry_mode(l->set[at]) != mode)
        GNTSIM_BUG("C1", "release of %s, held as %s", lock_name(a, sizeof(a), id, mode),
                   lock_name(b, sizeof(b), id, entry_mode(l->set[at])));
    for (uint32_t i = (uint32_t)at; i < l->held; i++)
        l->set[i] = l->set[i + 1];
    l->held--;
}

void sim_lock_slow(struct sim_locks *l, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                   enum sim_lock_mode mode)
{
    const uint64_t id = sim_lock_id(c, dom, idx);

    if (l->before)
        l->before(l->before_ctx, id, mode, false);
    if (!sim_lock_fast(l, c, dom, mode))
        sim_lock_check(l, id, mode);
    if (c == LOCK_GT && ((l->set[l->held] >> 48) & 0xff) == LOCK_GT + 1)
        l->gt_pairs++; /* the only nesting of two tables (docs/locking.md) */
    l->set[++l->held] = sim_lock_entry(id, mode);
    l->acquisitions[c]++;
    if (l->at)
        l->at(l->ctx, c, dom, idx, mode);
}

void sim_lock_unordered(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                        uint32_t idx, enum sim_lock_mode mode)
{
    const uint64_t id = sim_lock_id(c, dom, idx);

    if (l->before)
        l->before(l->before_ctx, id, mode, true);
    check_room_and_double(l, id, mode);
    l->set[++l->held] = sim_lock_entry(id, mode);
    l->acquisitions[c]++;
    l->unordered++;
    if (l->at)
        l->at(l->ctx, c, dom, idx, mode);
}

void sim_unlock_slow(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                     uint32_t idx, enum sim_lock_mode mode)
{
    const uint64_t id = sim_lock_id(c, dom, idx);

    if (l->set[l->held] == sim_lock_entry(id, mode))
        l->held--;
    else
        sim_lock_release(l, id, mode);
    if (l->at)
        l->at(l->ctx, c, dom, idx,
              mode == LOCK_READ ? LOCK_RELEASE_READ : LOCK_RELEASE_WRITE);
}

void sim_lock_find_held(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode)
{
    int at = find(l, id);
    char a[64], b[64];

    if (at >= 0 && (mode != LOCK_WRITE || entry_mode(l->set[at]) == LOCK_WRITE))
        return;
    if (at >= 0)
        GNTSIM_BUG("C1", "%s needed, held as %s", lock_name(a, sizeof(a), id, mode),
                   lock_name(b, sizeof(b), id, entry_mode(l->set[at])));
    GNTSIM_BUG("C1", "%s needed, not held (%u locks held)",
               lock_name(a, sizeof(a), id, mode), (unsigned)l->held);
}

/* The observing hook: a LOCK event per acquisition, then the hook it stands for. */
static void lock_observed(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                          enum sim_lock_mode mode)
{
    static const char *const rd[LOCK_NR_CLASSES] = {
        [LOCK_GT] = "grant_read_lock",
        [LOCK_ACTIVE] = "active_entry_acquire",
        [LOCK_MAPTRACK] = "maptrack_lock",
        [LOCK_FREELIST] = "maptrack_freelist_lock",
        [LOCK_ATOMIC] = "",
        [LOCK_P2M] = "p2m_lock"};
    struct sim_locks *l = ctx;
    char what[24] = "";

    if (mode == LOCK_READ || mode == LOCK_WRITE) {
        if (c == LOCK_ACTIVE)
            snprintf(what, sizeof(what), "ref %u", idx);
        else if (c == LOCK_FREELIST)
            snprintf(what, sizeof(what), "v%u", idx);
        TRACE(l->trace, LOCK, TA_U(dom),
              TA_S(c == LOCK_GT && mode == LOCK_WRITE ? "grant_write_lock" : rd[c]),
              TA_S(what));
    }
    if (l->observed_at)
        l->observed_at(l->observed_ctx, c, dom, idx, mode);
}

void sim_locks_observe(struct sim_locks *l, struct trace *t)
{
    if (t && !l->trace) {
        l->observed_at = l->at;
        l->observed_ctx = l->ctx;
        l->at = lock_observed;
        l->ctx = l;
    } else if (!t && l->trace && l->at == lock_observed) {
        l->at = l->observed_at;
        l->ctx = l->observed_ctx;
    }
    l->trace = t;
}
