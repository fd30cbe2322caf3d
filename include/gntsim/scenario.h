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
/* Read and parse @path. Same contract; -ENOENT style errors are printed as "path: ...".
 */
int gntsim_scenario_load(const char *path, FILE *errs, struct gntsim_scenario **out);
/* Free a parsed scenario; NULL is accepted. */
void gntsim_scenario_free(struct gntsim_scenario *sc);

/* Releases the file's `releases` line selects, in profile order; @i < count. */
size_t gntsim_scenario_release_count(const struct gntsim_scenario *sc);
const char *gntsim_scenario_release(const struct gntsim_scenario *sc, size_t i);

struct gntsim_scenario_opts {
    FILE *report; /* failed expectations and run errors (NULL: silent) */
    FILE *trace;  /* trace sink (NULL: none) */
    enum gntsim_trace_format format;
    FILE *console;   /* every console line of the run, prefixed (NULL: none) */
    uint64_t seed;   /* recorded; the sequential runner makes no random choice */
    FILE *pcap_wire; /* pcap capture of the wire (the first vif starts it; NULL: none) */
    FILE *pcap_vif;  /* pcap capture of the vifs */
    struct gntsim_pool *pool; /* machine-memory reuse across runs (NULL: none) */
    /* Called after the body ran, before the world is destroyed (may be NULL). */
    void (*done)(void *ctx, struct gntsim_world *w, const struct gntsim_scenario_run *r);
    void *ctx;
};

/*
 * Run the body once under @release (which need not be in the file's list).
 * Returns the number of failed expectations plus run errors (0 = passed), or
 * -EINVAL for an unknown release, -ENOMEM.
 */
int gntsim_scenario_run(const struct gntsim_scenario *sc, const char *release,
                        const struct gntsim_scenario_opts *o);

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
