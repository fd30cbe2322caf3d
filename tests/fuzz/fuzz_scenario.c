/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as a scenario file. The parser must
 * report errors (file:line:col) and never crash nor read past the input (it
 * reads a copy that ends at an inaccessible page: fz_guarded); a file that
 * parses is run under a release chosen by the input, with every invariant
 * checked after each step (a gntsim bug aborts; failed expectations, step
 * errors and findings about the modelled Xen are fine). One input in 4 (by
 * its hash) whose run emitted at most FZ_TRACE_MAX_EVENTS events is run again
 * with its trace rendered into memory, as JSON lines for half of them and as a
 * Chrome trace for the other half: it must be valid JSON (tests/trace/json.h,
 * strict RFC 8259), or the target aborts. Half the inputs run their parallel blocks
 * in an order the input's hash picks, not their schedule=. Seeds:
 * tests/fuzz/corpus/scenario and every scenario of the tree; words: the dictionary
 * dict_scenario.c writes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gntsim/scenario.h"
#include "fz_pool.h"
#include "json.h"

/*
 * A run's trace is rendered and checked when the run emitted at most this many
 * events: rendering costs some microseconds an event under ASan, and a domain
 * of a million pages emits a million p2m_set events (seconds of rendering).
 */
#define FZ_TRACE_MAX_EVENTS 20000

/* The name of every trace event. */
static const char *const fz_events[] = {
#define TRACE_EVENT(id, name, fields, text) name,
#include "env/trace_events.def"
#undef TRACE_EVENT
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FNV-1a of the input: picks the release and whether the traces are checked. */
static uint32_t fz_hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

/* A release picked by the input's hash, so every profile gets inputs. */
static const char *fz_release(uint32_t h)
{
    struct gntsim_release_info ri;

    gntsim_release_get(h % gntsim_release_count(), &ri);
    return ri.name;
}

/* Report @what of @len bytes at @text as invalid JSON (@err says why) and abort. */
static void fz_bad_json(const char *what, const char *err, const char *text, size_t len)
{
    fprintf(stderr, "fuzz_scenario: the %s trace is not valid JSON: %s\n", what, err);
    fwrite(text, 1, len > 4096 ? 4096 : len, stderr);
    fputc('\n', stderr);
    abort();
}

/* Every line of @text (@len bytes, each ended by a newline) is one JSON value. */
static void fz_check_lines(const char *text, size_t len)
{
    for (const char *s = text, *end = text + len; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        struct json v;
        char err[128];

        if (!nl)
            fz_bad_json("JSON-lines", "the last line has no newline", s, n);
        if (json_parse(s, n, &v, err, sizeof(err)))
            fz_bad_json("JSON-lines", err, s, n);
        json_free(&v);
        s = nl + 1;
    }
}

/*
 * @text is one JSON document with a "traceEvents" array, or empty (a run whose
 * world could not be made writes nothing; gntsim run then writes the label only).
 */
static void fz_check_chrome(const char *text, size_t len)
{
    struct json v;
    char err[128];
    const struct json *ev;

    if (!len)
        return;
    if (json_parse(text, len, &v, err, sizeof(err)))
        fz_bad_json("Chrome", err, text, len);
    ev = json_get(&v, "traceEvents");
    if (!ev || ev->type != JSON_ARR)
        fz_bad_json("Chrome", "no traceEvents array", text, len);
    json_free(&v);
}

/* The scenario's done callback: the events the run emitted, into *@ctx. */
/* A run's context: the events it emitted, and the state of its random schedule. */
struct fz_run {
    uint64_t events;
    uint32_t rng; /* 0: parallel blocks in their schedule= order */
};

static void fz_count_events(void *ctx, struct gntsim_world *w,
                            const struct gntsim_scenario_run *r)
{
    struct fz_run *fr = ctx;

    (void)r;
    for (size_t i = 0; i < sizeof(fz_events) / sizeof(fz_events[0]); i++)
        fr->events += gntsim_trace_count(w, fz_events[i]);
}

/* A parallel block's next vCPU, picked by the input's hash (xorshift). */
static int fz_choose(void *ctx, const struct gntsim_par_point *pt)
{
    struct fz_run *fr = ctx;
    uint32_t en = pt->enabled;
    unsigned pick;

    fr->rng ^= fr->rng << 13, fr->rng ^= fr->rng >> 17, fr->rng ^= fr->rng << 5;
    pick = fr->rng % (unsigned)__builtin_popcount(en);
    while (pick--)
        en &= en - 1;
    return __builtin_ctz(en);
}

/* Run @sc under @rel with its trace rendered as @format into memory; check it. */
static void fz_run_traced(const struct gntsim_scenario *sc, const char *rel,
                          enum gntsim_trace_format format)
{
    char *buf = NULL;
    size_t len = 0;
    struct gntsim_scenario_opts o = {.pool = fz_pool, .format = format};

    o.trace = open_memstream(&buf, &len);
    if (!o.trace)
        abort();
    gntsim_scenario_run(sc, rel, &o);
    if (fclose(o.trace))
        abort();
    if (format == GNTSIM_TRACE_CHROME)
        fz_check_chrome(buf, len);
    else
        fz_check_lines(buf, len);
    free(buf);
}

/*
 * @data copied to end right before an inaccessible page. The parser reads the
 * input in place: a read past its end by uninstrumented code (a libc
 * function such as sscanf() looking for a NUL) faults there, where ASan,
 * which checks only instrumented code and some libc calls, sees nothing.
 */
static const char *fz_guarded(const uint8_t *data, size_t size)
{
    static uint8_t *map;
    static size_t room; /* bytes before the guard page */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    if (!map || size > room) {
        if (map)
            munmap(map, room + page);
        room = (size + page - 1) / page * page + page;
        map = mmap(NULL, room + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
        if (map == MAP_FAILED || mprotect(map + room, page, PROT_NONE))
            abort();
    }
    if (size)
        memcpy(map + room - size, data, size);
    return (const char *)map + room - size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gntsim_scenario *sc = NULL;
    uint32_t h = fz_hash(data, size);
    struct fz_run fr = {.rng = h | 1};
    struct gntsim_scenario_opts o = {
        .pool = fz_pool, .invariants = true, .done = fz_count_events, .ctx = &fr};

    if ((h >> 20) % 2) /* half the inputs: parallel blocks in a random order */
        o.choose = fz_choose;
    if (gntsim_scenario_parse("fuzz.gsc", fz_guarded(data, size), size, NULL, &sc))
        return 0;
    gntsim_scenario_run(sc, fz_release(h), &o);
    if ((h >> 24) % 4 == 0 && fr.events <= FZ_TRACE_MAX_EVENTS)
        fz_run_traced(sc, fz_release(h),
                      (h >> 26) % 2 ? GNTSIM_TRACE_CHROME : GNTSIM_TRACE_JSON);
    gntsim_scenario_free(sc);
    return 0;
}
