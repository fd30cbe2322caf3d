/* SPDX-License-Identifier: MIT */
/*
 * Parsing concurrency: `parallel [lock-steps] [schedule="0 1 1"] {`, its member
 * statements (one per simulated vCPU), the `}` closing it, and the `races` header line
 * that tells `gntsim explore` in which releases a race must be found (docs/explore.md).
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
    if (last->kind != TK_LBRACE || nt < 2 || nt > 6) {
        sc_perr(p, p->t[0].col,
                "expected 'parallel {' or 'parallel [lock-steps] [schedule=\"...\"] {'");
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
    for (unsigned a = 0; a < s->nargs; a++)
        if (s->args[a].v.kind == SV_REF && s->args[a].v.ref_stmt >= (int)p->par_open) {
            sc_perr(p, s->args[a].col,
                    "a result of the same parallel block (line %u): it exists only "
                    "once the block has run",
                    p->sc->stmts[s->args[a].v.ref_stmt].line);
            return -1;
        }
    s->par_member = true;
    return 0;
}

/* The schedule string of block @b (argument @a): vCPU numbers separated by spaces, each
 * < par_n. Errors point at the `parallel` line. */
static int parse_schedule(struct sc_parser *p, struct sc_stmt *b, const struct sc_arg *a)
{
    const char *text = a->v.s ? a->v.s : "";
    unsigned line = p->line;
    int rc = 0;

    size_t cap = strlen(text) / 2 + 1;

    b->sched = malloc(cap);
    if (!b->sched)
        return -1;
    p->line = b->line;
    for (const char *c = text; *c && !rc;) {
        char *end;
        unsigned long v;

        if (*c == ' ') {
            c++;
            continue;
        }
        v = strtoul(c, &end, 10);
        if (end == c || (*end && *end != ' ') || v >= b->par_n) {
            sc_perr(p, a->col,
                    "schedule=: '%.*s' is not a vCPU of this block (0..%u, separated by "
                    "spaces)",
                    (int)strcspn(c, " "), c, b->par_n - 1);
            rc = -1;
            break;
        }
        b->sched[b->nsched++] = (uint8_t)v;
        c = end;
    }
    p->line = line;
    return rc;
}

/* A literal argument @key of @s (a domid or a number), or @dflt; -1 for a $ref. */
static int64_t par_lit(const struct sc_stmt *s, const char *key, int64_t dflt)
{
    const struct sc_arg *a = sc_arg(s, key);

    return !a ? dflt : a->v.kind == SV_INT ? a->v.i : -1;
}

/* Two hypercalls on one vCPU of one domain (vcpu=, 0 for a step without the key),
 * written literally: refused at parse time (a $ref is checked when the block runs).
 * Reported at the second one. */
static void par_check_vcpus(struct sc_parser *p, const struct sc_stmt *b)
{
    const struct sc_stmt *m = b + 1;
    unsigned line = p->line;

    for (unsigned i = 0; i < b->par_n; i++)
        for (unsigned j = 0; j < i; j++) {
            int64_t di = par_lit(&m[i], "dom", -1), dj = par_lit(&m[j], "dom", -1);
            int64_t vi = par_lit(&m[i], "vcpu", 0), vj = par_lit(&m[j], "vcpu", 0);

            if ((m[i].cmd->flags | m[j].cmd->flags) & SC_GUEST || di < 0 || vi < 0 ||
                di != dj || vi != vj)
                continue;
            p->line = m[i].line;
            sc_perr(p, m[i].col, "runs on d%lld's vCPU %lld, as line %u does: %s",
                    (long long)di, (long long)vi, m[j].line,
                    sc_cmd_has_key(m[i].cmd, "vcpu") && sc_cmd_has_key(m[j].cmd, "vcpu")
                        ? "give each its own vcpu="
                        : "a step without vcpu= runs on vCPU 0");
            p->line = line;
            return;
        }
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
        parse_schedule(p, b, a);
    par_check_vcpus(p, b);
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
