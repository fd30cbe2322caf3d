/* SPDX-License-Identifier: MIT */
/*
 * The console: what Xen (prefix "(XEN) ") and each guest kernel (prefix
 * "[dN] ") print, in order. Scenario expectations match these lines; each
 * line is also a trace event (LOG).
 */
#ifndef GNTSIM_ENV_LOG_H
#define GNTSIM_ENV_LOG_H

#include <stddef.h>

#include "env/trace.h"

struct sim_log {
    char **lines;
    size_t nr, cap;
    struct trace *trace;
};

/* Append one formatted line. On allocation failure the line is dropped (counted in the
 * trace). */
void sim_log_printf(struct sim_log *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Free every line; safe on a zeroed log. */
void sim_log_fini(struct sim_log *l);

#endif
