/* SPDX-License-Identifier: MIT */
/*
 * The "steps" rendering: each scenario line as written, then what it made the
 * model do, indented, in the words of the text trace but without sequence
 * numbers; each expectation with its result. In a step that populates RAM
 * (boot), a run of p2m_set over consecutive frames of one domain and type is
 * one line, so the golden traces of the seed path show the path, not the
 * memory map. It shares the Chrome renderer's step state (one format per
 * trace).
 */
#include <inttypes.h>
#include <string.h>

#include "env/trace_int.h"

/* The folded p2m_set run: one page as the text trace words it, more as a range. */
static void steps_fold_flush(struct trace *t)
{
    struct trace_fold *f = &t->chrome.fold;
    char line[512];

    if (f->pages == 1) {
        const union trace_arg a[] = {TA_U(f->dom), TA_U(f->gfn), TA_U(f->mfn),
                                     TA_S(f->type)};

        trace_format_text(TEV_P2M_SET, a, line, sizeof(line));
        fprintf(t->out, "    %s\n", line);
    } else if (f->pages) {
        fprintf(t->out,
                "    d%" PRIu64 " p2m gfn %#" PRIx64 "..%#" PRIx64 " -> mfn %#" PRIx64
                "..%#" PRIx64 " %s (%" PRIu64 " pages)\n",
                f->dom, f->gfn, f->gfn + f->pages - 1, f->mfn, f->mfn + f->pages - 1,
                f->type, f->pages);
    }
    f->pages = 0;
}

/* P2M_SET (dom, gfn, mfn, type) of a boot step: extend the run or start one. */
static void steps_fold_add(struct trace *t, const union trace_arg *args)
{
    struct trace_fold *f = &t->chrome.fold;
    const char *type = args[3].s ? args[3].s : "";

    if (f->pages && (args[0].u != f->dom || args[1].u != f->gfn + f->pages ||
                     args[2].u != f->mfn + f->pages || strcmp(type, f->type)))
        steps_fold_flush(t);
    if (!f->pages++) {
        f->dom = args[0].u;
        f->gfn = args[1].u;
        f->mfn = args[2].u;
        snprintf(f->type, sizeof(f->type), "%s", type);
    }
}

void trace_steps_event(struct trace *t, enum trace_ev ev, const union trace_arg *args)
{
    char line[512];

    if (ev != TEV_P2M_SET || !t->chrome.boot)
        steps_fold_flush(t);
    switch (ev) {
    case TEV_STEP_BEGIN: /* file line cmd text boot; an own-line expect: its results */
        if (strcmp(args[2].s, "expect"))
            fprintf(t->out, "%s:%" PRIu64 ": %s\n", args[0].s, args[1].u, args[3].s);
        t->chrome.boot = args[4].u != 0;
        return;
    case TEV_STEP_END:
        t->chrome.boot = false;
        return;
    case TEV_EXPECT: /* file line text term cmp expected got result */
        fprintf(t->out, "  expect %s %s %s: %s", args[3].s, args[4].s, args[5].s,
                args[7].s);
        if (strcmp(args[7].s, "pass"))
            fprintf(t->out, ", got %s", args[6].s);
        fputc('\n', t->out);
        return;
    case TEV_P2M_SET:
        if (t->chrome.boot) {
            steps_fold_add(t, args);
            return;
        }
        break;
    default:
        break;
    }
    trace_format_text(ev, args, line, sizeof(line));
    fprintf(t->out, "    %s\n", line);
}

void trace_steps_close(struct trace *t)
{
    steps_fold_flush(t);
}
