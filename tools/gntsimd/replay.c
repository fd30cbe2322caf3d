/* SPDX-License-Identifier: MIT */
/*
 * gntsimd's request log and its replay. A log is text: a "# gntsimd domains=N
 * release=R" line, then one line per message, "> dN HEX" a request, "< dN HEX" its
 * reply, "! dN HEX" a watch event, in the order the daemon handled them. A replay
 * builds the same world, issues every request again and compares each reply and the
 * events with the log: the daemon is deterministic, so any difference is a change in
 * the model.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gntsimd.h"

void gd_log_hex(FILE *f, const char *prefix, gntsim_domid_t dom, const uint8_t *b,
                size_t len)
{
    fprintf(f, "%s d%u ", prefix, dom);
    for (size_t i = 0; i < len; i++)
        fprintf(f, "%02x", b[i]);
    fputc('\n', f);
    fflush(f);
}

/* One log line: its kind ('>', '<', '!'), domain and bytes; false if malformed. */
static bool replay_parse(const char *line, char *kind, unsigned *dom, uint8_t *b,
                         size_t *len)
{
    const char *hex;
    size_t n;

    if (sscanf(line, "%c d%u ", kind, dom) != 2 || !strchr("><!", *kind) ||
        !(hex = strchr(line + 2, ' ')))
        return false;
    hex++;
    n = strcspn(hex, "\n");
    if (n % 2 || n / 2 > GD_MSG_MAX)
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
            kind == '<' ? "reply" : "watch event");
    return false;
}

int gd_replay(const char *path)
{
    uint8_t *msg = malloc(GD_MSG_MAX), *got = malloc(GD_MSG_MAX);
    char *line = malloc(2 * GD_MSG_MAX + 32), release[64];
    struct gntsimd d = {.replaying = true};
    size_t len, glen = 0, ev_off = 0;
    unsigned lineno = 1, ndom, dom, diffs = 0;
    FILE *f = fopen(path, "r");
    char kind;

    int rc = 2;

    if (!msg || !got || !line || !f || !fgets(line, 2 * GD_MSG_MAX + 32, f) ||
        sscanf(line, "# gntsimd domains=%u release=%63s", &ndom, release) != 2 ||
        ndom < 1 || ndom > GD_MAX_DOMAINS) {
        fprintf(stderr, "gntsimd: %s: not a gntsimd log\n", path);
        goto out;
    }
    if (gd_world_make(&d, release, ndom) || gd_sinks(&d))
        goto out;
    while (fgets(line, 2 * GD_MSG_MAX + 32, f)) {
        lineno++;
        if (!replay_parse(line, &kind, &dom, msg, &len) || dom >= ndom) {
            fprintf(stderr, "gntsimd: %s:%u: malformed line\n", path, lineno);
            diffs = ~0u;
            break;
        }
        if (kind == '>') {
            d.events_len = ev_off = 0;
            glen = 0;
            if (!gd_request(&d, NULL, (gntsim_domid_t)dom, msg, len, got, &glen))
                gd_settle(&d);
        } else if (kind == '<') {
            diffs += !replay_same(lineno, kind, msg, len, got, glen);
        } else {
            bool ok = ev_off + len <= d.events_len;

            diffs += !replay_same(lineno, kind, msg, len, ok ? d.events + ev_off : msg,
                                  ok ? len : len + 1);
            ev_off += len;
        }
    }
    if (diffs != ~0u) {
        printf("gntsimd: replayed %s: %lu requests, %u differences\n", path, d.requests,
               diffs);
        rc = diffs ? 1 : 0;
    }
out:
    if (f)
        fclose(f);
    gntsim_world_destroy(d.w);
    free(d.events);
    free(msg), free(got), free(line);
    return rc;
}
