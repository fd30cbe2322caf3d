/* SPDX-License-Identifier: MIT */
/*
 * Find SMMU fault reports in a whole log. SMMUv3 events are printed as a
 * header and four dword lines: "event 0x%02x received:" then "\t0x%016llx"
 * per dword (Linux arm-smmu-v3.c arm_smmu_evtq_thread, later
 * arm_smmu_dump_raw_event; Xen smmu-v3.c arm_smmu_evtq_tasklet, behind
 * "SMMUv3: %s: "). Linux >= 6.12's "FSR    = ..." / "FSYNR0 = ..." lines and
 * Linux's decoded "event: F_... client: ..." lines repeat what the raw
 * lines hold and are not reports of their own. SMMUv2 global faults: see
 * decode_global.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode_int.h"

#define SCAN_EVT_WINDOW 8 /* lines after an event header that may hold its dwords */
#define SCAN_GF_WINDOW  8 /* lines after a global-fault header that may hold its GFSR */

struct scan {
    gntsim_smmu_scan_fn fn;
    void *ctx;
    long found;
    bool stop;
    bool in_evt; /* collecting the dwords of an SMMUv3 event */
    size_t evt_line, since;
    unsigned ndw;
    struct gntsim_smmu_decoded ev;
    bool in_gf; /* a global-fault header waiting for its GFSR line */
    size_t gf_line, gf_since;
    struct gntsim_smmu_decoded gf;
};

static void scan_error(struct scan *sc, size_t line, const char *msg)
{
    if (!sc->stop && sc->fn(sc->ctx, line, NULL, msg))
        sc->stop = true;
}

static void scan_found(struct scan *sc, size_t line, const struct gntsim_smmu_decoded *d)
{
    sc->found++;
    if (!sc->stop && sc->fn(sc->ctx, line, d, NULL))
        sc->stop = true;
}

/* Give up the event being collected: too few dwords followed its header. */
static void scan_evt_incomplete(struct scan *sc)
{
    char msg[96];

    snprintf(msg, sizeof(msg), "SMMUv3 event: only %u of its 4 dwords follow", sc->ndw);
    scan_error(sc, sc->evt_line, msg);
    sc->in_evt = false;
}

/* Take the "0x..." dword tokens from @s on into the event; returns how many. */
static unsigned scan_dwords(struct scan *sc, const char *s)
{
    unsigned got = 0;

    for (;;) {
        size_t n;
        uint64_t v;

        s += strspn(s, " \t\r");
        n = strcspn(s, " \t\r");
        if (!n || sc->ndw == 4 || n < 3 || s[0] != '0' || s[1] != 'x' ||
            decode_number(s, n, false, UINT64_MAX, &v))
            return got;
        sc->ev.evt.raw[sc->ndw++] = v;
        got++;
        s += n;
    }
}

/* Who printed the event header @l (before @p): Xen "SMMUv3: <path>: ", Linux "arm-smmu-v3
 * <dev>: ". */
static void scan_evt_source(struct gntsim_smmu_decoded *d, const char *l, const char *p)
{
    const char *x = memmem(l, (size_t)(p - l), "SMMUv3: ", 8);
    const char *q = memmem(l, (size_t)(p - l), "arm-smmu-v3 ", 12);
    const char *from = x ? x + 8 : q ? q + 12 : NULL;

    d->source = x ? GNTSIM_SMMU_XEN : q ? GNTSIM_SMMU_LINUX : GNTSIM_SMMU_FIELDS;
    while (from && p > from && (p[-1] == ' ' || p[-1] == ':'))
        p--;
    if (from)
        snprintf(d->smmu_path, sizeof(d->smmu_path), "%.*s", (int)(p - from), from);
    decode_printable(d->smmu_path);
}

static void scan_evt_done(struct scan *sc)
{
    unsigned id = (unsigned)(sc->ev.evt.raw[0] & 0xff), hdr = sc->ev.evt.id;
    char msg[96];

    sc->in_evt = false;
    if (id != hdr) {
        snprintf(msg, sizeof(msg), "SMMUv3 event 0x%02x: its first dword says 0x%02x",
                 hdr, id);
        scan_error(sc, sc->evt_line, msg);
        return;
    }
    decode_v3(&sc->ev);
    scan_found(sc, sc->evt_line, &sc->ev);
}

/* Whether @t holds only "0x..." tokens, at least one. */
static bool scan_is_dwords(const char *t)
{
    size_t k = 0;

    for (;;) {
        size_t n;
        uint64_t v;

        t += strspn(t, " \t\r");
        n = strcspn(t, " \t\r");
        if (!n)
            return k > 0;
        if (n < 3 || t[0] != '0' || t[1] != 'x' ||
            decode_number(t, n, false, UINT64_MAX, &v))
            return false;
        t += n;
        k++;
    }
}

/* "event 0x%02x received:" at @p of line @l; dwords may follow on the same line. */
static void scan_evt_start(struct scan *sc, const char *l, const char *p, size_t line)
{
    size_t n = strcspn(p + 6, " ");
    uint64_t id;

    if (sc->in_evt)
        scan_evt_incomplete(sc);
    if (decode_number(p + 6, n, false, 0xff, &id) ||
        strncmp(p + 6 + n, " received:", 10)) {
        scan_error(sc, line, "SMMUv3 event header not as 'event 0x%02x received:'");
        return;
    }
    sc->ev = (struct gntsim_smmu_decoded){.cb = -1};
    sc->ev.evt.id = (unsigned)id;
    scan_evt_source(&sc->ev, l, p);
    sc->in_evt = true;
    sc->evt_line = line;
    sc->since = 0;
    sc->ndw = 0;
    if (scan_is_dwords(p + 16 + n))
        scan_dwords(sc, p + 16 + n);
    if (sc->ndw == 4)
        scan_evt_done(sc);
}

/* A dword line of the event being collected: consumed (true), or not one. */
static bool scan_evt_more(struct scan *sc, const char *s)
{
    const char *c = strrchr(s, ':');
    const char *t = c ? c + 1 : s;

    if (!scan_is_dwords(t)) {
        if (++sc->since > SCAN_EVT_WINDOW)
            scan_evt_incomplete(sc);
        return false;
    }
    scan_dwords(sc, t);
    if (sc->ndw == 4)
        scan_evt_done(sc);
    return true;
}

/* Report the waiting global-fault header as it is (no GFSR line came). */
static void scan_gf_flush(struct scan *sc)
{
    if (sc->in_gf)
        scan_found(sc, sc->gf_line, &sc->gf);
    sc->in_gf = false;
}

/*
 * A global-fault line (header, Blocked or GFSR; true) or not (false). A
 * header waits for the GFSR line Xen and Linux print after it (one report
 * at the header's line); a GFSR line no header claims is a report alone.
 */
static bool scan_global(struct scan *sc, const char *l, size_t line)
{
    struct gntsim_smmu_decoded d;
    char err[256];
    int rc = decode_global(l, &d, err, sizeof(err));

    if (rc > 0) {
        if (sc->in_gf && ++sc->gf_since > SCAN_GF_WINDOW)
            scan_gf_flush(sc);
        return false;
    }
    if (rc < 0)
        scan_error(sc, line, err);
    else if (!d.gf.has_regs) {
        scan_gf_flush(sc);
        sc->gf = d;
        sc->in_gf = true;
        sc->gf_line = line;
        sc->gf_since = 0;
    } else if (sc->in_gf && decode_global_merge(&sc->gf, &d)) {
        sc->in_gf = false;
        scan_found(sc, sc->gf_line, &sc->gf);
    } else {
        scan_gf_flush(sc);
        scan_found(sc, line, &d);
    }
    return true;
}

static void scan_line(struct scan *sc, const char *l, size_t line)
{
    const char *s = decode_strip(l), *p = strstr(l, "event 0x");
    struct gntsim_smmu_decoded d;
    char err[256];

    if (p && strstr(p, " received:")) {
        scan_evt_start(sc, l, p, line);
        return;
    }
    if (sc->in_evt && scan_evt_more(sc, s))
        return;
    if (scan_global(sc, l, line))
        return;
    if (!strstr(l, "Unhandled context fault:") && strncmp(s, "fsr=", 4) &&
        strncmp(s, "iova=", 5))
        return;
    if (gntsim_smmu_decode(l, &d, err, sizeof(err)))
        scan_error(sc, line, err);
    else
        scan_found(sc, line, &d);
}

/* Line @line of @n bytes at @b (no terminator): too long, or copied and scanned. */
static void scan_raw_line(struct scan *sc, const char *b, size_t n, size_t line)
{
    char l[GNTSIM_SMMU_LINE_MAX + 1], msg[96];

    if (n && b[n - 1] == '\r')
        n--;
    if (n > GNTSIM_SMMU_LINE_MAX) {
        snprintf(msg, sizeof(msg), "line longer than %d bytes", GNTSIM_SMMU_LINE_MAX);
        scan_error(sc, line, msg);
        return;
    }
    /* NUL bytes (serial noise, binary files) read as SUB (0x1a), never as an end */
    for (size_t i = 0; i < n; i++)
        l[i] = b[i] ? b[i] : '\x1a';
    l[n] = '\0';
    scan_line(sc, l, line);
}

long gntsim_smmu_scan(const char *buf, size_t len, gntsim_smmu_scan_fn fn, void *ctx)
{
    struct scan sc = {.fn = fn, .ctx = ctx};
    size_t line = 0, off = 0;

    if (!buf || !fn)
        return -EINVAL;
    while (off < len && !sc.stop) {
        const char *nl = memchr(buf + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;

        scan_raw_line(&sc, buf + off, n, ++line);
        off += n + (nl != NULL);
    }
    if (sc.in_evt && !sc.stop)
        scan_evt_incomplete(&sc);
    scan_gf_flush(&sc);
    return sc.found;
}
