/* SPDX-License-Identifier: MIT */
/*
 * Modelled locks: the rules sim_lock() leaves to its slow path, and the C1 reports
 * (the fast paths are inline in lock.h). The rules are docs/locking.md's.
 */
#include <stdio.h>

#include "env/lock.h"

static enum sim_lock_class id_class(uint64_t id)
{
    return (enum sim_lock_class)(id >> 48);
}

static uint16_t id_dom(uint64_t id)
{
    return (uint16_t)(id >> 32);
}

static uint32_t id_idx(uint64_t id)
{
    return (uint32_t)id;
}

/* "ACTIVE d1 ref 8 (write)": a lock for a C1 report. */
static const char *lock_name(char *buf, size_t len, uint64_t id, enum sim_lock_mode mode)
{
    static const char *const cls[LOCK_NR_CLASSES] = {[LOCK_GT] = "GT",
                                                     [LOCK_ACTIVE] = "ACTIVE",
                                                     [LOCK_MAPTRACK] = "MAPTRACK",
                                                     [LOCK_FREELIST] = "FREELIST"};
    static const char *const idx[LOCK_NR_CLASSES] = {[LOCK_GT] = "",
                                                     [LOCK_ACTIVE] = " ref",
                                                     [LOCK_MAPTRACK] = "",
                                                     [LOCK_FREELIST] = " vcpu"};
    enum sim_lock_class c = id_class(id);
    const char *m = mode == LOCK_WRITE || mode == LOCK_RELEASE_WRITE ? "write" : "read";

    if (c >= LOCK_NR_CLASSES) {
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

/* Abort (C1): acquiring @id in @mode conflicts with the held @h for reason @why. */
GNTSIM_NORETURN static void conflict(const struct sim_lock_held *h, uint64_t id,
                                     enum sim_lock_mode mode, const char *why)
{
    char a[64], b[64];

    GNTSIM_BUG("C1", "acquiring %s while holding %s: %s",
               lock_name(a, sizeof(a), id, mode), lock_name(b, sizeof(b), h->id, h->mode),
               why);
}

/* The held lock with identity @id, or NULL. */
static const struct sim_lock_held *find(const struct sim_locks *l, uint64_t id)
{
    for (uint32_t i = 0; i < l->held; i++)
        if (l->set[i].id == id)
            return &l->set[i];
    return NULL;
}

/* Two locks of one class: legal only where docs/locking.md says Xen does it. */
static void check_same_class(const struct sim_locks *l, const struct sim_lock_held *h,
                             uint64_t id, enum sim_lock_mode mode)
{
    const struct sim_lock_held *gt;

    switch (id_class(id)) {
    case LOCK_GT: /* double_gt_lock(): both for writing, lower domid first */
        if (h->mode != LOCK_WRITE || mode != LOCK_WRITE)
            conflict(h, id, mode, "two grant-table locks only both for writing");
        if (id_dom(h->id) > id_dom(id))
            conflict(h, id, mode, "two grant-table locks only lower domid first");
        return;
    case LOCK_ACTIVE: /* several active entries only under the table's write lock */
        gt = find(l, sim_lock_id(LOCK_GT, id_dom(id), 0));
        if (id_dom(h->id) != id_dom(id) || !gt || gt->mode != LOCK_WRITE)
            conflict(h, id, mode,
                     "two active entries only of one table, under its write lock");
        return;
    case LOCK_MAPTRACK:
    case LOCK_FREELIST:
    case LOCK_NR_CLASSES:
        break;
    }
    conflict(h, id, mode, "never two locks of this class");
}

void sim_lock_check(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode)
{
    char a[64];

    if (l->held >= SIM_LOCK_MAX_HELD)
        GNTSIM_BUG("C1", "acquiring %s with %u locks held: the held set is full",
                   lock_name(a, sizeof(a), id, mode), (unsigned)l->held);
    for (uint32_t i = 0; i < l->held; i++) {
        if (l->set[i].id == id)
            conflict(&l->set[i], id, mode, "double acquisition");
        if (id_class(l->set[i].id) > id_class(id))
            conflict(&l->set[i], id, mode,
                     "out of order (GT < ACTIVE < MAPTRACK < FREELIST)");
    }
    for (uint32_t i = 0; i < l->held; i++)
        if (id_class(l->set[i].id) == id_class(id))
            check_same_class(l, &l->set[i], id, mode);
    if (id_class(id) == LOCK_ACTIVE && !find(l, sim_lock_id(LOCK_GT, id_dom(id), 0)))
        GNTSIM_BUG("C1", "acquiring %s without its grant table's lock",
                   lock_name(a, sizeof(a), id, mode));
}

void sim_lock_bad_release(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode)
{
    const struct sim_lock_held *h = find(l, id);
    char a[64], b[64];

    if (h)
        GNTSIM_BUG("C1", "release of %s, held as %s", lock_name(a, sizeof(a), id, mode),
                   lock_name(b, sizeof(b), h->id, h->mode));
    GNTSIM_BUG("C1", "release of %s, which is not held (%u locks held)",
               lock_name(a, sizeof(a), id, mode), (unsigned)l->held);
}

void sim_lock_not_held(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode)
{
    const struct sim_lock_held *h = find(l, id);
    char a[64], b[64];

    if (h)
        GNTSIM_BUG("C1", "%s needed, held as %s", lock_name(a, sizeof(a), id, mode),
                   lock_name(b, sizeof(b), h->id, h->mode));
    GNTSIM_BUG("C1", "%s needed, not held (%u locks held)",
               lock_name(a, sizeof(a), id, mode), (unsigned)l->held);
}
