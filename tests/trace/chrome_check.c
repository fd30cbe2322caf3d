/* SPDX-License-Identifier: MIT */
/*
 * chrome_check FILE [OPTIONS]: validate a Chrome trace-event JSON document as
 * `gntsim run --format chrome` writes it, offline (no Perfetto binary):
 *   - valid JSON; an object with a "traceEvents" array of objects;
 *   - every event has name (string), ph (one of M B E X i), ts, pid, tid
 *     (numbers); X has dur >= 0; B/E balanced and matching per track;
 *   - ts never goes back on a track (metadata aside);
 *   - every step slice (cat "step") has args loc "FILE:LINE" and text;
 *   - every event with args.loc lies inside the open step slice of that loc;
 *   - every process has process_name and every track thread_name metadata.
 * Options:
 *   --lines               FILE is JSON lines: only check each line is valid JSON
 *   --pass, --fail        an expectation that passed / failed must appear
 *   --has KEY TEXT        some event's args.KEY string contains TEXT (bytes)
 *   --count NAME MIN MAX  events called NAME: between MIN and MAX
 *   --min-steps N         at least N step slices
 *   --procs N             exactly N processes
 * Exit 0 when every check holds, 1 otherwise (each failure printed), 2 usage.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define CK_MAX_TRACKS 1024
#define CK_MAX_PROCS  256
#define CK_MAX_DEPTH  64
#define CK_MAX_WANT   16

struct ck_track {
    double pid, tid, last_ts;
    bool named, used;
    char name[32];
    unsigned depth;
    const char *open[CK_MAX_DEPTH]; /* names of the open B slices */
    double open_ts[CK_MAX_DEPTH];
};

struct ck_proc {
    double pid;
    bool named, used;
    const char *step_loc; /* the open step slice's loc, NULL: none */
    double step_ts, step_end;
};

struct ck_count {
    const char *name;
    long min, max, seen;
};

struct ck {
    struct ck_track tracks[CK_MAX_TRACKS];
    size_t ntracks;
    struct ck_proc procs[CK_MAX_PROCS];
    size_t nprocs;
    unsigned long events, meta, steps, slices, instants, pass, fail, errors;
    /* options */
    bool lines, want_pass, want_fail;
    const char *has_key[CK_MAX_WANT], *has_text[CK_MAX_WANT];
    bool has_seen[CK_MAX_WANT];
    unsigned nhas;
    struct ck_count count[CK_MAX_WANT];
    unsigned ncount;
    long min_steps, want_procs; /* want_procs < 0: any */
};

static void bad(struct ck *c, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void bad(struct ck *c, size_t i, const char *fmt, ...)
{
    va_list ap;

    if (c->errors++ >= 20)
        return;
    fprintf(stderr, "event %zu: ", i);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static struct ck_track *ck_track(struct ck *c, double pid, double tid)
{
    for (size_t i = 0; i < c->ntracks; i++)
        if (c->tracks[i].pid == pid && c->tracks[i].tid == tid)
            return &c->tracks[i];
    if (c->ntracks == CK_MAX_TRACKS)
        return NULL;
    memset(&c->tracks[c->ntracks], 0, sizeof(c->tracks[0]));
    c->tracks[c->ntracks].pid = pid;
    c->tracks[c->ntracks].tid = tid;
    return &c->tracks[c->ntracks++];
}

static struct ck_proc *ck_proc(struct ck *c, double pid)
{
    for (size_t i = 0; i < c->nprocs; i++)
        if (c->procs[i].pid == pid)
            return &c->procs[i];
    if (c->nprocs == CK_MAX_PROCS)
        return NULL;
    memset(&c->procs[c->nprocs], 0, sizeof(c->procs[0]));
    c->procs[c->nprocs].pid = pid;
    return &c->procs[c->nprocs++];
}

static double num(const struct json *e, const char *key, bool *ok)
{
    const struct json *v = json_get(e, key);

    if (!v || v->type != JSON_NUM) {
        *ok = false;
        return 0;
    }
    return v->num;
}

/* Metadata: process_name, thread_name (named tracks), sort indexes. */
static void ck_meta(struct ck *c, size_t i, const struct json *e, const char *name,
                    struct ck_track *t, struct ck_proc *p)
{
    const char *n = json_str(json_get(e, "args"), "name");

    c->meta++;
    if (!strcmp(name, "process_name") || !strcmp(name, "thread_name")) {
        if (!n) {
            bad(c, i, "%s without args.name", name);
            return;
        }
        if (name[0] == 'p') {
            p->named = true;
        } else {
            t->named = true;
            snprintf(t->name, sizeof(t->name), "%s", n);
        }
    } else if (strcmp(name, "thread_sort_index") && strcmp(name, "process_sort_index")) {
        bad(c, i, "unknown metadata %s", name);
    }
}

/* An event that carries args.loc lies in the open step of that loc. */
static void ck_nested(struct ck *c, size_t i, const struct json *e, struct ck_proc *p,
                      double ts, double dur)
{
    const char *loc = json_str(json_get(e, "args"), "loc");

    if (!loc)
        return;
    if (!p->step_loc || strcmp(loc, p->step_loc))
        bad(c, i, "loc %s outside its step slice (open: %s)", loc,
            p->step_loc ? p->step_loc : "none");
    else if (ts < p->step_ts)
        bad(c, i, "ts %.3f before its step began (%.3f)", ts, p->step_ts);
    if (ts + dur > p->step_end)
        p->step_end = ts + dur;
}

/* "FILE:LINE" (LINE decimal, FILE not empty). */
static bool is_loc(const char *s)
{
    const char *colon = s ? strrchr(s, ':') : NULL;

    return colon && colon > s && colon[1] &&
           strspn(colon + 1, "0123456789") == strlen(colon + 1);
}

/* A step slice begins: args loc and text, no step already open. */
static void ck_step_begin(struct ck *c, size_t i, const struct json *e, struct ck_proc *p,
                          double ts)
{
    const struct json *a = json_get(e, "args");

    c->steps++;
    if (!is_loc(json_str(a, "loc")) || !json_str(a, "text"))
        bad(c, i, "step slice without args loc FILE:LINE and text");
    if (p->step_loc)
        bad(c, i, "step begins inside step %s", p->step_loc);
    p->step_loc = json_str(a, "loc");
    p->step_ts = p->step_end = ts;
}

/* B/E pairs per track, step slices per process. */
static void ck_slice(struct ck *c, size_t i, const struct json *e, char ph,
                     struct ck_track *t, struct ck_proc *p, double ts)
{
    const char *name = json_str(e, "name");
    bool step = json_str(e, "cat") && !strcmp(json_str(e, "cat"), "step");

    if (ph == 'B') {
        if (t->depth == CK_MAX_DEPTH) {
            bad(c, i, "slices nested too deeply");
            return;
        }
        t->open_ts[t->depth] = ts;
        t->open[t->depth++] = name;
        if (step)
            ck_step_begin(c, i, e, p, ts);
        return;
    }
    if (!t->depth) {
        bad(c, i, "E without B on its track");
        return;
    }
    t->depth--;
    if (strcmp(t->open[t->depth], name))
        bad(c, i, "E '%s' ends B '%s'", name, t->open[t->depth]);
    if (step && p->step_end > ts)
        bad(c, i, "an event of step %s ends at %.3f, after the slice (%.3f)",
            p->step_loc ? p->step_loc : "?", p->step_end, ts);
    if (step)
        p->step_loc = NULL;
}

/* An expectation instant: count pass and fail. */
static void ck_expect(struct ck *c, size_t i, const struct json *e)
{
    const struct json *a = json_get(e, "args");
    const char *r = json_str(a, "result");

    if (!r || !is_loc(json_str(a, "loc")) || !json_str(a, "expected") ||
        !json_str(a, "got") || !json_str(a, "term")) {
        bad(c, i, "expectation without loc, term, expected, got and result");
        return;
    }
    c->pass += !strcmp(r, "pass");
    c->fail += !strcmp(r, "fail");
}

/* --has KEY TEXT and --count NAME MIN MAX. */
static void ck_wanted(struct ck *c, const struct json *e, const char *name)
{
    const struct json *a = json_get(e, "args");

    for (unsigned k = 0; k < c->nhas; k++) {
        const struct json *v = json_get(a, c->has_key[k]);
        size_t n = strlen(c->has_text[k]);

        if (v && v->type == JSON_STR && n <= v->len)
            for (size_t o = 0; o + n <= v->len && !c->has_seen[k]; o++)
                c->has_seen[k] = !memcmp(v->str + o, c->has_text[k], n);
    }
    for (unsigned k = 0; k < c->ncount; k++)
        c->count[k].seen += !strcmp(name, c->count[k].name);
}

/* The fields every event has; returns its phase letter, 0 when unusable. */
static char ck_fields(struct ck *c, size_t i, const struct json *e, double *ts,
                      struct ck_track **t, struct ck_proc **p)
{
    const char *name = json_str(e, "name"), *ph = json_str(e, "ph");
    bool ok = true;
    double pid = num(e, "pid", &ok), tid = num(e, "tid", &ok);

    *ts = num(e, "ts", &ok);
    if (e->type != JSON_OBJ || !name || !ph || !ok) {
        bad(c, i, "not an object with name, ph (strings), ts, pid and tid (numbers)");
        return 0;
    }
    if (strlen(ph) != 1 || !strchr("MBEXi", ph[0])) {
        bad(c, i, "unexpected ph '%s'", ph);
        return 0;
    }
    if (json_get(e, "args") && json_get(e, "args")->type != JSON_OBJ)
        bad(c, i, "args is not an object");
    *t = ck_track(c, pid, tid);
    *p = ck_proc(c, pid);
    if (!*t || !*p) {
        bad(c, i, "too many tracks or processes");
        return 0;
    }
    return ph[0];
}

static void ck_event(struct ck *c, size_t i, const struct json *e)
{
    struct ck_track *t;
    struct ck_proc *p;
    double ts, dur = 0;
    bool ok = true;
    char ph = ck_fields(c, i, e, &ts, &t, &p);

    if (!ph)
        return;
    c->events++;
    ck_wanted(c, e, json_str(e, "name"));
    if (ph == 'M') {
        ck_meta(c, i, e, json_str(e, "name"), t, p);
        return;
    }
    t->used = p->used = true;
    if (ts < t->last_ts)
        bad(c, i, "ts %.3f goes back on its track (last %.3f)", ts, t->last_ts);
    t->last_ts = ts;
    if (ph == 'X') {
        dur = num(e, "dur", &ok);
        if (!ok || dur < 0)
            bad(c, i, "X without dur >= 0");
        c->slices++;
    }
    if (ph == 'i') {
        c->instants++;
        if (json_str(e, "cat") && !strcmp(json_str(e, "cat"), "expect"))
            ck_expect(c, i, e);
    }
    if (ph == 'B' || ph == 'E')
        ck_slice(c, i, e, ph, t, p, ts);
    else
        ck_nested(c, i, e, p, ts, dur);
}

/* What must hold once every event is read. */
static void ck_finish(struct ck *c)
{
    for (size_t i = 0; i < c->ntracks; i++) {
        const struct ck_track *t = &c->tracks[i];

        if (t->depth)
            bad(c, i, "track pid %g tid %g: %u slices never end", t->pid, t->tid,
                t->depth);
        if (t->used && !t->named)
            bad(c, i, "track pid %g tid %g has no thread_name", t->pid, t->tid);
    }
    for (size_t i = 0; i < c->nprocs; i++)
        if (c->procs[i].used && !c->procs[i].named)
            bad(c, i, "process %g has no process_name", c->procs[i].pid);
    if (c->want_pass && !c->pass)
        bad(c, 0, "no expectation passed");
    if (c->want_fail && !c->fail)
        bad(c, 0, "no expectation failed");
    for (unsigned k = 0; k < c->nhas; k++)
        if (!c->has_seen[k])
            bad(c, 0, "no event has args.%s containing the text given", c->has_key[k]);
    for (unsigned k = 0; k < c->ncount; k++)
        if (c->count[k].seen < c->count[k].min || c->count[k].seen > c->count[k].max)
            bad(c, 0, "%ld events '%s', expected %ld..%ld", c->count[k].seen,
                c->count[k].name, c->count[k].min, c->count[k].max);
    if ((long)c->steps < c->min_steps)
        bad(c, 0, "%lu step slices, expected at least %ld", c->steps, c->min_steps);
    if (c->want_procs >= 0 && (long)c->nprocs != c->want_procs)
        bad(c, 0, "%zu processes, expected %ld", c->nprocs, c->want_procs);
}

static void ck_document(struct ck *c, const struct json *root)
{
    const struct json *ev = json_get(root, "traceEvents");
    size_t named = 0;

    if (!ev || ev->type != JSON_ARR) {
        bad(c, 0, "no traceEvents array");
        return;
    }
    for (size_t i = 0; i < ev->n; i++)
        ck_event(c, i, &ev->kids[i]);
    ck_finish(c);
    for (size_t i = 0; i < c->ntracks; i++)
        named += c->tracks[i].named;
    printf("%lu events (%lu metadata), %lu step slices, %lu complete slices, %lu "
           "instants, %lu expectations passed, %lu failed, %zu named tracks in %zu "
           "processes\n",
           c->events, c->meta, c->steps, c->slices, c->instants, c->pass, c->fail, named,
           c->nprocs);
}

/* Every line of @text is one JSON value. */
static void ck_lines(struct ck *c, char *text, size_t len)
{
    size_t line = 0;

    for (char *s = text, *end = text + len; s < end; line++) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        struct json v;
        char err[128];

        if (json_parse(s, n, &v, err, sizeof(err)))
            bad(c, line, "line %zu: %s", line + 1, err);
        else
            json_free(&v);
        s += n + 1;
        c->events++;
    }
    printf("%lu JSON lines\n", c->events);
}

static int ck_args(struct ck *c, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int need = !strcmp(a, "--has")                                  ? 2
                   : !strcmp(a, "--count")                              ? 3
                   : !strcmp(a, "--min-steps") || !strcmp(a, "--procs") ? 1
                                                                        : 0;

        if (i + need >= argc ||
            (need >= 2 && (c->nhas == CK_MAX_WANT || c->ncount == CK_MAX_WANT)))
            return -1;
        if (!strcmp(a, "--lines") || !strcmp(a, "--pass") || !strcmp(a, "--fail")) {
            c->lines |= a[2] == 'l';
            c->want_pass |= a[2] == 'p';
            c->want_fail |= a[2] == 'f';
        } else if (!strcmp(a, "--has")) {
            c->has_key[c->nhas] = argv[i + 1];
            c->has_text[c->nhas++] = argv[i + 2];
        } else if (!strcmp(a, "--count")) {
            c->count[c->ncount++] =
                (struct ck_count){argv[i + 1], strtol(argv[i + 2], NULL, 0),
                                  strtol(argv[i + 3], NULL, 0), 0};
        } else if (need == 1) {
            *(a[2] == 'm' ? &c->min_steps : &c->want_procs) =
                strtol(argv[i + 1], NULL, 0);
        } else {
            return -1;
        }
        i += need;
    }
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n;

    *len = 0;
    if (!f)
        return NULL;
    do {
        char *nb = realloc(buf, cap + 65536);

        if (!nb) {
            free(buf);
            fclose(f);
            return NULL;
        }
        buf = nb;
        cap += 65536;
        n = fread(buf + *len, 1, cap - *len, f);
        *len += n;
    } while (n);
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    struct ck *c = calloc(1, sizeof(*c));
    struct json root;
    char err[128], *text;
    size_t len;
    int rc;

    if (c)
        c->want_procs = -1;
    if (!c || argc < 2 || ck_args(c, argc, argv)) {
        fputs("usage: chrome_check FILE [--lines] [--pass] [--fail] [--has KEY TEXT]\n"
              "       [--count NAME MIN MAX] [--min-steps N] [--procs N]\n",
              stderr);
        free(c);
        return 2;
    }
    text = slurp(argv[1], &len);
    if (!text) {
        perror(argv[1]);
        free(c);
        return 1;
    }
    if (c->lines) {
        ck_lines(c, text, len);
    } else if (json_parse(text, len, &root, err, sizeof(err))) {
        bad(c, 0, "invalid JSON: %s", err);
    } else {
        ck_document(c, &root);
        json_free(&root);
    }
    rc = c->errors ? 1 : 0;
    if (c->errors)
        fprintf(stderr, "%s: %lu problems\n", argv[1], c->errors);
    free(text);
    free(c);
    return rc;
}
