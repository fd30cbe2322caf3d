/* SPDX-License-Identifier: MIT */
/*
 * Parsing concurrency: `parallel [schedule="0 1 1"] {`, its member statements (one per
 * simulated vCPU), the `}` closing it, and the `races` header line that tells
 * `gntsim explore` in which releases a race must be found (docs/explore.md).
 */
#include <stdlib.h>
#include <string.h>

#include "env/par.h"
#include "scenario/scenario_parser.h"

static const struct sc_cmd *par_cmd(void)
{
    return sc_cmd_find("parallel", 8);
}

void sc_parse_par_begin(struct sc_parser *p)
{
    const struct sc_token *last = &p->t[p->nt - 1];
    size_t nr = p->sc->nr, nt = p->nt;

    if (p->par_open) {
        sc_perr(p, p->t[0].col, "'parallel' inside the block opened at line %u",
                p->par_line);
        return;
    }
    if (last->kind != TK_LBRACE || (nt != 2 && nt != 5)) {
        sc_perr(p, p->t[0].col, "expected 'parallel {' or 'parallel schedule=\"...\" {'");
        return;
    }
    p->nt--; /* the statement is the line without its '{' */
    sc_parse_stmt(p, par_cmd());
    p->nt = nt;
    if (p->sc->nr > nr) {
        p->par_open = p->sc->nr;
        p->par_line = p->line;
    }
}

int sc_parse_par_member(struct sc_parser *p, struct sc_stmt *s)
{
    if (!s->cmd) {
        sc_perr(p, s->col,
                "an expectation line inside 'parallel' (line %u): put it after the '}'",
                p->par_line);
        return -1;
    }
    if (!(s->cmd->flags & SC_PAR)) {
        sc_perr(p, s->col,
                "'%s' cannot run in a parallel block (hypercalls and grant-table "
                "writes can: map, unmap, copy, grant, ...)",
                s->cmd->name);
        return -1;
    }
    if (p->sc->nr - p->par_open >= SIM_PAR_MAX) {
        sc_perr(p, s->col, "more than %u statements in one parallel block", SIM_PAR_MAX);
        return -1;
    }
    s->par_member = true;
    return 0;
}

/* The schedule string of block @b: vCPU numbers separated by spaces, each < par_n. */
static int parse_schedule(struct sc_parser *p, struct sc_stmt *b, const char *text)
{
    size_t cap = strlen(text) / 2 + 1;

    b->sched = malloc(cap);
    if (!b->sched)
        return -1;
    for (const char *c = text; *c;) {
        char *end;
        unsigned long v;

        if (*c == ' ') {
            c++;
            continue;
        }
        v = strtoul(c, &end, 10);
        if (end == c || (*end && *end != ' ') || v >= b->par_n) {
            sc_perr(p, b->col,
                    "schedule=: '%.*s' is not a vCPU of this block (0..%u, separated by "
                    "spaces)",
                    (int)strcspn(c, " "), c, b->par_n - 1);
            return -1;
        }
        b->sched[b->nsched++] = (uint8_t)v;
        c = end;
    }
    return 0;
}

void sc_parse_par_end(struct sc_parser *p)
{
    struct sc_stmt *b;
    const struct sc_arg *a;

    if (p->nt != 1 || !p->par_open) {
        sc_perr(p, p->t[0].col,
                p->par_open ? "'}' must stand alone" : "'}' without 'parallel {'");
        return;
    }
    b = &p->sc->stmts[p->par_open - 1];
    b->par_n = (unsigned)(p->sc->nr - p->par_open);
    p->par_open = 0;
    if (b->par_n < 2) {
        sc_perr(p, p->t[0].col, "a parallel block (line %u) needs two statements or more",
                b->line);
        return;
    }
    a = sc_arg(b, "schedule");
    if (a)
        parse_schedule(p, b, a->v.s ? a->v.s : "");
}

void sc_parse_par_eof(struct sc_parser *p)
{
    if (p->par_open) {
        p->line = p->par_line;
        sc_perr(p, 1, "'parallel {' is never closed with '}'");
    }
}

void sc_parse_races(struct sc_parser *p)
{
    unsigned errs = p->nerr;

    if (p->body_started || p->sc->has_races) {
        sc_perr(p, p->t[0].col, "'races' must come once, before the body");
        return;
    }
    p->sc->has_races = true;
    p->sc->races = p->nt < 2 ? 0 : sc_rel_list(p, 1, p->nt);
    if (p->nt >= 2 && !p->sc->races && errs == p->nerr)
        sc_perr(p, p->t[1].col, "this list selects no release");
}
