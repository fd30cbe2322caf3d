/* SPDX-License-Identifier: MIT */
/*
 * gntsim explore: every interleaving of a scenario's `parallel` blocks, or seeded
 * random ones, each run whole (the world built again, every expectation checked after
 * it). A run whose expectations fail is a counterexample: its schedule, written into
 * the block's schedule=, replays it with gntsim run. docs/explore.md.
 */
#ifndef GNTSIM_EXPLORE_H
#define GNTSIM_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "gntsim/gntsim.h"
#include "gntsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GNTSIM_EXPLORE_MAX_POINTS 4096 /* decisions in one run, at most */

struct gntsim_explore_opts {
    const char *release;
    /* State hashing: a run stops at a point whose state (world digest, the vCPUs' held
     * locks and stacks, the results so far) an earlier run reached. Off: every
     * interleaving is run to its end. */
    bool hash;
    /* No partial-order reduction: without it every order of independent steps (steps
     * on different locks) is run too. */
    bool no_por;
    uint64_t random;          /* > 0: that many seeded random schedules instead of all */
    uint64_t seed;            /* for random */
    uint64_t max_runs;        /* stop after that many runs (0: no limit); never "none" */
    double max_seconds;       /* stop after that much time (0: no limit) */
    bool all;                 /* go on after the first counterexample (count them) */
    FILE *progress;           /* a status line about once a second (NULL: none) */
    struct gntsim_pool *pool; /* machine memory reused across runs (NULL: one each) */
    /* A point before every lock acquisition, as gntsim did before its steps became
     * whole (docs/explore.md): the finer model the reduction is checked against. Its
     * schedules do not replay under gntsim run. */
    bool lock_steps;
    /* Called after each run to its end (may be NULL) with a hash of its outcome: the
     * world it left (gntsim_world_digest()), its findings and its failures. */
    void (*complete)(void *ctx, uint64_t outcome);
    void *complete_ctx;
};

struct gntsim_explore_result {
    uint64_t runs;     /* executions started */
    uint64_t complete; /* of those, run to the scenario's end */
    uint64_t pruned;   /* stopped at a state seen before, or at the bound below */
    uint64_t bounded;  /* of those, stopped where a copy restarted more than
                          restart_bound times (a livelock: docs/explore.md) */
    unsigned restart_bound;
    uint64_t states;    /* distinct states at decision points */
    uint64_t points;    /* decision points passed, over all runs */
    unsigned max_depth; /* most decisions in one run */
    unsigned checked;   /* expectations checked by a complete run (the most of any) */
    uint64_t found;     /* counterexamples (1 at most unless opts.all) */
    bool exhaustive;    /* every interleaving covered (not random, not cut off) */
    size_t state_bytes; /* memory of the visited-state set */
    /* the first counterexample: its decisions (vCPU chosen at each point, the points of
     * every block in order) and, for each, the block's line */
    unsigned nsched;
    uint8_t sched[GNTSIM_EXPLORE_MAX_POINTS];
    unsigned sched_line[GNTSIM_EXPLORE_MAX_POINTS];
    bool lock_steps; /* the search's opts.lock_steps, which the schedule's points need */
};

/*
 * Explore @sc under o->release (any release gntsim_release_find() knows, in the file's
 * list or not). Returns 0 (see @res: found or not); -EINVAL for an unknown release or a
 * scenario without a parallel block; -ENOEXEC when a run met a run error (a step the
 * run refused: the file's mistake, not a race; @res holds that run's decisions, which
 * gntsim_explore_replay() reports); -EPROTO for a nondeterministic run (the same
 * choices met different points); -E2BIG for a run of more than
 * GNTSIM_EXPLORE_MAX_POINTS decisions; or -ENOMEM. Errors leave @res with what was
 * counted so far.
 */
int gntsim_explore(const struct gntsim_scenario *sc, const struct gntsim_explore_opts *o,
                   struct gntsim_explore_result *res);

/*
 * Re-execute this program (/proc/self/exe, @argv) with glibc's per-thread cache of
 * freed blocks turned off (GLIBC_TUNABLES glibc.malloc.tcache_count=0), unless the
 * environment already sets that count. The state hash reads vCPU stacks, which hold
 * heap addresses; the cache hands each run the blocks the previous run freed, in the
 * order it freed its world, so one state would hash differently from run to run and
 * be explored again. Call it first thing in a program that explores. Returns only
 * when it did not re-execute (the search is as sound, only slower): 0 when the count
 * was set already, -errno when the exec failed.
 */
int gntsim_explore_exec_tcache_off(char **argv);

/*
 * Run @sc once under @release with the decisions of @r's counterexample (NULL: none),
 * then the lowest vCPU, its points where @r's search had them (opts.lock_steps);
 * failed expectations are reported to @report (may be NULL). Returns what
 * gntsim_scenario_run() returns.
 */
int gntsim_explore_replay(const struct gntsim_scenario *sc, const char *release,
                          const struct gntsim_explore_result *r, FILE *report);

/* Whether @sc has a parallel block. Cannot fail. */
bool gntsim_scenario_has_parallel(const struct gntsim_scenario *sc);
/* Whether @sc has a `races` line, and whether it names @release. Cannot fail. */
bool gntsim_scenario_races_declared(const struct gntsim_scenario *sc);
bool gntsim_scenario_race_expected(const struct gntsim_scenario *sc, const char *release);

#ifdef __cplusplus
}
#endif
#endif
