/* SPDX-License-Identifier: MIT */
/*
 * Modelled locks. Every lock the modelled Xen code takes goes through here
 * (docs/locking.md lists them and their order). Sequentially a lock costs a
 * branch; when a scheduler is attached (the interleaving explorer), each
 * acquisition is a scheduling point, so races replay deterministically.
 * A lock is named by (class, domain, index), so modelled structures carry
 * no lock state of their own.
 */
#ifndef GNTSIM_ENV_LOCK_H
#define GNTSIM_ENV_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "env/compiler.h"

enum sim_lock_class {
    LOCK_GT,       /* grant_table->lock (rwlock), index 0 */
    LOCK_ACTIVE,   /* active_grant_entry->lock, index = ref */
    LOCK_MAPTRACK, /* grant_table->maptrack_lock, index 0 */
    LOCK_FREELIST, /* vcpu->maptrack_freelist_lock, index = vcpu */
    LOCK_NR_CLASSES
};

enum sim_lock_mode { LOCK_READ, LOCK_WRITE, LOCK_RELEASE_READ, LOCK_RELEASE_WRITE };

struct sim_locks {
    /* Scheduler hook, NULL when running sequentially. */
    void (*at)(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
               enum sim_lock_mode mode);
    void *ctx;
    uint32_t held; /* locks currently held (sequential bookkeeping) */
    uint64_t acquisitions[LOCK_NR_CLASSES];
};

/* A release with no lock held: a gntsim bug (C1). Never returns. */
GNTSIM_NORETURN void sim_lock_unheld(enum sim_lock_class c, uint16_t dom, uint32_t idx);

/*
 * Acquire/release a modelled lock. Cannot fail; a release without a hold is a gntsim bug
 * (C1). Inline: sequentially (no scheduler hook) a lock is two counter updates.
 */
static inline void sim_lock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                            uint32_t idx, enum sim_lock_mode mode)
{
    if (!l)
        return;
    l->acquisitions[c]++;
    l->held++;
    if (l->at)
        l->at(l->ctx, c, dom, idx, mode);
}

static inline void sim_unlock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom,
                              uint32_t idx, enum sim_lock_mode mode)
{
    if (!l)
        return;
    if (unlikely(l->held == 0))
        sim_lock_unheld(c, dom, idx);
    l->held--;
    if (l->at)
        l->at(l->ctx, c, dom, idx,
              mode == LOCK_READ ? LOCK_RELEASE_READ : LOCK_RELEASE_WRITE);
}

/* True when no scheduler hook is attached: acquisitions are not scheduling points. */
static inline bool sim_lock_sequential(const struct sim_locks *l)
{
    return !l || !l->at;
}

/*
 * What @n back-to-back sim_lock()/sim_unlock() pairs of class @c leave behind in a
 * sequential run (sim_lock_sequential(): no hook to call): the acquisition count. For
 * scans that take one lock per entry (grant_map_exists). Cannot fail.
 */
static inline void sim_lock_pairs_sequential(struct sim_locks *l, enum sim_lock_class c,
                                             uint64_t n)
{
    if (l)
        l->acquisitions[c] += n;
}

#endif
