/* SPDX-License-Identifier: MIT */
/*
 * Trace events: one declaration table (trace_events.def), three renderings
 * (text log, JSON lines, Chrome trace JSON for Perfetto). Time is virtual:
 * each event advances a counter, so output is byte-identical across runs.
 * With no sink set, emitting costs one branch and a counter increment.
 * The scenario markers (steps, expectations) are rendered only in Chrome
 * traces (src/env/trace_chrome.c) and the steps text (trace_steps.c), and
 * advance no counter.
 */
#ifndef GNTSIM_ENV_TRACE_H
#define GNTSIM_ENV_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "env/compiler.h"

enum trace_ev {
#define TRACE_EVENT(id, name, fields, fmt) TEV_##id,
#include "env/trace_events.def"
#undef TRACE_EVENT
    TEV_NR
};

/* The scenario markers are declared last in trace_events.def, from STEP_BEGIN on. */
static inline bool trace_is_marker(enum trace_ev ev)
{
    return ev >= TEV_STEP_BEGIN && ev < TEV_NR;
}

enum trace_format { TRACE_TEXT, TRACE_JSON, TRACE_CHROME, TRACE_STEPS };

union trace_arg {
    uint64_t u;
    int64_t d;
    const char *s;
};

#define TRACE_MAX_ARGS      10
#define TRACE_CHROME_TRACKS 48

/* Boot-time RAM population being folded into one Chrome slice. */
struct trace_fold {
    uint64_t pages;                /* 0: nothing folded */
    uint64_t dom, gfn, mfn, ts_ns; /* first page and its timestamp */
    uint64_t end_ns;               /* timestamp of the last page */
    char type[32];
};

/* Chrome rendering state: tracks, the open step, virtual time. */
struct trace_chrome {
    const uint64_t *clock_ns; /* the world's NOW() (NULL: none) */
    uint64_t shift_ns;        /* added to the clock: every per-step advance so far */
    uint64_t last_ns;         /* latest timestamp written */
    uint64_t step_ns;         /* start of the open step */
    bool started;             /* the JSON array is opened */
    bool in_step, boot;       /* a step is open; it populates RAM */
    char loc[128];            /* the open step's "file:line" */
    char step_name[160];      /* and its slice name (its source text) */
    char tracks[TRACE_CHROME_TRACKS][24]; /* track (tid - 1) names */
    unsigned ntracks;
    struct trace_fold fold;
};

#define TRACE_CAPTURE_MAX 4096 /* actions kept by one capture; later ones are counted */

/* One recorded event: its kind and its text line (heap). */
struct trace_action {
    enum trace_ev ev;
    char *text;
};

/* The events emitted while a capture is on, in order (scenario "actions"). */
struct trace_capture {
    bool on;
    struct trace_action *a;
    size_t nr, cap;
    size_t dropped; /* beyond TRACE_CAPTURE_MAX, or out of memory */
};

struct trace {
    FILE *out; /* NULL: no rendering */
    enum trace_format format;
    uint64_t seq;           /* virtual time: events emitted so far */
    uint64_t count[TEV_NR]; /* events of each kind, always counted */
    struct trace_chrome chrome;
    void (*hook)(void *ctx, enum trace_ev ev, const union trace_arg *args);
    void *hook_ctx;                /* optional observer (the invariant step recorder) */
    struct trace_capture *capture; /* NULL or off: no recording */
};

/* Drop what @c recorded and start recording (@on) or stop. Cannot fail. */
void trace_capture_reset(struct trace_capture *c, bool on);
/* Free @c's records. Cannot fail. */
void trace_capture_fini(struct trace_capture *c);

/* Start rendering to @out in @format (NULL: counting only). Cannot fail. */
void trace_open(struct trace *t, FILE *out, enum trace_format format);
/* Finish the rendering (closes the Chrome JSON array); later events are only counted.
 * Does not fclose. */
void trace_close(struct trace *t);

/* Record event @ev with @args (as many as its field list). Cannot fail. */
void trace_emit(struct trace *t, enum trace_ev ev, const union trace_arg *args);

/* Render @ev with @args as its text line into @buf (always NUL-terminated). */
void trace_format_text(enum trace_ev ev, const union trace_arg *args, char *buf,
                       size_t len);

/* Name of @ev ("p2m_set"). */
const char *trace_event_name(enum trace_ev ev);
/* The event called @name (not a scenario marker), or -1. */
int trace_event_find(const char *name);

/*
 * Write @s as a JSON string literal: quotes, backslashes and control bytes
 * escaped, invalid UTF-8 as U+FFFD. Stream errors are left in @out.
 */
void trace_json_fputs(FILE *out, const char *s);
/*
 * Write @s as a JSON string literal into @buf (always NUL-terminated and, when
 * @len >= 3, quoted); a string that does not fit is cut between escapes.
 * Returns the length written.
 */
size_t trace_json_escape(const char *s, char *buf, size_t len);

#define TA_U(v)                                                                          \
    {                                                                                    \
        .u = (uint64_t)(v)                                                               \
    }
#define TA_D(v)                                                                          \
    {                                                                                    \
        .d = (int64_t)(v)                                                                \
    }
#define TA_S(v)                                                                          \
    {                                                                                    \
        .s = (v)                                                                         \
    }
/*
 * Is @t observed (a sink, a hook or a capture), so that an event is emitted? The three
 * fields OR'ed: three loads and one branch, not three. Cannot fail.
 */
static inline bool trace_observed(const struct trace *t)
{
    return ((uintptr_t)t->out | (uintptr_t)t->hook | (uintptr_t)t->capture) != 0;
}

/*
 * Emit an event. With no sink, no hook and no capture only the counters move, and the
 * arguments (string renderers included) are not evaluated: a hot path pays one branch
 * (trace_observed()).
 */
#define TRACE(t, id, ...)                                                                \
    do {                                                                                 \
        struct trace *trace_t_ = (t);                                                    \
        if (trace_t_ && unlikely(trace_observed(trace_t_))) {                            \
            const union trace_arg trace_args_[] = {__VA_ARGS__};                         \
            trace_emit(trace_t_, TEV_##id, trace_args_);                                 \
        } else if (trace_t_) {                                                           \
            trace_t_->seq++;                                                             \
            trace_t_->count[TEV_##id]++;                                                 \
        }                                                                                \
    } while (0)

#endif
