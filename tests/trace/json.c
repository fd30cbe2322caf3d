/* SPDX-License-Identifier: MIT */
/* A small strict JSON parser (see json.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSON_MAX_DEPTH 64

struct jp {
    const char *s, *p, *end;
    const char *err; /* first error, NULL: none */
    unsigned depth;
};

static int jp_fail(struct jp *j, const char *msg)
{
    if (!j->err)
        j->err = msg;
    return -1;
}

static void jp_ws(struct jp *j)
{
    while (j->p < j->end && strchr(" \t\r\n", *j->p) && *j->p)
        j->p++;
}

static int jp_value(struct jp *j, struct json *v);

/* Append code point @cp as UTF-8 to @buf at *@n. */
static void put_utf8(char *buf, size_t *n, unsigned long cp)
{
    if (cp < 0x80) {
        buf[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        buf[(*n)++] = (char)(0xc0 | cp >> 6);
        buf[(*n)++] = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        buf[(*n)++] = (char)(0xe0 | cp >> 12);
        buf[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3f));
        buf[(*n)++] = (char)(0x80 | (cp & 0x3f));
    } else {
        buf[(*n)++] = (char)(0xf0 | cp >> 18);
        buf[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3f));
        buf[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3f));
        buf[(*n)++] = (char)(0x80 | (cp & 0x3f));
    }
}

/* Four hex digits at j->p into *@cp. */
static int jp_hex4(struct jp *j, unsigned long *cp)
{
    char digits[5] = {0}, *end;

    if (j->end - j->p < 4)
        return jp_fail(j, "short \\u escape");
    memcpy(digits, j->p, 4);
    *cp = strtoul(digits, &end, 16);
    if (end != digits + 4 || strchr(digits, '+') || strchr(digits, '-') ||
        strchr(digits, ' '))
        return jp_fail(j, "bad \\u escape");
    j->p += 4;
    return 0;
}

/* The escape after a backslash into @buf at *@n. */
static int jp_escape(struct jp *j, char *buf, size_t *n)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = j->p < j->end ? memchr(from, *j->p, sizeof(from) - 1) : NULL;
    unsigned long cp, lo;

    if (k) {
        buf[(*n)++] = to[k - from];
        j->p++;
        return 0;
    }
    if (j->p >= j->end || *j->p++ != 'u' || jp_hex4(j, &cp))
        return jp_fail(j, "bad escape");
    if (cp >= 0xdc00 && cp <= 0xdfff)
        return jp_fail(j, "lone low surrogate");
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
            return jp_fail(j, "lone high surrogate");
        j->p += 2;
        if (jp_hex4(j, &lo) || lo < 0xdc00 || lo > 0xdfff)
            return jp_fail(j, "bad surrogate pair");
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    put_utf8(buf, n, cp);
    return 0;
}

/* Length of the valid UTF-8 sequence at @p, 0 if invalid. */
static size_t utf8_ok(const unsigned char *p, const unsigned char *end)
{
    size_t len = p[0] < 0x80                    ? 1
                 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2
                 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
                 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4
                                                : 0;

    for (size_t i = 1; i < len; i++)
        if (p + i >= end || (p[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* Bytes from the opening quote at @p to the closing one (or @end), escapes skipped. */
static size_t jp_string_span(const char *p, const char *end)
{
    const char *s = p + 1;

    while (s < end && *s != '"')
        s += *s == '\\' ? 2 : 1;
    return (size_t)((s < end ? s : end) - p);
}

/* A decoded string is never longer than its text: allocate no more than that. */
static int jp_string(struct jp *j, char **out, size_t *outlen)
{
    char *buf = malloc(jp_string_span(j->p, j->end) + 1);
    size_t n = 0, k;

    if (!buf)
        return jp_fail(j, "out of memory");
    for (j->p++; j->p < j->end && *j->p != '"';) {
        if (*j->p == '\\') {
            j->p++;
            if (jp_escape(j, buf, &n))
                break;
            continue;
        }
        k = utf8_ok((const unsigned char *)j->p, (const unsigned char *)j->end);
        if ((unsigned char)*j->p < 0x20 || !k) {
            jp_fail(j, (unsigned char)*j->p < 0x20 ? "raw control byte in a string"
                                                   : "invalid UTF-8 in a string");
            break;
        }
        memcpy(buf + n, j->p, k);
        n += k;
        j->p += k;
    }
    if (!j->err && j->p >= j->end)
        jp_fail(j, "unterminated string");
    if (j->err) {
        free(buf);
        return -1;
    }
    j->p++;
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 0;
}

/* A number by the JSON grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int jp_number(struct jp *j, struct json *v)
{
    const char *q = j->p, *e = j->end;
    char tmp[64];

    q += q < e && *q == '-';
    if (q < e && *q == '0')
        q++;
    else if (q < e && *q >= '1' && *q <= '9')
        while (q < e && *q >= '0' && *q <= '9')
            q++;
    else
        return jp_fail(j, "bad number");
    if (q < e && *q == '.') {
        if (++q >= e || *q < '0' || *q > '9')
            return jp_fail(j, "bad fraction");
        while (q < e && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < e && (*q == 'e' || *q == 'E')) {
        q++;
        q += q < e && (*q == '+' || *q == '-');
        if (q >= e || *q < '0' || *q > '9')
            return jp_fail(j, "bad exponent");
        while (q < e && *q >= '0' && *q <= '9')
            q++;
    }
    if ((size_t)(q - j->p) >= sizeof(tmp))
        return jp_fail(j, "number too long");
    memcpy(tmp, j->p, (size_t)(q - j->p));
    tmp[q - j->p] = '\0';
    v->type = JSON_NUM;
    v->num = strtod(tmp, NULL);
    j->p = q;
    return 0;
}

/* Append an empty slot to @v's elements (and keys when @key). */
static struct json *jp_push(struct jp *j, struct json *v, char *key)
{
    struct json *kids = realloc(v->kids, (v->n + 1) * sizeof(*kids));
    char **keys =
        v->type == JSON_OBJ ? realloc(v->keys, (v->n + 1) * sizeof(*keys)) : NULL;

    if (kids)
        v->kids = kids;
    if (keys)
        v->keys = keys;
    if (!kids || (v->type == JSON_OBJ && !keys)) {
        free(key);
        jp_fail(j, "out of memory");
        return NULL;
    }
    memset(&kids[v->n], 0, sizeof(*kids));
    if (keys)
        keys[v->n] = key;
    return &kids[v->n++];
}

/* An array or object body after its opening bracket. */
static int jp_container(struct jp *j, struct json *v, char close)
{
    jp_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        size_t klen;
        struct json *slot;

        jp_ws(j);
        if (close == '}') {
            if (j->p >= j->end || *j->p != '"' || jp_string(j, &key, &klen))
                return jp_fail(j, "expected a member name");
            jp_ws(j);
            if (j->p >= j->end || *j->p++ != ':') {
                free(key);
                return jp_fail(j, "expected ':'");
            }
        }
        slot = jp_push(j, v, key);
        if (!slot || jp_value(j, slot))
            return -1;
        jp_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == close) {
            j->p++;
            return 0;
        }
        return jp_fail(j, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int jp_literal(struct jp *j, struct json *v, const char *word, enum json_type t,
                      double num)
{
    size_t n = strlen(word);

    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
        return jp_fail(j, "unexpected character");
    j->p += n;
    v->type = t;
    v->num = num;
    return 0;
}

static int jp_value(struct jp *j, struct json *v)
{
    int rc;

    jp_ws(j);
    if (j->p >= j->end)
        return jp_fail(j, "unexpected end");
    if (++j->depth > JSON_MAX_DEPTH)
        return jp_fail(j, "nested too deeply");
    switch (*j->p) {
    case '{':
    case '[':
        v->type = *j->p == '{' ? JSON_OBJ : JSON_ARR;
        j->p++;
        rc = jp_container(j, v, v->type == JSON_OBJ ? '}' : ']');
        break;
    case '"':
        v->type = JSON_STR;
        rc = jp_string(j, &v->str, &v->len);
        break;
    case 't':
        rc = jp_literal(j, v, "true", JSON_BOOL, 1);
        break;
    case 'f':
        rc = jp_literal(j, v, "false", JSON_BOOL, 0);
        break;
    case 'n':
        rc = jp_literal(j, v, "null", JSON_NULL, 0);
        break;
    default:
        rc = jp_number(j, v);
    }
    j->depth--;
    return rc;
}

int json_parse(const char *text, size_t len, struct json *out, char *err, size_t errlen)
{
    struct jp j = {.s = text, .p = text, .end = text + len};

    memset(out, 0, sizeof(*out));
    if (!jp_value(&j, out)) {
        jp_ws(&j);
        if (j.p != j.end)
            jp_fail(&j, "trailing characters");
    }
    if (!j.err)
        return 0;
    snprintf(err, errlen, "%s at byte %zu", j.err, (size_t)(j.p - j.s));
    json_free(out);
    return -1;
}

void json_free(struct json *v)
{
    for (size_t i = 0; i < v->n; i++) {
        json_free(&v->kids[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->kids);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof(*v));
}

const struct json *json_get(const struct json *v, const char *key)
{
    if (!v || v->type != JSON_OBJ)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->keys[i], key))
            return &v->kids[i];
    return NULL;
}

const char *json_str(const struct json *v, const char *key)
{
    const struct json *m = json_get(v, key);

    return m && m->type == JSON_STR ? m->str : NULL;
}
