/* SPDX-License-Identifier: MIT */
/*
 * gntsimd: the daemon's options, its world, the per-domain sockets and the event loop
 * (poll; SIGINT/SIGTERM through a signalfd, so no handler and no global state).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/event_channel.h>

#include "gntsimd.h"

static int usage(FILE *f, int rc)
{
    fprintf(
        f,
        "usage: gntsimd --dir DIR [--domains N] [--release R] [--log FILE]\n"
        "               [--check=each|stop] [--memory=MIB]\n"
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
        "  --memory=MIB   each domain's RAM, 1..1024 MiB (default 1; the invariants\n"
        "                 after each request cost more with more RAM)\n"
        "  --check=WHEN   the world's invariants: after each request (default), or\n"
        "                 only when stopping and on SIGUSR1 (stop: faster)\n"
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
    if (!d->check_at_stop)
        gntsim_check_invariants(d->w);
    gd_findings(d);
}

void gd_findings(struct gntsimd *d)
{
    size_t nr;
    const struct gntsim_finding *f;

    f = gntsim_findings(d->w, &nr);
    for (; d->findings < nr; d->findings++)
        fprintf(stderr, "gntsimd: FINDING %s: %s\n", f[d->findings].id,
                f[d->findings].what);
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

/* One line per domain of what is held (grants, pins, handles, ports), then the lent
 * frames: the state a test compares after its clients are gone (SIGUSR1). */
static void gd_state(struct gntsimd *d)
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

/* DIR/dN/@name, listening (@type: SOCK_STREAM or SOCK_SEQPACKET); its fd or -1
 * (reported). */
static int gd_listen(const char *dir, unsigned dom, const char *name, int type)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    char sub[sizeof(a.sun_path)];
    int fd;

    if ((size_t)snprintf(sub, sizeof(sub), "%s/d%u", dir, dom) >= sizeof(sub) ||
        (size_t)snprintf(a.sun_path, sizeof(a.sun_path), "%s/%s", sub, name) >=
            sizeof(a.sun_path)) {
        fprintf(stderr, "gntsimd: %s: path too long for a socket\n", dir);
        return -1;
    }
    if (mkdir(sub, 0700) && errno != EEXIST) {
        fprintf(stderr, "gntsimd: %s: %s\n", sub, strerror(errno));
        return -1;
    }
    fd = socket(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 16)) {
        fprintf(stderr, "gntsimd: %s: %s\n", a.sun_path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* The poll set: [0] signals, then per domain its xenstore and device listeners, then
 * every xenstore connection, every device connection and its event socket. */
#define GD_POLL_MAX (1 + 2 * GD_MAX_DOMAINS + GD_MAX_CONNS + 2 * GD_MAX_DEVS)

struct gd_listeners {
    int xs[GD_MAX_DOMAINS], dev[GD_MAX_DOMAINS];
};

static unsigned gd_poll_set(const struct gntsimd *d, struct pollfd *p,
                            const struct gd_listeners *l)
{
    unsigned n = 1;

    for (unsigned i = 0; i < d->ndom; i++) {
        p[n++] = (struct pollfd){.fd = l->xs[i], .events = POLLIN};
        p[n++] = (struct pollfd){.fd = l->dev[i], .events = POLLIN};
    }
    for (unsigned i = 0; i < GD_MAX_CONNS; i++) {
        const struct gd_conn *c = d->conn[i];

        p[n++] = (struct pollfd){
            .fd = c ? c->fd : -1,
            .events = (short)(c ? POLLIN | (c->out_len ? POLLOUT : 0) : 0)};
    }
    for (unsigned i = 0; i < GD_MAX_DEVS; i++) {
        const struct gd_dev *c = d->dev[i];

        p[n++] = (struct pollfd){.fd = c ? c->fd : -1, .events = POLLIN};
        p[n++] =
            (struct pollfd){.fd = c ? c->evfd : -1,
                            .events = (short)(POLLIN | (c && c->nevq ? POLLOUT : 0))};
    }
    return n;
}

/* Accept on the listeners that have a client waiting. */
static void gd_accept(struct gntsimd *d, const struct pollfd *p,
                      const struct gd_listeners *l)
{
    for (unsigned i = 0; i < d->ndom; i++) {
        if (p[1 + 2 * i].revents & POLLIN) {
            int fd = accept4(l->xs[i], NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

            if (fd >= 0 && gd_conn_add(d, fd, (gntsim_domid_t)i))
                close(fd); /* too many clients */
        }
        if (p[2 + 2 * i].revents & POLLIN) {
            int fd = accept4(l->dev[i], NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

            if (fd >= 0 && gd_dev_add(d, fd, (gntsim_domid_t)i))
                close(fd); /* too many open files */
        }
    }
}

/* Serve the device connections that have something for us. */
static void gd_turn_devs(struct gntsimd *d, const struct pollfd *p)
{
    for (unsigned i = 0; i < GD_MAX_DEVS; i++) {
        const struct pollfd *q = &p[2 * i];
        struct gd_dev *c = d->dev[i];

        if (!c || q[0].fd != c->fd || !(q[0].revents | q[1].revents))
            continue;
        if (q[0].revents & (POLLIN | POLLHUP | POLLERR))
            gd_dev_read(d, c);
        if (c->evfd >= 0 && q[1].fd == c->evfd && (q[1].revents & (POLLIN | POLLHUP)))
            gd_dev_event_in(d, c);
        gd_settle(d);
    }
    for (unsigned i = 0; i < GD_MAX_DEVS; i++)
        if (d->dev[i] && d->dev[i]->dead) {
            gd_dev_close(d, d->dev[i]);
            gd_settle(d);
        }
}

/* One turn: accept, read, write, close the dead. */
static void gd_turn(struct gntsimd *d, const struct pollfd *p,
                    const struct gd_listeners *l)
{
    const struct pollfd *conn = p + 1 + 2 * d->ndom;

    gd_accept(d, p, l);
    for (unsigned i = 0; i < GD_MAX_CONNS; i++) {
        struct gd_conn *c = d->conn[i];

        if (!c || conn[i].fd != c->fd)
            continue;
        if (conn[i].revents & (POLLIN | POLLHUP | POLLERR)) {
            gd_conn_read(d, c);
            gd_settle(d);
        }
    }
    gd_turn_devs(d, conn + GD_MAX_CONNS);
    for (unsigned i = 0; i < GD_MAX_CONNS; i++)
        if (d->conn[i])
            gd_conn_flush(d->conn[i]);
    for (unsigned i = 0; i < GD_MAX_CONNS; i++)
        if (d->conn[i] && d->conn[i]->dead) {
            gd_conn_close(d, d->conn[i]);
            gd_settle(d);
        }
}

/* Close every connection, then the listeners, removing their sockets. */
static void gd_shutdown(struct gntsimd *d, const char *dir, const struct gd_listeners *l)
{
    for (unsigned i = 0; i < GD_MAX_DEVS; i++)
        if (d->dev[i]) {
            gd_dev_kill(d->dev[i]);
            gd_dev_close(d, d->dev[i]);
        }
    for (unsigned i = 0; i < GD_MAX_CONNS; i++)
        if (d->conn[i])
            gd_conn_close(d, d->conn[i]);
    for (unsigned i = 0; i < d->ndom; i++) {
        char path[sizeof(((struct sockaddr_un *)0)->sun_path) + 16];

        close(l->xs[i]);
        close(l->dev[i]);
        snprintf(path, sizeof(path), "%s/d%u/socket", dir, i);
        unlink(path);
        snprintf(path, sizeof(path), "%s/d%u/dev", dir, i);
        unlink(path);
    }
}

static int gd_serve(struct gntsimd *d, const char *dir)
{
    struct pollfd p[GD_POLL_MAX];
    struct gd_listeners l;
    struct rlimit lim;
    int rc = 0;
    sigset_t sigs;

    if (!getrlimit(RLIMIT_NOFILE, &lim)) { /* each lent frame holds a descriptor */
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGUSR1);
    sigprocmask(SIG_BLOCK, &sigs, NULL);
    p[0] = (struct pollfd){.fd = signalfd(-1, &sigs, SFD_CLOEXEC), .events = POLLIN};
    if (p[0].fd < 0 || (mkdir(dir, 0700) && errno != EEXIST)) {
        fprintf(stderr, "gntsimd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    for (unsigned i = 0; i < d->ndom; i++)
        if ((l.xs[i] = gd_listen(dir, i, "socket", SOCK_STREAM)) < 0 ||
            (l.dev[i] = gd_listen(dir, i, "dev", SOCK_SEQPACKET)) < 0)
            return 1;
    printf("gntsimd: ready: %u domains under Xen %s, sockets in %s\n", d->ndom,
           d->release, dir);
    fflush(stdout);
    for (;;) {
        unsigned n = gd_poll_set(d, p, &l);

        if (poll(p, n, -1) < 0 && errno != EINTR) {
            rc = 1;
            break;
        }
        if (p[0].revents & POLLIN) {
            struct signalfd_siginfo si;

            if (read(p[0].fd, &si, sizeof(si)) == (ssize_t)sizeof(si) &&
                si.ssi_signo == SIGUSR1) {
                gd_turn(d, p, &l); /* what was pending when the signal came goes first */
                gd_state(d);
                continue;
            }
            break;
        }
        gd_turn(d, p, &l);
    }
    gd_shutdown(d, dir, &l);
    gntsim_check_invariants(d->w); /* whatever --check says */
    gd_findings(d);
    close(p[0].fd);
    return rc;
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
            if (strcmp(optarg, "each") && strcmp(optarg, "stop")) {
                fprintf(stderr, "gntsimd: --check=%s: not each or stop\n", optarg);
                return 2;
            }
            d.check_at_stop = !strcmp(optarg, "stop");
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
