/* SPDX-License-Identifier: MIT */
/*
 * gntsim scenarios (docs/scenario-language.md): parse a scenario file
 * completely, then run its body once per release. The runner drives the
 * model through <gntsim/gntsim.h> only.
 *
 * Errors: a broken file gives "file:line:col: message" lines on the error
 * stream and -EINVAL; a failed expectation gives "file:line: release:
 * expected X, got Y" on the report stream and counts as a failure.
 */
#ifndef GNTSIM_SCENARIO_H
#define GNTSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gntsim/gntsim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gntsim_scenario;     /* a parsed file */
struct gntsim_scenario_run; /* the state of one run (named results) */

/*
 * Parse @len bytes of @text, named @file in messages. Every syntax error is
 * printed to @errs (may be NULL) as "file:line:col: message"; then *@out is
 * NULL and -EINVAL (or -ENOMEM) is returned.
 */
int gntsim_scenario_parse(const char *file, const char *text, size_t len, FILE *errs,
                          struct gntsim_scenario **out);
/* The largest scenario file read (bytes); a longer one is refused before parsing. */
#define GNTSIM_SCENARIO_MAX_BYTES (16u << 20)
/*
 * Read @in to its end and parse it, named @name in messages. Same contract;
 * an unreadable or too long input is reported as "name: ..." and gives
 * -EIO or -EFBIG.
 */
int gntsim_scenario_read(const char *name, FILE *in, FILE *errs,
                         struct gntsim_scenario **out);
/* Open @path and gntsim_scenario_read() it; a file that cannot be opened gives -ENOENT.
 */
int gntsim_scenario_load(const char *path, FILE *errs, struct gntsim_scenario **out);
/* Free a parsed scenario; NULL is accepted. */
void gntsim_scenario_free(struct gntsim_scenario *sc);

/* Releases the file's `releases` line selects, in profile order; @i < count. */
size_t gntsim_scenario_release_count(const struct gntsim_scenario *sc);
const char *gntsim_scenario_release(const struct gntsim_scenario *sc, size_t i);

/* What one run did and checked. */
struct gntsim_scenario_stats {
    unsigned steps;   /* steps executed */
    unsigned checked; /* expectations that applied to the release and were checked */
    unsigned failed;  /* of those, the ones that did not hold */
    unsigned errors;  /* run errors (a step that could not run, a setup failure) */
    unsigned
        stopped_line;  /* a failed setup step stopped the release here; 0 = ran whole */
    unsigned findings; /* distinct invariant findings of the run (not failures) */
    bool alloc_failed; /* an injected allocation failure fired */
    bool abandoned;    /* opts.choose abandoned a parallel block: the run stopped there */
    bool bounded;      /* ... because the model met a bound of the explorer (a copy's
                          continuations: docs/explore.md) */
    uint64_t
        par_points;  /* points in parallel blocks where more than one vCPU could run */
    uint64_t allocs; /* allocations of the modelled Xen the run made */
    bool reached_parallel;    /* the run began a parallel block */
    unsigned prefix_findings; /* ... and the findings recorded before its first one */
};

struct sim_par_foot;

/* A point of a `parallel` block where more than one vCPU can run (gntsim explore). */
struct gntsim_par_point {
    unsigned line;    /* the block's `parallel` line */
    unsigned nvcpus;  /* its statements, vCPU i running the i-th */
    uint32_t enabled; /* bit i: vCPU i can run now */
    /* the locks the steps since the previous point touched (gntsim explore's sleep
     * sets: src/env/par.h, internal) */
    const struct sim_par_foot *foot;
    unsigned index; /* points of this run before this one */
    /* with opts.par_state: state(pt) hashes the whole state here (the world's digest,
     * every vCPU's held locks and live stack, the results so far); 0 when it cannot be
     * had (AddressSanitizer's fake stacks). Costs a digest: ask only when needed. */
    uint64_t (*state)(const struct gntsim_par_point *pt);
    void *priv; /* state()'s */
};

struct gntsim_scenario_opts {
    FILE *report; /* failed expectations and run errors (NULL: silent) */
    FILE *trace;  /* trace sink (NULL: none) */
    enum gntsim_trace_format format;
    FILE *console;   /* every console line of the run, prefixed (NULL: none) */
    FILE *pcap_wire; /* pcap capture of the wire, from world creation (NULL: none) */
    FILE *pcap_vif;  /* pcap capture of the vifs, likewise */
    struct gntsim_pool *pool; /* machine-memory reuse across runs (NULL: none) */
    /* Called after the body ran, before the world is destroyed (may be NULL). */
    void (*done)(void *ctx, struct gntsim_world *w, const struct gntsim_scenario_run *r);
    void *ctx;
    struct gntsim_scenario_stats *stats; /* filled in when not NULL */
    /* gntsim_check_invariants_step() after every step (findings are recorded in
     * the world, not counted as failures; a gntsim bug aborts) */
    bool invariants;
    /* The statements before the first parallel block already ran, checked, in an
     * earlier run of this scenario under this release and recorded no finding
     * (stats.prefix_findings 0): their invariant checks are skipped. They are
     * deterministic, so this run's prefix is the same; gntsim explore's replays. */
    bool prefix_checked;
    /* the Nth allocation of the modelled Xen fails (0: none; the OOM sweep) */
    uint64_t fail_alloc_nth;
    /* Who runs next at @pt (gntsim explore): a vCPU of pt->enabled, or -1 to abandon
     * the run (stats.abandoned). NULL: the block's schedule=, then the lowest vCPU. */
    int (*choose)(void *ctx, const struct gntsim_par_point *pt);
    bool par_state; /* keep what gntsim_par_point.state needs (each vCPU's stack hash) */
    /* a parallel block's vCPUs stop before every lock acquisition, not only where their
     * steps need to (docs/explore.md): the finer model, whose schedule= differs */
    bool par_lock_steps;
};

/*
 * Run the body once under @release (which need not be in the file's list;
 * any form gntsim_release_find() takes). A setup step (domain, smmu, device,
 * linux-boot, vif) that fails without an expectation of its own stops the
 * run. Returns the number of failed expectations plus run errors (0 =
 * passed), or -EINVAL for an unknown release, -ENOMEM.
 */
int gntsim_scenario_run(const struct gntsim_scenario *sc, const char *release,
                        const struct gntsim_scenario_opts *o);

/*
 * Print "file:line:col: SEVERITY: ..." to @out (may be NULL) for each
 * expectation whose release list selects none of the @n releases @rels (a
 * check that cannot run), and return how many. Cannot fail.
 */
size_t gntsim_scenario_dead_expectations(const struct gntsim_scenario *sc,
                                         const char *const *rels, size_t n, FILE *out,
                                         const char *severity);
/* Number of expectations in the file (any release). Cannot fail. */
size_t gntsim_scenario_expectation_count(const struct gntsim_scenario *sc);
/* Whether the file's `releases` line selects @release. Cannot fail. */
bool gntsim_scenario_has_release(const struct gntsim_scenario *sc, const char *release);

/*
 * Field @field of the result named @name in a run, rendered as in
 * expectations ("0x8424cb148", "GNTST_okay", "-EIO", a quoted string).
 * Returns 0, or -ENOENT (no such name or field, or the step did not run).
 */
int gntsim_scenario_value(const struct gntsim_scenario_run *r, const char *name,
                          const char *field, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
