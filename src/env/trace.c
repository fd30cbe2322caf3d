/* SPDX-License-Identifier: MIT */
/*
 * Rendering of trace events from the declaration table: text lines, JSON
 * lines, and Chrome trace JSON (instant events, virtual microseconds).
 */
#include <inttypes.h>
#include <string.h>

#include "env/compiler.h"
#include "env/trace.h"

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
    t->chrome_started = 0;
}

void trace_close(struct trace *t)
{
    if (t->out && t->format == TRACE_CHROME)
        fputs(t->chrome_started ? "\n]}\n" : "{\"traceEvents\":[]}\n", t->out);
    if (t->out)
        fflush(t->out);
    t->chrome_started = 0;
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
        return json ? snprintf(buf, len, "\"%s\"", a.s ? a.s : "")
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
    }
}

/* JSON object members "name":value for every field of @ev. */
static void render_json_fields(FILE *out, enum trace_ev ev, const union trace_arg *args)
{
    char name[32], val[256];
    char kind;

    for (unsigned i = 0; (kind = field_at(trace_decls[ev].fields, i, name, sizeof(name)));
         i++) {
        render_value(kind, args[i], val, sizeof(val), 1);
        fprintf(out, "%s\"%s\":%s", i ? "," : "", name, val);
    }
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
        render_json_fields(t->out, ev, args);
        fputs("}\n", t->out);
        break;
    case TRACE_CHROME:
        fputs(t->chrome_started ? ",\n" : "{\"traceEvents\":[\n", t->out);
        t->chrome_started = 1;
        fprintf(t->out,
                "{\"name\":\"%s\",\"ph\":\"i\",\"s\":\"g\",\"ts\":%" PRIu64
                ",\"pid\":1,\"tid\":1,\"args\":{",
                trace_decls[ev].name, t->seq);
        render_json_fields(t->out, ev, args);
        fputs("}}", t->out);
        break;
    }
}

void trace_emit(struct trace *t, enum trace_ev ev, const union trace_arg *args)
{
    if (!t)
        return;
    t->seq++;
    t->count[ev]++;
    if (t->hook)
        t->hook(t->hook_ctx, ev, args);
    if (t->out)
        render(t, ev, args);
}
