/* SPDX-License-Identifier: MIT */
/*
 * A hostile client of gntsimd's device socket (tools/gntsimd/devwire.h), for
 * tests/userspace/vchan.sh: a short message, a wrong magic, a length that disagrees, a
 * descriptor handed to the daemon and a request before OPEN each make it close the
 * connection; an unknown device kind and an mmap of nothing are refused with an error
 * reply; more connections than it serves are closed at accept. Prints one line per
 * case; exit 0 when the daemon did all of that, 1 otherwise.
 *   dev_garbage DIR/dN/dev
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../../tools/gntsimd/devwire.h"

#define GD_MAX_DEVS_PROBE 160 /* more device files than gntsimd serves at once (128) */

static int dg_connect(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Whether the daemon closed @fd (EOF within a second) rather than answering. */
static int dg_closed(int fd)
{
    struct timeval tv = {.tv_sec = 1};
    char b[64];

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return recv(fd, b, sizeof(b), 0) == 0;
}

/* Send @len bytes of @msg (and @pass as a descriptor if >= 0) on a new connection;
 * the daemon must close it. */
static int dg_expect_close(const char *path, const char *what, const void *msg,
                           size_t len, int pass)
{
    union {
        char b[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u = {0};
    struct iovec iov = {.iov_base = (void *)msg, .iov_len = len};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    int fd = dg_connect(path), ok;

    if (pass >= 0) {
        struct cmsghdr *h;

        m.msg_control = u.b;
        m.msg_controllen = sizeof(u.b);
        h = CMSG_FIRSTHDR(&m);
        h->cmsg_level = SOL_SOCKET;
        h->cmsg_type = SCM_RIGHTS;
        h->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(h), &pass, sizeof(int));
    }
    ok = fd >= 0 && sendmsg(fd, &m, 0) == (ssize_t)len && dg_closed(fd);
    printf("%s: %s\n", what, ok ? "closed" : "NOT closed");
    if (fd >= 0)
        close(fd);
    return ok;
}

/* OPEN @kind, then (if @mmap) an mmap of no page: the replies' rc values. */
static int dg_expect_error(const char *path, uint64_t kind, int mmap, int64_t want)
{
    struct gd_dev_req r = {.magic = GD_DEV_MAGIC, .op = GD_DEV_OPEN, .cmd = kind};
    struct gd_dev_rep h = {0};
    int fd = dg_connect(path), ok = fd >= 0;

    if (ok && mmap) {
        ok = send(fd, &r, sizeof(r), 0) == sizeof(r) && recv(fd, &h, sizeof(h), 0) > 0 &&
             h.rc == 0;
        r = (struct gd_dev_req){.magic = GD_DEV_MAGIC, .op = GD_DEV_MMAP, .npages = 0};
    }
    ok = ok && send(fd, &r, sizeof(r), 0) == sizeof(r) &&
         recv(fd, &h, sizeof(h), 0) == sizeof(h) && h.rc == want;
    printf("%s: rc %lld\n", mmap ? "mmap of no page" : "unknown device kind",
           (long long)h.rc);
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Of the @n connections @fds, how many the daemon closed at accept (EOF within half a
 * second, all watched at once); closes them all. */
static int dg_count_closed(const int *fds, int n)
{
    struct pollfd p[GD_MAX_DEVS_PROBE];
    int closed = 0;

    for (int i = 0; i < n; i++)
        p[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    poll(p, (nfds_t)n, 500);
    for (int i = 0; i < n; i++) {
        char b[8];

        if (fds[i] >= 0 && (p[i].revents & (POLLIN | POLLHUP)) &&
            recv(fds[i], b, sizeof(b), MSG_DONTWAIT) == 0)
            closed++;
        if (fds[i] >= 0)
            close(fds[i]);
    }
    printf("%d connections: %d closed at accept\n", n, closed);
    return closed;
}

int main(int argc, char **argv)
{
    struct gd_dev_req r = {.magic = GD_DEV_MAGIC, .op = GD_DEV_OPEN, .cmd = 0};
    struct gd_dev_req bad = r, early = r;
    int ok = 1, fds[GD_MAX_DEVS_PROBE];

    if (argc != 2)
        return fprintf(stderr, "usage: dev_garbage DIR/dN/dev\n"), 2;
    bad.magic = 0xdeadbeef;
    early.op = GD_DEV_IOCTL;
    ok &= dg_expect_close(argv[1], "short message", "abc", 3, -1);
    ok &= dg_expect_close(argv[1], "wrong magic", &bad, sizeof(bad), -1);
    r.len = 100; /* no payload follows */
    ok &= dg_expect_close(argv[1], "length disagrees", &r, sizeof(r), -1);
    r.len = 0;
    ok &= dg_expect_close(argv[1], "a descriptor for the daemon", &r, sizeof(r), 0);
    ok &= dg_expect_close(argv[1], "ioctl before open", &early, sizeof(early), -1);
    ok &= dg_expect_error(argv[1], 99, 0, -ENODEV);
    ok &= dg_expect_error(argv[1], 0, 1, -EINVAL);
    for (int i = 0; i < GD_MAX_DEVS_PROBE; i++)
        fds[i] = dg_connect(argv[1]);
    ok &= dg_count_closed(fds, GD_MAX_DEVS_PROBE) > 0;
    return ok ? 0 : 1;
}
