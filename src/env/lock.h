/* SPDX-License-Identifier: MIT */
/*
 * Modelled locks. Every lock the modelled Xen code takes goes through here
 * (docs/locking.md lists them and their order). A lock is named by (class, domain,
 * index), so modelled structures carry no lock state of their own.
 *
 * Sequentially, a lock is an entry in a small held-lock set: acquisition checks it
 * against the locks already held (no double acquisition, docs/locking.md's order),
 * release checks that it was held in that mode, and accessors assert the lock they need
 * (sim_lock_assert_held). A break is a gntsim bug (C1, abort naming the locks).
 *
 * The scheduler hook (struct sim_locks.at) is the scheduling point of the future
 * interleaving explorer: it runs at every acquisition, after the lock entered the set,
 * and at every release, after it left it, so races replay deterministically.
 */
#ifndef GNTSIM_ENV_LOCK_H
#define GNTSIM_ENV_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "env/compiler.h"

/* The classes in their rank: a lock may only be taken while holding lower ranks. */
enum sim_lock_class {
    LOCK_GT,       /* grant_table->lock (rwlock), index 0 */
    LOCK_ACTIVE,   /* active_grant_entry->lock, index = ref */
    LOCK_MAPTRACK, /* grant_table->maptrack_lock, index 0 */
    LOCK_FREELIST, /* vcpu->maptrack_freelist_lock, index = vcpu */
    LOCK_NR_CLASSES
};

/* LOCK_READ/LOCK_WRITE acquire or, for sim_lock_assert_held, ask for any/write mode. */
enum sim_lock_mode { LOCK_READ, LOCK_WRITE, LOCK_RELEASE_READ, LOCK_RELEASE_WRITE };

/* Deepest nesting gntsim models is 3 (swap: GT write + two ACTIVE); room to spare. */
#define SIM_LOCK_MAX_HELD 8

/* One held lock: its identity (sim_lock_id()) and LOCK_READ or LOCK_WRITE. */
struct sim_lock_held {
    uint64_t id;
    enum sim_lock_mode mode;
};

struct sim_locks {
    /*
     * Scheduler hook, NULL when running sequentially: called at each acquisition (with
     * the acquisition mode) and each release (LOCK_RELEASE_*). The interleaving explorer
     * switches modelled CPUs here; tests use it to act "at" a lock.
     */
    void (*at)(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
               enum sim_lock_mode mode);
    void *ctx;
    uint32_t held; /* locks currently held: set[0 .. held) */
    struct sim_lock_held set[SIM_LOCK_MAX_HELD];
    uint64_t acquisitions[LOCK_NR_CLASSES];
};

/*
 * A lock's identity: class in bits 48-55 (so ids order by class first), domain in bits
 * 32-47, index below. Cannot fail.
 */
static inline uint64_t sim_lock_id(enum sim_lock_class c, uint16_t dom, uint32_t idx)
{
    return (uint64_t)c << 48 | (uint64_t)dom << 32 | idx;
}

/*
 * The slow path of sim_lock(): @id may still be legal (two GT write locks in domid order,
 * two ACTIVE locks under their table's write lock); returns if so, otherwise aborts (C1)
 * naming the held lock and @id.
 */
void sim_lock_check(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode);
/* A release of @id in @mode that is not held in that mode: aborts (C1). Never returns. */
GNTSIM_NORETURN void sim_lock_bad_release(const struct sim_locks *l, uint64_t id,
                                          enum sim_lock_mode mode);
/* sim_lock_assert_held() found @id not held in @mode: aborts (C1). Never returns. */
GNTSIM_NORETURN void sim_lock_not_held(const struct sim_locks *l, uint64_t id,
                                       enum sim_lock_mode mode);

/*
 * Acquire a modelled lock in @mode (LOCK_READ or LOCK_WRITE). Cannot fail; a double
 * acquisition, an acquisition out of docs/locking.md's order or a full held set is a
 * gntsim bug (C1, abort). Inline: the common case (every held lock of a lower class,
 * and for LOCK_ACTIVE its table's LOCK_GT among them) is one pass over the few held
 * locks; anything else goes to sim_lock_check().
 */
static inline void sim_lock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                            uint32_t idx, enum sim_lock_mode mode)
{
    const uint64_t id = sim_lock_id(c, dom, idx), gt = sim_lock_id(LOCK_GT, dom, 0);
    const uint64_t rank = (uint64_t)c << 48; /* every id of a lower class is below */
    bool ordered = true, table = c != LOCK_ACTIVE;
    uint32_t n;

    if (!l)
        return;
    n = l->held;
    for (uint32_t i = 0; i < n; i++) {
        ordered &= l->set[i].id < rank;
        table |= l->set[i].id == gt;
    }
    if (unlikely(!ordered || !table || n == SIM_LOCK_MAX_HELD))
        sim_lock_check(l, id, mode);
    l->set[n] = (struct sim_lock_held){id, mode};
    l->held = n + 1;
    l->acquisitions[c]++;
    if (l->at)
        l->at(l->ctx, c, dom, idx, mode);
}

/*
 * Release a modelled lock taken in @mode. Cannot fail; releasing a lock not held, or
 * held in the other mode, is a gntsim bug (C1, abort).
 */
static inline void sim_unlock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                              uint32_t idx, enum sim_lock_mode mode)
{
    const uint64_t id = sim_lock_id(c, dom, idx);
    uint32_t i;

    if (!l)
        return;
    for (i = l->held; i && l->set[i - 1].id != id; i--) /* newest first: usually LIFO */
        ;
    if (unlikely(!i || l->set[i - 1].mode != mode))
        sim_lock_bad_release(l, id, mode);
    l->set[i - 1] = l->set[--l->held];
    if (l->at)
        l->at(l->ctx, c, dom, idx,
              mode == LOCK_READ ? LOCK_RELEASE_READ : LOCK_RELEASE_WRITE);
}

/* Is lock (@c, @dom, @idx) held, for writing if @mode is LOCK_WRITE? Cannot fail. */
static inline bool sim_lock_is_held(const struct sim_locks *l, enum sim_lock_class c,
                                    uint16_t dom, uint32_t idx, enum sim_lock_mode mode)
{
    const uint64_t id = sim_lock_id(c, dom, idx);

    for (uint32_t i = 0; i < l->held; i++)
        if (l->set[i].id == id)
            return mode != LOCK_WRITE || l->set[i].mode == LOCK_WRITE;
    return false;
}

/*
 * Xen's ASSERT(rw_is_locked()) / ASSERT(spin_is_locked()): the caller holds (@c, @dom,
 * @idx), for writing if @mode is LOCK_WRITE (LOCK_READ: either mode). A NULL @l (no
 * locks modelled) passes. Returns only if held; otherwise a gntsim bug (C1, abort).
 */
static inline void sim_lock_assert_held(const struct sim_locks *l, enum sim_lock_class c,
                                        uint16_t dom, uint32_t idx,
                                        enum sim_lock_mode mode)
{
    if (l && unlikely(!sim_lock_is_held(l, c, dom, idx, mode)))
        sim_lock_not_held(l, sim_lock_id(c, dom, idx), mode);
}

/* True when no scheduler hook is attached: acquisitions are not scheduling points. */
static inline bool sim_lock_sequential(const struct sim_locks *l)
{
    return !l || !l->at;
}

/*
 * What @n back-to-back sim_lock()/sim_unlock() pairs of class @c leave behind in a
 * sequential run (sim_lock_sequential(): no hook to call): the acquisition count; the
 * held set is as before. For scans that take one lock per entry (grant_map_exists), whose
 * caller has checked the order once. Cannot fail.
 */
static inline void sim_lock_pairs_sequential(struct sim_locks *l, enum sim_lock_class c,
                                             uint64_t n)
{
    if (l)
        l->acquisitions[c] += n;
}

#endif
