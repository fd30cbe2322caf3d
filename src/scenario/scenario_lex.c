/* SPDX-License-Identifier: MIT */
/* Scenario lexer: one line into words, strings, '=', operators and brackets. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env/grow.h"
#include "scenario/scenario.h"

static int push(struct sc_lexline *l, struct sc_token t)
{
    if (l->nr == l->cap) {
        struct sc_token *n = sim_grow(l->tok, &l->cap, l->nr + 1, sizeof(*n), 16);

        if (!n)
            return -ENOMEM;
        l->tok = n;
    }
    l->tok[l->nr++] = t;
    return 0;
}

int sc_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode one escape at @p (after the backslash) into *@c; returns bytes consumed or 0.
 */
static size_t unescape(const char *p, const char *end, char *c)
{
    static const char from[] = "nrt0\\\"", to[] = "\n\r\t\0\\\"";
    const char *k = p < end ? memchr(from, *p, sizeof(from) - 1) : NULL;

    if (k) {
        *c = to[k - from];
        return 1;
    }
    if (end - p >= 3 && *p == 'x' && sc_hex_digit(p[1]) >= 0 && sc_hex_digit(p[2]) >= 0) {
        *c = (char)(sc_hex_digit(p[1]) * 16 + sc_hex_digit(p[2]));
        return 3;
    }
    return 0;
}

/* A quoted string at @p; returns the position after it or NULL (error in @msg). */
static const char *lex_string(const char *p, const char *end, struct sc_token *t,
                              unsigned *col, const char *line, char *msg, size_t msglen)
{
    char *buf = malloc((size_t)(end - p) + 1);
    size_t n = 0;

    if (!buf) {
        snprintf(msg, msglen, "out of memory");
        return NULL;
    }
    for (p++; p < end && *p != '"'; p++) {
        size_t k = *p == '\\' ? unescape(p + 1, end, &buf[n]) : 0;

        if (*p == '\\' && !k) {
            *col = (unsigned)(p - line) + 1;
            snprintf(msg, msglen,
                     "unknown escape in string (use \\n \\r \\t \\0 \\\\ "
                     "\\\" or \\xHH)");
            free(buf);
            return NULL;
        }
        if (!k)
            buf[n] = *p;
        n++;
        p += k;
    }
    if (p >= end) {
        snprintf(msg, msglen, "unterminated string");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    t->kind = TK_STRING;
    t->str = buf;
    t->slen = n;
    return p + 1;
}

static bool word_char(char c)
{
    return c && !strchr(" \t\r\"=[],#<>&{}", c);
}

/* One token at @p (not blank); returns the position after it, NULL on error. */
static const char *lex_one(const char *p, const char *end, struct sc_token *t,
                           unsigned *col, const char *line, char *msg, size_t msglen)
{
    static const char punct[] = "[],&{}";
    static const enum sc_tok pkind[] = {TK_LBRACK, TK_RBRACK, TK_COMMA,
                                        TK_AMP,    TK_LBRACE, TK_RBRACE};
    const char *k = memchr(punct, *p, sizeof(punct) - 1);

    t->text = p;
    if (*p == '"')
        return lex_string(p, end, t, col, line, msg, msglen);
    if ((*p == '=' || *p == '!' || *p == '<' || *p == '>') && p + 1 < end &&
        p[1] == '=') {
        t->kind = TK_OP;
        t->len = 2;
        return p + 2;
    }
    if (*p == '<' || *p == '>') {
        t->kind = TK_OP;
        t->len = 1;
        return p + 1;
    }
    if (*p == '=' || k) {
        t->kind = *p == '=' ? TK_EQ : pkind[k - punct];
        t->len = 1;
        return p + 1;
    }
    while (p < end && word_char(*p) && !(*p == '!' && p + 1 < end && p[1] == '='))
        p++;
    t->kind = TK_WORD;
    t->len = (size_t)(p - t->text);
    if (!t->len) {
        snprintf(msg, msglen, "unexpected character '%c'", *p);
        return NULL;
    }
    return p;
}

int sc_lex_line(const char *line, size_t len, struct sc_lexline *out, unsigned *col,
                char *msg, size_t msglen)
{
    const char *p = line, *end = line + len;

    out->nr = 0;
    while (p < end) {
        struct sc_token t = {0};

        if (*p == ' ' || *p == '\t' || *p == '\r') {
            p++;
            continue;
        }
        if (*p == '#')
            break;
        *col = t.col = (unsigned)(p - line) + 1;
        p = lex_one(p, end, &t, col, line, msg, msglen);
        if (!p)
            return -EINVAL;
        if (push(out, t)) {
            free(t.str);
            snprintf(msg, msglen, "out of memory");
            return -ENOMEM;
        }
    }
    return 0;
}

void sc_lex_clear(struct sc_lexline *l)
{
    for (size_t i = 0; i < l->nr; i++)
        free(l->tok[i].str);
    l->nr = 0;
}
