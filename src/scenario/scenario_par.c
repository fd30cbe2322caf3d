/* SPDX-License-Identifier: MIT */
/*
 * `parallel { ... }`: each statement of the block runs on its own simulated vCPU
 * (src/env/par.h), switching at lock acquisitions. Who runs next, where more than one
 * can, is the block's schedule= (then the lowest vCPU), or gntsim explore's choice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/world.h"
#include "env/hash.h"
#include "env/par.h"
#include "gntsim/explore.h"
#include "scenario/scenario.h"

struct sc_par_run {
    struct sc_run *r;
    const struct sc_stmt *blk;
    size_t first;      /* index of the block's first statement */
    unsigned next;     /* the next schedule= entry */
    bool bad_schedule; /* a schedule= entry named a vCPU that could not run */
    int last;          /* the vCPU that ran last, -1 before the first */
    struct sim_par par;
    struct world_vcpu_ctx ctx[SIM_PAR_MAX];
};

/* vCPU @t's statement, run as run_step() would (its errors and failure message kept). */
static void par_run(void *ctx, unsigned t)
{
    struct sc_par_run *pr = ctx;
    struct sc_run *r = pr->r;
    size_t i = pr->first + t;

    r->res[i].ran = true;
    r->stats.steps++;
    r->sc->stmts[i].cmd->exec(r, &r->sc->stmts[i]);
    sc_note_failure(r, i, gntsim_world_error(r->w));
}

static void par_in(void *ctx, unsigned t)
{
    struct sc_par_run *pr = ctx;

    pr->r->cur = &pr->r->sc->stmts[pr->first + t];
    world_vcpu_load(pr->r->w, &pr->ctx[t]);
    if ((int)t != pr->last) /* a vCPU switch, in the trace */
        TRACE(&pr->r->w->trace, PAR_RUN, TA_U(t), TA_U(pr->r->cur->line));
    pr->last = (int)t;
}

static void par_out(void *ctx, unsigned t)
{
    struct sc_par_run *pr = ctx;

    world_vcpu_save(pr->r->w, &pr->ctx[t]);
    pr->r->cur = pr->blk;
}

/* The results the block's finished statements recorded (they are part of the state). */
static uint64_t par_results_hash(const struct sc_par_run *pr)
{
    uint64_t h = 0;

    for (unsigned t = 0; t < pr->blk->par_n; t++) {
        const struct sc_result *res = &pr->r->res[pr->first + t];

        for (int f = 0; res->ran && f < SC_MAX_FIELDS; f++)
            h = sim_hash_mix(h, (uint64_t)res->f[f].i ^ (uint64_t)res->f[f].set << 63);
    }
    return h;
}

/* The whole state at a point: world, vCPUs, results; 0 if a stack cannot be hashed. */
static uint64_t par_state(const struct gntsim_par_point *pt)
{
    const struct sc_par_run *pr = pt->priv;

    if (!pr->par.hash_stacks)
        return 0;
    return gntsim_world_digest(pr->r->w) ^ sim_par_state(&pr->par) * 31 ^
           par_results_hash(pr) * 0x9e3779b97f4a7c15ull;
}

static int par_choose(void *ctx, struct sim_par *p, uint32_t enabled)
{
    struct sc_par_run *pr = ctx;
    struct sc_run *r = pr->r;
    unsigned e = pr->next;

    (void)p;
    if (r->o->choose) {
        struct gntsim_par_point pt = {.line = pr->blk->line,
                                      .nvcpus = pr->blk->par_n,
                                      .enabled = enabled,
                                      .index = (unsigned)r->stats.par_points++,
                                      .state = par_state,
                                      .foot = &pr->par.foot,
                                      .priv = pr};

        return r->o->choose(r->o->ctx, &pt);
    }
    r->stats.par_points++;
    if (e >= pr->blk->nsched)
        return __builtin_ctz(enabled);
    pr->next++;
    if (enabled >> pr->blk->sched[e] & 1)
        return pr->blk->sched[e];
    pr->bad_schedule = true;
    sc_run_error(r,
                 "schedule= entry %u: vCPU %u cannot run there (it waits for a lock "
                 "or has finished)",
                 e + 1, pr->blk->sched[e]);
    return -1;
}

static const struct sim_par_ops sc_par_ops = {
    .choose = par_choose, .switch_in = par_in, .switch_out = par_out, .run = par_run};

/*
 * No vCPU of the block can take the lock it waits for: Xen's CPUs hang (S12). Not a
 * run error: the model's code did what the release's code does (a reverted fix).
 */
static void par_hang(struct sc_par_run *pr)
{
    char why[160];
    int n = snprintf(why, sizeof(why), "deadlock at line %u: ", pr->blk->line);

    sim_par_deadlock(&pr->par, why + n, sizeof(why) - (size_t)n);
    xen_hang(&pr->r->w->xen, why);
}

/* Two hypercalls on one vCPU of one domain (vcpu=, 0 without the key) cannot run at
 * once: refused. */
static int par_check_vcpus(struct sc_run *r, const struct sc_stmt *b, size_t first)
{
    for (unsigned a = 0; a < b->par_n; a++) { /* a vCPU the domain lacks: nothing runs */
        const struct sc_stmt *x = &r->sc->stmts[first + a];
        const struct domain *d =
            world_domain(r->w, (gntsim_domid_t)sc_int(r, x, "dom", 0));

        if (!(x->cmd->flags & SC_GUEST) && d && sc_int(r, x, "vcpu", 0) >= d->nr_vcpus)
            return sc_run_error(r, "line %u: d%u has %u vCPUs, no vCPU %lld", x->line,
                                d->domid, d->nr_vcpus,
                                (long long)sc_int(r, x, "vcpu", 0));
    }
    for (unsigned a = 0; a < b->par_n; a++)
        for (unsigned c = a + 1; c < b->par_n; c++) {
            const struct sc_stmt *x = &r->sc->stmts[first + a];
            const struct sc_stmt *y = &r->sc->stmts[first + c];

            if (!((x->cmd->flags | y->cmd->flags) & SC_GUEST) &&
                sc_int(r, x, "dom", -1) == sc_int(r, y, "dom", -2) &&
                sc_int(r, x, "vcpu", 0) == sc_int(r, y, "vcpu", 0))
                return sc_run_error(r,
                                    "lines %u and %u run on the same vCPU of one domain: "
                                    "give each its own vcpu=",
                                    x->line, y->line);
        }
    return 0;
}

int sc_exec_parallel(struct sc_run *r, const struct sc_stmt *s)
{
    struct sc_par_run *pr = calloc(1, sizeof(*pr));
    int rc;

    if (!pr)
        return sc_run_error(r, "out of memory");
    pr->r = r;
    pr->blk = s;
    pr->last = -1;
    pr->first = (size_t)(s - r->sc->stmts) + 1;
    rc = par_check_vcpus(r, s, pr->first);
    if (!rc)
        rc = sim_par_init(&pr->par, s->par_n, &r->w->locks, &sc_par_ops, pr,
                          world_pool_stacks(r->o->pool));
    pr->par.lock_steps = r->o->par_lock_steps || sc_flag(s, "lock-steps");
    for (unsigned t = 0; !rc && t < s->par_n && t < SIM_PAR_MAX; t++) /* gcc -O3 */
        pr->par.v[t].start_known = !(s[1 + t].cmd->flags & SC_GUEST);
    if (!rc) {
        for (unsigned t = 0; t < pr->par.n && t < SIM_PAR_MAX; t++) /* gcc -O3 */
            world_vcpu_save(r->w, &pr->ctx[t]);
        rc = sim_par_run(&pr->par);
    }
    if (!rc && !r->o->choose && pr->next < s->nsched)
        sc_run_error(r,
                     "schedule= has %u entries, the block had only %u points where more "
                     "than one vCPU could run",
                     s->nsched, pr->next);
    if (rc == -ECANCELED && pr->par.bounded && !r->o->choose)
        sc_run_error(r,
                     "line %u: a copy was restarted (ERESTART) more than %u times: the "
                     "bound gntsim puts on a livelock of the block's copies",
                     s->line, SIM_PAR_RESTART_BOUND);
    else if (rc == -ECANCELED && !pr->bad_schedule)
        r->stats.abandoned = true, r->stats.bounded = pr->par.bounded;
    else if (rc == -EDEADLK)
        par_hang(pr);
    else if (rc == -ENOMEM)
        sc_run_error(r, "out of memory for the block's vCPU stacks");
    sim_par_fini(&pr->par);
    free(pr);
    return rc;
}

bool gntsim_scenario_has_parallel(const struct gntsim_scenario *sc)
{
    for (size_t i = 0; i < sc->nr; i++)
        if (sc->stmts[i].par_n)
            return true;
    return false;
}

bool gntsim_scenario_races_declared(const struct gntsim_scenario *sc)
{
    return sc->has_races;
}

bool gntsim_scenario_race_expected(const struct gntsim_scenario *sc, const char *release)
{
    int i = release ? sc_release_index(release, strlen(release)) : -1;

    return i >= 0 && (sc->races >> i & 1);
}
