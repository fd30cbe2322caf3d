/* SPDX-License-Identifier: MIT */
/*
 * The scenario runner's marks in the world's trace: where each step begins
 * and ends and what each expectation gave. A Chrome trace renders them
 * (src/env/trace_chrome.c: a slice per step, an instant per expectation), and
 * so does the steps text (trace_steps.c); other formats and untraced runs are
 * unchanged.
 */
#include <string.h>

#include "scenario/scenario.h"
#include "board/world.h"

/* The run's trace when it renders the markers (Chrome JSON, steps), else NULL. */
static struct trace *sc_chrome(const struct sc_run *r)
{
    struct trace *t = r->w ? &r->w->trace : NULL;

    return t && t->out && (t->format == TRACE_CHROME || t->format == TRACE_STEPS) ? t
                                                                                  : NULL;
}

bool sc_trace_on(const struct sc_run *r)
{
    return sc_chrome(r) != NULL;
}

void sc_trace_step(struct sc_run *r, const struct sc_stmt *s, bool begin)
{
    struct trace *t = sc_chrome(r);
    const char *cmd = s->cmd ? s->cmd->name : "expect";

    if (!t)
        return;
    if (begin) {
        /* a `domain` step populates RAM: its p2m_set run is folded */
        const union trace_arg a[] = {TA_S(r->sc->file), TA_U(s->line), TA_S(cmd),
                                     TA_S(s->text ? s->text : cmd),
                                     TA_U(!strcmp(cmd, "domain"))};

        trace_emit(t, TEV_STEP_BEGIN, a);
    } else {
        const union trace_arg a[] = {TA_U(s->line)};

        trace_emit(t, TEV_STEP_END, a);
    }
}

void sc_trace_expect(struct sc_run *r, const struct sc_expect *e, const char *term,
                     const char *want, const char *got, bool pass)
{
    struct trace *t = sc_chrome(r);
    const char *text = r->cur && r->cur->text ? r->cur->text : "";

    if (t) {
        const union trace_arg a[] = {TA_S(r->sc->file),
                                     TA_U(e->line),
                                     TA_S(text),
                                     TA_S(term),
                                     TA_S(sc_cmp_name(e->cmp)),
                                     TA_S(want),
                                     TA_S(got ? got : "(holds)"),
                                     TA_S(pass ? "pass" : "fail")};

        trace_emit(t, TEV_EXPECT, a);
    }
}
