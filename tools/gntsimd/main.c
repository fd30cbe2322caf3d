/* SPDX-License-Identifier: MIT */
/*
 * gntsimd: the daemon's options, its world, settling it after each request, and what
 * it holds (SIGUSR1). The sockets and the event loop: loop.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <string.h>

#include <xen/xen.h>
#include <xen/event_channel.h>

#include "gntsimd.h"

static int usage(FILE *f, int rc)
{
    fprintf(
        f,
        "usage: gntsimd --dir DIR [--domains N] [--release R] [--log FILE]\n"
        "               [--check=each|stop|verify] [--memory=MIB]\n"
        "       gntsimd --replay FILE\n"
        "Serve a gntsim world to outside processes: DIR/dN/socket is domain N's\n"
        "xenstored socket (XENSTORED_PATH=DIR/dN/socket for libxenstore), DIR/dN/dev\n"
        "its /dev/xen devices (gntsim attach --dir DIR --domid N -- PROGRAM).\n"
        "  --dir DIR      where the sockets go (created; must not hold sockets)\n"
        "  --domains N    d0 (Arm hwdom, direct-mapped, IOMMU) and d1..dN-1 (domUs);\n"
        "                 1..%u, default 2\n"
        "  --release R    the Xen release profile (gntsim releases), default master\n"
        "  --log FILE     every request, reply and watch event, replayable\n"
        "  --replay FILE  issue a log's requests again and compare what comes back\n"
        "  --memory=MIB   each domain's RAM, 1..1024 MiB (default 1)\n"
        "  --check=WHEN   the world's invariants: after each request, where it acted\n"
        "                 (each, the default); only when stopping and on SIGUSR1\n"
        "                 (stop); or after each request where it acted and then\n"
        "                 everywhere, a finding only the second makes failing the\n"
        "                 daemon (verify: for tests, its cost grows with the RAM)\n"
        "SIGINT or SIGTERM stops it (exit 0); SIGUSR1 prints what each domain holds.\n",
        GD_MAX_DOMAINS);
    return rc;
}

int gd_world_make(struct gntsimd *d, const char *release, unsigned ndom)
{
    struct gntsim_world_opts wo;
    char err[256];
    int rc;

    gntsim_world_opts_default(&wo);
    wo.release = release;
    rc = gntsim_world_create(&wo, &d->w, err, sizeof(err));
    if (rc) {
        fprintf(stderr, "gntsimd: %s\n", err);
        return rc;
    }
    for (unsigned i = 0; i < ndom && !rc; i++) {
        struct gntsim_domain_opts o;

        gntsim_domain_opts_default(&o, (gntsim_domid_t)i);
        if (d->mem_pages)
            o.mem_pages = d->mem_pages;
        if (i == 0) {
            o.hwdom = o.direct_mapped = o.iommu = true;
            o.mfn_base = 0x40000;
        }
        rc = gntsim_domain_create(d->w, &o);
        if (!rc) /* its kernel: the drivers behind /dev/xen */
            rc = gntsim_linux_boot(d->w, (gntsim_domid_t)i);
        if (rc)
            fprintf(stderr, "gntsimd: d%u: %s\n", i, gntsim_world_error(d->w));
    }
    d->ndom = ndom;
    d->release = release;
    return rc;
}

/* A watch event for @dom: to the connection(s) of @dom that set a watch with @token. */
static void gd_event(void *ctx, gntsim_domid_t dom, const char *path, const char *token)
{
    struct gntsimd *d = ctx;
    size_t lp = strlen(path) + 1, lt = strlen(token) + 1;
    struct xsd_sockmsg h = {.type = XS_WATCH_EVENT, .len = (uint32_t)(lp + lt)};
    uint8_t msg[GD_MSG_MAX];

    if (lp + lt > XENSTORE_PAYLOAD_MAX)
        return;
    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), path, lp);
    memcpy(msg + sizeof(h) + lp, token, lt);
    if (d->log)
        gd_log_hex(d->log, "!", dom, msg, sizeof(h) + h.len);
    if (d->replaying) {
        gd_event_note(d, msg, sizeof(h) + h.len);
        return;
    }
    for (unsigned i = 0; i < GD_MAX_CONNS; i++) {
        struct gd_conn *c = d->conn[i];

        for (unsigned k = 0; c && c->dom == dom && k < c->nwatch; k++)
            if (!strcmp(c->watch[k].token, token)) {
                gd_conn_queue(c, msg, sizeof(h) + h.len);
                break;
            }
    }
}

int gd_sinks(struct gntsimd *d)
{
    for (unsigned i = 0; i < d->ndom; i++)
        if (gntsim_xs_watch_sink(d->w, (gntsim_domid_t)i, gd_event, d))
            return -ENOMEM;
    return 0;
}

void gd_event_note(struct gntsimd *d, const void *b, size_t len)
{
    uint8_t *n = realloc(d->events, d->events_len + len);

    if (n) {
        memcpy(n + d->events_len, b, len);
        d->events = n;
        d->events_len += len;
    }
}

void gd_settle(struct gntsimd *d)
{
    if (d->log) /* a replay settles exactly where the daemon did */
        fputs("S\n", d->log);
    gntsim_run_pending(d->w);
    for (unsigned i = 0; i < d->ndom; i++) /* the kernels' deferred-grant timers */
        gntsim_linux_deferred(d->w, (gntsim_domid_t)i);
    gntsim_run_pending(d->w);
    gd_dev_pump(d);
    if (d->check == GD_CHECK_STOP) {
        gd_findings(d);
        return;
    }
    gntsim_check_invariants_step(d->w);
    gd_findings(d);
    if (d->check == GD_CHECK_VERIFY && gntsim_check_invariants(d->w)) {
        size_t nr;
        const struct gntsim_finding *f = gntsim_findings(d->w, &nr);

        for (; d->findings < nr; d->findings++, d->misses++)
            fprintf(stderr, "gntsimd: STEP CHECK MISSED %s after request %lu: %s\n",
                    f[d->findings].id, d->requests, f[d->findings].what);
    }
}

void gd_findings(struct gntsimd *d)
{
    size_t nr;
    const struct gntsim_finding *f;

    f = gntsim_findings(d->w, &nr);
    for (; d->findings < nr; d->findings++)
        fprintf(stderr, "gntsimd: FINDING %s after request %lu: %s\n", f[d->findings].id,
                d->requests, f[d->findings].what);
}

/* Ports of @dom not closed (EVTCHNOP_status of each). */
static unsigned gd_ports(struct gntsimd *d, gntsim_domid_t dom)
{
    unsigned n = 0;

    for (uint32_t p = 1; p < 4096; p++) {
        struct evtchn_status st = {.dom = DOMID_SELF, .port = p};

        if (gntsim_evtchn_op(d->w, dom, EVTCHNOP_status, &st))
            break;
        n += st.status != EVTCHNSTAT_closed;
    }
    return n;
}

void gd_state(struct gntsimd *d)
{
    gntsim_check_invariants(d->w); /* whatever --check says */
    gd_findings(d);
    for (unsigned i = 0; i < d->ndom; i++) {
        gntsim_domid_t dom = (gntsim_domid_t)i;
        struct gntsim_grant_info g;
        unsigned grants = 0, pinned = 0;

        for (uint32_t ref = 0; !gntsim_grant_info(d->w, dom, ref, &g); ref++) {
            grants += g.flags != 0;
            pinned += g.pin != 0;
        }
        printf("gntsimd: state: d%u grants=%u pinned=%u maptrack=%u ports=%u\n", i,
               grants, pinned, gntsim_maptrack_live(d->w, dom), gd_ports(d, dom));
    }
    printf("gntsimd: state: lent=%u open-files=%u findings=%lu\n", gntsim_file_lent(d->w),
           gd_dev_count(d), d->findings);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"dir", required_argument, NULL, 'd'},
                                         {"domains", required_argument, NULL, 'n'},
                                         {"release", required_argument, NULL, 'r'},
                                         {"log", required_argument, NULL, 'l'},
                                         {"replay", required_argument, NULL, 'R'},
                                         {"check", required_argument, NULL, 'c'},
                                         {"memory", required_argument, NULL, 'm'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    const char *dir = NULL, *release = "master", *log = NULL, *replay = NULL;
    struct gntsimd d = {0};
    unsigned long ndom = 2, mib;
    char *end;
    int c, rc;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'r':
            release = optarg;
            break;
        case 'l':
            log = optarg;
            break;
        case 'R':
            replay = optarg;
            break;
        case 'm':
            errno = 0;
            mib = strtoul(optarg, &end, 10);
            if (errno || *end || mib < 1 || mib > 1024) {
                fprintf(stderr, "gntsimd: --memory=%s: not 1..1024 (MiB)\n", optarg);
                return 2;
            }
            d.mem_pages = (unsigned)mib * 256;
            break;
        case 'c':
            if (!strcmp(optarg, "each") || !strcmp(optarg, "stop") ||
                !strcmp(optarg, "verify"))
                d.check = !strcmp(optarg, "each")   ? GD_CHECK_EACH
                          : !strcmp(optarg, "stop") ? GD_CHECK_STOP
                                                    : GD_CHECK_VERIFY;
            else {
                fprintf(stderr, "gntsimd: --check=%s: not each, stop or verify\n",
                        optarg);
                return 2;
            }
            break;
        case 'h':
            return usage(stdout, 0);
        case 'n':
            errno = 0;
            ndom = strtoul(optarg, &end, 10);
            if (errno || *end || ndom < 1 || ndom > GD_MAX_DOMAINS) {
                fprintf(stderr, "gntsimd: --domains %s: not 1..%u\n", optarg,
                        GD_MAX_DOMAINS);
                return 2;
            }
            break;
        default:
            return usage(stderr, 2);
        }
    }
    if (optind < argc || (!dir == !replay))
        return usage(stderr, 2);
    if (replay)
        return gd_replay(replay);
    if (log && !(d.log = fopen(log, "w"))) {
        fprintf(stderr, "gntsimd: %s: %s\n", log, strerror(errno));
        return 2;
    }
    if (d.log)
        fprintf(d.log, "# gntsimd domains=%lu release=%s log=2 mem=%u\n", ndom, release,
                d.mem_pages);
    rc = gd_world_make(&d, release, (unsigned)ndom) || gd_sinks(&d) ? 1
                                                                    : gd_serve(&d, dir);
    gntsim_world_destroy(d.w);
    if (d.log && fclose(d.log))
        rc = 1;
    return rc;
}
