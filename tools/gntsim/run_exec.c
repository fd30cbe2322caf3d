/* SPDX-License-Identifier: MIT */
/*
 * `gntsim run`: every file under its releases, and what was checked. A run
 * never claims more than it checked: each file's summary counts the steps
 * run and the expectations checked and failed; a file, release or
 * expect[...] that checks nothing is a warning (an error under --strict).
 */
#include <stdio.h>
#include <string.h>

#include "run.h"

/* Totals over the runs of one file or of the whole invocation. */
struct run_tally {
    unsigned runs, failed_runs, unchecked_runs, stopped, steps, checked, failed, errors,
        warnings, findings;
};

static void tally_add(struct run_tally *t, const struct gntsim_scenario_stats *s, int rc)
{
    t->runs++;
    t->failed_runs += rc != 0;
    t->unchecked_runs += !s->checked;
    t->stopped += s->stopped_line != 0;
    t->steps += s->steps;
    t->checked += s->checked;
    t->failed += s->failed;
    t->errors += s->errors;
    t->findings += s->findings;
}

static void tally_sum(struct run_tally *t, const struct run_tally *a)
{
    t->runs += a->runs;
    t->failed_runs += a->failed_runs;
    t->unchecked_runs += a->unchecked_runs;
    t->stopped += a->stopped;
    t->steps += a->steps;
    t->checked += a->checked;
    t->failed += a->failed;
    t->errors += a->errors;
    t->warnings += a->warnings;
    t->findings += a->findings;
}

/* "N runs, S steps, C expectations checked, F failed[, E run errors][, K stopped]" */
static void tally_print(FILE *out, const struct run_tally *t)
{
    fprintf(out, "%u step%s, %u expectation%s checked, %u failed", t->steps,
            t->steps == 1 ? "" : "s", t->checked, t->checked == 1 ? "" : "s", t->failed);
    if (t->errors)
        fprintf(out, ", %u run error%s", t->errors, t->errors == 1 ? "" : "s");
    if (t->stopped && t->runs > 1)
        fprintf(out, ", %u release%s stopped by a failed setup step", t->stopped,
                t->stopped == 1 ? "" : "s");
    if (t->unchecked_runs && t->checked)
        fprintf(out, ", %u release%s checked nothing", t->unchecked_runs,
                t->unchecked_runs == 1 ? "" : "s");
    if (t->findings)
        fprintf(out, ", %u invariant finding%s", t->findings,
                t->findings == 1 ? "" : "s");
}

static const char *verdict(const struct run_tally *t)
{
    if (t->failed_runs)
        return "FAILED";
    if (!t->checked)
        return "NOTHING CHECKED";
    return t->unchecked_runs ? "PARTLY CHECKED" : "ok";
}

/* Print a warning (an error under --strict) about @file; counts it in @t. */
static void warn(const struct run_opts *o, struct run_tally *t, const char *file,
                 const char *rel, const char *what)
{
    t->warnings++;
    fprintf(stderr, "%s: %s%s%s: %s\n", file, rel ? rel : "", rel ? ": " : "",
            o->strict ? "error" : "warning", what);
}

/* The releases @sc runs under: --release, else its own. Returns the count. */
static size_t file_releases(const struct gntsim_scenario *sc, const struct run_opts *o,
                            const char **rels)
{
    size_t n = o->nrels ? o->nrels : gntsim_scenario_release_count(sc);

    for (size_t i = 0; i < n && i < RUN_MAX_RELS; i++)
        rels[i] = o->nrels ? o->rels[i] : gntsim_scenario_release(sc, i);
    return n < RUN_MAX_RELS ? n : RUN_MAX_RELS;
}

/*
 * Warnings that need no run: nothing to check; an expect[...] that selects
 * none of the file's releases nor any --release (dead); a foreign --release.
 */
static void file_lint(const struct gntsim_scenario *sc, const char *file,
                      const struct run_opts *o, struct run_tally *t)
{
    const char *rels[2 * RUN_MAX_RELS];
    size_t n = 0;

    if (!gntsim_scenario_expectation_count(sc))
        warn(o, t, file, NULL, "the file has no expectation: it checks nothing");
    for (size_t i = 0; i < gntsim_scenario_release_count(sc) && n < RUN_MAX_RELS; i++)
        rels[n++] = gntsim_scenario_release(sc, i);
    for (size_t i = 0; i < o->nrels; i++)
        rels[n++] = o->rels[i];
    t->warnings += (unsigned)gntsim_scenario_dead_expectations(
        sc, rels, n, stderr, o->strict ? "error" : "warning");
    for (size_t i = 0; i < o->nrels; i++)
        if (!gntsim_scenario_has_release(sc, o->rels[i]))
            warn(o, t, file, o->rels[i],
                 "not among the releases the file names; only its expectations "
                 "without [...], or whose list selects it, apply there");
}

/*
 * --oom-sweep: @sc under each release once per Xen allocation, that allocation
 * failing (SQLite's OOM sweep): N = 1, 2, ... until a run reaches no Nth allocation.
 * A crash or a gntsim invariant (list C) aborts the process; a run that survives is
 * fine whatever its expectations say. Returns -1 when a run cannot start, else 0.
 */
static int sweep_file(const struct gntsim_scenario *sc, const char *file,
                      const struct run_opts *o, struct run_out *out, struct run_tally *t,
                      struct gntsim_pool *pool)
{
    const char *rels[RUN_MAX_RELS];
    size_t n = file_releases(sc, o, rels);
    unsigned runs = 0, findings = 0;

    for (size_t i = 0; i < n; i++) {
        for (uint64_t nth = 1;; nth++) {
            struct gntsim_scenario_stats st = {0};

            if (run_one(sc, file, rels[i], o, out, &st, pool, nth) < 0) {
                fprintf(stderr, "gntsim run: %s: cannot run under '%s'\n", file, rels[i]);
                return -1;
            }
            runs++;
            findings = st.findings > findings ? st.findings : findings;
            if (st.allocs < nth)
                break; /* this run made fewer than nth allocations: all were swept */
        }
    }
    t->runs += runs;
    fprintf(out->report,
            "%s: oom-sweep: %zu release%s, %u runs (each Xen allocation failing in "
            "turn), no crash, at most %u invariant finding%s in a run\n",
            file, n, n == 1 ? "" : "s", runs, findings, findings == 1 ? "" : "s");
    return 0;
}

/* Run @sc under each release; returns -1 when a run cannot start, else 0. */
static int run_file(const struct gntsim_scenario *sc, const char *file,
                    const struct run_opts *o, struct run_out *out, struct run_tally *t,
                    struct gntsim_pool *pool)
{
    const char *rels[RUN_MAX_RELS];
    size_t n = file_releases(sc, o, rels);

    file_lint(sc, file, o, t);
    for (size_t i = 0; i < n; i++) {
        struct gntsim_scenario_stats st = {0};
        int rc = run_one(sc, file, rels[i], o, out, &st, pool, 0);

        if (rc < 0) {
            fprintf(stderr, "gntsim run: %s: cannot run under '%s'\n", file, rels[i]);
            return -1;
        }
        tally_add(t, &st, rc);
        if (!st.checked && !st.stopped_line && gntsim_scenario_expectation_count(sc))
            warn(o, t, file, rels[i], "no expectation applies to this release");
        if (o->verbose || rc || !st.checked || st.stopped_line) {
            struct run_tally one = {0};

            tally_add(&one, &st, rc);
            fprintf(out->report, "  %s: %s: ", rels[i], verdict(&one));
            tally_print(out->report, &one);
            if (st.stopped_line)
                fprintf(out->report, ", stopped by the failed setup step at line %u",
                        st.stopped_line);
            fputc('\n', out->report);
        }
    }
    fprintf(out->report, "%s: %s: %u release%s, ", file, verdict(t), t->runs,
            t->runs == 1 ? "" : "s");
    tally_print(out->report, t);
    fputc('\n', out->report);
    return 0;
}

int run_all(const struct cli *c, const struct run_opts *o, struct gntsim_scenario **sc,
            struct run_out *out)
{
    struct run_tally all = {0};
    struct gntsim_pool *pool;
    int rc = 0;

    if (gntsim_pool_create(&pool)) {
        cli_error(c, "out of memory");
        return CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < o->files.n && !rc; i++) {
        struct run_tally t = {0};
        const char *name = strcmp(o->files.path[i], "-") ? o->files.path[i] : "<stdin>";

        rc = (o->oom_sweep ? sweep_file : run_file)(sc[i], name, o, out, &t, pool)
                 ? CLI_EXIT_USAGE
                 : 0;
        tally_sum(&all, &t);
    }
    gntsim_pool_destroy(pool);
    if (o->oom_sweep) { /* a run that returned did not crash: nothing else to count */
        if (o->files.n > 1 && !rc)
            fprintf(out->report, "%zu files: oom-sweep: %u runs, no crash\n", o->files.n,
                    all.runs);
        return rc;
    }
    if (o->files.n > 1) {
        fprintf(out->report, "%zu files, %u runs: ", o->files.n, all.runs);
        tally_print(out->report, &all);
        fprintf(out->report, ", %u %s%s\n", all.warnings, o->strict ? "error" : "warning",
                all.warnings == 1 ? "" : "s");
    }
    if (rc)
        return rc;
    return all.failed_runs || (o->strict && all.warnings) ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
