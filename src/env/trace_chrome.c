/* SPDX-License-Identifier: MIT */
/*
 * Chrome trace JSON (Perfetto, chrome://tracing) from trace events.
 *
 * Tracks: every event goes to one thread of the run's process, chosen from
 * its declared fields (trace_events.def) by the first rule that applies:
 *   step and expectation markers               -> "scenario"
 *   a sid or vmid field (SMMU streams, IOTLB)  -> "smmu"
 *   a string dev field (a device's DMA)        -> the device ("nic0")
 *   a nic field (the wire)                     -> "nic<N>"
 *   dom and vcpu fields                        -> "d<dom>v<vcpu>"
 *   a dom, else rd, else back field            -> "d<N>"
 *   anything else (console lines, caches)      -> "xen"
 * A track is named by thread_name metadata where it first appears; tids (and
 * the thread_sort_index) follow first appearance, "scenario" first.
 *
 * Time: ts is in microseconds with three decimals (nanoseconds): the world's
 * NOW() plus the per-step advances so far. A step begins CHROME_STEP_GAP after
 * the previous one ended (or at NOW() when that is later) and lasts at least
 * CHROME_STEP_MIN; each event is at least CHROME_EVENT_NS after the previous.
 * So every event of a step falls inside its slice, and ts never goes back.
 *
 * Steps are B/E slices on "scenario" (args: loc "file:line", file, line, cmd,
 * text); expectations are instants there (args: loc, text, term, cmp,
 * expected, got, result). Model events are thread-scoped instants with their
 * fields and the loc of their step. In a step that populates RAM (boot), a run
 * of p2m_set with consecutive gfns and mfns of one domain and type is one
 * complete slice "populate RAM" on the domain's track.
 */
#include <inttypes.h>
#include <string.h>

#include "env/trace_int.h"

#define CHROME_EVENT_NS 100u  /* between two events */
#define CHROME_STEP_GAP 1000u /* between two steps */
#define CHROME_STEP_MIN 1000u /* shortest step */

static const char *str(const char *s)
{
    return s ? s : "";
}

/* Start the next element of the traceEvents array. */
static void chrome_next(struct trace *t)
{
    fputs(t->chrome.started ? ",\n" : "{\"traceEvents\":[\n", t->out);
    t->chrome.started = true;
}

/* ,"@key":US.NNN for @ns nanoseconds. */
static void chrome_us(FILE *out, const char *key, uint64_t ns)
{
    fprintf(out, ",\"%s\":%" PRIu64 ".%03u", key, ns / 1000, (unsigned)(ns % 1000));
}

/* ,"pid":1,"tid":@tid,"args":{ (the merger of runs rewrites "pid":1,). */
static void chrome_ids(FILE *out, unsigned tid)
{
    fprintf(out, ",\"pid\":1,\"tid\":%u,\"args\":{", tid);
}

/* tid of the track @name, created with its metadata on first use. */
static unsigned chrome_tid(struct trace *t, const char *name)
{
    struct trace_chrome *c = &t->chrome;
    unsigned i;

    for (i = 0; i < c->ntracks; i++)
        if (!strcmp(c->tracks[i], name))
            return i + 1;
    if (c->ntracks >= TRACE_CHROME_TRACKS - 1 && strcmp(name, "other"))
        return chrome_tid(t, "other");
    snprintf(c->tracks[i], sizeof(c->tracks[i]), "%s", name);
    c->ntracks++;
    chrome_next(t);
    fputs("{\"name\":\"thread_name\",\"ph\":\"M\",\"ts\":0", t->out);
    chrome_ids(t->out, i + 1);
    fputs("\"name\":", t->out);
    trace_json_fputs(t->out, c->tracks[i]);
    fputs("}}", t->out);
    chrome_next(t);
    fputs("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"ts\":0", t->out);
    chrome_ids(t->out, i + 1);
    fprintf(t->out, "\"sort_index\":%u}}", i + 1);
    return i + 1;
}

/* The track of model event @ev (the rule above) into @buf. */
static void chrome_track(enum trace_ev ev, const union trace_arg *args, char *buf,
                         size_t len)
{
    union trace_arg a, v;
    char k;

    if (trace_is_marker(ev))
        snprintf(buf, len, "scenario");
    else if (trace_arg_of(ev, args, "sid", &a, &k) ||
             trace_arg_of(ev, args, "vmid", &a, &k))
        snprintf(buf, len, "smmu");
    else if (trace_arg_of(ev, args, "dev", &a, &k) && k == 's')
        snprintf(buf, len, "%s", str(a.s));
    else if (trace_arg_of(ev, args, "nic", &a, &k))
        snprintf(buf, len, "nic%" PRIu64, a.u);
    else if (trace_arg_of(ev, args, "dom", &a, &k) &&
             trace_arg_of(ev, args, "vcpu", &v, &k))
        snprintf(buf, len, "d%" PRIu64 "v%" PRIu64, a.u, v.u);
    else if (trace_arg_of(ev, args, "dom", &a, &k) ||
             trace_arg_of(ev, args, "rd", &a, &k) ||
             trace_arg_of(ev, args, "back", &a, &k))
        snprintf(buf, len, "d%" PRIu64, a.u);
    else
        snprintf(buf, len, "xen");
}

/* The next event's timestamp: NOW() + shift, at least CHROME_EVENT_NS on. */
static uint64_t chrome_now(struct trace *t)
{
    struct trace_chrome *c = &t->chrome;
    uint64_t now = (c->clock_ns ? *c->clock_ns : 0) + c->shift_ns;

    c->last_ns = now > c->last_ns + CHROME_EVENT_NS ? now : c->last_ns + CHROME_EVENT_NS;
    return c->last_ns;
}

/* ,"loc":"file:line" of the open step (@first: no comma). */
static void chrome_loc(struct trace *t, bool first)
{
    if (!t->chrome.in_step)
        return;
    fputs(first ? "\"loc\":" : ",\"loc\":", t->out);
    trace_json_fputs(t->out, t->chrome.loc);
}

/* Model event @ev as a thread-scoped instant at @ns. */
static void chrome_instant(struct trace *t, enum trace_ev ev, const union trace_arg *args,
                           uint64_t ns)
{
    char track[sizeof(t->chrome.tracks[0])];
    unsigned tid;

    chrome_track(ev, args, track, sizeof(track));
    tid = chrome_tid(t, track);
    chrome_next(t);
    fprintf(t->out, "{\"name\":\"%s\",\"ph\":\"i\",\"s\":\"t\"", trace_event_name(ev));
    chrome_us(t->out, "ts", ns);
    chrome_ids(t->out, tid);
    chrome_loc(t, trace_json_fields(t->out, ev, args) == 0);
    fputs("}}", t->out);
}

/* The folded p2m_set run as one "populate RAM" slice (one page: the instant). */
static void fold_flush(struct trace *t)
{
    struct trace_fold *f = &t->chrome.fold;
    char track[sizeof(t->chrome.tracks[0])];
    uint64_t n = f->pages;
    unsigned tid;

    f->pages = 0;
    if (n == 1) {
        const union trace_arg a[] = {TA_U(f->dom), TA_U(f->gfn), TA_U(f->mfn),
                                     TA_S(f->type)};

        chrome_instant(t, TEV_P2M_SET, a, f->ts_ns);
    }
    if (n < 2)
        return;
    snprintf(track, sizeof(track), "d%" PRIu64, f->dom);
    tid = chrome_tid(t, track);
    chrome_next(t);
    fputs("{\"name\":\"populate RAM\",\"cat\":\"boot\",\"ph\":\"X\"", t->out);
    chrome_us(t->out, "ts", f->ts_ns);
    chrome_us(t->out, "dur", f->end_ns - f->ts_ns);
    chrome_ids(t->out, tid);
    fprintf(t->out,
            "\"dom\":%" PRIu64 ",\"first_gfn\":\"%#" PRIx64 "\",\"last_gfn\":\"%#" PRIx64
            "\",\"pages\":%" PRIu64 ",\"first_mfn\":\"%#" PRIx64
            "\",\"last_mfn\":\"%#" PRIx64 "\",\"type\":",
            f->dom, f->gfn, f->gfn + n - 1, n, f->mfn, f->mfn + n - 1);
    trace_json_fputs(t->out, f->type);
    chrome_loc(t, false);
    fputs("}}", t->out);
}

/* P2M_SET (dom, gfn, mfn, type) of a boot step: extend or start the run. */
static void fold_add(struct trace *t, const union trace_arg *args)
{
    struct trace_fold *f = &t->chrome.fold;
    char type[sizeof(f->type)];

    snprintf(type, sizeof(type), "%s", str(args[3].s));
    if (f->pages && (args[0].u != f->dom || args[1].u != f->gfn + f->pages ||
                     args[2].u != f->mfn + f->pages || strcmp(type, f->type)))
        fold_flush(t);
    f->end_ns = chrome_now(t);
    if (!f->pages++) {
        f->dom = args[0].u;
        f->gfn = args[1].u;
        f->mfn = args[2].u;
        f->ts_ns = f->end_ns;
        memcpy(f->type, type, sizeof(type));
    }
}

/* The open step's E event. */
static void chrome_step_end(struct trace *t)
{
    struct trace_chrome *c = &t->chrome;
    unsigned tid;

    if (!c->in_step)
        return;
    fold_flush(t);
    tid = chrome_tid(t, "scenario");
    c->last_ns += CHROME_EVENT_NS;
    if (c->last_ns < c->step_ns + CHROME_STEP_MIN)
        c->last_ns = c->step_ns + CHROME_STEP_MIN;
    chrome_next(t);
    fputs("{\"name\":", t->out);
    trace_json_fputs(t->out, c->step_name);
    fputs(",\"cat\":\"step\",\"ph\":\"E\"", t->out);
    chrome_us(t->out, "ts", c->last_ns);
    chrome_ids(t->out, tid);
    fputs("}}", t->out);
    c->in_step = c->boot = false;
}

/* STEP_BEGIN (file, line, cmd, text, boot): the B event of a step slice. */
static void chrome_step_begin(struct trace *t, const union trace_arg *args)
{
    struct trace_chrome *c = &t->chrome;
    uint64_t clock = c->clock_ns ? *c->clock_ns : 0;
    uint64_t begin = clock + c->shift_ns;
    unsigned tid;

    chrome_step_end(t);
    tid = chrome_tid(t, "scenario");
    if (begin < c->last_ns + CHROME_STEP_GAP)
        begin = c->last_ns + CHROME_STEP_GAP;
    c->shift_ns = begin - clock;
    c->last_ns = c->step_ns = begin;
    c->in_step = true;
    c->boot = args[4].u != 0;
    snprintf(c->loc, sizeof(c->loc), "%s:%" PRIu64, str(args[0].s), args[1].u);
    snprintf(c->step_name, sizeof(c->step_name), "%s",
             args[3].s && *args[3].s ? args[3].s : str(args[2].s));
    chrome_next(t);
    fputs("{\"name\":", t->out);
    trace_json_fputs(t->out, c->step_name);
    fputs(",\"cat\":\"step\",\"ph\":\"B\"", t->out);
    chrome_us(t->out, "ts", begin);
    chrome_ids(t->out, tid);
    chrome_loc(t, true);
    fputs(",", t->out);
    trace_json_fields(t->out, TEV_STEP_BEGIN, args);
    fputs("}}", t->out);
}

/* EXPECT (file line text term cmp expected got result): an instant on "scenario". */
static void chrome_expect(struct trace *t, const union trace_arg *args)
{
    char name[160];
    unsigned tid;

    fold_flush(t);
    tid = chrome_tid(t, "scenario");
    snprintf(name, sizeof(name), "%s: %s %s %s", str(args[7].s), str(args[3].s),
             str(args[4].s), str(args[5].s));
    chrome_next(t);
    fputs("{\"name\":", t->out);
    trace_json_fputs(t->out, name);
    fputs(",\"cat\":\"expect\",\"ph\":\"i\",\"s\":\"t\"", t->out);
    chrome_us(t->out, "ts", chrome_now(t));
    chrome_ids(t->out, tid);
    chrome_loc(t, trace_json_fields(t->out, TEV_EXPECT, args) == 0);
    fputs("}}", t->out);
}

void trace_chrome_event(struct trace *t, enum trace_ev ev, const union trace_arg *args)
{
    if (ev == TEV_STEP_BEGIN)
        chrome_step_begin(t, args);
    else if (ev == TEV_STEP_END)
        chrome_step_end(t);
    else if (ev == TEV_EXPECT)
        chrome_expect(t, args);
    else if (t->chrome.boot && ev == TEV_P2M_SET)
        fold_add(t, args);
    else {
        fold_flush(t);
        chrome_instant(t, ev, args, chrome_now(t));
    }
}

void trace_chrome_close(struct trace *t)
{
    fold_flush(t);
    chrome_step_end(t);
    fputs(t->chrome.started ? "\n]}\n" : "{\"traceEvents\":[]}\n", t->out);
}
