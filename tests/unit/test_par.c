/* SPDX-License-Identifier: MIT */
/*
 * Simulated vCPUs (src/env/par.h) on a bare lock set, stopping before every
 * acquisition (lock_steps): a vCPU holding a lock keeps another that wants it from
 * running, read acquisitions share, each vCPU keeps its own held set, the same choices
 * give the same run, a lock cycle is a deadlock, and an abandoned run gives the locks
 * back. Then whole steps (acquisitions, then releases) and what their footprints say.
 * gntsim explore on top of them: test_explore.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "env/par.h"

/* One scripted step of a vCPU: take (or release) a lock, out of order if @unordered;
 * with @c LOCK_ATOMIC a declared point on word @dom (sim_lock_point()). */
struct step {
    bool release;
    enum sim_lock_class c;
    uint16_t dom;
    enum sim_lock_mode mode;
    bool unordered;
    bool bound; /* instead: the code meets an explorer bound (sim_locks.bound_hit) */
};

struct script {
    struct sim_locks locks;
    const struct step *steps[SIM_PAR_MAX];
    unsigned nsteps[SIM_PAR_MAX];
    /* the run: which vCPU took each lock, in order */
    char log[64];
    unsigned nlog;
    /* choices: the vCPU to run at each decision (then the lowest), and what was seen */
    const int *choices;
    unsigned nchoices, decision;
    uint32_t enabled_seen[32];
    bool whole;                      /* whole steps, not a point before each lock */
    struct sim_par_foot foot_at[32]; /* the footprint each decision was given */
};

static void script_run(void *ctx, unsigned t)
{
    struct script *s = ctx;

    for (unsigned i = 0; i < s->nsteps[t]; i++) {
        const struct step *st = &s->steps[t][i];

        if (st->bound) {
            s->locks.bound_hit = true;
            continue;
        }
        if (st->release) {
            sim_unlock(&s->locks, st->c, st->dom, 0, st->mode);
            continue;
        }
        if (st->c == LOCK_ATOMIC)
            sim_lock_point(&s->locks, 0, st->dom, st->mode);
        else if (st->unordered)
            sim_lock_unordered(&s->locks, st->c, st->dom, 0, st->mode);
        else
            sim_lock(&s->locks, st->c, st->dom, 0, st->mode);
        if (s->nlog < sizeof(s->log) - 1)
            s->log[s->nlog++] = (char)('0' + t);
    }
}

static int script_choose(void *ctx, struct sim_par *p, uint32_t enabled)
{
    struct script *s = ctx;
    unsigned d = s->decision++;

    if (d < 32)
        s->enabled_seen[d] = enabled, s->foot_at[d] = p->foot;
    if (d < s->nchoices)
        return s->choices[d];
    return __builtin_ctz(enabled);
}

static void no_switch(void *ctx, unsigned t)
{
    (void)ctx, (void)t;
}

static const struct sim_par_ops script_ops = {.choose = script_choose,
                                              .switch_in = no_switch,
                                              .switch_out = no_switch,
                                              .run = script_run};

/* Run @n scripted vCPUs; after a deadlock, its description into @why (if not NULL). */
static int script_go_why(struct script *s, unsigned n, char *why, size_t len)
{
    struct sim_par p;
    int rc;

    assert_int_equal(sim_par_init(&p, n, &s->locks, &script_ops, s, NULL), 0);
    p.lock_steps = !s->whole;
    rc = sim_par_run(&p);
    if (rc == -EDEADLK && why)
        sim_par_deadlock(&p, why, len);
    sim_par_fini(&p);
    return rc;
}

static int script_go(struct script *s, unsigned n)
{
    return script_go_why(s, n, NULL, 0);
}

#define TAKE(c, d, m)                                                                    \
    {                                                                                    \
        false, c, d, m, false, false                                                     \
    }
#define DROP(c, d, m)                                                                    \
    {                                                                                    \
        true, c, d, m, false, false                                                      \
    }
#define TAKE_UNORDERED(c, d, m)                                                          \
    {                                                                                    \
        false, c, d, m, true, false                                                      \
    }

/* vCPU 0 holds GT d1 for writing while it takes GT d2; vCPU 1 wants GT d1. */
static const struct step hold_then_more[] = {
    TAKE(LOCK_GT, 1, LOCK_WRITE), TAKE(LOCK_GT, 2, LOCK_WRITE),
    DROP(LOCK_GT, 2, LOCK_WRITE), DROP(LOCK_GT, 1, LOCK_WRITE)};
static const struct step want_d1[] = {TAKE(LOCK_GT, 1, LOCK_WRITE),
                                      DROP(LOCK_GT, 1, LOCK_WRITE)};

/*
 * A vCPU's first step runs from its start to its first lock: decision 0 starts vCPU 0
 * (it stops before GT d1), decision 1 lets it take GT d1 (it stops before GT d2),
 * decision 2 starts vCPU 1, which stops before GT d1. Then vCPU 1 cannot run (vCPU 0
 * holds GT d1): no fourth decision, vCPU 0 runs alone until it releases it.
 */
static void par_holder_blocks_waiter(void **state)
{
    static const int choices[] = {0, 0, 1};
    struct script s = {.choices = choices, .nchoices = 3};

    (void)state;
    s.steps[0] = hold_then_more, s.nsteps[0] = 4;
    s.steps[1] = want_d1, s.nsteps[1] = 2;
    assert_int_equal(script_go(&s, 2), 0);
    assert_int_equal(s.enabled_seen[0], 3);
    assert_int_equal(s.enabled_seen[2], 3); /* vCPU 1 not started yet: it can run */
    assert_int_equal(s.decision, 3);
    assert_string_equal(s.log, "001");
    assert_int_equal(s.locks.held, 0);
    assert_null(s.locks.before);
}

/* Two read acquisitions of one table lock share it: both vCPUs hold it at once. */
static const struct step read_twice[] = {
    TAKE(LOCK_GT, 1, LOCK_READ), TAKE(LOCK_ACTIVE, 1, LOCK_WRITE),
    DROP(LOCK_ACTIVE, 1, LOCK_WRITE), DROP(LOCK_GT, 1, LOCK_READ)};

static void par_readers_share(void **state)
{
    /* start 0, start 1, 0 takes GT d1 (read), 1 takes it too while 0 holds it */
    static const int choices[] = {0, 1, 0, 1};
    struct script s = {.choices = choices, .nchoices = 4};

    (void)state;
    s.steps[0] = read_twice, s.nsteps[0] = 4;
    s.steps[1] = read_twice, s.nsteps[1] = 4;
    assert_int_equal(script_go(&s, 2), 0);
    assert_int_equal(s.enabled_seen[3], 3); /* 1 may take GT d1 (read) beside 0 */
    /* then both want ACTIVE d1 ref 0: the lowest (0) takes it first */
    assert_string_equal(s.log, "0101");
}

/* Each vCPU has its own held set: vCPU 1 takes GT d1 while vCPU 0 holds GT d2, which
 * would break the order on one CPU (lower domid first) but not across two. */
static const struct step take_d2[] = {
    TAKE(LOCK_GT, 2, LOCK_WRITE), TAKE(LOCK_FREELIST, 2, LOCK_WRITE),
    DROP(LOCK_FREELIST, 2, LOCK_WRITE), DROP(LOCK_GT, 2, LOCK_WRITE)};

static void par_held_sets_per_vcpu(void **state)
{
    /* start 0, start 1, 0 takes GT d2, 1 takes GT d1 while 0 holds GT d2 */
    static const int choices[] = {0, 1, 0, 1};
    struct script s = {.choices = choices, .nchoices = 4};

    (void)state;
    s.steps[0] = take_d2, s.nsteps[0] = 4;
    s.steps[1] = want_d1, s.nsteps[1] = 2;
    assert_int_equal(script_go(&s, 2), 0);
    assert_string_equal(s.log, "010");
}

/* Two vCPUs each holding one table and wanting the other's: a deadlock, reported. */
static const struct step ab[] = {TAKE(LOCK_GT, 1, LOCK_WRITE),
                                 TAKE(LOCK_GT, 2, LOCK_WRITE)};
static const struct step ba[] = {TAKE(LOCK_GT, 2, LOCK_WRITE),
                                 TAKE(LOCK_GT, 1, LOCK_WRITE)};

static void par_deadlock_reported(void **state)
{
    static const int choices[] = {0, 1, 1};
    struct script s = {.choices = choices, .nchoices = 3};

    (void)state;
    s.steps[0] = ab, s.nsteps[0] = 2;
    s.steps[1] = ba, s.nsteps[1] = 2;
    assert_int_equal(script_go(&s, 2), -EDEADLK);
    assert_int_equal(s.locks.held, 0); /* the caller's held set is back */
    assert_null(s.locks.at);
}

/*
 * XSA-411's shape: each vCPU holds its table's active entry and takes the other table's
 * (sim_lock_unordered(), as Xen's code before 6e3aab858e): the two read locks share,
 * the entries do not. The description names both waits and their holders.
 */
static const struct step act1_then_2[] = {
    TAKE(LOCK_GT, 1, LOCK_READ), TAKE(LOCK_ACTIVE, 1, LOCK_WRITE),
    TAKE_UNORDERED(LOCK_GT, 2, LOCK_READ), TAKE_UNORDERED(LOCK_ACTIVE, 2, LOCK_WRITE)};
static const struct step act2_then_1[] = {
    TAKE(LOCK_GT, 2, LOCK_READ), TAKE(LOCK_ACTIVE, 2, LOCK_WRITE),
    TAKE_UNORDERED(LOCK_GT, 1, LOCK_READ), TAKE_UNORDERED(LOCK_ACTIVE, 1, LOCK_WRITE)};

static void par_inversion_deadlock_described(void **state)
{
    /* vCPU 0 to its third lock, vCPU 1 to its third, then the lowest runs */
    static const int choices[] = {0, 0, 0, 1, 1, 1};
    struct script s = {.choices = choices, .nchoices = 6};
    char why[200];

    (void)state;
    s.steps[0] = act1_then_2, s.nsteps[0] = 4;
    s.steps[1] = act2_then_1, s.nsteps[1] = 4;
    assert_int_equal(script_go_why(&s, 2, why, sizeof(why)), -EDEADLK);
    assert_string_equal(why, "v0 waits for ACTIVE d2 ref 0 (write), held by v1; "
                             "v1 waits for ACTIVE d1 ref 0 (write), held by v0");
    assert_string_equal(s.log, "001101"); /* each took both reads */
    assert_int_equal(s.locks.unordered, 2);
    assert_int_equal(s.locks.held, 0);
}

/* A vCPU that wants a lock it holds itself never runs again (a CPU spinning on its own
 * spinlock): once the other finished, a deadlock of one. */
static const struct step self_wait[] = {TAKE(LOCK_GT, 1, LOCK_READ),
                                        TAKE(LOCK_ACTIVE, 1, LOCK_WRITE),
                                        TAKE_UNORDERED(LOCK_GT, 1, LOCK_READ)};

static void par_self_wait_deadlock(void **state)
{
    struct script s = {0};
    char why[200];

    (void)state;
    s.steps[0] = self_wait, s.nsteps[0] = 3;
    s.steps[1] = want_d1, s.nsteps[1] = 2; /* GT d1 for writing: after v0, never */
    s.steps[2] = take_d2, s.nsteps[2] = 4;
    assert_int_equal(script_go_why(&s, 3, why, sizeof(why)), -EDEADLK);
    assert_string_equal(why, "v0 waits for GT d1 (read), held by v0; "
                             "v1 waits for GT d1 (write), held by v0");
    assert_int_equal(s.locks.unordered, 0);
}

/*
 * Declared points (lock-free code): a vCPU stops before each, as before a lock, but
 * nothing is held, so a point never keeps another vCPU from running: at every decision
 * both vCPUs can run, and the choices interleave the two freely.
 */
static const struct step two_points[] = {TAKE(LOCK_ATOMIC, 1, LOCK_WRITE),
                                         TAKE(LOCK_ATOMIC, 1, LOCK_WRITE)};

static void par_points_interleave(void **state)
{
    static const int choices[] = {0, 1, 0, 1, 0};
    struct script s = {.choices = choices, .nchoices = 5};

    (void)state;
    s.steps[0] = two_points, s.nsteps[0] = 2;
    s.steps[1] = two_points, s.nsteps[1] = 2;
    assert_int_equal(script_go(&s, 2), 0);
    assert_string_equal(s.log, "0101");
    for (unsigned d = 0; d < 4; d++)
        assert_int_equal(s.enabled_seen[d], 3);
    assert_int_equal(s.locks.held, 0);
    assert_int_equal(s.locks.acquisitions[LOCK_ATOMIC], 0);
}

/* choose() returning -1 abandons the run: the locks get their hooks back. */
static int abandon(void *ctx, struct sim_par *p, uint32_t enabled)
{
    (void)ctx, (void)p, (void)enabled;
    return -1;
}

static void par_abandon_restores(void **state)
{
    static const struct sim_par_ops ops = {.choose = abandon,
                                           .switch_in = no_switch,
                                           .switch_out = no_switch,
                                           .run = script_run};
    struct script s = {0};
    struct sim_par p;

    (void)state;
    s.steps[0] = want_d1, s.nsteps[0] = 2;
    s.steps[1] = want_d1, s.nsteps[1] = 2;
    assert_int_equal(sim_par_init(&p, 2, &s.locks, &ops, &s, NULL), 0);
    assert_int_equal(sim_par_run(&p), -ECANCELED);
    sim_par_fini(&p);
    assert_int_equal(s.locks.held, 0);
    assert_null(s.locks.before);
    assert_int_equal(s.nlog, 0);
}

/* Code that meets an explorer bound ends the block at its next scheduling point: vCPU 0
 * took GT d1, never GT d2; vCPU 1 never ran; the flag is cleared for the next run. */
static void par_bound_abandons(void **state)
{
    static const struct step bounded[] = {TAKE(LOCK_GT, 1, LOCK_WRITE),
                                          {.bound = true},
                                          TAKE(LOCK_GT, 2, LOCK_WRITE),
                                          DROP(LOCK_GT, 2, LOCK_WRITE),
                                          DROP(LOCK_GT, 1, LOCK_WRITE)};
    static const int first = 0;
    struct script s = {.choices = &first, .nchoices = 1};
    struct sim_par p;

    (void)state;
    s.steps[0] = bounded, s.nsteps[0] = 5;
    s.steps[1] = want_d1, s.nsteps[1] = 2;
    assert_int_equal(sim_par_init(&p, 2, &s.locks, &script_ops, &s, NULL), 0);
    p.lock_steps = true;
    assert_int_equal(sim_par_run(&p), -ECANCELED);
    assert_true(p.bounded);
    sim_par_fini(&p);
    assert_false(s.locks.bound_hit);
    assert_null(s.locks.before);
    assert_int_equal(s.nlog, 1);
    assert_memory_equal(s.log, "0", 1);
}

/* The same choices give the same order; other choices another. */
static void par_deterministic(void **state)
{
    static const int first[] = {1, 1};
    struct script a = {.choices = first, .nchoices = 2}, b = a, c = {0};

    (void)state;
    a.steps[0] = b.steps[0] = c.steps[0] = read_twice;
    a.steps[1] = b.steps[1] = c.steps[1] = take_d2;
    a.nsteps[0] = b.nsteps[0] = c.nsteps[0] = 4;
    a.nsteps[1] = b.nsteps[1] = c.nsteps[1] = 4;
    assert_int_equal(script_go(&a, 2), 0);
    assert_int_equal(script_go(&b, 2), 0);
    assert_int_equal(script_go(&c, 2), 0);
    assert_string_equal(a.log, b.log);
    assert_string_not_equal(a.log, c.log);
}

/* A footprint of @n entries (GT locks of domains @dom, in @mode). */
static struct sim_par_foot foot_of(const uint16_t *dom, unsigned n, enum sim_lock_mode m)
{
    struct sim_par_foot f = {.n = n};

    for (unsigned i = 0; i < n; i++)
        f.e[i] = sim_lock_entry(sim_lock_id(LOCK_GT, dom[i], 0), m);
    return f;
}

/* Footprints conflict on one lock written in either; reads share; unknown is all. */
static void par_foot_conflicts(void **state)
{
    static const uint16_t d1[] = {1}, d12[] = {1, 2}, d3[] = {3};
    struct sim_par_foot r1 = foot_of(d1, 1, LOCK_READ), w12 = foot_of(d12, 2, LOCK_WRITE);
    struct sim_par_foot w3 = foot_of(d3, 1, LOCK_WRITE), all = {.all = true};

    (void)state;
    assert_false(sim_par_foot_conflict(&r1, &r1));
    assert_true(sim_par_foot_conflict(&r1, &w12));
    assert_true(sim_par_foot_conflict(&w12, &r1));
    assert_false(sim_par_foot_conflict(&w12, &w3));
    assert_true(sim_par_foot_conflict(&w3, &all));
}

/*
 * Whole steps: a vCPU takes free locks without stopping until it has released one.
 * hold_then_more takes GT d1 and GT d2, then drops both: one step, so after the first
 * decision (who starts) nobody stops and want_d1 runs after it, either way round.
 */
static void par_whole_step_runs_acquisitions(void **state)
{
    static const int second[] = {1};
    struct script a = {.whole = true},
                  b = {.whole = true, .choices = second, .nchoices = 1};

    (void)state;
    a.steps[0] = b.steps[0] = hold_then_more, a.nsteps[0] = b.nsteps[0] = 4;
    a.steps[1] = b.steps[1] = want_d1, a.nsteps[1] = b.nsteps[1] = 2;
    assert_int_equal(script_go(&a, 2), 0);
    assert_int_equal(a.decision, 1);
    assert_string_equal(a.log, "001");
    assert_int_equal(script_go(&b, 2), 0);
    assert_int_equal(b.decision, 1);
    assert_string_equal(b.log, "100");
    assert_true(a.foot_at[0].all); /* before the first decision: unknown */
}

/*
 * After a release the next acquisition is a point. v0's steps: from its start to GT d1
 * (what its start did is unknown: an "all" footprint), then GT d1 to GT d2, whose
 * footprint the next decision gets: GT d1 for writing, nothing else.
 */
static const struct step d3_d1_d2[] = {
    TAKE(LOCK_GT, 3, LOCK_WRITE), DROP(LOCK_GT, 3, LOCK_WRITE),
    TAKE(LOCK_GT, 1, LOCK_WRITE), DROP(LOCK_GT, 1, LOCK_WRITE),
    TAKE(LOCK_GT, 2, LOCK_WRITE), DROP(LOCK_GT, 2, LOCK_WRITE)};

static void par_whole_step_ends_after_release(void **state)
{
    static const int choices[] = {0, 0, 1};
    struct script s = {.whole = true, .choices = choices, .nchoices = 3};
    const uint64_t gt1 = sim_lock_entry(sim_lock_id(LOCK_GT, 1, 0), LOCK_WRITE);

    (void)state;
    s.steps[0] = d3_d1_d2, s.nsteps[0] = 6;
    s.steps[1] = want_d1, s.nsteps[1] = 2;
    assert_int_equal(script_go(&s, 2), 0);
    assert_string_equal(s.log, "0010"); /* v0 stopped before GT d2, v1 ran between */
    assert_int_equal(s.decision, 3);
    assert_true(s.foot_at[1].all);
    assert_false(s.foot_at[2].all);
    assert_int_equal(s.foot_at[2].n, 1);
    assert_int_equal(s.foot_at[2].e[0], gt1);
}

/*
 * A lock another vCPU holds stops a step that has only acquired (a wait), and its
 * footprint keeps the wanted lock: whoever releases it changes the step. v1 holds
 * GT d2 at a declared point; v0, started, takes GT d1 and waits before GT d2; v2 only
 * has declared points of its own, so the decision after v0's step is v1's or v2's.
 */
static const struct step d3_then_d1_d2[] = {
    TAKE(LOCK_GT, 3, LOCK_WRITE), DROP(LOCK_GT, 3, LOCK_WRITE),
    TAKE(LOCK_GT, 1, LOCK_WRITE), TAKE(LOCK_GT, 2, LOCK_WRITE),
    DROP(LOCK_GT, 2, LOCK_WRITE), DROP(LOCK_GT, 1, LOCK_WRITE)};
static const struct step d2_point[] = {TAKE(LOCK_GT, 2, LOCK_WRITE),
                                       TAKE(LOCK_ATOMIC, 9, LOCK_WRITE),
                                       DROP(LOCK_GT, 2, LOCK_WRITE)};

static void par_whole_step_waits(void **state)
{
    static const int choices[] = {0, 1, 0};
    struct script s = {.whole = true, .choices = choices, .nchoices = 3};
    const uint64_t gt1 = sim_lock_entry(sim_lock_id(LOCK_GT, 1, 0), LOCK_WRITE);
    const uint64_t gt2 = sim_lock_entry(sim_lock_id(LOCK_GT, 2, 0), LOCK_WRITE);
    const struct sim_par_foot *f = &s.foot_at[3];

    (void)state;
    s.steps[0] = d3_then_d1_d2, s.nsteps[0] = 6;
    s.steps[1] = d2_point, s.nsteps[1] = 3;
    s.steps[2] = two_points, s.nsteps[2] = 2;
    assert_int_equal(script_go(&s, 3), 0);
    assert_string_equal(s.log, "0101022");
    assert_int_equal(s.enabled_seen[3], 6); /* v0 waits for GT d2 */
    assert_false(f->all);
    assert_int_equal(f->n, 2);
    assert_true(f->e[0] == gt1 && f->e[1] == gt2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(par_holder_blocks_waiter),
        cmocka_unit_test(par_readers_share),
        cmocka_unit_test(par_held_sets_per_vcpu),
        cmocka_unit_test(par_deadlock_reported),
        cmocka_unit_test(par_inversion_deadlock_described),
        cmocka_unit_test(par_self_wait_deadlock),
        cmocka_unit_test(par_points_interleave),
        cmocka_unit_test(par_abandon_restores),
        cmocka_unit_test(par_bound_abandons),
        cmocka_unit_test(par_deterministic),
        cmocka_unit_test(par_foot_conflicts),
        cmocka_unit_test(par_whole_step_runs_acquisitions),
        cmocka_unit_test(par_whole_step_ends_after_release),
        cmocka_unit_test(par_whole_step_waits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
