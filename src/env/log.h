/* SPDX-License-Identifier: MIT */
/*
 * The console: what Xen (prefix "(XEN) ") and each guest kernel (prefix
 * "[dN] ") print, in order. Scenario expectations match these lines; each
 * line is also a trace event (LOG).
 */
#ifndef GNTSIM_ENV_LOG_H
#define GNTSIM_ENV_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "env/trace.h"

/*
 * The newest lines kept, a power of two. Both consoles are rings (Xen's conring,
 * Linux's log_buf of 2^CONFIG_LOG_BUF_SHIFT bytes): a long run that keeps printing
 * (a DMA bus error per packet) overwrites its oldest lines instead of growing.
 */
#define SIM_LOG_MAX_LINES 4096u

struct sim_log {
    char **lines;   /* a ring once full: the oldest line at head */
    size_t nr, cap; /* lines kept (<= SIM_LOG_MAX_LINES), slots allocated */
    size_t head;    /* slot of the oldest line; 0 until the ring is full */
    uint64_t lost;  /* lines overwritten */
    struct trace *trace;
};

/*
 * Append one formatted line, overwriting the oldest when SIM_LOG_MAX_LINES are kept.
 * The line is always traced; without host memory for it, it is kept as "".
 */
void sim_log_printf(struct sim_log *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Line @i of those kept (0 = oldest), or NULL if @i >= nr. Cannot fail. */
const char *sim_log_line(const struct sim_log *l, size_t i);
/* Free every line; safe on a zeroed log. */
void sim_log_fini(struct sim_log *l);

#endif
