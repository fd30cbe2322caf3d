/* SPDX-License-Identifier: MIT */
/*
 * The interleaving explorer: a depth-first search over the decisions of a scenario's
 * parallel blocks. Stateless: each run builds the world again from the scenario and
 * replays the decisions of the current path, then takes the lowest untried vCPU at
 * each new point. With state hashing, a run stops at a point whose state an earlier
 * run reached (acyclic: every step ends a vCPU's segment), which is sound because that
 * state's continuations are, or will be, explored from the earlier visit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "env/par.h"
#include "explore/explore_int.h"

_Static_assert(SIM_PAR_MAX <= 8, "a visited state keeps its sleep set in a byte");

struct ex_frame {
    uint32_t enabled;
    uint32_t tried; /* explored from here, or covered (asleep, explored at a revisit) */
    uint32_t known; /* bit t: foot[t] is what vCPU t's step from here touches */
    uint8_t chosen;
    unsigned line;
    struct sim_par_foot foot[SIM_PAR_MAX];
};

struct ex {
    const struct gntsim_explore_opts *o;
    struct gntsim_explore_result *res;
    struct ex_frame f[GNTSIM_EXPLORE_MAX_POINTS];
    unsigned depth;  /* frames on the path */
    unsigned replay; /* this run follows f[0 .. replay) */
    unsigned k;      /* decisions of this run so far */
    bool overflow, nondet;
    bool prefix_checked; /* the first run checked the block's prefix: no finding */
    struct ex_set seen;
    struct gntsim_pool *pool; /* ours, when opts.pool is NULL */
    uint64_t rng;
    uint64_t outcome; /* of the run just made (opts.complete) */
    time_t last;
    double start;
};

/*
 * The sleep set of the new point at depth @k, where @pt says what the steps from its
 * parent touched: the vCPUs the parent explored (or had asleep) before its choice whose
 * steps commute with that choice's (Godefroid's sleep sets: their interleavings from
 * here were covered from the parent). A vCPU whose step is unknown (covered by an
 * earlier visit's sleep set) stays awake. Their footprints go down with them.
 */
static uint32_t ex_sleep_in(struct ex *e, unsigned k, const struct gntsim_par_point *pt)
{
    const struct ex_frame *p = k ? &e->f[k - 1] : NULL;
    struct ex_frame *f = &e->f[k];
    uint32_t sleep = 0;

    f->known = 0;
    if (!p || e->o->no_por)
        return 0;
    for (uint32_t m = p->tried & p->known & ~(1u << p->chosen); m; m &= m - 1) {
        unsigned t = (unsigned)__builtin_ctz(m);

        if (sim_par_foot_conflict(&p->foot[t], pt->foot))
            continue;
        sleep |= 1u << t;
        f->foot[t] = p->foot[t];
    }
    f->known = sleep;
    return sleep;
}

/*
 * State hashing with sleep sets: a state seen before with sleep set Zs is pruned if Zs
 * is within ours (@sleep); otherwise only what Zs had asleep and we do not is left to
 * explore here, and the stored set shrinks to the intersection. Returns the vCPUs
 * already covered here (as "tried"), or UINT32_MAX to prune.
 */
static uint32_t ex_seen(struct ex *e, const struct gntsim_par_point *pt, uint32_t sleep)
{
    uint64_t st = e->o->hash ? pt->state(pt) : 0;
    uint8_t *zs;
    int rc;

    if (!st)
        return sleep;
    st ^= (uint64_t)pt->line << 48; /* the same state in another block is another */
    zs = ex_set_find(&e->seen, st ? st : 1, (uint8_t)sleep, &rc);
    if (!zs) {
        e->overflow = true;
        return UINT32_MAX;
    }
    if (rc) {
        e->res->states++;
        return sleep;
    }
    if (!(*zs & ~sleep))
        return UINT32_MAX;
    sleep = ~(*zs & ~sleep) & 0xffu; /* only the newly awake are left */
    *zs &= (uint8_t)sleep;
    return sleep;
}

/* A random vCPU of @m (not empty). */
static int ex_random(struct ex *e, uint32_t m)
{
    unsigned pick;

    e->rng ^= e->rng << 13, e->rng ^= e->rng >> 7, e->rng ^= e->rng << 17;
    pick = (unsigned)(e->rng % (unsigned)__builtin_popcount(m));
    while (pick--)
        m &= m - 1;
    return __builtin_ctz(m);
}

/* A new point at depth e->k: prune (-1), or take the lowest vCPU left (a random one). */
static int ex_new_point(struct ex *e, const struct gntsim_par_point *pt)
{
    struct ex_frame *f;
    uint32_t covered, left;
    int t;

    if (e->k >= GNTSIM_EXPLORE_MAX_POINTS) {
        e->overflow = true;
        return -1;
    }
    covered = e->o->random ? 0 : ex_sleep_in(e, e->k, pt);
    if (!(pt->enabled & ~covered))
        return -1; /* every enabled vCPU asleep: pruned whatever the state */
    if (!e->o->random)
        covered = ex_seen(e, pt, covered);
    left = pt->enabled & ~covered;
    if (covered == UINT32_MAX || !left)
        return -1; /* seen, or every enabled vCPU asleep */
    t = e->o->random ? ex_random(e, left) : __builtin_ctz(left);
    f = &e->f[e->k];
    f->enabled = pt->enabled;
    f->tried = (covered & pt->enabled) | 1u << t;
    f->chosen = (uint8_t)t;
    f->line = pt->line;
    e->depth = e->k + 1;
    return t;
}

static int ex_choose(void *ctx, const struct gntsim_par_point *pt)
{
    struct ex *e = ctx;
    int t;

    e->res->points++;
    if (e->k) { /* what the step just run from the previous point touched */
        struct ex_frame *p = &e->f[e->k - 1];

        p->foot[p->chosen] = *pt->foot;
        p->known |= 1u << p->chosen;
    }
    if (e->k < e->replay) {
        const struct ex_frame *f = &e->f[e->k];

        if (f->enabled != pt->enabled || f->line != pt->line) {
            e->nondet = true;
            return -1;
        }
        e->k++;
        return f->chosen;
    }
    t = ex_new_point(e, pt);
    if (t >= 0)
        e->k++;
    return t;
}

/* The next path: the deepest frame with an untried vCPU takes it. False: all done. */
static bool ex_backtrack(struct ex *e)
{
    while (e->depth) {
        struct ex_frame *f = &e->f[e->depth - 1];
        uint32_t left = f->enabled & ~f->tried;

        if (left) {
            f->chosen = (uint8_t)__builtin_ctz(left);
            f->tried |= 1u << f->chosen;
            e->replay = e->depth;
            return true;
        }
        e->depth--;
    }
    return false;
}

/* The decisions of the run just made, into the result (its counterexample). */
static void ex_keep_path(struct ex *e)
{
    struct gntsim_explore_result *r = e->res;

    r->nsched = e->k;
    for (unsigned i = 0; i < e->k; i++) {
        r->sched[i] = e->f[i].chosen;
        r->sched_line[i] = e->f[i].line;
    }
}

static void ex_keep_counterexample(struct ex *e)
{
    if (!e->res->found++)
        ex_keep_path(e);
}

static void ex_progress(struct ex *e)
{
    time_t now = time(NULL);

    if (!e->o->progress || now == e->last)
        return;
    e->last = now;
    fprintf(e->o->progress,
            "explore: %s: %llu runs, %llu states, depth %u, %llu counterexample(s)\n",
            e->o->release, (unsigned long long)e->res->runs,
            (unsigned long long)e->res->states, e->depth,
            (unsigned long long)e->res->found);
}

/* The world a run left, for opts.complete. */
static void ex_done(void *ctx, struct gntsim_world *w,
                    const struct gntsim_scenario_run *r)
{
    struct ex *e = ctx;

    (void)r;
    if (e->o->complete)
        e->outcome = gntsim_world_digest(w) ^ gntsim_findings_total(w) << 48;
}

/* One run along the current path. Returns 0, or -errno for a run that went wrong. */
static int ex_run(struct ex *e, const struct gntsim_scenario *sc)
{
    struct gntsim_scenario_stats st = {0};
    struct gntsim_scenario_opts so = {.pool = e->o->pool ? e->o->pool : e->pool,
                                      .stats = &st,
                                      .invariants = true,
                                      .prefix_checked = e->prefix_checked,
                                      .choose = ex_choose,
                                      .done = ex_done,
                                      .ctx = e,
                                      .par_state = e->o->hash && !e->o->random,
                                      .par_lock_steps = e->o->lock_steps};
    int rc;

    e->k = 0;
    e->res->runs++;
    rc = gntsim_scenario_run(sc, e->o->release, &so);
    if (rc < 0)
        return rc;
    if (e->res->runs == 1) /* every later run replays the same prefix */
        e->prefix_checked = st.reached_parallel && !st.prefix_findings;
    if (e->nondet)
        return -EPROTO;
    if (st.errors) { /* a step the run refused: the file's error, not a race */
        ex_keep_path(e);
        return -ENOEXEC;
    }
    if (e->overflow && e->k >= GNTSIM_EXPLORE_MAX_POINTS)
        return -E2BIG;
    if (e->overflow)
        return -ENOMEM;
    if (e->k > e->res->max_depth)
        e->res->max_depth = e->k;
    if (st.abandoned) {
        e->res->pruned++;
        e->res->bounded += st.bounded;
        return 0;
    }
    e->res->complete++;
    if (e->o->complete)
        e->o->complete(e->o->complete_ctx, e->outcome ^ (uint64_t)rc << 56);
    if (st.checked > e->res->checked)
        e->res->checked = st.checked;
    if (rc > 0)
        ex_keep_counterexample(e);
    return 0;
}

static double ex_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool ex_more(const struct ex *e)
{
    const struct gntsim_explore_opts *o = e->o;

    if (e->res->found && !o->all)
        return false;
    if (o->max_seconds > 0 && !(e->res->runs & 255) &&
        ex_now() - e->start > o->max_seconds)
        return false;
    return !o->max_runs || e->res->runs < o->max_runs;
}

/*
 * The search's state (megabytes: each point keeps its vCPUs' footprints) in its own
 * mapping, zeroed; NULL: no memory. Not from malloc: freeing a block that large raises
 * glibc's mmap threshold to its size, which would move where the next search's worlds
 * land (their addresses are in the stacks the state hash reads).
 */
static struct ex *ex_map(void)
{
    void *p = mmap(NULL, sizeof(struct ex), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    return p == MAP_FAILED ? NULL : p;
}

int gntsim_explore(const struct gntsim_scenario *sc, const struct gntsim_explore_opts *o,
                   struct gntsim_explore_result *res)
{
    struct ex *e = ex_map();
    bool more = true;
    size_t idx;
    int rc = 0;

    memset(res, 0, sizeof(*res));
    res->restart_bound = SIM_PAR_RESTART_BOUND;
    res->lock_steps = o->lock_steps;
    if (!e)
        return -ENOMEM;
    if (!gntsim_scenario_has_parallel(sc) || !o->release ||
        gntsim_release_find(o->release, strlen(o->release), &idx, NULL, 0))
        rc = -EINVAL;
    if (!rc && !o->pool && gntsim_pool_create(&e->pool))
        rc = -ENOMEM;
    e->o = o;
    e->res = res;
    e->rng = o->seed * 0x9e3779b97f4a7c15ull | 1;
    e->start = ex_now();
    e->last = time(NULL); /* progress from the first second on */
    while (!rc && more && ex_more(e)) {
        rc = ex_run(e, sc);
        more = o->random ? res->runs < o->random : ex_backtrack(e);
        if (o->random)
            e->replay = 0;
        ex_progress(e);
    }
    res->exhaustive = !rc && !more && !o->random;
    res->state_bytes = ex_set_bytes(&e->seen);
    ex_set_fini(&e->seen);
    gntsim_pool_destroy(e->pool);
    munmap(e, sizeof(*e));
    return rc;
}

int gntsim_explore_exec_tcache_off(char **argv)
{
    static const char off[] = "glibc.malloc.tcache_count=0";
    const char *t = getenv("GLIBC_TUNABLES");
    char buf[1024];

    if (t && strstr(t, "glibc.malloc.tcache_count="))
        return 0;
    if (snprintf(buf, sizeof(buf), "%s%s%s", t ? t : "", t ? ":" : "", off) >=
        (int)sizeof(buf))
        return -E2BIG;
    if (setenv("GLIBC_TUNABLES", buf, 1))
        return -errno;
    execv("/proc/self/exe", argv);
    return -errno;
}

struct ex_replay {
    const uint8_t *sched;
    unsigned n;
    FILE *report;
};

static int replay_choose(void *ctx, const struct gntsim_par_point *pt)
{
    const struct ex_replay *rp = ctx;

    if (pt->index >= rp->n || !(pt->enabled >> rp->sched[pt->index] & 1))
        return __builtin_ctz(pt->enabled);
    return rp->sched[pt->index];
}

/* After the replayed run: its world's first findings, which say what broke (a hang,
 * a freed frame, ...) where the failed expectation only counts them. */
static void replay_done(void *ctx, struct gntsim_world *w,
                        const struct gntsim_scenario_run *r)
{
    const struct ex_replay *rp = ctx;
    size_t nr;
    const struct gntsim_finding *f = gntsim_findings(w, &nr);

    (void)r;
    for (size_t i = 0; rp->report && i < nr && i < 3; i++)
        fprintf(rp->report, "  finding %s: %s\n", f[i].id, f[i].what);
    if (rp->report && nr > 3)
        fprintf(rp->report, "  (%zu findings in all)\n", gntsim_findings_total(w));
}

int gntsim_explore_replay(const struct gntsim_scenario *sc, const char *release,
                          const struct gntsim_explore_result *r, FILE *report)
{
    struct ex_replay rp = {r ? r->sched : NULL, r ? r->nsched : 0, report};
    struct gntsim_scenario_opts so = {.report = report,
                                      .invariants = true,
                                      .choose = replay_choose,
                                      .done = replay_done,
                                      .ctx = &rp,
                                      .par_lock_steps = r && r->lock_steps};

    return gntsim_scenario_run(sc, release, &so);
}
