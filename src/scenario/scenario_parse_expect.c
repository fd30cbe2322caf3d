/* SPDX-License-Identifier: MIT */
/*
 * Scenario parser, expectations: `expect` clauses after a statement (terms, comparisons,
 * sets, masks, `before`, exact action lists), each error reported as
 * "file:line:col: message".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "env/grow.h"
#include "scenario/scenario_parser.h"

/* The field kind of expectation term @e (-1: the log). */
static int term_kind(const struct gntsim_scenario *sc, const struct sc_stmt *self,
                     const struct sc_expect *e)
{
    const struct sc_stmt *s;

    if (e->actions)
        return e->actions == SC_ACT_COUNT ? FK_INT : -1;
    if (e->stmt < 0)
        return -1;
    s = e->stmt == (int)sc->nr ? self : &sc->stmts[e->stmt];
    return (int)s->cmd->fields[e->field].kind;
}

/* `actions` or `actions.KIND` of step @owner (the step's own, @self, or the previous
 * one): that step records its actions. */
static int parse_actions_term(struct sc_parser *p, const struct sc_token *t, int owner,
                              struct sc_stmt *self, struct sc_expect *e)
{
    if (owner < 0) {
        sc_perr(p, t->col, "'actions' reads a step: put it on the step or after it");
        return -1;
    }
    e->stmt = owner;
    e->actions = SC_ACT_LINES;
    (owner == (int)p->sc->nr ? self : &p->sc->stmts[owner])->wants_actions = true;
    if (t->len == 7)
        return 0;
    if (t->len - 8 >= sizeof(e->akind) || t->len == 8) {
        sc_perr(p, t->col, "expected actions.KIND (an event name, e.g. iommu_map)");
        return -1;
    }
    memcpy(e->akind, t->text + 8, t->len - 8);
    e->akind[t->len - 8] = '\0';
    if (!gntsim_action_kind_known(e->akind)) {
        sc_perr(p, t->col + 8, "no action kind '%s' (the event names of gntsim trace)",
                e->akind);
        return -1;
    }
    e->actions = SC_ACT_COUNT;
    return 0;
}

/* TERM of an expectation at token @i: log, $name.field or a field of @owner. */
static int parse_term(struct sc_parser *p, size_t i, int owner, struct sc_stmt *self,
                      struct sc_expect *e)
{
    const struct sc_token *t = &p->t[i];
    struct sc_value v = {0};
    const struct sc_stmt *os;

    e->stmt = -1;
    if (sc_tok_is(t, "log"))
        return 0;
    if (t->kind == TK_WORD && t->len >= 7 && !memcmp(t->text, "actions", 7) &&
        (t->len == 7 || t->text[7] == '.'))
        return parse_actions_term(p, t, owner, self, e);
    if (t->kind == TK_WORD && t->len > 1 && t->text[0] == '$') {
        if (sc_parse_ref(p, t, &v, false))
            return -1;
        e->stmt = v.ref_stmt;
        e->field = v.ref_field;
        return 0;
    }
    if (owner < 0 || t->kind != TK_WORD) {
        sc_perr(p, t->col, "expected log, $NAME.FIELD or a field of the previous result");
        return -1;
    }
    os = owner == (int)p->sc->nr ? self : &p->sc->stmts[owner];
    e->stmt = owner;
    e->field = sc_field_index(os->cmd, t->text, t->len);
    if (e->field < 0)
        sc_perr(p, t->col, "'%s' results have no field '%.*s'", os->cmd->name,
                (int)t->len, t->text);
    return e->field < 0 ? -1 : 0;
}

void sc_value_free(struct sc_value *v)
{
    free(v->s);
    v->s = NULL;
}

void sc_expect_free(struct sc_expect *e)
{
    if (e->set) { /* want is set[0] */
        for (unsigned k = 0; k < e->nset; k++)
            sc_value_free(&e->set[k]);
        free(e->set);
        e->set = NULL;
        return;
    }
    sc_value_free(&e->want);
}

static int parse_cmp(struct sc_parser *p, const struct sc_token *t, struct sc_expect *e)
{
    static const struct {
        const char *text;
        enum sc_cmp cmp;
    } ops[] = {{"==", CMP_EQ},
               {"!=", CMP_NE},
               {"<", CMP_LT},
               {"<=", CMP_LE},
               {">", CMP_GT},
               {">=", CMP_GE},
               {"contains", CMP_CONTAINS},
               {"!contains", CMP_NCONTAINS},
               {"in", CMP_IN},
               {"!in", CMP_NIN},
               {"before", CMP_BEFORE}};

    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
        if ((t->kind == TK_OP || t->kind == TK_WORD) && strlen(ops[k].text) == t->len &&
            !memcmp(t->text, ops[k].text, t->len)) {
            e->cmp = ops[k].cmp;
            return 0;
        }
    sc_perr(p, t->col,
            "expected ==, !=, <, <=, >, >=, in, !in, contains, !contains or before");
    return -1;
}

/* Whether comparison @c applies to a term of field kind @k (-1: the log); else why not.
 */
static const char *cmp_misfit(enum sc_cmp c, int k, bool masked)
{
    bool num = k != -1 && k != FK_STR && k != FK_BYTES;

    if (masked && !num)
        return "'&' needs a number field";
    switch (c) {
    case CMP_CONTAINS:
    case CMP_NCONTAINS:
        return num ? "'contains' needs log, a string or bytes field" : NULL;
    case CMP_LT:
    case CMP_LE:
    case CMP_GT:
    case CMP_GE:
        return num ? NULL : "<, <=, >, >= need a number field";
    case CMP_IN:
    case CMP_NIN:
        return k == -1 || k == FK_BYTES ? "'in' needs a number or string field" : NULL;
    default:
        return NULL;
    }
}

/* One VALUE at token @t for a term of field kind @k into @v. 0 or -1 (reported). */
static int parse_want(struct sc_parser *p, int k, const struct sc_token *t,
                      struct sc_value *v)
{
    if (k == FK_BYTES)
        return sc_parse_data(p, t, v);
    if (k == -1 || k == FK_STR)
        return sc_parse_word(p, t, v);
    return sc_parse_int(p, t, v, false);
}

/* "{ V, V, ... }" at *@i into @e->set (at most SC_MAX_SET); advances *@i. */
static int parse_set(struct sc_parser *p, size_t *i, int k, struct sc_expect *e)
{
    unsigned open_col = p->t[*i].col;

    if (*i >= p->nt || p->t[*i].kind != TK_LBRACE) {
        sc_perr(p, p->t[*i < p->nt ? *i : p->nt - 1].col, "expected '{' after 'in'");
        return -1;
    }
    e->set = calloc(SC_MAX_SET, sizeof(*e->set));
    if (!e->set) {
        sc_perr(p, open_col, "out of memory");
        return -1;
    }
    for ((*i)++;; (*i)++) {
        if (*i >= p->nt) {
            sc_perr(p, open_col, "missing '}'");
            return -1;
        }
        if (e->nset == SC_MAX_SET) {
            sc_perr(p, p->t[*i].col, "at most %u values in a set", SC_MAX_SET);
            return -1;
        }
        if (parse_want(p, k, &p->t[*i], &e->set[e->nset]))
            return -1;
        e->nset++;
        if (++*i < p->nt && p->t[*i].kind == TK_RBRACE)
            break;
        if (*i >= p->nt || p->t[*i].kind != TK_COMMA) {
            sc_perr(p, p->t[*i < p->nt ? *i : p->nt - 1].col, "expected ',' or '}'");
            return -1;
        }
    }
    (*i)++;
    e->want = e->set[0]; /* shares set[0]'s heap: freed with the set */
    return 0;
}

/* The KIND after `actions.KIND before` at *@i into @e->bkind; advances *@i. */
static int parse_before(struct sc_parser *p, size_t *i, struct sc_expect *e)
{
    const struct sc_token *t = &p->t[*i < p->nt ? *i : p->nt - 1];

    if (e->actions != SC_ACT_COUNT || e->masked) {
        sc_perr(p, e->col, "'before' orders two action kinds: actions.KIND before KIND");
        return -1;
    }
    if (*i >= p->nt || t->kind != TK_WORD || t->len >= sizeof(e->bkind)) {
        sc_perr(p, t->col, "expected an action kind after 'before' (e.g. iommu_map)");
        return -1;
    }
    memcpy(e->bkind, t->text, t->len);
    e->bkind[t->len] = '\0';
    if (!gntsim_action_kind_known(e->bkind)) {
        sc_perr(p, t->col, "no action kind '%s' (the event names of gntsim trace)",
                e->bkind);
        return -1;
    }
    (*i)++;
    return 0;
}

/* TERM [& MASK] OP VALUE, or TERM [& MASK] in {VALUE, ...}, at *@i; advances *@i.
 * Returns 0 or -1 (reported). */
static int parse_clause(struct sc_parser *p, size_t *i, int owner, struct sc_stmt *self,
                        struct sc_expect *e)
{
    const char *misfit;
    size_t op;
    int k;

    if (*i + 2 >= p->nt) {
        sc_perr(p, p->t[*i < p->nt ? *i : p->nt - 1].col,
                "expected TERM OP VALUE, e.g. status == GNTST_okay");
        return -1;
    }
    e->line = p->line;
    e->col = p->t[*i].col;
    if (parse_term(p, *i, owner, self, e))
        return -1;
    op = *i + 1;
    if (p->t[op].kind == TK_AMP) { /* TERM & MASK */
        struct sc_value m = {0};

        if (op + 2 >= p->nt) {
            sc_perr(p, p->t[op].col, "expected TERM & MASK OP VALUE");
            return -1;
        }
        if (sc_parse_int(p, &p->t[op + 1], &m, false))
            return -1;
        e->masked = true;
        e->mask = (uint64_t)m.i;
        op += 2;
    }
    if (parse_cmp(p, &p->t[op], e))
        return -1;
    k = term_kind(p->sc, self, e);
    misfit = cmp_misfit(e->cmp, k, e->masked);
    if (misfit) {
        sc_perr(p, p->t[op].col, "%s", misfit);
        return -1;
    }
    *i = op + 1;
    if (e->cmp == CMP_IN || e->cmp == CMP_NIN)
        return parse_set(p, i, k, e);
    if (e->cmp == CMP_EQ && e->actions && !e->masked && *i < p->nt &&
        p->t[*i].kind == TK_LBRACE) { /* the exact list of the step's actions (of KIND) */
        e->list = true;
        return parse_set(p, i, -1, e);
    }
    if (e->cmp == CMP_BEFORE)
        return parse_before(p, i, e);
    if (*i >= p->nt) {
        sc_perr(p, p->t[op].col, "expected a value after '%.*s'", (int)p->t[op].len,
                p->t[op].text);
        return -1;
    }
    return parse_want(p, k, &p->t[(*i)++], &e->want);
}

/* Append @e to @s's expectations; the array grows geometrically. Returns 0 or -1. */
static int add_expect(struct sc_stmt *s, const struct sc_expect *e)
{
    if (s->nexp == s->capexp) {
        struct sc_expect *n = sim_grow(s->exp, &s->capexp, s->nexp + 1, sizeof(*n), 4);

        if (!n)
            return -1;
        s->exp = n;
    }
    s->exp[s->nexp++] = *e;
    return 0;
}

/* "expect[RELS] CLAUSE {and CLAUSE}" at *@i, owned by @self (index @owner). */
int sc_parse_expect(struct sc_parser *p, size_t *i, int owner, struct sc_stmt *self)
{
    uint64_t rels = sc_all_rels();
    size_t j = *i + 1;

    if (j < p->nt && p->t[j].kind == TK_LBRACK) {
        size_t close = j;
        unsigned errs = p->nerr;

        while (close < p->nt && p->t[close].kind != TK_RBRACK)
            close++;
        if (close == p->nt) {
            sc_perr(p, p->t[j].col, "missing ']'");
            return -1;
        }
        rels = sc_rel_list(p, j + 1, close);
        if (!rels) {
            if (errs == p->nerr)
                sc_perr(p, p->t[j].col, "expect[...] selects no release");
            return -1;
        }
        j = close + 1;
    }
    for (;;) {
        struct sc_expect e = {.rels = rels};

        if (parse_clause(p, &j, owner, self, &e) || add_expect(self, &e)) {
            sc_expect_free(&e);
            return -1;
        }
        if (j < p->nt && sc_tok_is(&p->t[j], "and")) {
            j++;
            continue;
        }
        break;
    }
    if (j < p->nt && !sc_tok_is(&p->t[j], "expect")) {
        sc_perr(p, p->t[j].col, "expected 'and' or 'expect' after an expectation");
        return -1;
    }
    *i = j;
    return 0;
}
