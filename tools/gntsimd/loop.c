/* SPDX-License-Identifier: MIT */
/*
 * gntsimd's sockets and event loop: per domain a xenstore and a device listener, then
 * every xenstore connection, device connection and event socket, in one epoll set
 * (level-triggered) that changes only when they do: a turn costs what is ready, not
 * what is open. SIGINT, SIGTERM and SIGUSR1 come through a signalfd, so no handler and
 * no global state.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "gntsimd.h"

/* What an epoll event is about: the kind in the upper half of its data, a slot (the
 * domain of a listener, the index in d->conn or d->dev) in the lower. */
enum gd_ep_kind {
    GD_EP_SIG = 1,
    GD_EP_XS_LISTEN,
    GD_EP_DEV_LISTEN,
    GD_EP_CONN,
    GD_EP_DEV,
    GD_EP_EVFD,
};

#define GD_EP_BATCH 64 /* events taken per epoll_wait() */

struct gd_loop {
    int ep, sig;
    int xs[GD_MAX_DOMAINS], dev[GD_MAX_DOMAINS];
};

static uint64_t ep_tag(enum gd_ep_kind k, unsigned slot)
{
    return (uint64_t)k << 32 | slot;
}

/* Watch @fd for @want (nonzero), tagged @tag, where *@have is what is watched now (0:
 * nothing): 0, or -1 when epoll refuses. */
static int ep_watch(int ep, int fd, uint64_t tag, uint32_t want, uint32_t *have)
{
    struct epoll_event ev = {.events = want, .data.u64 = tag};

    if (want == *have)
        return 0;
    if (epoll_ctl(ep, *have ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev))
        return -1;
    *have = want;
    return 0;
}

/* Watch every connection, device file and event socket for what it waits for now (the
 * new ones, output queued or sent). One epoll refuses is marked dead: true if any. */
static bool ep_sync(struct gntsimd *d, int ep)
{
    bool died = false;

    for (unsigned i = 0; i < d->conn_hi; i++) {
        struct gd_conn *c = d->conn[i];
        uint32_t want = EPOLLIN | (c && c->out_len ? EPOLLOUT : 0);

        if (c && !c->dead &&
            ep_watch(ep, c->fd, ep_tag(GD_EP_CONN, i), want, &c->ep_events))
            died = c->dead = true;
    }
    for (unsigned i = 0; i < d->dev_hi; i++) {
        struct gd_dev *c = d->dev[i];

        if (!c || c->dead)
            continue;
        if (ep_watch(ep, c->fd, ep_tag(GD_EP_DEV, i), EPOLLIN, &c->ep_fd) ||
            (c->evfd >= 0 && ep_watch(ep, c->evfd, ep_tag(GD_EP_EVFD, i),
                                      EPOLLIN | (c->nevq ? EPOLLOUT : 0), &c->ep_evfd)))
            died = c->dead = true;
    }
    return died;
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

/* Accept one client on listener @lfd of domain @dom (@dev: a device connection). */
static void accept_one(struct gntsimd *d, int lfd, unsigned dom, bool dev)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd >= 0 && (dev ? gd_dev_add(d, fd, (gntsim_domid_t)dom)
                        : gd_conn_add(d, fd, (gntsim_domid_t)dom)))
        close(fd); /* too many clients or open files */
}

/* Serve what epoll event @e (not the signal's) says is ready, then settle the world. */
static void turn_event(struct gntsimd *d, const struct gd_loop *l,
                       const struct epoll_event *e)
{
    unsigned slot = (unsigned)(e->data.u64 & UINT32_MAX);
    bool in = e->events & (EPOLLIN | EPOLLHUP | EPOLLERR);

    switch ((enum gd_ep_kind)(e->data.u64 >> 32)) {
    case GD_EP_XS_LISTEN:
        accept_one(d, l->xs[slot], slot, false);
        break;
    case GD_EP_DEV_LISTEN:
        accept_one(d, l->dev[slot], slot, true);
        break;
    case GD_EP_CONN:
        if (d->conn[slot] && !d->conn[slot]->dead && in) {
            gd_conn_read(d, d->conn[slot]);
            gd_settle(d);
        }
        break;
    case GD_EP_DEV:
        if (d->dev[slot] && !d->dev[slot]->dead && in) {
            gd_dev_read(d, d->dev[slot]);
            gd_settle(d);
        }
        break;
    case GD_EP_EVFD: /* ports written (unmask), or room for the pending ones */
        if (d->dev[slot] && !d->dev[slot]->dead && d->dev[slot]->evfd >= 0) {
            if (in)
                gd_dev_event_in(d, d->dev[slot]);
            gd_settle(d);
        }
        break;
    default:
        break;
    }
}

/* Close the dead device files and connections, settling the world after each. */
static void close_dead(struct gntsimd *d)
{
    for (unsigned i = 0; i < d->dev_hi; i++)
        if (d->dev[i] && d->dev[i]->dead) {
            gd_dev_close(d, d->dev[i]);
            gd_settle(d);
        }
    for (unsigned i = 0; i < d->conn_hi; i++)
        if (d->conn[i] && d->conn[i]->dead) {
            gd_conn_close(d, d->conn[i]);
            gd_settle(d);
        }
}

/* Whether the signal ready on @sig asks for the state (SIGUSR1) rather than a stop. */
static bool turn_signal(int sig)
{
    struct signalfd_siginfo si;

    return read(sig, &si, sizeof(si)) == (ssize_t)sizeof(si) && si.ssi_signo == SIGUSR1;
}

/* One turn over the @n ready events @e: serve them, write what is queued, close the
 * dead, watch what is new; the state after them on SIGUSR1. False on a stop signal. */
static bool turn(struct gntsimd *d, const struct gd_loop *l, const struct epoll_event *e,
                 int n)
{
    bool usr1 = false;

    for (int i = 0; i < n; i++)
        if (e[i].data.u64 >> 32 == GD_EP_SIG) {
            if (!turn_signal(l->sig))
                return false;
            usr1 = true; /* what was pending when the signal came goes first */
        }
    for (int i = 0; i < n; i++)
        if (e[i].data.u64 >> 32 != GD_EP_SIG)
            turn_event(d, l, &e[i]);
    close_dead(d);
    for (unsigned i = 0; i < d->conn_hi; i++)
        if (d->conn[i] && d->conn[i]->out_len)
            gd_conn_flush(d->conn[i]);
    do
        close_dead(d);
    while (ep_sync(d, l->ep));
    if (usr1)
        gd_state(d);
    return true;
}

/* Close every connection, then the listeners, removing their sockets. */
static void gd_shutdown(struct gntsimd *d, const char *dir, const struct gd_loop *l)
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

/* The signals blocked and read through a signalfd, the epoll set, the listeners of
 * every domain in it: 0, or -1 (reported). */
static int loop_open(const struct gntsimd *d, const char *dir, struct gd_loop *l)
{
    struct rlimit lim;
    sigset_t sigs;
    uint32_t have = 0;

    if (!getrlimit(RLIMIT_NOFILE, &lim)) { /* each lent frame holds a descriptor */
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGUSR1);
    sigprocmask(SIG_BLOCK, &sigs, NULL);
    l->sig = signalfd(-1, &sigs, SFD_CLOEXEC);
    l->ep = epoll_create1(EPOLL_CLOEXEC);
    if (l->sig < 0 || l->ep < 0 ||
        ep_watch(l->ep, l->sig, ep_tag(GD_EP_SIG, 0), EPOLLIN, &have) ||
        (mkdir(dir, 0700) && errno != EEXIST)) {
        fprintf(stderr, "gntsimd: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    for (unsigned i = 0; i < d->ndom; i++) {
        uint32_t xs = 0, dev = 0;

        if ((l->xs[i] = gd_listen(dir, i, "socket", SOCK_STREAM)) < 0 ||
            (l->dev[i] = gd_listen(dir, i, "dev", SOCK_SEQPACKET)) < 0)
            return -1;
        if (ep_watch(l->ep, l->xs[i], ep_tag(GD_EP_XS_LISTEN, i), EPOLLIN, &xs) ||
            ep_watch(l->ep, l->dev[i], ep_tag(GD_EP_DEV_LISTEN, i), EPOLLIN, &dev)) {
            fprintf(stderr, "gntsimd: epoll: %s\n", strerror(errno));
            return -1;
        }
    }
    return 0;
}

int gd_serve(struct gntsimd *d, const char *dir)
{
    struct epoll_event ev[GD_EP_BATCH];
    struct gd_loop l;
    int rc = 0;

    if (loop_open(d, dir, &l))
        return 1;
    printf("gntsimd: ready: %u domains under Xen %s, sockets in %s\n", d->ndom,
           d->release, dir);
    fflush(stdout);
    for (;;) {
        int n = epoll_wait(l.ep, ev, GD_EP_BATCH, -1);

        if (n < 0 && errno != EINTR) {
            rc = 1;
            break;
        }
        if (n > 0 && !turn(d, &l, ev, n))
            break;
    }
    gd_shutdown(d, dir, &l);
    gntsim_check_invariants(d->w); /* whatever --check says */
    gd_findings(d);
    close(l.sig);
    close(l.ep);
    return rc || d->misses;
}
