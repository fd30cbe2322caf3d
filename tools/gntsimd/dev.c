/* SPDX-License-Identifier: MIT */
/*
 * gntsimd's device connections (devwire.h): a /dev/xen file of a client process per
 * connection, answered through the public device API (gntsim/dev.h) as domain dN's
 * kernel would. A malformed message (short, truncated, wrong magic, descriptors sent
 * to the daemon, a second OPEN) closes the connection, which releases the file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <sys/ioctl.h>

#include <xen/grant_table.h>
#include <xen/sys/gntdev.h>

#include "gntsimd.h"

int gd_dev_add(struct gntsimd *d, int fd, gntsim_domid_t dom)
{
    for (unsigned i = 0; i < GD_MAX_DEVS; i++)
        if (!d->dev[i]) {
            struct gd_dev *c = calloc(1, sizeof(*c));

            if (!c)
                return -ENOMEM;
            struct ucred cred;
            socklen_t len = sizeof(cred);

            c->id = ++d->dev_next_id;
            c->fd = fd;
            c->evfd = -1;
            c->dom = dom;
            c->pidfd = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)
                           ? -1
                           : pidfd_open(cred.pid, 0); /* -1: not killed at shutdown */
            d->dev[i] = c;
            d->dev_hi = i >= d->dev_hi ? i + 1 : d->dev_hi;
            return 0;
        }
    return -EMFILE;
}

void gd_dev_close(struct gntsimd *d, struct gd_dev *c)
{
    if (d->log)
        gd_log_dev(d, 'C', c, NULL, 0);
    for (unsigned i = 0; i < d->dev_hi; i++)
        if (d->dev[i] == c)
            d->dev[i] = NULL;
    while (d->dev_hi && !d->dev[d->dev_hi - 1])
        d->dev_hi--;
    gntsim_file_close(d->w, c->f);
    if (c->fd >= 0)
        close(c->fd);
    if (c->evfd >= 0)
        close(c->evfd);
    if (c->pidfd >= 0)
        close(c->pidfd);
    free(c);
}

void gd_dev_kill(const struct gd_dev *c)
{
    if (c->pidfd >= 0)
        pidfd_send_signal(c->pidfd, SIGKILL, NULL, 0);
}

/* Send one reply message with @nfds descriptors: 0, or -1 (the client is gone). */
static int dev_send(int fd, const void *b, size_t len, const int *fds, unsigned nfds)
{
    union {
        char buf[CMSG_SPACE(sizeof(int) * GD_DEV_FDS_PER_MSG)];
        struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = (void *)b, .iov_len = len};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};

    if (nfds) {
        struct cmsghdr *h;

        memset(&u, 0, sizeof(u));
        m.msg_control = u.buf;
        m.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        h = CMSG_FIRSTHDR(&m);
        h->cmsg_level = SOL_SOCKET;
        h->cmsg_type = SCM_RIGHTS;
        h->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(h), fds, sizeof(int) * nfds);
    }
    return sendmsg(fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}

/* The bytes of a reply to @r the log keeps: all, but a GRANT_COPY's data (what the
 * processes wrote into shared pages is not in the log; its statuses are). */
static uint32_t dev_logged_len(const struct gd_dev_req *r, const uint8_t *arg)
{
    uint32_t count;

    if (r->cmd != IOCTL_GNTDEV_GRANT_COPY ||
        r->len < sizeof(struct ioctl_gntdev_grant_copy))
        return r->len;
    memcpy(&count, arg, sizeof(count));
    if (count > (r->len - sizeof(struct ioctl_gntdev_grant_copy)) /
                    sizeof(struct ioctl_gntdev_grant_copy_segment))
        return r->len;
    return (uint32_t)(sizeof(struct ioctl_gntdev_grant_copy) +
                      count * sizeof(struct ioctl_gntdev_grant_copy_segment));
}

/* The reply: header, payload, descriptors (in chunks); marks @c dead on failure. The log
 * keeps the header and @logged bytes of the payload. */
static void dev_reply(struct gntsimd *d, struct gd_dev *c, int64_t rc,
                      const void *payload, uint32_t len, uint32_t logged, const int *fds,
                      unsigned nfds)
{
    uint64_t buf[(sizeof(struct gd_dev_rep) + GD_DEV_PAYLOAD_MAX) / 8];
    uint8_t *msg = (uint8_t *)buf;
    struct gd_dev_rep h = {.rc = rc, .len = len, .nfds = nfds};
    unsigned first = nfds < GD_DEV_FDS_PER_MSG ? nfds : GD_DEV_FDS_PER_MSG;

    memcpy(msg, &h, sizeof(h));
    if (len)
        memcpy(msg + sizeof(h), payload, len);
    if (d->log)
        gd_log_dev(d, 'R', c, msg, sizeof(h) + logged);
    if (d->replaying) { /* kept for the comparison; the descriptors are the caller's */
        memcpy(d->dev_got, msg, sizeof(h) + logged);
        d->dev_got_len = sizeof(h) + logged;
        return;
    }
    if (dev_send(c->fd, msg, sizeof(h) + len, fds, first))
        c->dead = true;
    for (unsigned i = first; !c->dead && i < nfds; i += GD_DEV_FDS_PER_MSG) {
        unsigned n = nfds - i < GD_DEV_FDS_PER_MSG ? nfds - i : GD_DEV_FDS_PER_MSG;
        struct gd_dev_rep more = {.nfds = n};

        if (dev_send(c->fd, &more, sizeof(more), fds + i, n))
            c->dead = true;
    }
}

/* OPEN: the file, and for evtchn its event socket (the client's end goes out). */
static void dev_open(struct gntsimd *d, struct gd_dev *c, uint64_t kind)
{
    int sv[2] = {-1, -1}, rc;

    if (kind >= GNTSIM_DEV_NR) {
        dev_reply(d, c, -ENODEV, NULL, 0, 0, NULL, 0);
        return;
    }
    rc = gntsim_file_open(d->w, c->dom, (enum gntsim_dev_kind)kind, &c->f);
    if (!rc && kind == GNTSIM_DEV_EVTCHN && !d->replaying &&
        socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
        rc = -EMFILE;
    dev_reply(d, c, rc, NULL, 0, 0, &sv[1], !rc && kind == GNTSIM_DEV_EVTCHN ? 1 : 0);
    if (!rc && kind == GNTSIM_DEV_EVTCHN && d->replaying)
        c->evfd = -2; /* an event socket, not a real one */
    if (sv[1] >= 0) {
        close(sv[1]);
        c->evfd = sv[0];
    }
}

static void dev_mmap(struct gntsimd *d, struct gd_dev *c, const struct gd_dev_req *r)
{
    int *fds;
    int rc;

    if (r->npages == 0 || r->npages > GD_DEV_MMAP_MAX) {
        dev_reply(d, c, -EINVAL, NULL, 0, 0, NULL, 0);
        return;
    }
    fds = calloc(r->npages, sizeof(*fds));
    rc = fds ? gntsim_file_mmap(d->w, c->f, r->pgoff, r->npages, r->writable != 0, fds)
             : -ENOMEM;
    dev_reply(d, c, rc, NULL, 0, 0, fds, rc ? 0 : r->npages);
    for (uint32_t i = 0; !rc && i < r->npages; i++)
        close(fds[i]);
    free(fds);
}

void gd_dev_message(struct gntsimd *d, struct gd_dev *c, uint8_t *msg, size_t len)
{
    struct gd_dev_req r;
    uint8_t *arg = msg + sizeof(r);

    memcpy(&r, msg, sizeof(r));
    if (r.magic != GD_DEV_MAGIC || r.len != len - sizeof(r) ||
        (r.op == GD_DEV_OPEN) != (c->f == NULL)) {
        c->dead = true;
        return;
    }
    if (d->log)
        gd_log_dev(d, 'D', c, msg, len);
    d->requests++;
    switch (r.op) {
    case GD_DEV_OPEN:
        dev_open(d, c, r.cmd);
        break;
    case GD_DEV_IOCTL: {
        long rc = gntsim_file_ioctl(d->w, c->f, (unsigned long)r.cmd, arg, r.len);

        if (!(r.flags & GD_DEV_F_NOREPLY))
            dev_reply(d, c, rc, arg, r.len, dev_logged_len(&r, arg), NULL, 0);
        break;
    }
    case GD_DEV_MMAP:
        dev_mmap(d, c, &r);
        break;
    case GD_DEV_MUNMAP:
        dev_reply(d, c, gntsim_file_munmap(d->w, c->f, r.pgoff, r.npages), NULL, 0, 0,
                  NULL, 0);
        break;
    default:
        c->dead = true;
    }
}

/* Close every descriptor a message brought (a client may not hand the daemon any). */
static bool dev_drop_fds(struct msghdr *m)
{
    bool any = false;

    for (struct cmsghdr *h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h))
        if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
            size_t n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            int fd;

            for (size_t i = 0; i < n; i++) {
                memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(int));
                close(fd);
            }
            any = true;
        }
    return any;
}

void gd_dev_read(struct gntsimd *d, struct gd_dev *c)
{
    uint64_t buf[(sizeof(struct gd_dev_req) + GD_DEV_PAYLOAD_MAX) / 8]; /* aligned */
    uint8_t *msg = (uint8_t *)buf;
    union {
        char buf[CMSG_SPACE(sizeof(int) * 16)];
        struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = msg, .iov_len = sizeof(buf)};
    struct msghdr m = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = u.buf,
                       .msg_controllen = sizeof(u)};
    ssize_t n = recvmsg(c->fd, &m, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (dev_drop_fds(&m) || n < (ssize_t)sizeof(struct gd_dev_req) ||
        (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
        c->dead = true; /* EOF (the last close), an error or a malformed message */
        return;
    }
    gd_dev_message(d, c, msg, (size_t)n);
}

void gd_dev_event_in(struct gntsimd *d, struct gd_dev *c)
{
    uint32_t ports[1024];
    ssize_t n = recv(c->evfd, ports, sizeof(ports), MSG_DONTWAIT);

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        c->dead = true; /* the process closed its evtchn descriptor */
    else if (n > 0) {
        if (d->log)
            gd_log_dev(d, 'U', c, ports, (size_t)n);
        gntsim_file_write(d->w, c->f, ports, (size_t)n);
    }
}

void gd_dev_pump(struct gntsimd *d)
{
    for (unsigned i = 0; i < d->dev_hi; i++) {
        struct gd_dev *c = d->dev[i];

        if (!c || c->evfd == -1 || c->dead)
            continue;
        while (c->nevq < GD_DEV_EVQ && gntsim_file_readable(c->f)) {
            uint32_t port;

            if (gntsim_file_read(d->w, c->f, &port, sizeof(port)) != sizeof(port))
                break;
            c->evq[c->nevq++] = port;
        }
        while (c->nevq) { /* each pending port as a 4-byte packet, in order */
            if (d->replaying)
                gd_event_note(d, &c->evq[0], sizeof(uint32_t));
            else if (send(c->evfd, &c->evq[0], sizeof(uint32_t),
                          MSG_DONTWAIT | MSG_NOSIGNAL) != sizeof(uint32_t))
                break; /* the process is not reading: they wait here */
            if (d->log)
                gd_log_dev(d, 'E', c, &c->evq[0], sizeof(uint32_t));
            memmove(c->evq, c->evq + 1, --c->nevq * sizeof(uint32_t));
        }
    }
}

unsigned gd_dev_count(const struct gntsimd *d)
{
    unsigned n = 0;

    for (unsigned i = 0; i < GD_MAX_DEVS; i++)
        n += d->dev[i] != NULL;
    return n;
}

struct gd_dev *gd_dev_replay(struct gntsimd *d, unsigned id, gntsim_domid_t dom)
{
    for (unsigned i = 0; i < GD_MAX_DEVS; i++)
        if (d->dev[i] && d->dev[i]->id == id)
            return d->dev[i];
    for (unsigned i = 0; i < GD_MAX_DEVS; i++)
        if (!d->dev[i]) {
            struct gd_dev *c = calloc(1, sizeof(*c));

            if (!c)
                return NULL;
            *c = (struct gd_dev){.id = id, .fd = -1, .evfd = -1, .pidfd = -1, .dom = dom};
            d->dev[i] = c;
            d->dev_hi = i >= d->dev_hi ? i + 1 : d->dev_hi;
            return c;
        }
    return NULL;
}
