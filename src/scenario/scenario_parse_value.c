/* SPDX-License-Identifier: MIT */
/* Scenario parser: values of arguments and expectations (numbers, names, data). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_parser.h"

/* Statement index of the latest result named @name (@len), before the current one. */
static int find_name(struct sc_parser *p, const char *name, size_t len)
{
    if (!len)
        return -1; /* "$" or "$.field": no name */
    for (size_t i = p->sc->nr; i-- > 0;)
        if (p->sc->stmts[i].cmd && strlen(p->sc->stmts[i].name) == len &&
            !memcmp(p->sc->stmts[i].name, name, len))
            return (int)i;
    return -1;
}

/* "$name" or "$name.field" in @t into @v. Returns 0 or -1 (error reported). */
int sc_parse_ref(struct sc_parser *p, const struct sc_token *t, struct sc_value *v,
                 bool whole)
{
    const char *dot = memchr(t->text, '.', t->len);
    size_t nlen = (dot ? (size_t)(dot - t->text) : t->len) - 1;
    int s = find_name(p, t->text + 1, nlen);

    if (s < 0) {
        sc_perr(p, t->col, "no earlier result named '%.*s' (use 'as NAME')", (int)nlen,
                t->text + 1);
        return -1;
    }
    if ((size_t)s < p->reset_from) {
        sc_perr(p, t->col,
                "'$%.*s' (line %u) was named before the reset at line %u, which "
                "forgets every earlier result",
                (int)nlen, t->text + 1, p->sc->stmts[s].line, p->reset_line);
        return -1;
    }
    v->kind = SV_REF;
    v->ref_stmt = s;
    v->ref_field = -1;
    if (!dot && whole)
        return 0;
    if (!dot) {
        sc_perr(p, t->col, "'$%.*s' needs a field, e.g. $%.*s.%s", (int)nlen, t->text + 1,
                (int)nlen, t->text + 1, p->sc->stmts[s].cmd->fields[0].name);
        return -1;
    }
    v->ref_field = sc_field_index(p->sc->stmts[s].cmd, dot + 1,
                                  t->len - (size_t)(dot + 1 - t->text));
    if (v->ref_field < 0) {
        sc_perr(p, t->col, "'%s' results have no field '%.*s'", p->sc->stmts[s].cmd->name,
                (int)(t->len - (size_t)(dot + 1 - t->text)), dot + 1);
        return -1;
    }
    return 0;
}

bool sc_int_fits(enum sc_ak k, int64_t v, bool negative)
{
    switch (k) {
    case AK_DOM:
    case AK_U16:
        return !negative && v >= 0 && v <= UINT16_MAX;
    case AK_U32:
        return !negative && v >= 0 && v <= UINT32_MAX;
    case AK_U64: /* stored as the bits of a uint64_t */
        return !negative;
    case AK_ARG32:
        return v >= INT32_MIN && (negative || (v >= 0 && v <= UINT32_MAX));
    default:
        return true;
    }
}

const char *sc_int_range(enum sc_ak k)
{
    switch (k) {
    case AK_DOM:
        return "d0..d65535";
    case AK_U16:
        return "0..65535";
    case AK_U32:
        return "0..4294967295";
    case AK_U64:
        return "0..0xffffffffffffffff";
    case AK_ARG32:
        return "-2147483648..4294967295";
    default:
        return "any";
    }
}

/* A number, a constant (GNTST_okay, -EIO, GTF_a|GTF_b) or "dN" when @dom. */
int sc_parse_int(struct sc_parser *p, const struct sc_token *t, struct sc_value *v,
                 bool dom)
{
    char buf[64], *end;
    const char *s = t->text;
    size_t n = t->len;

    if (t->kind == TK_WORD && t->len > 1 && t->text[0] == '$')
        return sc_parse_ref(p, t, v, false);
    if (t->kind != TK_WORD) {
        sc_perr(p, t->col, "expected a number");
        return -1;
    }
    v->kind = SV_INT;
    if (!dom && n > 1 && s[0] == '~') { /* ~N: the complement (masks such as ~0xfff) */
        struct sc_token rest = *t;

        rest.text++;
        rest.len--;
        rest.col++;
        if (rest.text[0] == '$' || rest.text[0] == '~') {
            sc_perr(p, t->col, "'~' takes a number or constant");
            return -1;
        }
        if (sc_parse_int(p, &rest, v, false))
            return -1;
        v->i = (int64_t) ~(uint64_t)v->i;
        return 0;
    }
    if (sc_const_lookup(s, n, &v->i))
        return 0;
    if (n >= sizeof(buf)) {
        sc_perr(p, t->col, "'%.*s...' is not a number or a known constant", 16, s);
        return -1;
    }
    if (dom && n > 1 && s[0] == 'd') {
        s++;
        n--;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    v->i = buf[0] == '-' ? strtoll(buf, &end, 0) : (int64_t)strtoull(buf, &end, 0);
    if (*end || errno || !n) {
        sc_perr(p, t->col, "'%.*s' is not a %s", (int)t->len, t->text,
                dom ? "domain (d0, d1, ...)" : "number or known constant");
        return -1;
    }
    return 0;
}

/* Bytes: "a string" or hex:0011aa. */
int sc_parse_data(struct sc_parser *p, const struct sc_token *t, struct sc_value *v)
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
        return sc_parse_ref(p, t, v, false);
    if (t->kind != TK_WORD || t->len < 4 || memcmp(t->text, "hex:", 4) ||
        (t->len - 4) % 2) {
        sc_perr(p, t->col, "expected bytes: \"text\" or hex:0a1b...");
        return -1;
    }
    n = (t->len - 4) / 2;
    v->kind = SV_BYTES;
    v->s = calloc(1, n + 1);
    v->len = n;
    if (!v->s)
        return -1;
    for (size_t i = 0; i < 2 * n; i++) { /* the token is not NUL-terminated */
        int x = sc_hex_digit(t->text[4 + i]);

        if (x < 0) {
            sc_perr(p, t->col + 4 + (unsigned)i, "bad hex digit");
            free(v->s);
            v->s = NULL;
            return -1;
        }
        v->s[i / 2] = (char)(v->s[i / 2] << 4 | x);
    }
    return 0;
}

int sc_parse_word(struct sc_parser *p, const struct sc_token *t, struct sc_value *v)
{
    const char *src = t->kind == TK_STRING ? t->str : t->text;
    size_t n = t->kind == TK_STRING ? t->slen : t->len;

    if (t->kind != TK_WORD && t->kind != TK_STRING) {
        sc_perr(p, t->col, "expected a name or a string");
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
    if (sc_tok_is(t, "on") || sc_tok_is(t, "yes") || sc_tok_is(t, "true")) {
        v->i = 1;
        return 0;
    }
    if (sc_tok_is(t, "off") || sc_tok_is(t, "no") || sc_tok_is(t, "false")) {
        v->i = 0;
        return 0;
    }
    sc_perr(p, t->col, "expected on or off");
    return -1;
}

/* The value of an argument of kind @k at token @t. Returns 0 or -1 (reported). */
int sc_parse_value(struct sc_parser *p, enum sc_ak k, const struct sc_token *t,
                   struct sc_value *v)
{
    switch (k) {
    case AK_DOM:
    case AK_U16:
    case AK_U32:
    case AK_U64:
    case AK_ARG32:
        return sc_parse_int(p, t, v, k == AK_DOM);
    case AK_DATA:
        return sc_parse_data(p, t, v);
    case AK_BOOL:
        return parse_bool(p, t, v);
    case AK_RESULT:
        if (t->kind == TK_WORD && t->len > 1 && t->text[0] == '$')
            return sc_parse_ref(p, t, v, true);
        sc_perr(p, t->col, "expected a named result ($NAME)");
        return -1;
    default:
        return sc_parse_word(p, t, v);
    }
}
