/* SPDX-License-Identifier: MIT */
/* Trace internals shared by the renderers (trace.c, trace_chrome.c, trace_steps.c). */
#ifndef GNTSIM_ENV_TRACE_INT_H
#define GNTSIM_ENV_TRACE_INT_H

#include "env/trace.h"

/* Kind letter of field @i of @ev, its name into @name; 0 when @ev has no field @i. */
char trace_field(enum trace_ev ev, unsigned i, char *name, size_t len);
/* Whether @ev has a field @name; then its value in *@out and kind in *@kind. */
bool trace_arg_of(enum trace_ev ev, const union trace_arg *args, const char *name,
                  union trace_arg *out, char *kind);
/* Write every field of @ev as JSON members "name":value; returns how many.
 * Stream errors stay in @out. */
unsigned trace_json_fields(FILE *out, enum trace_ev ev, const union trace_arg *args);

/* Render @ev as Chrome trace JSON (tracks, steps, folding). Cannot fail. */
void trace_chrome_event(struct trace *t, enum trace_ev ev, const union trace_arg *args);
/* Close the open step and the JSON document. Cannot fail. */
void trace_chrome_close(struct trace *t);

/* Render @ev as the steps text (trace_steps.c). Cannot fail. */
void trace_steps_event(struct trace *t, enum trace_ev ev, const union trace_arg *args);
/* Write what the steps rendering still holds (a folded run). Cannot fail. */
void trace_steps_close(struct trace *t);

#endif
