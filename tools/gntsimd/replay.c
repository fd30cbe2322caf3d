/* SPDX-License-Identifier: MIT */
/*
 * gntsimd's request log and its replay. A log is text: a "# gntsimd domains=N
 * release=R log=2 mem=PAGES" line, then one line per message in the order the daemon
 * handled them: "> dN HEX" a xenstore request, "< dN HEX" its reply, "! dN HEX" a watch
 * event; "D dN #ID HEX" a request on device connection ID, "R dN #ID HEX" its reply
 * (without the descriptors), "U dN #ID HEX" ports the process wrote on its event socket
 * (unmask), "E dN #ID HEX" a pending port sent to it, "C dN #ID" the connection's end;
 * "S" where the daemon settled the world (deferred work, pending ports, invariants). A
 * replay builds the same world, does every request again, settles where the daemon did
 * and compares each reply and event with the log: the daemon is deterministic, so any
 * difference is a change in the model. What a process wrote into shared pages is not
 * in the log: a replay follows the grants, mappings and event channels, not the data.
 * (A log without "log=2", from before devices, settles after each request.)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gntsimd.h"

void gd_log_dev(struct gntsimd *d, char kind, const struct gd_dev *c, const void *b,
                size_t len)
{
    const uint8_t *p = b;

    fprintf(d->log, "%c d%u #%u", kind, c->dom, c->id);
    if (len)
        fputc(' ', d->log);
    for (size_t i = 0; i < len; i++)
        fprintf(d->log, "%02x", p[i]);
    fputc('\n', d->log);
    fflush(d->log);
}

void gd_log_hex(FILE *f, const char *prefix, gntsim_domid_t dom, const uint8_t *b,
                size_t len)
{
    fprintf(f, "%s d%u ", prefix, dom);
    for (size_t i = 0; i < len; i++)
        fprintf(f, "%02x", b[i]);
    fputc('\n', f);
    fflush(f);
}

/* One log line: its kind, domain, device connection (0: none) and bytes; false if
 * malformed. */
static bool replay_parse(const char *line, char *kind, unsigned *dom, unsigned *id,
                         uint8_t *b, size_t *len)
{
    const char *hex;
    size_t n;
    int at = 0;

    *id = 0;
    *len = 0;
    if (line[0] == 'S' && (line[1] == '\n' || !line[1])) {
        *kind = 'S';
        return true;
    }
    if (sscanf(line, "%c d%u %n", kind, dom, &at) != 2 || !strchr("><!DRUEC", *kind))
        return false;
    hex = line + at;
    if (strchr("DRUEC", *kind)) {
        if (sscanf(hex, "#%u%n", id, &at) != 1 || !*id)
            return false;
        hex += at;
        hex += *hex == ' ';
    }
    n = strcspn(hex, "\n");
    if (n % 2 || n / 2 > GD_LOG_MAX || (*kind == 'C') != (n == 0))
        return false;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;

        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            return false;
        b[i] = (uint8_t)v;
    }
    *len = n / 2;
    return true;
}

/* The replayed reply or event against the logged one; false (reported) if they differ. */
static bool replay_same(unsigned lineno, char kind, const uint8_t *want, size_t wlen,
                        const uint8_t *got, size_t glen)
{
    if (wlen == glen && !memcmp(want, got, wlen))
        return true;
    fprintf(stderr, "gntsimd: replay line %u: the %s differs from the log\n", lineno,
            kind == '<' || kind == 'R' ? "reply"
            : kind == 'E'              ? "pending port"
                                       : "watch event");
    return false;
}

/* A replay: the daemon's state and the comparison cursor. */
struct replay {
    struct gntsimd d;
    uint8_t *got; /* the last xenstore reply */
    size_t glen, ev_off;
    bool v2; /* "log=2": settle only where the log says */
    unsigned diffs;
};

/* An event line ('!' or 'E') against the next event the replay produced. */
static void replay_event(struct replay *r, unsigned lineno, char kind, const uint8_t *msg,
                         size_t len)
{
    bool ok = r->ev_off + len <= r->d.events_len;

    r->diffs += !replay_same(lineno, kind, msg, len, ok ? r->d.events + r->ev_off : msg,
                             ok ? len : len + 1);
    r->ev_off += len;
}

/* One device line: 'D' a request, 'R' its reply, 'U' an unmask, 'C' an end. */
static void replay_dev(struct replay *r, unsigned lineno, char kind, unsigned dom,
                       unsigned id, uint8_t *msg, size_t len)
{
    struct gd_dev *c = gd_dev_replay(&r->d, id, (gntsim_domid_t)dom);

    if (!c) {
        r->diffs++;
        fprintf(stderr, "gntsimd: replay line %u: too many device connections\n", lineno);
    } else if (kind == 'D') {
        r->d.dev_got_len = 0;
        gd_dev_message(&r->d, c, msg, len);
    } else if (kind == 'R') {
        r->diffs += !replay_same(lineno, kind, msg, len, r->d.dev_got, r->d.dev_got_len);
    } else if (kind == 'U' && c->f) {
        gntsim_file_write(r->d.w, c->f, msg, len);
    } else if (kind == 'C') {
        gd_dev_close(&r->d, c);
    }
}

/* One parsed line. */
static void replay_line(struct replay *r, unsigned lineno, char kind, unsigned dom,
                        unsigned id, uint8_t *msg, size_t len)
{
    if (kind == 'S' || (!r->v2 && kind == '>')) {
        r->d.events_len = r->ev_off = 0;
        if (kind == 'S')
            gd_settle(&r->d);
    }
    if (kind == '>') {
        r->glen = 0;
        if (!gd_request(&r->d, NULL, (gntsim_domid_t)dom, msg, len, r->got, &r->glen) &&
            !r->v2)
            gd_settle(&r->d);
    } else if (kind == '<') {
        r->diffs += !replay_same(lineno, kind, msg, len, r->got, r->glen);
    } else if (kind == '!' || kind == 'E') {
        replay_event(r, lineno, kind, msg, len);
    } else if (kind != 'S') {
        replay_dev(r, lineno, kind, dom, id, msg, len);
    }
}

int gd_replay(const char *path)
{
    struct replay r = {.d = {.replaying = true}};
    uint8_t *msg = malloc(GD_LOG_MAX);
    char *line = malloc(2 * GD_LOG_MAX + 32), release[64], kind;
    unsigned lineno = 1, ndom, dom, id;
    FILE *f = fopen(path, "r");
    size_t len;
    int rc = 2, at = 0;

    r.got = malloc(GD_MSG_MAX);
    r.d.dev_got = malloc(GD_LOG_MAX);
    if (!msg || !r.got || !r.d.dev_got || !line || !f ||
        !fgets(line, 2 * GD_LOG_MAX + 32, f) ||
        sscanf(line, "# gntsimd domains=%u release=%63s %n", &ndom, release, &at) != 2 ||
        ndom < 1 || ndom > GD_MAX_DOMAINS) {
        fprintf(stderr, "gntsimd: %s: not a gntsimd log\n", path);
        goto out;
    }
    r.v2 = at && !strncmp(line + at, "log=2", 5);
    if (r.v2 && sscanf(line + at, "log=2 mem=%u", &r.d.mem_pages) == 1 &&
        r.d.mem_pages > 1024 * 256) {
        fprintf(stderr, "gntsimd: %s: mem=%u: more than 1 GiB\n", path, r.d.mem_pages);
        goto out;
    }
    if (gd_world_make(&r.d, release, ndom) || gd_sinks(&r.d))
        goto out;
    while (fgets(line, 2 * GD_LOG_MAX + 32, f)) {
        lineno++;
        if (!replay_parse(line, &kind, &dom, &id, msg, &len) ||
            (kind != 'S' && dom >= ndom)) {
            fprintf(stderr, "gntsimd: %s:%u: malformed line\n", path, lineno);
            r.diffs = ~0u;
            break;
        }
        replay_line(&r, lineno, kind, dom, id, msg, len);
    }
    if (r.diffs != ~0u) {
        printf("gntsimd: replayed %s: %lu requests, %u differences\n", path, r.d.requests,
               r.diffs);
        rc = r.diffs ? 1 : 0;
    }
out:
    if (f)
        fclose(f);
    for (unsigned i = 0; i < GD_MAX_DEVS; i++)
        if (r.d.dev[i])
            gd_dev_close(&r.d, r.d.dev[i]);
    gntsim_world_destroy(r.d.w);
    free(r.d.events);
    free(r.d.dev_got);
    free(msg), free(r.got), free(line);
    return rc;
}
