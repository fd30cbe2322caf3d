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
 * The scheduler hook (struct sim_locks.at) runs at every acquisition, after the lock
 * entered the set, and at every release, after it left it; the interleaving explorer
 * attaches it, and its `before` hook decides where a vCPU stops (src/env/par.h), so
 * races replay deterministically.
 */
#ifndef GNTSIM_ENV_LOCK_H
#define GNTSIM_ENV_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "env/compiler.h"

struct trace;

/* The classes in their rank: a lock may only be taken while holding lower ranks. */
enum sim_lock_class {
    LOCK_GT,       /* grant_table->lock (rwlock), index 0 */
    LOCK_ACTIVE,   /* active_grant_entry->lock, index = ref */
    LOCK_MAPTRACK, /* grant_table->maptrack_lock, index 0 */
    LOCK_FREELIST, /* vcpu->maptrack_freelist_lock, index = vcpu */
    LOCK_ATOMIC,   /* no lock: a shared word accessed without one (sim_lock_point()) */
    LOCK_P2M,      /* the P2M lock (x86 p2m_lock/gfn_lock, Arm p2m write lock), index 0;
                      innermost: nothing is taken under it (ranks after LOCK_ATOMIC,
                      which is never held, so LOCK_ATOMIC's identities stay as they were) */
    LOCK_NR_CLASSES
};

/* LOCK_READ/LOCK_WRITE acquire or, for sim_lock_assert_held, ask for any/write mode. */
enum sim_lock_mode { LOCK_READ, LOCK_WRITE, LOCK_RELEASE_READ, LOCK_RELEASE_WRITE };

/* The most times a hypercall of a parallel block may restart itself after other vCPUs'
 * changes (a copy's ERESTART continuations) before sim_locks.bound_hit ends the run. */
#define SIM_PAR_RESTART_BOUND 1

/* Deepest nesting gntsim models is 3 (swap: GT write + two ACTIVE); room to spare. */
#define SIM_LOCK_MAX_HELD 8
/* A held lock is its identity (sim_lock_id()) with this bit set when held for writing. */
#define SIM_LOCK_WRITE_BIT (1ull << 63)

struct sim_locks {
    /*
     * Scheduler hook, NULL when running sequentially: called at each acquisition (with
     * the acquisition mode) and each release (LOCK_RELEASE_*). The interleaving explorer
     * switches modelled CPUs here; tests use it to act "at" a lock.
     */
    void (*at)(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
               enum sim_lock_mode mode);
    void *ctx;
    /*
     * The interleaving explorer's scheduling point (src/env/par.h), NULL otherwise:
     * called with the lock's identity and mode before an acquisition is checked and
     * entered; returns when the calling vCPU may take it. @always: a declared point
     * (sim_lock_point(), sim_lock_point_on()) or an acquisition out of the lock order
     * (sim_lock_unordered()), where the vCPU must stop whatever it did before. Only set
     * together with @at, which sends every acquisition to the slow path (the fast path
     * tests @at alone).
     */
    void (*before)(void *ctx, uint64_t id, enum sim_lock_mode mode, bool always);
    void *before_ctx;
    /*
     * Set by modelled code running under `before` (a parallel block) that met a bound the
     * explorer needs, where Xen would go on: a copy restarted by other vCPUs again and
     * again (a livelock Xen's fair CPUs leave). The block is abandoned at the next
     * scheduling point (sim_par_run() returns -ECANCELED, sim_par.bounded set).
     */
    bool bound_hit;
    /*
     * The held locks, oldest first: set[1 .. held]; set[0] stays 0, a "no lock" entry
     * that matches no lock and ranks below every class. Every acquisition is checked
     * against all of them, so their classes never decrease along the set (two GT locks
     * ascend by domid) and the newest held lock, set[held], has the highest: the inline
     * fast paths only look at it.
     */
    uint32_t held;
    uint64_t set[SIM_LOCK_MAX_HELD + 1];
    uint64_t acquisitions[LOCK_NR_CLASSES];
    uint64_t gt_pairs;  /* GT locks taken while one is held: double_gt_lock()'s second */
    uint64_t unordered; /* sim_lock_unordered() acquisitions: Xen's own order breaks */
    /* sim_locks_observe(): the trace that gets a LOCK event per acquisition (NULL:
     * none), and the hook @at stood for before. */
    struct trace *trace;
    void (*observed_at)(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                        enum sim_lock_mode mode);
    void *observed_ctx;
};

/*
 * Make every acquisition a LOCK event of @t (named after Xen's function:
 * grant_read_lock, grant_write_lock, active_entry_acquire, maptrack_lock,
 * maptrack_freelist_lock, p2m_lock), or stop with @t NULL. It takes the hook's place and
 * calls the hook that was there, so sequential runs pay nothing unless observed. Cannot
 * fail.
 */
void sim_locks_observe(struct sim_locks *l, struct trace *t);

/*
 * A lock's identity: class + 1 in bits 48-55 (0 there is the "no lock" entry), domain in
 * bits 32-47, index below. Cannot fail.
 */
static inline uint64_t sim_lock_id(enum sim_lock_class c, uint16_t dom, uint32_t idx)
{
    return (uint64_t)(c + 1) << 48 | (uint64_t)dom << 32 | idx;
}

/* The class of a held-set entry or identity (not the "no lock" entry). Cannot fail. */
static inline enum sim_lock_class sim_lock_class_of(uint64_t e)
{
    return (enum sim_lock_class)(((e >> 48) & 0xff) - 1);
}

/* The held-set entry for @id held in @mode (LOCK_READ or LOCK_WRITE). Cannot fail. */
static inline uint64_t sim_lock_entry(uint64_t id, enum sim_lock_mode mode)
{
    return id | (mode == LOCK_WRITE ? SIM_LOCK_WRITE_BIT : 0);
}

/*
 * The slow path of sim_lock(): @id may still be legal (two ACTIVE locks under their
 * table's write lock, an ACTIVE lock whose table lock is not the newest held); returns
 * if so, otherwise aborts (C1) naming the held lock and @id.
 */
void sim_lock_check(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode);
/*
 * The slow path of sim_unlock(): @id held in @mode but not the newest lock is removed
 * (the others keep their order); one not held in that mode aborts (C1).
 */
void sim_lock_release(struct sim_locks *l, uint64_t id, enum sim_lock_mode mode);
/*
 * The slow path of sim_lock_assert_held(): returns if @id is held (for writing if @mode
 * is LOCK_WRITE) below the newest lock, otherwise aborts (C1).
 */
void sim_lock_find_held(const struct sim_locks *l, uint64_t id, enum sim_lock_mode mode);

/*
 * The common acquisitions, legal at a glance from the newest held lock (set[held]) with
 * room in the set: LOCK_ACTIVE right after its table's LOCK_GT; any other class above
 * the newest's (or nothing held); double_gt_lock's second table for writing after a GT
 * write lock of a lower domid. Cannot fail.
 */
static inline bool sim_lock_fast(const struct sim_locks *l, enum sim_lock_class c,
                                 uint16_t dom, enum sim_lock_mode mode)
{
    const uint64_t top = l->set[l->held];
    const uint64_t gt0 = SIM_LOCK_WRITE_BIT | sim_lock_id(LOCK_GT, 0, 0);

    if (l->held >= SIM_LOCK_MAX_HELD)
        return false;
    if (c == LOCK_ACTIVE)
        return (top & ~SIM_LOCK_WRITE_BIT) == sim_lock_id(LOCK_GT, dom, 0);
    if (((top >> 48) & 0xff) <= (unsigned)c) /* class + 1 <= c: a lower class */
        return true;
    /* a read lock or another class wraps around to a large difference */
    return c == LOCK_GT && mode == LOCK_WRITE && top - gt0 < (uint64_t)dom << 32;
}

/*
 * sim_lock() beyond its fast path: an acquisition sim_lock_fast() cannot judge (checked
 * by sim_lock_check()), or one a hook observes. Enters the lock into the set, counts it
 * and calls the hook, as sim_lock() does. Cannot fail (C1 abort).
 */
void sim_lock_slow(struct sim_locks *l, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                   enum sim_lock_mode mode);
/*
 * sim_unlock() beyond its fast path: a lock that is not the newest held (removed by
 * sim_lock_release()), or a release a hook observes. Cannot fail (C1 abort).
 */
void sim_unlock_slow(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                     uint32_t idx, enum sim_lock_mode mode);

/*
 * Acquire a modelled lock in @mode (LOCK_READ or LOCK_WRITE). Cannot fail; a double
 * acquisition, an acquisition out of docs/locking.md's order or a full held set is a
 * gntsim bug (C1, abort). Inline: the common case (sim_lock_fast(), no hook attached)
 * costs a few compares and stores, with no call; anything else, an observed run
 * included, goes to sim_lock_slow(). @l is never NULL: the world's struct xen always
 * has its lock state.
 */
static inline void sim_lock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                            uint32_t idx, enum sim_lock_mode mode)
{
    const uint32_t held = l->held;

    if (unlikely(!sim_lock_fast(l, c, dom, mode) || l->at)) {
        sim_lock_slow(l, c, dom, idx, mode);
        return;
    }
    if (c == LOCK_GT && ((l->set[held] >> 48) & 0xff) == LOCK_GT + 1)
        l->gt_pairs++; /* the only nesting of two tables (docs/locking.md) */
    l->set[held + 1] = sim_lock_entry(sim_lock_id(c, dom, idx), mode);
    l->held = held + 1;
    l->acquisitions[c]++;
}

/* "ACTIVE d1 ref 8 (write)": held-set entry @e (identity and mode) into @buf. Cannot
 * fail (cut to @len). */
void sim_lock_describe(char *buf, size_t len, uint64_t e);

/*
 * A declared scheduling point: the modelled code is about to read (@mode LOCK_READ) or
 * change (LOCK_WRITE, a cmpxchg included) shared word (@dom, @idx) without a lock, as
 * Xen's lock-free code does (the maptrack free lists before 02cbeeb620). Under gntsim
 * explore the vCPU stops here as before a lock, and two points on one word conflict
 * unless both read; nothing is acquired. Sequentially nothing happens. Cannot fail.
 */
static inline void sim_lock_point(struct sim_locks *l, uint16_t dom, uint32_t idx,
                                  enum sim_lock_mode mode)
{
    if (l->before)
        l->before(l->before_ctx, sim_lock_id(LOCK_ATOMIC, dom, idx), mode, true);
}

/*
 * A declared point on a lock's data without taking the lock: an unlocked read of data
 * that lock's holders write (x86 xenmem_add_to_physmap_one()'s M2P read before
 * f147422bf9), or gntsim's own stand-in for a guest's P2M write. Under `gntsim
 * explore` the vCPU stops as before acquiring (@c, @dom, @idx) in @mode, waits while
 * another vCPU holds it in a conflicting mode, and conflicts with its acquisitions;
 * nothing is acquired. Sequentially nothing happens. Cannot fail.
 */
static inline void sim_lock_point_on(struct sim_locks *l, enum sim_lock_class c,
                                     uint16_t dom, uint32_t idx, enum sim_lock_mode mode)
{
    if (l->before)
        l->before(l->before_ctx, sim_lock_id(c, dom, idx), mode, true);
}

/*
 * Acquire a lock out of docs/locking.md's order because the modelled Xen code does so:
 * the code of a fix a profile knob reverts (XSA-411: release_grant_for_copy() under the
 * other table's active entry before 6e3aab858e). Only a double acquisition and a full
 * held set abort (C1), as in sim_lock(); the break is counted in @l->unordered. Later
 * acquisitions are judged against the set as it is. Cannot fail otherwise.
 */
void sim_lock_unordered(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                        uint32_t idx, enum sim_lock_mode mode);

/*
 * Release a modelled lock taken in @mode. Cannot fail; releasing a lock not held, or
 * held in the other mode, is a gntsim bug (C1, abort). Inline: releasing the newest
 * held lock (the usual nesting) with no hook attached is one compare; anything else is
 * sim_unlock_slow().
 */
static inline void sim_unlock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                              uint32_t idx, enum sim_lock_mode mode)
{
    const uint32_t held = l->held;

    if (likely(l->set[held] == sim_lock_entry(sim_lock_id(c, dom, idx), mode) && !l->at))
        l->held = held - 1;
    else
        sim_unlock_slow(l, c, dom, idx, mode);
}

/* Is lock (@c, @dom, @idx) held, for writing if @mode is LOCK_WRITE? Cannot fail. */
static inline bool sim_lock_is_held(const struct sim_locks *l, enum sim_lock_class c,
                                    uint16_t dom, uint32_t idx, enum sim_lock_mode mode)
{
    const uint64_t e = sim_lock_entry(sim_lock_id(c, dom, idx), mode);
    const uint64_t ignore = mode == LOCK_WRITE ? 0 : SIM_LOCK_WRITE_BIT;

    for (uint32_t i = l->held; i; i--) /* newest first: usually the one */
        if ((l->set[i] | ignore) == (e | ignore))
            return true;
    return false;
}

/*
 * Xen's ASSERT(rw_is_locked()) / ASSERT(spin_is_locked()): the caller holds (@c, @dom,
 * @idx), for writing if @mode is LOCK_WRITE (LOCK_READ: either mode); @l is never NULL.
 * Returns only if held; otherwise a gntsim bug (C1, abort).
 * Inline: the newest held lock is compared, then the one below it; the others out of
 * line.
 */
static inline void sim_lock_assert_held(const struct sim_locks *l, enum sim_lock_class c,
                                        uint16_t dom, uint32_t idx,
                                        enum sim_lock_mode mode)
{
    const uint64_t id = sim_lock_id(c, dom, idx);
    const uint64_t ignore = mode == LOCK_WRITE ? 0 : SIM_LOCK_WRITE_BIT;

    if (likely((l->set[l->held] | ignore) == (sim_lock_entry(id, mode) | ignore)))
        return;
    /* the one below: mapkind()'s first table, under double_gt_lock's second */
    if (l->held > 1 &&
        (l->set[l->held - 1] | ignore) == (sim_lock_entry(id, mode) | ignore))
        return;
    sim_lock_find_held(l, id, mode);
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
