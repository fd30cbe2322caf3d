/* SPDX-License-Identifier: MIT */
/*
 * `gntsim run` internals, one concern a file:
 *   run.c        options and operands
 *   run_files.c  FILE and DIR operands, loading and parsing them
 *   run_out.c    the trace and capture files (opened, merged, closed, checked)
 *   run_exec.c   the runs, their counts, warnings and summaries
 */
#ifndef GNTSIM_TOOLS_RUN_H
#define GNTSIM_TOOLS_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "gntsim/scenario.h"

#define RUN_MAX_FILES 4096 /* scenario files of one run, DIR operands included */
#define RUN_MAX_RELS  64

struct run_files {
    char **path; /* heap copies, in operand order (a DIR's files sorted by name) */
    size_t n, cap;
};

struct run_opts {
    const char *trace_path, *pcap_path, *pcap_vif_path;
    enum gntsim_trace_format format;
    bool format_set, console, strict, verbose;
    bool no_invariants;             /* --no-invariants */
    bool oom_sweep;                 /* --oom-sweep */
    const char *rels[RUN_MAX_RELS]; /* --release, canonical names; 0 = the files' own */
    size_t nrels;
    struct run_files files;
};

/* The output streams of one invocation. */
struct run_out {
    FILE *trace, *pcap_wire, *pcap_vif;
    FILE *report;      /* summaries: stdout, or stderr when the trace is on stdout */
    FILE *console;     /* --console lines (likewise), or NULL */
    unsigned chrome_n; /* Chrome: runs merged into the document so far */
};

/* Add the releases of one --release value ("4.14.1", "4.14.1,4.15.0", "all"). 0 or 2. */
int run_releases_add(const struct cli *c, struct run_opts *o, const char *list);

/* Add operand @arg: a file, '-' (stdin) or a directory's *.gsc files. Returns 0 or 2. */
int run_files_add(const struct cli *c, struct run_files *f, const char *arg);
/* Free the list. Cannot fail. */
void run_files_free(struct run_files *f);
/* Parse every file into @sc (each error printed). Returns 0 or 2 (a file is broken). */
int run_load_all(const struct cli *c, const struct run_opts *o,
                 struct gntsim_scenario **sc);

/* Refuse output paths given twice and --pcap for more than one run. Returns 0 or 2. */
int run_outputs_check(const struct cli *c, const struct run_opts *o);
/* Open the outputs, run everything, close and check the outputs: the exit status. */
int run_with_outputs(const struct cli *c, const struct run_opts *o,
                     struct gntsim_scenario **sc);
/* One run of @sc under @rel with its trace merged into @out; the runner's result. With
 * @fail_alloc_nth the Nth Xen allocation fails and failed expectations are not
 * reported (the OOM sweep). */
int run_one(const struct gntsim_scenario *sc, const char *file, const char *rel,
            const struct run_opts *ro, struct run_out *out,
            struct gntsim_scenario_stats *st, struct gntsim_pool *pool,
            uint64_t fail_alloc_nth);

/* Run every file under its releases, printing summaries: the exit status (0, 1 or 2). */
int run_all(const struct cli *c, const struct run_opts *o, struct gntsim_scenario **sc,
            struct run_out *out);

#endif
