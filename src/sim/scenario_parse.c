/* SPDX-License-Identifier: MIT */
/*
 * Scenario parser: the whole file into statements, every error reported as
 * "file:line:col: message" before anything runs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario.h"

struct sc_group {
    char name[32];
    uint64_t mask;
};

struct sc_parser {
    struct gntsim_scenario *sc;
    FILE *errs;
    unsigned line, nerr;
    const struct sc_token *t; /* current line's tokens */
    size_t nt;
    struct sc_group groups[SC_MAX_GROUPS];
    unsigned ngroups;
    int last_result; /* statement of the latest result, -1 none */
    bool body_started;
    bool have_releases;
    bool have_world;
};

static void perr(struct sc_parser *p, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(struct sc_parser *p, unsigned col, const char *fmt, ...)
{
    va_list ap;

    p->nerr++;
    if (!p->errs)
        return;
    fprintf(p->errs, "%s:%u:%u: ", p->sc->file, p->line, col);
    va_start(ap, fmt);
    vfprintf(p->errs, fmt, ap);
    va_end(ap);
    fputc('\n', p->errs);
}

static bool tok_is(const struct sc_token *t, const char *w)
{
    return t->kind == TK_WORD && strlen(w) == t->len && !memcmp(t->text, w, t->len);
}

static uint64_t all_rels(void)
{
    size_t n = gntsim_release_count();

    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

int sc_release_index(const char *name, size_t len)
{
    struct gntsim_release_info ri;

    for (size_t i = 0; i < gntsim_release_count() && i < SC_MAX_RELS; i++)
        if (!gntsim_release_get(i, &ri) && strlen(ri.name) == len &&
            !memcmp(ri.name, name, len))
            return (int)i;
    return -1;
}

/* One release word ("4.14.1", "all", a group): its mask, or 0 with an error. */
static uint64_t rel_word(struct sc_parser *p, const struct sc_token *t)
{
    int i = sc_release_index(t->text, t->len);

    if (tok_is(t, "all"))
        return all_rels();
    if (i >= 0)
        return 1ull << i;
    for (unsigned g = 0; g < p->ngroups; g++)
        if (strlen(p->groups[g].name) == t->len &&
            !memcmp(p->groups[g].name, t->text, t->len))
            return p->groups[g].mask;
    perr(p, t->col, "unknown release or group '%.*s' (see 'gntsim releases')",
         (int)t->len, t->text);
    return 0;
}

/* Release list tokens [@i, @end): words, "!word" exclusions, commas. */
static uint64_t rel_list(struct sc_parser *p, size_t i, size_t end)
{
    uint64_t plus = 0, minus = 0;
    bool any_plus = false;

    for (; i < end; i++) {
        struct sc_token t = p->t[i];
        bool neg = t.kind == TK_WORD && t.text[0] == '!' && t.len > 1;

        if (t.kind == TK_COMMA)
            continue;
        if (t.kind != TK_WORD) {
            perr(p, t.col, "expected a release name");
            return 0;
        }
        if (neg) {
            t.text++;
            t.len--;
            minus |= rel_word(p, &t);
        } else {
            plus |= rel_word(p, &t);
            any_plus = true;
        }
    }
    return (any_plus ? plus : all_rels()) & ~minus;
}

static void parse_releases(struct sc_parser *p)
{
    if (p->body_started || p->have_releases) {
        perr(p, p->t[0].col, "'releases' must come once, before the body");
        return;
    }
    if (p->nt < 2) {
        perr(p, p->t[0].col, "'releases' needs release names or 'all'");
        return;
    }
    p->sc->rels = rel_list(p, 1, p->nt);
    p->have_releases = true;
}

static void parse_group(struct sc_parser *p)
{
    struct sc_group *g = &p->groups[p->ngroups];

    if (p->nt < 3 || p->t[1].kind != TK_WORD || p->t[1].len >= sizeof(g->name)) {
        perr(p, p->t[0].col, "usage: group NAME RELEASE...");
        return;
    }
    if (p->ngroups == SC_MAX_GROUPS) {
        perr(p, p->t[0].col, "too many groups (at most %d)", SC_MAX_GROUPS);
        return;
    }
    memcpy(g->name, p->t[1].text, p->t[1].len);
    g->name[p->t[1].len] = '\0';
    g->mask = rel_list(p, 2, p->nt);
    p->ngroups++;
}

/* Statement index of the latest result named @name (@len), before the current one. */
static int find_name(struct sc_parser *p, const char *name, size_t len)
{
    for (size_t i = p->sc->nr; i-- > 0;)
        if (strlen(p->sc->stmts[i].name) == len &&
            !memcmp(p->sc->stmts[i].name, name, len))
            return (int)i;
    return -1;
}

/* "$name" or "$name.field" in @t into @v. Returns 0 or -1 (error reported). */
static int parse_ref(struct sc_parser *p, const struct sc_token *t, struct sc_value *v,
                     bool whole)
{
    const char *dot = memchr(t->text, '.', t->len);
    size_t nlen = (dot ? (size_t)(dot - t->text) : t->len) - 1;
    int s = find_name(p, t->text + 1, nlen);

    if (s < 0) {
        perr(p, t->col, "no earlier result named '%.*s' (use 'as NAME')", (int)nlen,
             t->text + 1);
        return -1;
    }
    v->kind = SV_REF;
    v->ref_stmt = s;
    v->ref_field = -1;
    if (!dot && whole)
        return 0;
    if (!dot) {
        perr(p, t->col, "'$%.*s' needs a field, e.g. $%.*s.%s", (int)nlen, t->text + 1,
             (int)nlen, t->text + 1, p->sc->stmts[s].cmd->fields[0].name);
        return -1;
    }
    v->ref_field = sc_field_index(p->sc->stmts[s].cmd, dot + 1,
                                  t->len - (size_t)(dot + 1 - t->text));
    if (v->ref_field < 0) {
        perr(p, t->col, "'%s' results have no field '%.*s'", p->sc->stmts[s].cmd->name,
             (int)(t->len - (size_t)(dot + 1 - t->text)), dot + 1);
        return -1;
    }
    return 0;
}

/* A number, a constant (GNTST_okay, -EIO, GTF_a|GTF_b) or "dN" when @dom. */
static int parse_int(struct sc_parser *p, const struct sc_token *t, struct sc_value *v,
                     bool dom)
{
    char buf[64], *end;
    const char *s = t->text;
    size_t n = t->len;

    if (t->kind == TK_WORD && t->len > 1 && t->text[0] == '$')
        return parse_ref(p, t, v, false);
    if (t->kind != TK_WORD || n >= sizeof(buf)) {
        perr(p, t->col, "expected a number");
        return -1;
    }
    v->kind = SV_INT;
    if (sc_const_lookup(s, n, &v->i))
        return 0;
    if (dom && n > 1 && s[0] == 'd') {
        s++;
        n--;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    v->i = buf[0] == '-' ? strtoll(buf, &end, 0) : (int64_t)strtoull(buf, &end, 0);
    if (*end || errno || !n) {
        perr(p, t->col, "'%.*s' is not a %s", (int)t->len, t->text,
             dom ? "domain (d0, d1, ...)" : "number or known constant");
        return -1;
    }
    return 0;
}

/* Bytes: "a string" or hex:0011aa. */
static int parse_data(struct sc_parser *p, const struct sc_token *t, struct sc_value *v)
{
    size_t n;

    if (t->kind == TK_STRING) {
        v->kind = SV_BYTES;
        v->s = malloc(t->slen + 1);
        if (!v->s)
            return -1;
        memcpy(v->s, t->str, t->slen + 1);
        v->len = t->slen;
        return 0;
    }
    if (t->kind == TK_WORD && t->text[0] == '$')
        return parse_ref(p, t, v, false);
    if (t->kind != TK_WORD || t->len < 4 || memcmp(t->text, "hex:", 4) ||
        (t->len - 4) % 2) {
        perr(p, t->col, "expected bytes: \"text\" or hex:0a1b...");
        return -1;
    }
    n = (t->len - 4) / 2;
    v->kind = SV_BYTES;
    v->s = calloc(1, n + 1);
    v->len = n;
    for (size_t i = 0; v->s && i < n; i++) {
        unsigned x;

        if (sscanf(t->text + 4 + 2 * i, "%2x", &x) != 1) {
            perr(p, t->col + 4 + (unsigned)(2 * i), "bad hex digit");
            return -1;
        }
        v->s[i] = (char)x;
    }
    return v->s ? 0 : -1;
}

static int parse_word(struct sc_parser *p, const struct sc_token *t, struct sc_value *v)
{
    const char *src = t->kind == TK_STRING ? t->str : t->text;
    size_t n = t->kind == TK_STRING ? t->slen : t->len;

    if (t->kind != TK_WORD && t->kind != TK_STRING) {
        perr(p, t->col, "expected a name or a string");
        return -1;
    }
    v->kind = SV_WORD;
    v->s = malloc(n + 1);
    if (!v->s)
        return -1;
    memcpy(v->s, src, n);
    v->s[n] = '\0';
    v->len = n;
    return 0;
}

static int parse_bool(struct sc_parser *p, const struct sc_token *t, struct sc_value *v)
{
    v->kind = SV_INT;
    if (tok_is(t, "on") || tok_is(t, "yes") || tok_is(t, "true")) {
        v->i = 1;
        return 0;
    }
    if (tok_is(t, "off") || tok_is(t, "no") || tok_is(t, "false")) {
        v->i = 0;
        return 0;
    }
    perr(p, t->col, "expected on or off");
    return -1;
}

/* The value of an argument of kind @k at token @t. Returns 0 or -1 (reported). */
static int parse_value(struct sc_parser *p, enum sc_ak k, const struct sc_token *t,
                       struct sc_value *v)
{
    switch (k) {
    case AK_DOM:
    case AK_INT:
        return parse_int(p, t, v, k == AK_DOM);
    case AK_DATA:
        return parse_data(p, t, v);
    case AK_BOOL:
        return parse_bool(p, t, v);
    case AK_RESULT:
        if (t->kind == TK_WORD && t->len > 1 && t->text[0] == '$')
            return parse_ref(p, t, v, true);
        perr(p, t->col, "expected a named result ($NAME)");
        return -1;
    default:
        return parse_word(p, t, v);
    }
}

static const struct sc_keyspec *find_key(const struct sc_cmd *c, const char *name,
                                         size_t len, bool flag)
{
    for (const struct sc_keyspec *k = c->keys; k->name; k++)
        if ((k->kind == AK_FLAG) == flag && strlen(k->name) == len &&
            !memcmp(k->name, name, len))
            return k;
    return NULL;
}

static void key_list(const struct sc_cmd *c, char *buf, size_t len)
{
    size_t o = 0;

    buf[0] = '\0';
    for (const struct sc_keyspec *k = c->keys; k->name && o < len; k++)
        o += (size_t)snprintf(buf + o, len - o, "%s%s%s", o ? " " : "", k->name,
                              k->kind == AK_FLAG ? "" : "=");
}

/* The field kind of expectation term @e (-1: the log). */
static int term_kind(const struct gntsim_scenario *sc, const struct sc_stmt *self,
                     const struct sc_expect *e)
{
    const struct sc_stmt *s = e->stmt == (int)sc->nr ? self : &sc->stmts[e->stmt];

    return e->stmt < 0 ? -1 : (int)s->cmd->fields[e->field].kind;
}

/* TERM of an expectation at token @i: log, $name.field or a field of @owner. */
static int parse_term(struct sc_parser *p, size_t i, int owner,
                      const struct sc_stmt *self, struct sc_expect *e)
{
    const struct sc_token *t = &p->t[i];
    struct sc_value v = {0};
    const struct sc_stmt *os;

    e->stmt = -1;
    if (tok_is(t, "log"))
        return 0;
    if (t->kind == TK_WORD && t->len > 1 && t->text[0] == '$') {
        if (parse_ref(p, t, &v, false))
            return -1;
        e->stmt = v.ref_stmt;
        e->field = v.ref_field;
        return 0;
    }
    if (owner < 0 || t->kind != TK_WORD) {
        perr(p, t->col, "expected log, $NAME.FIELD or a field of the previous result");
        return -1;
    }
    os = owner == (int)p->sc->nr ? self : &p->sc->stmts[owner];
    e->stmt = owner;
    e->field = sc_field_index(os->cmd, t->text, t->len);
    if (e->field < 0)
        perr(p, t->col, "'%s' results have no field '%.*s'", os->cmd->name, (int)t->len,
             t->text);
    return e->field < 0 ? -1 : 0;
}

static int parse_cmp(struct sc_parser *p, const struct sc_token *t, struct sc_expect *e)
{
    if (t->kind == TK_OP) {
        e->cmp = t->text[0] == '=' ? CMP_EQ : CMP_NE;
        return 0;
    }
    if (tok_is(t, "contains") || tok_is(t, "!contains")) {
        e->cmp = t->text[0] == '!' ? CMP_NCONTAINS : CMP_CONTAINS;
        return 0;
    }
    perr(p, t->col, "expected ==, !=, contains or !contains");
    return -1;
}

/* TERM OP VALUE at *@i; advances *@i. Returns 0 or -1 (reported). */
static int parse_clause(struct sc_parser *p, size_t *i, int owner,
                        const struct sc_stmt *self, struct sc_expect *e)
{
    int k;

    if (*i + 2 >= p->nt) {
        perr(p, p->t[*i < p->nt ? *i : p->nt - 1].col,
             "expected TERM OP VALUE, e.g. status == GNTST_okay");
        return -1;
    }
    e->line = p->line;
    e->col = p->t[*i].col;
    if (parse_term(p, *i, owner, self, e) || parse_cmp(p, &p->t[*i + 1], e))
        return -1;
    k = term_kind(p->sc, self, e);
    if ((e->cmp == CMP_CONTAINS || e->cmp == CMP_NCONTAINS) && k != -1 && k != FK_STR &&
        k != FK_BYTES) {
        perr(p, p->t[*i + 1].col, "'contains' needs log, a string or bytes field");
        return -1;
    }
    *i += 3;
    if (k == FK_BYTES)
        return parse_data(p, &p->t[*i - 1], &e->want);
    if (k == -1 || k == FK_STR)
        return parse_word(p, &p->t[*i - 1], &e->want);
    return parse_int(p, &p->t[*i - 1], &e->want, false);
}

static int add_expect(struct sc_stmt *s, const struct sc_expect *e)
{
    struct sc_expect *n = realloc(s->exp, (s->nexp + 1) * sizeof(*n));

    if (!n)
        return -1;
    s->exp = n;
    s->exp[s->nexp++] = *e;
    return 0;
}

/* "expect[RELS] CLAUSE {and CLAUSE}" at *@i, owned by @self (index @owner). */
static int parse_expect(struct sc_parser *p, size_t *i, int owner, struct sc_stmt *self)
{
    uint64_t rels = all_rels();
    size_t j = *i + 1;

    if (j < p->nt && p->t[j].kind == TK_LBRACK) {
        size_t close = j;

        while (close < p->nt && p->t[close].kind != TK_RBRACK)
            close++;
        if (close == p->nt) {
            perr(p, p->t[j].col, "missing ']'");
            return -1;
        }
        rels = rel_list(p, j + 1, close);
        j = close + 1;
    }
    for (;;) {
        struct sc_expect e = {.rels = rels};

        if (parse_clause(p, &j, owner, self, &e) || add_expect(self, &e))
            return -1;
        if (j < p->nt && tok_is(&p->t[j], "and")) {
            j++;
            continue;
        }
        break;
    }
    if (j < p->nt && !tok_is(&p->t[j], "expect")) {
        perr(p, p->t[j].col, "expected 'and' or 'expect' after an expectation");
        return -1;
    }
    *i = j;
    return 0;
}

static int add_arg(struct sc_parser *p, struct sc_stmt *s, const struct sc_keyspec *k,
                   const struct sc_token *t, const struct sc_token *vt)
{
    struct sc_arg *a = &s->args[s->nargs];

    if (sc_arg(s, k->name)) {
        perr(p, t->col, "'%s' given twice", k->name);
        return -1;
    }
    if (s->nargs == SC_MAX_ARGS) {
        perr(p, t->col, "too many arguments");
        return -1;
    }
    a->spec = k;
    a->col = t->col;
    if (vt && parse_value(p, k->kind, vt, &a->v))
        return -1;
    s->nargs++;
    return 0;
}

/* One argument at *@i: key=value, a flag, or the next positional. */
static int parse_arg(struct sc_parser *p, struct sc_stmt *s, size_t *i, unsigned *pos)
{
    const struct sc_token *t = &p->t[*i];
    const struct sc_keyspec *k;
    char keys[256];

    if (t->kind == TK_WORD && *i + 1 < p->nt && p->t[*i + 1].kind == TK_EQ) {
        k = find_key(s->cmd, t->text, t->len, false);
        key_list(s->cmd, keys, sizeof(keys));
        if (!k || *i + 2 >= p->nt) {
            perr(p, t->col,
                 k ? "'%.*s=' needs a value" : "unknown key '%.*s' (%s takes: %s)",
                 (int)t->len, t->text, s->cmd->name, keys[0] ? keys : "no keys");
            return -1;
        }
        *i += 3;
        return add_arg(p, s, k, t, &p->t[*i - 1]);
    }
    k = t->kind == TK_WORD ? find_key(s->cmd, t->text, t->len, true) : NULL;
    if (!k && s->cmd->pos[*pos].name)
        k = &s->cmd->pos[(*pos)++];
    if (!k) {
        key_list(s->cmd, keys, sizeof(keys));
        perr(p, t->col, "unexpected '%.*s' (%s takes: %s)", (int)(t->len ? t->len : 1),
             t->text, s->cmd->name, keys[0] ? keys : "no more arguments");
        return -1;
    }
    (*i)++;
    return add_arg(p, s, k, t, k->kind == AK_FLAG ? NULL : t);
}

static int check_required(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_keyspec *lists[2] = {s->cmd->pos, s->cmd->keys};

    for (int l = 0; l < 2; l++)
        for (const struct sc_keyspec *k = lists[l]; k->name; k++)
            if (k->required && !sc_arg(s, k->name)) {
                perr(p, p->t[p->nt - 1].col + (unsigned)p->t[p->nt - 1].len,
                     "%s: missing %s%s", s->cmd->name, k->name, l ? "=" : "");
                return -1;
            }
    return 0;
}

static void free_value(struct sc_value *v)
{
    free(v->s);
    v->s = NULL;
}

static void free_stmt(struct sc_stmt *s)
{
    for (unsigned a = 0; a < s->nargs; a++)
        free_value(&s->args[a].v);
    for (size_t e = 0; e < s->nexp; e++)
        free_value(&s->exp[e].want);
    free(s->exp);
}

static int append_stmt(struct sc_parser *p, struct sc_stmt *s)
{
    struct gntsim_scenario *sc = p->sc;

    if (sc->nr == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 32;
        struct sc_stmt *n = realloc(sc->stmts, cap * sizeof(*n));

        if (!n)
            return -1;
        sc->stmts = n;
        sc->cap = cap;
    }
    sc->stmts[sc->nr++] = *s;
    return 0;
}

/* A command line, or a standalone expectation when @cmd is NULL. */
static void parse_stmt(struct sc_parser *p, const struct sc_cmd *cmd)
{
    struct sc_stmt s = {.cmd = cmd, .line = p->line, .col = p->t[0].col};
    size_t i = cmd ? 1 : 0;
    unsigned pos = 0;
    int owner = cmd && cmd->fields ? (int)p->sc->nr : p->last_result;
    int rc = 0;

    if (cmd == sc_cmd_world() && (p->body_started || p->have_world))
        rc = -1, perr(p, s.col, "'world' must come once, before the first step");
    while (!rc && i < p->nt && !tok_is(&p->t[i], "as") && !tok_is(&p->t[i], "expect"))
        rc = parse_arg(p, &s, &i, &pos);
    if (!rc && cmd)
        rc = check_required(p, &s);
    if (!rc && i < p->nt && tok_is(&p->t[i], "as")) {
        const struct sc_token *n = i + 1 < p->nt ? &p->t[i + 1] : NULL;

        if (!n || n->kind != TK_WORD || n->len >= sizeof(s.name) || !cmd ||
            !cmd->fields) {
            rc = -1;
            perr(p, p->t[i].col, "'as' needs a NAME, after a step that has a result");
        } else {
            memcpy(s.name, n->text, n->len);
            i += 2;
        }
    }
    while (!rc && i < p->nt)
        rc = parse_expect(p, &i, owner, &s);
    if (!rc && append_stmt(p, &s) == 0) {
        if (cmd == sc_cmd_world())
            p->have_world = true;
        else if (cmd)
            p->body_started = true;
        if (cmd && cmd->fields)
            p->last_result = owner;
        return;
    }
    free_stmt(&s);
}

static void parse_line(struct sc_parser *p)
{
    const struct sc_token *t0 = &p->t[0];
    const struct sc_cmd *cmd;

    if (tok_is(t0, "releases")) {
        parse_releases(p);
        return;
    }
    if (tok_is(t0, "group")) {
        parse_group(p);
        return;
    }
    if (tok_is(t0, "expect")) {
        parse_stmt(p, NULL);
        return;
    }
    cmd = t0->kind == TK_WORD ? sc_cmd_find(t0->text, t0->len) : NULL;
    if (!cmd) {
        perr(p, t0->col, "unknown command '%.*s' (see docs/scenario-language.md)",
             (int)(t0->len ? t0->len : 1), t0->text);
        return;
    }
    parse_stmt(p, cmd);
}

static void parse_text(struct sc_parser *p, const char *text, size_t len)
{
    struct sc_lexline l = {0};
    const char *end = text + len;
    char msg[160];

    for (const char *s = text; s < end; p->line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        unsigned col = 1;

        if (sc_lex_line(s, n, &l, &col, msg, sizeof(msg)))
            perr(p, col, "%s", msg);
        else if (l.nr) {
            p->t = l.tok;
            p->nt = l.nr;
            parse_line(p);
        }
        sc_lex_clear(&l);
        s += n + 1;
    }
    free(l.tok);
}

int gntsim_scenario_parse(const char *file, const char *text, size_t len, FILE *errs,
                          struct gntsim_scenario **out)
{
    struct sc_parser p = {.errs = errs, .line = 1, .last_result = -1};

    *out = NULL;
    p.sc = calloc(1, sizeof(*p.sc));
    if (!p.sc || !(p.sc->file = strdup(file ? file : "<scenario>"))) {
        free(p.sc);
        return -ENOMEM;
    }
    parse_text(&p, text, len);
    if (!p.have_releases)
        p.sc->rels = 1ull << sc_release_index("master", 6);
    for (size_t i = 0; i < p.sc->nr; i++)
        if (p.sc->stmts[i].cmd == sc_cmd_world())
            p.sc->world = &p.sc->stmts[i];
    if (p.nerr) {
        gntsim_scenario_free(p.sc);
        return -EINVAL;
    }
    *out = p.sc;
    return 0;
}

int gntsim_scenario_load(const char *path, FILE *errs, struct gntsim_scenario **out)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    if (!f) {
        if (errs)
            fprintf(errs, "%s: cannot open: %s\n", path, strerror(errno));
        return -ENOENT;
    }
    for (size_t cap = 0, got = 1; got;) {
        if (len == cap) {
            char *n = realloc(buf, cap = cap ? 2 * cap : 4096);

            if (!n) {
                free(buf);
                fclose(f);
                return -ENOMEM;
            }
            buf = n;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    }
    fclose(f);
    rc = gntsim_scenario_parse(path, buf, len, errs, out);
    free(buf);
    return rc;
}

void gntsim_scenario_free(struct gntsim_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->nr; i++)
        free_stmt(&sc->stmts[i]);
    free(sc->stmts);
    free(sc->file);
    free(sc);
}

size_t gntsim_scenario_release_count(const struct gntsim_scenario *sc)
{
    size_t n = 0;

    for (uint64_t m = sc->rels; m; m &= m - 1)
        n++;
    return n;
}

const char *gntsim_scenario_release(const struct gntsim_scenario *sc, size_t i)
{
    static const struct gntsim_release_info none = {0};
    struct gntsim_release_info ri = none;

    for (size_t k = 0; k < SC_MAX_RELS; k++)
        if ((sc->rels >> k & 1) && i-- == 0 && !gntsim_release_get(k, &ri))
            return ri.name;
    return NULL;
}
