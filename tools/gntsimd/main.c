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
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "gntsimd.h"

static int usage(FILE *f, int rc)
{
    fprintf(
        f,
        "usage: gntsimd --dir DIR [--domains N] [--release R] [--log FILE]\n"
        "       gntsimd --replay FILE\n"
        "Serve a gntsim world's xenstore to outside processes: DIR/dN/socket is\n"
        "domain N's xenstored socket (XENSTORED_PATH=DIR/dN/socket for libxenstore).\n"
        "  --dir DIR      where the sockets go (created; must not hold sockets)\n"
        "  --domains N    d0 (Arm hwdom, direct-mapped, IOMMU) and d1..dN-1 (domUs);\n"
        "                 1..%u, default 2\n"
        "  --release R    the Xen release profile (gntsim releases), default master\n"
        "  --log FILE     every request, reply and watch event, replayable\n"
        "  --replay FILE  issue a log's requests again and compare what comes back\n"
        "SIGINT or SIGTERM stops it (exit 0).\n",
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
        if (i == 0) {
            o.hwdom = o.direct_mapped = o.iommu = true;
            o.mfn_base = 0x40000;
        }
        rc = gntsim_domain_create(d->w, &o);
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
        uint8_t *n = realloc(d->events, d->events_len + sizeof(h) + h.len);

        if (n) {
            memcpy(n + d->events_len, msg, sizeof(h) + h.len);
            d->events = n;
            d->events_len += sizeof(h) + h.len;
        }
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

void gd_settle(struct gntsimd *d)
{
    size_t nr;
    const struct gntsim_finding *f;

    gntsim_run_pending(d->w);
    gntsim_check_invariants(d->w);
    f = gntsim_findings(d->w, &nr);
    for (; d->findings < nr; d->findings++)
        fprintf(stderr, "gntsimd: FINDING %s: %s\n", f[d->findings].id,
                f[d->findings].what);
}

/* DIR/dN/socket, listening; its fd or -1 (reported). */
static int gd_listen(const char *dir, unsigned dom)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    char sub[sizeof(a.sun_path)];
    int fd;

    if ((size_t)snprintf(sub, sizeof(sub), "%s/d%u", dir, dom) >= sizeof(sub) ||
        (size_t)snprintf(a.sun_path, sizeof(a.sun_path), "%s/socket", sub) >=
            sizeof(a.sun_path)) {
        fprintf(stderr, "gntsimd: %s: path too long for a socket\n", dir);
        return -1;
    }
    if (mkdir(sub, 0700) && errno != EEXIST) {
        fprintf(stderr, "gntsimd: %s: %s\n", sub, strerror(errno));
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 16)) {
        fprintf(stderr, "gntsimd: %s: %s\n", a.sun_path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* One turn: accept, read, write, close the dead. */
static void gd_turn(struct gntsimd *d, struct pollfd *p, const int *lfd)
{
    for (unsigned i = 0; i < d->ndom; i++)
        if (p[1 + i].revents & POLLIN) {
            int fd = accept4(lfd[i], NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

            if (fd >= 0 && gd_conn_add(d, fd, (gntsim_domid_t)i))
                close(fd); /* too many clients */
        }
    for (unsigned i = 0; i < GD_MAX_CONNS; i++) {
        struct pollfd *q = &p[1 + d->ndom + i];
        struct gd_conn *c = d->conn[i];

        if (!c || q->fd != c->fd)
            continue;
        if (q->revents & (POLLIN | POLLHUP | POLLERR)) {
            gd_conn_read(d, c);
            gd_settle(d);
        }
    }
    for (unsigned i = 0; i < GD_MAX_CONNS; i++)
        if (d->conn[i])
            gd_conn_flush(d->conn[i]);
    for (unsigned i = 0; i < GD_MAX_CONNS; i++)
        if (d->conn[i] && d->conn[i]->dead) {
            gd_conn_close(d, d->conn[i]);
            gd_settle(d);
        }
}

static int gd_serve(struct gntsimd *d, const char *dir)
{
    struct pollfd p[1 + GD_MAX_DOMAINS + GD_MAX_CONNS];
    int lfd[GD_MAX_DOMAINS], rc = 0;
    sigset_t sigs;

    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigprocmask(SIG_BLOCK, &sigs, NULL);
    p[0] = (struct pollfd){.fd = signalfd(-1, &sigs, SFD_CLOEXEC), .events = POLLIN};
    if (p[0].fd < 0 || (mkdir(dir, 0700) && errno != EEXIST)) {
        fprintf(stderr, "gntsimd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    for (unsigned i = 0; i < d->ndom; i++)
        if ((lfd[i] = gd_listen(dir, i)) < 0)
            return 1;
    printf("gntsimd: ready: %u domains under Xen %s, sockets in %s\n", d->ndom,
           d->release, dir);
    fflush(stdout);
    while (!(p[0].revents & POLLIN)) {
        unsigned n = 1 + d->ndom;

        for (unsigned i = 0; i < d->ndom; i++)
            p[1 + i] = (struct pollfd){.fd = lfd[i], .events = POLLIN};
        for (unsigned i = 0; i < GD_MAX_CONNS; i++, n++) {
            const struct gd_conn *c = d->conn[i];

            p[n] = (struct pollfd){
                .fd = c ? c->fd : -1,
                .events = (short)(c ? POLLIN | (c->out_len ? POLLOUT : 0) : 0)};
        }
        if (poll(p, n, -1) < 0 && errno != EINTR) {
            rc = 1;
            break;
        }
        gd_turn(d, p, lfd);
    }
    for (unsigned i = 0; i < GD_MAX_CONNS; i++)
        if (d->conn[i])
            gd_conn_close(d, d->conn[i]);
    for (unsigned i = 0; i < d->ndom; i++) {
        char path[sizeof(((struct sockaddr_un *)0)->sun_path) + 16];

        close(lfd[i]);
        snprintf(path, sizeof(path), "%s/d%u/socket", dir, i);
        unlink(path);
    }
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
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    const char *dir = NULL, *release = "master", *log = NULL, *replay = NULL;
    struct gntsimd d = {0};
    unsigned long ndom = 2;
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
        fprintf(d.log, "# gntsimd domains=%lu release=%s\n", ndom, release);
    rc = gd_world_make(&d, release, (unsigned)ndom) || gd_sinks(&d) ? 1
                                                                    : gd_serve(&d, dir);
    gntsim_world_destroy(d.w);
    if (d.log && fclose(d.log))
        rc = 1;
    return rc;
}
