/* SPDX-License-Identifier: MIT */
/*
 * Rendering of trace events from the declaration table: text lines and JSON
 * lines here, Chrome trace JSON in trace_chrome.c; JSON string escaping.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "env/compiler.h"
#include "env/grow.h"
#include "env/trace_int.h"

struct trace_decl {
    const char *name;
    const char *fields; /* "name:kind name:kind" */
    const char *fmt;
};

static const struct trace_decl trace_decls[TEV_NR] = {
#define TRACE_EVENT(id, n, f, t) [TEV_##id] = {n, f, t},
#include "env/trace_events.def"
#undef TRACE_EVENT
};

const char *trace_event_name(enum trace_ev ev)
{
    return ev < TEV_NR ? trace_decls[ev].name : "?";
}

void trace_open(struct trace *t, FILE *out, enum trace_format format)
{
    t->out = out;
    t->format = format;
    memset(&t->chrome, 0, sizeof(t->chrome));
}

void trace_close(struct trace *t)
{
    const uint64_t *clock = t->chrome.clock_ns;

    if (t->out && t->format == TRACE_CHROME)
        trace_chrome_close(t);
    if (t->out && t->format == TRACE_STEPS)
        trace_steps_close(t);
    if (t->out)
        fflush(t->out);
    t->out = NULL; /* what follows (a world's teardown) is counted, not rendered */
    memset(&t->chrome, 0, sizeof(t->chrome));
    t->chrome.clock_ns = clock;
}

/* Length of the valid UTF-8 sequence at @p (@n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t len = p[0] < 0x80                    ? 1
                 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2
                 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
                 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4
                                                : 0;

    for (size_t i = 1; i < len; i++)
        if (i >= n || (p[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

/*
 * The JSON form of the character at @p (@n bytes left) into @esc: an escape,
 * the whole UTF-8 sequence, or \ufffd for an invalid byte. Returns the bytes
 * consumed; *@elen receives the length written to @esc.
 */
static size_t json_char(const unsigned char *p, size_t n, char esc[8], size_t *elen)
{
    size_t len = utf8_len(p, n);
    char named = p[0] == '"'    ? '"'
                 : p[0] == '\\' ? '\\'
                 : p[0] == '\n' ? 'n'
                 : p[0] == '\r' ? 'r'
                 : p[0] == '\t' ? 't'
                 : p[0] == '\b' ? 'b'
                 : p[0] == '\f' ? 'f'
                                : 0;

    if (named) {
        esc[0] = '\\';
        esc[1] = named;
        *elen = 2;
        return 1;
    }
    if (len > 1 || (len == 1 && p[0] >= 0x20)) {
        memcpy(esc, p, len);
        *elen = len;
        return len;
    }
    *elen = (size_t)snprintf(esc, 8, "\\u%04x", len ? p[0] : 0xfffdu);
    return 1;
}

void trace_json_fputs(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    char esc[8];

    fputc('"', out);
    for (size_t i = 0, e; i < n;) {
        i += json_char(p + i, n - i, esc, &e);
        fwrite(esc, 1, e, out);
    }
    fputc('"', out);
}

size_t trace_json_escape(const char *s, char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), o = 1;
    char esc[8];

    if (len < 3) {
        if (len)
            buf[0] = '\0';
        return 0;
    }
    buf[0] = '"';
    for (size_t i = 0, e, used; i < n; i += used) {
        used = json_char(p + i, n - i, esc, &e);
        if (o + e + 2 > len)
            break;
        memcpy(buf + o, esc, e);
        o += e;
    }
    buf[o++] = '"';
    buf[o] = '\0';
    return o;
}

/* Field @i of @fields: its name (into @name) and kind letter. Returns 0 when absent. */
static char field_at(const char *fields, unsigned i, char *name, size_t len)
{
    const char *p = fields;

    for (unsigned k = 0; *p; k++) {
        const char *colon = strchr(p, ':');
        const char *end;

        if (!colon)
            return 0;
        end = colon + 2;
        if (k == i) {
            size_t n = (size_t)(colon - p);

            if (n >= len)
                n = len - 1;
            memcpy(name, p, n);
            name[n] = '\0';
            return colon[1];
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* Index of the field called @name (of length @n), or -1. */
static int field_index(const char *fields, const char *name, size_t n)
{
    char f[32];

    for (unsigned i = 0; field_at(fields, i, f, sizeof(f)); i++)
        if (strlen(f) == n && !memcmp(f, name, n))
            return (int)i;
    return -1;
}

static int render_value(char kind, union trace_arg a, char *buf, size_t len, int json)
{
    switch (kind) {
    case 'x':
        return json ? snprintf(buf, len, "\"%#" PRIx64 "\"", a.u)
                    : snprintf(buf, len, "%#" PRIx64, a.u);
    case 'd':
        return snprintf(buf, len, "%" PRId64, a.d);
    case 's':
        return json ? (int)trace_json_escape(a.s, buf, len)
                    : snprintf(buf, len, "%s", a.s ? a.s : "");
    default:
        return snprintf(buf, len, "%" PRIu64, a.u);
    }
}

void trace_format_text(enum trace_ev ev, const union trace_arg *args, char *buf,
                       size_t len)
{
    const struct trace_decl *d = &trace_decls[ev];
    size_t o = 0;

    buf[0] = '\0';
    for (const char *p = d->fmt; *p && o + 1 < len; p++) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        int i = close ? field_index(d->fields, p + 1, (size_t)(close - p - 1)) : -1;
        char name[32];
        int n;

        if (i < 0) {
            buf[o++] = *p;
            buf[o] = '\0';
            continue;
        }
        n = render_value(field_at(d->fields, (unsigned)i, name, sizeof(name)), args[i],
                         buf + o, len - o, 0);
        o += n > 0 ? (size_t)n : 0;
        if (o >= len)
            o = len - 1;
        p = close;
        if (n == 0 && p[1] == ' ') /* an empty field takes one space with it */
            p++;
        else if (n == 0 && o && buf[o - 1] == ' ')
            buf[--o] = '\0';
    }
}

char trace_field(enum trace_ev ev, unsigned i, char *name, size_t len)
{
    return field_at(trace_decls[ev].fields, i, name, len);
}

bool trace_arg_of(enum trace_ev ev, const union trace_arg *args, const char *name,
                  union trace_arg *out, char *kind)
{
    int i = field_index(trace_decls[ev].fields, name, strlen(name));
    char f[32];

    if (i < 0)
        return false;
    *kind = field_at(trace_decls[ev].fields, (unsigned)i, f, sizeof(f));
    *out = args[i];
    return true;
}

unsigned trace_json_fields(FILE *out, enum trace_ev ev, const union trace_arg *args)
{
    char name[32], val[64];
    char kind;
    unsigned i;

    for (i = 0; (kind = field_at(trace_decls[ev].fields, i, name, sizeof(name))); i++) {
        fprintf(out, "%s\"%s\":", i ? "," : "", name);
        if (kind == 's') {
            trace_json_fputs(out, args[i].s);
            continue;
        }
        render_value(kind, args[i], val, sizeof(val), 1);
        fputs(val, out);
    }
    return i;
}

static void render(struct trace *t, enum trace_ev ev, const union trace_arg *args)
{
    char line[512];

    switch (t->format) {
    case TRACE_TEXT:
        trace_format_text(ev, args, line, sizeof(line));
        fprintf(t->out, "%8" PRIu64 " %s\n", t->seq, line);
        break;
    case TRACE_JSON:
        fprintf(t->out, "{\"seq\":%" PRIu64 ",\"event\":\"%s\",", t->seq,
                trace_decls[ev].name);
        trace_json_fields(t->out, ev, args);
        fputs("}\n", t->out);
        break;
    case TRACE_STEPS:
        trace_steps_event(t, ev, args);
        break;
    case TRACE_CHROME:
        trace_chrome_event(t, ev, args);
        break;
    }
}

int trace_event_find(const char *name)
{
    for (int ev = 0; ev < TEV_NR; ev++)
        if (!trace_is_marker((enum trace_ev)ev) && !strcmp(trace_decls[ev].name, name))
            return ev;
    return -1;
}

void trace_capture_reset(struct trace_capture *c, bool on)
{
    for (size_t i = 0; i < c->nr; i++)
        free(c->a[i].text);
    c->nr = c->dropped = 0;
    c->on = on;
}

void trace_capture_fini(struct trace_capture *c)
{
    trace_capture_reset(c, false);
    free(c->a);
    c->a = NULL;
    c->cap = 0;
}

/* Record @ev in @c (its text rendered), or count it as dropped. */
static void capture(struct trace_capture *c, enum trace_ev ev,
                    const union trace_arg *args)
{
    char line[512];

    if (c->nr == c->cap && c->cap < TRACE_CAPTURE_MAX) {
        struct trace_action *n = sim_grow(c->a, &c->cap, c->nr + 1, sizeof(*n), 64);

        if (n)
            c->a = n;
    }
    if (c->nr == c->cap) {
        c->dropped++;
        return;
    }
    trace_format_text(ev, args, line, sizeof(line));
    c->a[c->nr].text = strdup(line);
    if (!c->a[c->nr].text) {
        c->dropped++;
        return;
    }
    c->a[c->nr++].ev = ev;
}

void trace_emit(struct trace *t, enum trace_ev ev, const union trace_arg *args)
{
    bool marker = trace_is_marker(ev);

    if (!t)
        return;
    t->seq += !marker;
    t->count[ev]++;
    if (t->hook)
        t->hook(t->hook_ctx, ev, args);
    if (t->capture && t->capture->on && !marker)
        capture(t->capture, ev, args);
    if (t->out && (!marker || t->format == TRACE_CHROME || t->format == TRACE_STEPS))
        render(t, ev, args);
}
