/* SPDX-License-Identifier: MIT */
/*
 * Scenario parser: the whole file into statements, every error reported as
 * "file:line:col: message" before anything runs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "env/grow.h"
#include "scenario/scenario_parser.h"

void sc_perr(struct sc_parser *p, unsigned col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    p->nerr++;
    if (!p->errs || p->nerr > SC_MAX_ERRORS)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(p->errs, "%s:%u:%u: ", p->sc->file, p->line, col);
    for (const unsigned char *c = (const unsigned char *)msg; *c;
         c++) /* bytes of the file */
        if (*c < 0x20 || *c == 0x7f)
            fprintf(p->errs, "\\x%02x", *c);
        else
            fputc(*c, p->errs);
    fputc('\n', p->errs);
    if (p->nerr == SC_MAX_ERRORS)
        fprintf(p->errs, "%s: too many errors, giving up\n", p->sc->file);
}

bool sc_tok_is(const struct sc_token *t, const char *w)
{
    return t->kind == TK_WORD && strlen(w) == t->len && !memcmp(t->text, w, t->len);
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

static int add_arg(struct sc_parser *p, struct sc_stmt *s, const struct sc_keyspec *k,
                   const struct sc_token *t, const struct sc_token *vt)
{
    struct sc_arg *a = &s->args[s->nargs];

    if (sc_arg(s, k->name)) {
        sc_perr(p, t->col, "'%s' given twice", k->name);
        return -1;
    }
    if (s->nargs == SC_MAX_ARGS) {
        sc_perr(p, t->col, "too many arguments");
        return -1;
    }
    a->spec = k;
    a->col = t->col;
    if (vt && sc_parse_value(p, k->kind, vt, &a->v))
        return -1;
    if (vt && a->v.kind == SV_INT && !sc_int_fits(k->kind, a->v.i, vt->text[0] == '-')) {
        sc_perr(p, vt->col, "%s %.*s is out of range (%s)", k->name, (int)vt->len,
                vt->text, sc_int_range(k->kind));
        return -1; /* a $ref is checked when the run reads it */
    }
    s->nargs++;
    return 0;
}

/* One argument at *@i: key=value, a flag, or the next positional. */
static int parse_arg(struct sc_parser *p, struct sc_stmt *s, size_t *i, unsigned *pos)
{
    const struct sc_token *t = &p->t[*i];
    const struct sc_keyspec *k;
    char keys[640]; /* world has some thirty keys */

    if (t->kind == TK_WORD && *i + 1 < p->nt && p->t[*i + 1].kind == TK_EQ) {
        k = find_key(s->cmd, t->text, t->len, false);
        key_list(s->cmd, keys, sizeof(keys));
        if (!k || *i + 2 >= p->nt || sc_tok_is(&p->t[*i + 2], "as") ||
            sc_tok_is(&p->t[*i + 2], "expect")) { /* "host= as m": no value */
            sc_perr(p, t->col,
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
        sc_perr(p, t->col, "unexpected '%.*s' (%s takes: %s)", (int)(t->len ? t->len : 1),
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
                sc_perr(p, p->t[p->nt - 1].col + (unsigned)p->t[p->nt - 1].len,
                        "%s: missing %s%s", s->cmd->name, k->name, l ? "=" : "");
                return -1;
            }
    return 0;
}

static void free_stmt(struct sc_stmt *s)
{
    free(s->text);
    free(s->sched);
    for (unsigned a = 0; a < s->nargs; a++)
        sc_value_free(&s->args[a].v);
    for (size_t e = 0; e < s->nexp; e++)
        sc_expect_free(&s->exp[e]);
    free(s->exp);
}

static int append_stmt(struct sc_parser *p, struct sc_stmt *s)
{
    struct gntsim_scenario *sc = p->sc;

    if (sc->nr == sc->cap) {
        struct sc_stmt *n = sim_grow(sc->stmts, &sc->cap, sc->nr + 1, sizeof(*n), 32);

        if (!n)
            return -1;
        sc->stmts = n;
    }
    sc->stmts[sc->nr++] = *s;
    return 0;
}

/* The current line from its first token to the end of its last (no comment). */
static char *line_text(const struct sc_parser *p)
{
    const struct sc_token *last = &p->t[p->nt - 1];
    const char *end = last->text + last->len;

    if (last->kind == TK_STRING) { /* to its closing quote */
        for (end = last->text + 1; end < p->line_end && *end != '"'; end++)
            end += *end == '\\';
        end = end < p->line_end ? end + 1 : p->line_end;
    }
    return strndup(p->t[0].text, (size_t)(end - p->t[0].text));
}

void sc_parse_stmt(struct sc_parser *p, const struct sc_cmd *cmd)
{
    struct sc_stmt s = {
        .cmd = cmd, .line = p->line, .col = p->t[0].col, .text = line_text(p)};
    size_t i = cmd ? 1 : 0;
    unsigned pos = 0;
    int owner;
    int rc = 0;

    if (cmd && (cmd->flags & SC_RESET)) { /* nothing before it is in reach */
        p->last_result = -1;
        p->reset_from = p->sc->nr + 1;
        p->reset_line = p->line;
    }
    owner = cmd && cmd->fields ? (int)p->sc->nr : p->last_result;

    if (cmd == sc_cmd_world() && (p->body_started || p->have_world))
        rc = -1, sc_perr(p, s.col, "'world' must come once, before the first step");
    while (!rc && i < p->nt && !sc_tok_is(&p->t[i], "as") &&
           !sc_tok_is(&p->t[i], "expect"))
        rc = parse_arg(p, &s, &i, &pos);
    if (!rc && cmd)
        rc = check_required(p, &s);
    if (!rc && cmd && cmd->check)
        rc = cmd->check(p, &s);
    if (!rc && p->par_open)
        rc = sc_parse_par_member(p, &s);
    if (!rc && i < p->nt && sc_tok_is(&p->t[i], "as")) {
        const struct sc_token *n = i + 1 < p->nt ? &p->t[i + 1] : NULL;

        if (!n || n->kind != TK_WORD || n->len >= sizeof(s.name) || !cmd ||
            !cmd->fields) {
            rc = -1;
            sc_perr(p, p->t[i].col, "'as' needs a NAME, after a step that has a result");
        } else {
            memcpy(s.name, n->text, n->len);
            i += 2;
        }
    }
    while (!rc && i < p->nt)
        rc = sc_parse_expect(p, &i, owner, &s);
    for (size_t e = 0; !rc && e < s.nexp; e++) /* whose results these read */
        if (s.exp[e].stmt >= 0 && (size_t)s.exp[e].stmt < p->sc->nr)
            p->sc->stmts[s.exp[e].stmt].checked = true;
        else if (s.exp[e].stmt >= 0)
            s.checked = true; /* its own result */
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

    if (sc_tok_is(t0, "releases")) {
        sc_parse_releases(p);
        return;
    }
    if (sc_tok_is(t0, "group")) {
        sc_parse_group(p);
        return;
    }
    if (sc_tok_is(t0, "races")) {
        sc_parse_races(p);
        return;
    }
    if (sc_tok_is(t0, "parallel")) {
        sc_parse_par_begin(p);
        return;
    }
    if (t0->kind == TK_RBRACE) {
        sc_parse_par_end(p);
        return;
    }
    if (sc_tok_is(t0, "expect")) {
        sc_parse_stmt(p, NULL);
        return;
    }
    cmd = t0->kind == TK_WORD ? sc_cmd_find(t0->text, t0->len) : NULL;
    if (!cmd) {
        sc_perr(p, t0->col, "unknown command '%.*s' (see docs/scenario-language.md)",
                (int)(t0->len ? t0->len : 1), t0->text);
        return;
    }
    sc_parse_stmt(p, cmd);
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
        const char *nul = memchr(s, '\0', n);

        if (nul) {
            sc_perr(p, (unsigned)(nul - s) + 1, "a NUL byte: not a scenario (text) file");
            break;
        }
        if (p->nerr >= SC_MAX_ERRORS)
            break;
        if (sc_lex_line(s, n, &l, &col, msg, sizeof(msg)))
            sc_perr(p, col, "%s", msg);
        else if (l.nr) {
            p->t = l.tok;
            p->nt = l.nr;
            p->line_end = s + n;
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
    sc_parse_par_eof(&p);
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

/* Read @in whole into *@buf (at most GNTSIM_SCENARIO_MAX_BYTES). Returns 0 or -errno. */
static int read_all(FILE *in, char **buf, size_t *len)
{
    size_t cap = 0, got = 1;

    *buf = NULL;
    *len = 0;
    while (got) {
        if (*len == cap) {
            char *n;

            if (cap > GNTSIM_SCENARIO_MAX_BYTES)
                return -EFBIG;
            n = realloc(*buf, cap = cap ? 2 * cap : 4096);
            if (!n)
                return -ENOMEM;
            *buf = n;
        }
        got = fread(*buf + *len, 1, cap - *len, in);
        *len += got;
    }
    if (*len > GNTSIM_SCENARIO_MAX_BYTES)
        return -EFBIG;
    return ferror(in) ? -EIO : 0;
}

int gntsim_scenario_read(const char *name, FILE *in, FILE *errs,
                         struct gntsim_scenario **out)
{
    char *buf;
    size_t len;
    int rc = read_all(in, &buf, &len);

    *out = NULL;
    if (rc == 0)
        rc = gntsim_scenario_parse(name, buf, len, errs, out);
    else if (errs && rc == -EFBIG)
        fprintf(errs, "%s: larger than %u MiB: not a scenario\n", name,
                GNTSIM_SCENARIO_MAX_BYTES >> 20);
    else if (errs)
        fprintf(errs, "%s: cannot read: %s\n", name, strerror(-rc));
    free(buf);
    return rc;
}

int gntsim_scenario_load(const char *path, FILE *errs, struct gntsim_scenario **out)
{
    FILE *f = fopen(path, "rb");
    int rc;

    *out = NULL;
    if (!f) {
        if (errs)
            fprintf(errs, "%s: cannot open: %s\n", path, strerror(errno));
        return -ENOENT;
    }
    rc = gntsim_scenario_read(path, f, errs, out);
    fclose(f);
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
