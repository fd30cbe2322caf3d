/* SPDX-License-Identifier: MIT */
/*
 * Simulated vCPUs running concurrently: each runs one operation as a coroutine on its
 * own stack, and only one runs at a time. A vCPU switches only at a scheduling point:
 * before an acquisition of a modelled lock (sim_lock(), through struct sim_locks'
 * `before` hook) that follows a release since its previous point, that must wait, or
 * that breaks the lock order, and at each declared point (sim_lock_point()). There the
 * runtime decides who runs next among the vCPUs that can: not finished, and not
 * waiting for a lock another vCPU holds in a conflicting mode. A step, the code
 * between two points, runs atomically: acquisitions, then releases (Lipton's
 * reduction: an acquisition commutes with the other vCPUs' later steps, a release
 * with their earlier ones), which is exact for data the modelled locks protect
 * (docs/explore.md says what that leaves out and why no deadlock is lost).
 *
 * Each vCPU has its own held-lock set (swapped into struct sim_locks while it runs), so
 * the C1 rules hold per vCPU, as per CPU in Xen. The caller saves and restores its own
 * per-vCPU context ("current" in Xen, the running statement) in the switch hooks.
 * Deterministic: the same choices give the same run.
 */
#ifndef GNTSIM_ENV_PAR_H
#define GNTSIM_ENV_PAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "env/ctx.h"
#include "env/lock.h"

#define SIM_PAR_MAX 8 /* vCPUs in one parallel block */

struct sim_par;

#define SIM_PAR_FOOT_MAX 24 /* lock entries a footprint holds */

/*
 * What steps touched: the held-set entries (identity and mode, src/env/lock.h) of the
 * locks their vCPUs held, took, or waited for with nothing released before; two
 * footprints conflict where one lock appears in both, written in either (a step that
 * touches only what its locks protect commutes with a step on other locks).
 */
struct sim_par_foot {
    uint32_t n;
    bool all; /* unknown (a first step without sim_vcpu.start_known, a step without a
                 lock, a new block, more than the room): conflicts with every footprint */
    uint64_t e[SIM_PAR_FOOT_MAX];
};
/* Whether steps with footprints @a and @b may not commute. Cannot fail. */
bool sim_par_foot_conflict(const struct sim_par_foot *a, const struct sim_par_foot *b);

/*
 * vCPU stacks kept across runs (gntsim explore runs thousands): a stack is zeroed when
 * it is taken again, so the same run leaves the same bytes in it (sim_par_state()).
 */
struct sim_par_stacks {
    unsigned char *s[SIM_PAR_MAX];
    size_t dirty[SIM_PAR_MAX]; /* bytes below the top a run may have written */
};
/* Free the kept stacks. Safe on a zeroed struct. */
void sim_par_stacks_fini(struct sim_par_stacks *c);

struct sim_par_ops {
    /* The vCPU to run next among @enabled (bit i: vCPU i can run); called only where
     * more than one can. Returns one of them, or -1 to abandon the run. */
    int (*choose)(void *ctx, struct sim_par *p, uint32_t enabled);
    /* vCPU @t is about to run / just stopped running: restore / save its context. */
    void (*switch_in)(void *ctx, unsigned t);
    void (*switch_out)(void *ctx, unsigned t);
    /* vCPU @t's operation: runs on its own stack until it returns. */
    void (*run)(void *ctx, unsigned t);
};

struct sim_vcpu {
    struct sim_ctx ctx;
    unsigned char *stack; /* its own stack, SIM_PAR_STACK bytes, zeroed */
    bool started, done;
    /* set by the caller: the code before its first lock touches nothing another vCPU
     * does (a hypercall's entry), so its first step's footprint is the locks it took;
     * otherwise (a guest's write), and for a first step that takes none, unknown */
    bool start_known;
    bool locked;   /* has reached a lock or a declared point */
    bool waits;    /* stopped before acquiring @want */
    uint64_t want; /* that lock's held-set entry (identity and mode) */
    uint32_t held; /* its held locks while it is switched out */
    /* the held count its step has if it only acquired since its point; UINT32_MAX after
     * a declared point (its next acquisition is a point) */
    uint32_t grow_held;
    uint64_t set[SIM_LOCK_MAX_HELD + 1];
    const unsigned char *sp;  /* the low end of its live stack at its latest point */
    const unsigned char *low; /* the lowest of those (NULL: no point yet) */
    void *asan_fake;          /* AddressSanitizer's fake stack while switched out */
};

struct sim_par {
    struct sim_vcpu v[SIM_PAR_MAX];
    unsigned n;
    int cur; /* the running vCPU, -1: the runtime itself */
    struct sim_ctx main;
    const void *main_bottom; /* AddressSanitizer: the runtime's stack */
    size_t main_size;
    struct sim_locks *locks;
    struct sim_locks saved; /* the hooks and held set before sim_par_run() */
    const struct sim_par_ops *ops;
    void *ctx;
    bool hash_stacks; /* sim_par_state() may hash stacks (no fake stacks): set by run */
    bool lock_steps;  /* a point before every acquisition (the finer model, to check the
                         reduction against: set by the caller after init) */
    bool bounded;     /* the run was abandoned at sim_locks.bound_hit */
    struct sim_par_stacks *cache; /* where the stacks come from and go back (or NULL) */
    struct sim_par_foot foot; /* the steps since the previous decision (ops->choose) */
};

/*
 * Prepare @p for @n vCPUs (1..SIM_PAR_MAX) running @ops over @locks (no lock held, no
 * other runtime attached), with stacks from @cache (NULL: its own). Returns 0, -EINVAL
 * for a bad @n, or -ENOMEM (nothing held).
 */
int sim_par_init(struct sim_par *p, unsigned n, struct sim_locks *locks,
                 const struct sim_par_ops *ops, void *ctx, struct sim_par_stacks *cache);
/*
 * Run every vCPU to the end of its operation. Returns 0; -EDEADLK when none can run but
 * some have not finished (their locks form a cycle); -ECANCELED when ops->choose
 * abandoned the run, or the running code set sim_locks.bound_hit (then p->bounded): the
 * unfinished vCPUs are left where they stopped, the world they ran on must be thrown
 * away. The locks get their hooks and held set back either way.
 */
int sim_par_run(struct sim_par *p);
/*
 * After sim_par_run() returned -EDEADLK: what each unfinished vCPU waits for and who
 * holds it ("v0 waits for ACTIVE d2 ref 9 (write), held by v1; ..."), into @buf of
 * @len bytes (cut to fit). Cannot fail.
 */
void sim_par_deadlock(const struct sim_par *p, char *buf, size_t len);
/* Free the stacks (or give them back to the cache). Safe on a zeroed struct and after a
 * failed init. */
void sim_par_fini(struct sim_par *p);
/*
 * A hash of what the vCPUs hold at this point (from the runtime, between switches):
 * which finished, and for each other its wanted lock, held locks and live stack
 * (callee-saved registers included). Two points with equal world state and equal hashes
 * continue the same way, if p->hash_stacks (else the stacks may hide state). Cannot
 * fail.
 */
uint64_t sim_par_state(const struct sim_par *p);

#endif
