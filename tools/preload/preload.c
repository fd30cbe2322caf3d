/* SPDX-License-Identifier: MIT */
/*
 * libgntsim-preload.so: unmodified Xen user space on a gntsimd world. Loaded with
 * LD_PRELOAD and GNTSIM_DEV=DIR/dN/dev, it turns open() of /dev/xen/{gntdev,gntalloc,
 * evtchn,privcmd} into a connection to gntsimd (tools/gntsimd/devwire.h) and forwards
 * ioctl(), mmap() and munmap() on it. Mapped pages are the lent frames' memfds mapped
 * MAP_SHARED|MAP_FIXED, so the process and the model share the bytes; an evtchn
 * descriptor is a socket the daemon writes pending ports to, so read(), write(),
 * select() and poll() on it are the kernel's own. A connection lives while the process
 * holds a descriptor of it or a page mapped through it (as a VMA holds its file);
 * fork() shares it, dup()/dup2()/dup3() are followed. Not followed: fcntl(F_DUPFD),
 * close_range(), mremap(), exec() of a process holding mappings, and static or
 * raw-syscall programs.
 *
 * An interposer is process-wide by nature: its table of descriptors and mappings is the
 * one global state of the project, guarded by a mutex.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/sys/evtchn.h>
#include <xen/grant_table.h>
#include <xen/sys/gntalloc.h>
#include <xen/sys/gntdev.h>

#include "../gntsimd/devwire.h"

#define SHIM_MAX_FDS  256
#define SHIM_MAX_MAPS 1024
#define SHIM_PAGE     4096u

struct shim_ctl {            /* one device connection */
    int fd;                  /* the shim's own descriptor of it */
    unsigned kind;           /* enum gntsim_dev_kind */
    unsigned users;          /* process descriptors and mappings holding it */
    uint8_t bound[4096 / 8]; /* evtchn: ports this file bound (NOTIFY needs no reply) */
};

struct shim_fd {
    int fd;
    struct shim_ctl *ctl;
};

struct shim_map {
    uintptr_t addr;
    uint64_t pgoff;
    uint32_t npages;
    struct shim_ctl *ctl;
};

static struct {
    pthread_mutex_t lock;
    struct shim_fd fds[SHIM_MAX_FDS];
    struct shim_map maps[SHIM_MAX_MAPS];
} shim = {.lock = PTHREAD_MUTEX_INITIALIZER};

#define REAL(ret, name, ...)                                                             \
    static ret (*real_fn)(__VA_ARGS__);                                                  \
    if (!real_fn)                                                                        \
        real_fn = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, name);

static int real_close(int fd)
{
    REAL(int, "close", int);
    return real_fn(fd);
}

static void *real_mmap(void *a, size_t len, int prot, int flags, int fd, off_t off)
{
    REAL(void *, "mmap", void *, size_t, int, int, int, off_t);
    return real_fn(a, len, prot, flags, fd, off);
}

static int real_munmap(void *a, size_t len)
{
    REAL(int, "munmap", void *, size_t);
    return real_fn(a, len);
}

static const char *const shim_paths[] = {"/dev/xen/gntdev", "/dev/xen/gntalloc",
                                         "/dev/xen/evtchn", "/dev/xen/privcmd"};

static int shim_kind(const char *path)
{
    if (!path || !getenv("GNTSIM_DEV"))
        return -1;
    for (unsigned i = 0; i < 4; i++)
        if (!strcmp(path, shim_paths[i]))
            return (int)i;
    return !strcmp(path, "/proc/xen/privcmd") ? 3 : -1;
}

static struct shim_fd *shim_fd_find(int fd)
{
    for (unsigned i = 0; fd >= 0 && i < SHIM_MAX_FDS; i++)
        if (shim.fds[i].ctl && shim.fds[i].fd == fd)
            return &shim.fds[i];
    return NULL;
}

static int shim_fd_add(int fd, struct shim_ctl *ctl)
{
    for (unsigned i = 0; i < SHIM_MAX_FDS; i++)
        if (!shim.fds[i].ctl) {
            shim.fds[i] = (struct shim_fd){.fd = fd, .ctl = ctl};
            ctl->users++;
            return 0;
        }
    return -EMFILE;
}

static void shim_ctl_put(struct shim_ctl *ctl)
{
    if (--ctl->users == 0) {
        real_close(ctl->fd);
        free(ctl);
    }
}

/* Forget @fd (it was closed or replaced). */
static void shim_fd_drop(int fd)
{
    struct shim_fd *e = shim_fd_find(fd);

    if (e) {
        struct shim_ctl *ctl = e->ctl;

        e->ctl = NULL;
        shim_ctl_put(ctl);
    }
}

/* One request and its reply header, payload into @out (up to @cap) and up to @maxfds
 * descriptors into @fds. The reply's rc, or -errno of the transport. */
static int64_t shim_call(struct shim_ctl *ctl, const struct gd_dev_req *r,
                         const void *arg, void *out, size_t cap, int *fds,
                         unsigned maxfds)
{
    uint64_t buf[(sizeof(struct gd_dev_req) + GD_DEV_PAYLOAD_MAX) / 8];
    union {
        char b[CMSG_SPACE(sizeof(int) * GD_DEV_FDS_PER_MSG)];
        struct cmsghdr align;
    } u;
    struct gd_dev_rep h;
    unsigned got = 0, want = 0;

    memcpy(buf, r, sizeof(*r));
    if (r->len)
        memcpy((uint8_t *)buf + sizeof(*r), arg, r->len);
    if (send(ctl->fd, buf, sizeof(*r) + r->len, MSG_NOSIGNAL) < 0)
        return -EIO;
    do {
        struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
        struct msghdr m = {.msg_iov = &iov,
                           .msg_iovlen = 1,
                           .msg_control = u.b,
                           .msg_controllen = sizeof(u)};
        ssize_t n = recvmsg(ctl->fd, &m, MSG_CMSG_CLOEXEC);

        if (n < (ssize_t)sizeof(h))
            return -EIO;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
            for (size_t i = 0; c->cmsg_type == SCM_RIGHTS &&
                               i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                 i++, got++) {
                int fd;

                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                if (got < maxfds)
                    fds[got] = fd;
                else
                    real_close(fd);
            }
        if (want == 0) {
            memcpy(&h, buf, sizeof(h));
            want = h.nfds;
            if (h.len && h.len <= cap && (size_t)n >= sizeof(h) + h.len)
                memcpy(out, (uint8_t *)buf + sizeof(h), h.len);
        }
    } while (got < want);
    return h.rc;
}

static int shim_open(const char *path, int flags, int kind)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    struct gd_dev_req r = {
        .magic = GD_DEV_MAGIC, .op = GD_DEV_OPEN, .cmd = (uint64_t)kind};
    struct shim_ctl *ctl = calloc(1, sizeof(*ctl));
    int app = -1, ev = -1;
    int64_t rc;

    (void)path;
    if (!ctl)
        return errno = ENOMEM, -1;
    strncpy(a.sun_path, getenv("GNTSIM_DEV"), sizeof(a.sun_path) - 1);
    ctl->kind = (unsigned)kind;
    ctl->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (ctl->fd < 0 || connect(ctl->fd, (struct sockaddr *)&a, sizeof(a))) {
        if (ctl->fd >= 0)
            real_close(ctl->fd);
        free(ctl);
        return errno = ENOENT, -1; /* no daemon: no such device */
    }
    rc = shim_call(ctl, &r, NULL, NULL, 0, &ev, 1);
    app = rc ? -1 : kind == 2 ? ev : fcntl(ctl->fd, F_DUPFD, 0);
    if (app < 0) {
        real_close(ctl->fd);
        free(ctl);
        return errno = rc ? (int)-rc : EMFILE, -1;
    }
    fcntl(app, F_SETFD, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
    if (flags & O_NONBLOCK)
        fcntl(app, F_SETFL, fcntl(app, F_GETFL) | O_NONBLOCK);
    pthread_mutex_lock(&shim.lock);
    rc = shim_fd_add(app, ctl);
    pthread_mutex_unlock(&shim.lock);
    if (rc) {
        real_close(app);
        real_close(ctl->fd);
        free(ctl);
        return errno = EMFILE, -1;
    }
    return app;
}

/* The mode argument of an open() that may create (glibc's __OPEN_NEEDS_MODE: O_CREAT,
 * or all of O_TMPFILE); 0 otherwise, as no mode was passed. */
#define SHIM_NEEDS_MODE(flags) (((flags)&O_CREAT) || ((flags)&O_TMPFILE) == O_TMPFILE)
#define SHIM_MODE(flags, mode)                                                           \
    do {                                                                                 \
        va_list ap_;                                                                     \
        va_start(ap_, flags);                                                            \
        mode = SHIM_NEEDS_MODE(flags) ? va_arg(ap_, mode_t) : 0;                         \
        va_end(ap_);                                                                     \
    } while (0)

/* openat() underlies every entry point below: on LP64 open64 is open, and the
 * _FORTIFY_SOURCE __open_2/__open64_2 (libxenevtchn calls __open_2) take no mode. */
int openat(int dirfd, const char *path, int flags, ...)
{
    int kind = shim_kind(path);
    mode_t mode;

    SHIM_MODE(flags, mode);
    if (kind >= 0)
        return shim_open(path, flags, kind);
    REAL(int, "openat", int, const char *, int, ...);
    return real_fn(dirfd, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    mode_t mode;

    SHIM_MODE(flags, mode);
    return openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    mode_t mode;

    SHIM_MODE(flags, mode);
    return openat(AT_FDCWD, path, flags, mode);
}

int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);

int __open_2(const char *path, int flags)
{
    return openat(AT_FDCWD, path, flags);
}

int __open64_2(const char *path, int flags)
{
    return openat(AT_FDCWD, path, flags);
}

int close(int fd)
{
    pthread_mutex_lock(&shim.lock);
    shim_fd_drop(fd);
    pthread_mutex_unlock(&shim.lock);
    return real_close(fd);
}

/* Follow a successful dup of @old onto @new (which it replaced, if tracked). */
static int shim_dup_follow(int old, int new)
{
    struct shim_fd *e;

    if (new < 0 || new == old)
        return new;
    pthread_mutex_lock(&shim.lock);
    shim_fd_drop(new);
    e = shim_fd_find(old);
    if (e)
        shim_fd_add(new, e->ctl);
    pthread_mutex_unlock(&shim.lock);
    return new;
}

int dup(int old)
{
    REAL(int, "dup", int);
    return shim_dup_follow(old, real_fn(old));
}

int dup2(int old, int new)
{
    REAL(int, "dup2", int, int);
    return shim_dup_follow(old, real_fn(old, new));
}

int dup3(int old, int new, int flags)
{
    REAL(int, "dup3", int, int, int);
    return shim_dup_follow(old, real_fn(old, new, flags));
}

/* The bytes an ioctl's argument spans: the fixed part and any array after it. */
static size_t shim_ioctl_len(unsigned long cmd, const void *arg)
{
    if (cmd == IOCTL_GNTDEV_MAP_GRANT_REF) {
        uint32_t count;

        memcpy(&count, arg, sizeof(count));
        return offsetof(struct ioctl_gntdev_map_grant_ref, refs) +
               (size_t)count * sizeof(struct ioctl_gntdev_grant_ref);
    }
    if (cmd == IOCTL_GNTALLOC_ALLOC_GREF) {
        uint32_t count;

        memcpy(&count, (const uint8_t *)arg + 4, sizeof(count));
        return offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids) +
               (size_t)count * sizeof(uint32_t);
    }
    return _IOC_SIZE(cmd);
}

/* GET_OFFSET_FOR_VADDR from the process's own mappings (the kernel looks at its VMAs). */
static int shim_offset_for_vaddr(struct shim_ctl *ctl, void *arg)
{
    struct ioctl_gntdev_get_offset_for_vaddr *op = arg;

    for (unsigned i = 0; i < SHIM_MAX_MAPS; i++)
        if (shim.maps[i].ctl == ctl && shim.maps[i].addr == op->vaddr) {
            op->offset = shim.maps[i].pgoff * SHIM_PAGE;
            op->count = shim.maps[i].npages;
            return 0;
        }
    return errno = EINVAL, -1;
}

/* Follow the ports an evtchn file binds and unbinds (after the reply @rc). */
static void shim_track_ports(struct shim_ctl *ctl, unsigned long cmd, const void *arg,
                             int64_t rc)
{
    uint32_t port;

    if (ctl->kind != 2 || rc < 0)
        return;
    if ((cmd == IOCTL_EVTCHN_BIND_VIRQ || cmd == IOCTL_EVTCHN_BIND_INTERDOMAIN ||
         cmd == IOCTL_EVTCHN_BIND_UNBOUND_PORT) &&
        rc < 4096)
        ctl->bound[rc / 8] |= (uint8_t)(1u << (rc % 8));
    if (cmd == IOCTL_EVTCHN_UNBIND && arg) {
        memcpy(&port, arg, sizeof(port));
        if (port < 4096)
            ctl->bound[port / 8] &= (uint8_t) ~(1u << (port % 8));
    }
}

/* EVTCHN_NOTIFY on a port this file bound: sent without waiting for the reply (it
 * cannot fail); 1 when it was, 0 to go the usual way. */
static int shim_notify_async(struct shim_ctl *ctl, unsigned long cmd, const void *arg)
{
    struct gd_dev_req r = {.magic = GD_DEV_MAGIC,
                           .op = GD_DEV_IOCTL,
                           .cmd = cmd,
                           .len = sizeof(uint32_t),
                           .flags = GD_DEV_F_NOREPLY};
    uint8_t msg[sizeof(r) + sizeof(uint32_t)];
    uint32_t port;

    if (ctl->kind != 2 || cmd != IOCTL_EVTCHN_NOTIFY || !arg)
        return 0;
    memcpy(&port, arg, sizeof(port));
    if (port >= 4096 || !(ctl->bound[port / 8] & (1u << (port % 8))))
        return 0;
    memcpy(msg, &r, sizeof(r));
    memcpy(msg + sizeof(r), &port, sizeof(port));
    return send(ctl->fd, msg, sizeof(msg), MSG_NOSIGNAL) == (ssize_t)sizeof(msg);
}

/* The segments [@i, @j) of @u in the daemon's pointer-free layout (gntsim/dev.h) in
 * @buf; its length. The local buffers' bytes follow the segments. */
static size_t shim_copy_pack(const struct ioctl_gntdev_grant_copy *u, unsigned i,
                             unsigned j, uint8_t *buf)
{
    struct ioctl_gntdev_grant_copy op = {.count = j - i};
    size_t seg_end = sizeof(op) + (size_t)(j - i) * sizeof(u->segments[0]), area = 0;

    memcpy(buf, &op, sizeof(op));
    for (unsigned k = i; k < j; k++) {
        struct ioctl_gntdev_grant_copy_segment s = u->segments[k];
        bool sg = s.flags & GNTCOPY_source_gref, dg = s.flags & GNTCOPY_dest_gref;
        void *local = !sg ? s.source.virt : !dg ? s.dest.virt : NULL;

        if (local && !(sg && dg)) {
            s.status = (int16_t)((uintptr_t)local & (SHIM_PAGE - 1));
            if (!sg)
                memcpy(buf + seg_end + area, local, s.len);
            else
                memset(buf + seg_end + area, 0, s.len);
            if (!sg)
                s.source.virt = (void *)area;
            else
                s.dest.virt = (void *)area;
            area += s.len;
        }
        memcpy(buf + sizeof(op) + (size_t)(k - i) * sizeof(s), &s, sizeof(s));
    }
    return seg_end + area;
}

/* The statuses and local destination bytes of segments [@i, @j) back to @u. */
static void shim_copy_unpack(struct ioctl_gntdev_grant_copy *u, unsigned i, unsigned j,
                             const uint8_t *buf)
{
    size_t seg_end =
        sizeof(struct ioctl_gntdev_grant_copy) + (size_t)(j - i) * sizeof(u->segments[0]);

    for (unsigned k = i; k < j; k++) {
        struct ioctl_gntdev_grant_copy_segment s;

        memcpy(&s,
               buf + sizeof(struct ioctl_gntdev_grant_copy) + (size_t)(k - i) * sizeof(s),
               sizeof(s));
        u->segments[k].status = s.status;
        /* a failed segment writes nothing (Linux would keep the bytes of ops before the
         * one that failed, in a segment split across the process's pages) */
        if (s.status == GNTST_okay && (u->segments[k].flags & GNTCOPY_source_gref) &&
            !(u->segments[k].flags & GNTCOPY_dest_gref))
            memcpy(u->segments[k].dest.virt, buf + seg_end + (uintptr_t)s.dest.virt,
                   s.len);
    }
}

/* GRANT_COPY: its segments point into this process, so their bytes travel with them,
 * in chunks that fit a message (Linux does them in order and stops at an error too). */
static int shim_grant_copy(struct shim_ctl *ctl, unsigned long cmd, void *arg)
{
    static const size_t room =
        GD_DEV_PAYLOAD_MAX - sizeof(struct ioctl_gntdev_grant_copy);
    struct ioctl_gntdev_grant_copy *u = arg;
    uint8_t *buf = malloc(GD_DEV_PAYLOAD_MAX);
    int64_t rc = 0;

    if (!buf)
        return errno = ENOMEM, -1;
    for (unsigned i = 0, j; !rc && i < u->count; i = j) {
        size_t need = 0;
        struct gd_dev_req r = {.magic = GD_DEV_MAGIC, .op = GD_DEV_IOCTL, .cmd = cmd};

        for (j = i; j < u->count; j++) {
            size_t one =
                sizeof(u->segments[0]) +
                ((u->segments[j].flags & (GNTCOPY_source_gref | GNTCOPY_dest_gref)) ==
                         (GNTCOPY_source_gref | GNTCOPY_dest_gref)
                     ? 0
                     : u->segments[j].len);

            if (need + one > room)
                break;
            need += one;
        }
        if (j == i) { /* one segment larger than a message */
            rc = -E2BIG;
            break;
        }
        r.len = (uint32_t)shim_copy_pack(u, i, j, buf);
        rc = shim_call(ctl, &r, buf, buf, r.len, NULL, 0);
        if (rc >= 0)
            shim_copy_unpack(u, i, j, buf);
    }
    free(buf);
    return rc < 0 ? (errno = (int)-rc, -1) : (int)rc;
}

static int shim_ioctl(struct shim_ctl *ctl, unsigned long cmd, void *arg)
{
    struct gd_dev_req r = {.magic = GD_DEV_MAGIC, .op = GD_DEV_IOCTL, .cmd = cmd};
    size_t len = arg ? shim_ioctl_len(cmd, arg) : 0;
    int64_t rc;

    if (cmd == IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR && arg) {
        pthread_mutex_lock(&shim.lock);
        rc = shim_offset_for_vaddr(ctl, arg);
        pthread_mutex_unlock(&shim.lock);
        return (int)rc;
    }
    if (cmd == IOCTL_GNTDEV_GRANT_COPY && arg && ctl->kind == 0)
        return shim_grant_copy(ctl, cmd, arg);
    if (len > GD_DEV_PAYLOAD_MAX)
        return errno = E2BIG, -1;
    if (shim_notify_async(ctl, cmd, arg))
        return 0;
    r.len = (uint32_t)len;
    rc = shim_call(ctl, &r, arg, arg, len, NULL, 0);
    shim_track_ports(ctl, cmd, arg, rc);
    if (rc < 0)
        return errno = (int)-rc, -1;
    return (int)rc;
}

int ioctl(int fd, unsigned long cmd, ...)
{
    struct shim_fd *e;
    struct shim_ctl *ctl = NULL;
    va_list ap;
    void *arg;

    va_start(ap, cmd);
    arg = va_arg(ap, void *);
    va_end(ap);
    pthread_mutex_lock(&shim.lock);
    e = shim_fd_find(fd);
    if (e) {
        ctl = e->ctl;
        ctl->users++; /* kept across the call */
    }
    pthread_mutex_unlock(&shim.lock);
    if (ctl) {
        int rc = shim_ioctl(ctl, cmd, arg);
        int saved = errno;

        pthread_mutex_lock(&shim.lock);
        shim_ctl_put(ctl);
        pthread_mutex_unlock(&shim.lock);
        errno = saved;
        return rc;
    }
    REAL(int, "ioctl", int, unsigned long, ...);
    return real_fn(fd, cmd, arg);
}

/* Map the lent frames at @base (reserved): 0 or -1 (errno set). */
static int shim_map_pages(uint8_t *base, uint32_t n, int prot, const int *fds)
{
    for (uint32_t i = 0; i < n; i++)
        if (real_mmap(base + (size_t)i * SHIM_PAGE, SHIM_PAGE, prot,
                      MAP_SHARED | MAP_FIXED, fds[i], 0) == MAP_FAILED)
            return -1;
    return 0;
}

static void *shim_mmap(struct shim_ctl *ctl, void *addr, size_t len, int prot, int flags,
                       off_t off)
{
    uint32_t n = (uint32_t)((len + SHIM_PAGE - 1) / SHIM_PAGE);
    struct gd_dev_req r = {.magic = GD_DEV_MAGIC,
                           .op = GD_DEV_MMAP,
                           .pgoff = (uint64_t)off / SHIM_PAGE,
                           .npages = n,
                           .writable = (prot & PROT_WRITE) != 0};
    int *fds;
    uint8_t *base;
    int64_t rc;

    if (!(flags & MAP_SHARED) || len == 0 || off % SHIM_PAGE || n > GD_DEV_MMAP_MAX)
        return errno = EINVAL, MAP_FAILED;
    fds = calloc(n, sizeof(*fds));
    if (!fds)
        return errno = ENOMEM, MAP_FAILED;
    rc = shim_call(ctl, &r, NULL, NULL, 0, fds, n);
    base = rc ? MAP_FAILED
              : real_mmap(addr, (size_t)n * SHIM_PAGE, PROT_NONE,
                          MAP_PRIVATE | MAP_ANONYMOUS | (flags & MAP_FIXED), -1, 0);
    if (!rc && base != MAP_FAILED && shim_map_pages(base, n, prot, fds)) {
        real_munmap(base, (size_t)n * SHIM_PAGE);
        base = MAP_FAILED;
    }
    for (uint32_t i = 0; !rc && i < n; i++)
        real_close(fds[i]);
    free(fds);
    if (rc)
        return errno = (int)-rc, MAP_FAILED;
    pthread_mutex_lock(&shim.lock);
    for (unsigned i = 0; base != MAP_FAILED && i < SHIM_MAX_MAPS; i++)
        if (!shim.maps[i].ctl) {
            shim.maps[i] = (struct shim_map){(uintptr_t)base, r.pgoff, n, ctl};
            ctl->users++;
            base = (uint8_t *)shim.maps[i].addr;
            pthread_mutex_unlock(&shim.lock);
            return base;
        }
    pthread_mutex_unlock(&shim.lock);
    if (base != MAP_FAILED) /* table full (or the mapping failed): give the pages back */
        real_munmap(base, (size_t)n * SHIM_PAGE);
    struct gd_dev_req u = {
        .magic = GD_DEV_MAGIC, .op = GD_DEV_MUNMAP, .pgoff = r.pgoff, .npages = n};
    shim_call(ctl, &u, NULL, NULL, 0, NULL, 0);
    return errno = ENOMEM, MAP_FAILED;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    struct shim_fd *e;
    struct shim_ctl *ctl = NULL;

    pthread_mutex_lock(&shim.lock);
    e = (flags & MAP_ANONYMOUS) ? NULL : shim_fd_find(fd);
    if (e) {
        ctl = e->ctl;
        ctl->users++;
    }
    pthread_mutex_unlock(&shim.lock);
    if (ctl) {
        void *p = shim_mmap(ctl, addr, len, prot, flags, off);
        int saved = errno;

        pthread_mutex_lock(&shim.lock);
        shim_ctl_put(ctl);
        pthread_mutex_unlock(&shim.lock);
        errno = saved;
        return p;
    }
    return real_mmap(addr, len, prot, flags, fd, off);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return mmap(addr, len, prot, flags, fd, off);
}

/* Cut [@lo, @hi) out of mapping @m: tell the daemon, keep what is left. Lock held. */
static void shim_unmap_part(struct shim_map *m, uintptr_t lo, uintptr_t hi)
{
    uintptr_t end = m->addr + (uintptr_t)m->npages * SHIM_PAGE;
    struct shim_map left = *m, right = *m;
    struct gd_dev_req r = {.magic = GD_DEV_MAGIC,
                           .op = GD_DEV_MUNMAP,
                           .pgoff = m->pgoff + (lo - m->addr) / SHIM_PAGE,
                           .npages = (uint32_t)((hi - lo) / SHIM_PAGE)};

    shim_call(m->ctl, &r, NULL, NULL, 0, NULL, 0);
    left.npages = (uint32_t)((lo - m->addr) / SHIM_PAGE);
    right.addr = hi;
    right.pgoff = m->pgoff + (hi - m->addr) / SHIM_PAGE;
    right.npages = (uint32_t)((end - hi) / SHIM_PAGE);
    m->ctl = NULL;
    if (left.npages)
        *m = left;
    for (unsigned i = 0; right.npages && i < SHIM_MAX_MAPS; i++)
        if (!shim.maps[i].ctl) {
            shim.maps[i] = right;
            right.ctl->users++;
            break;
        }
    if (!left.npages)
        shim_ctl_put(left.ctl);
}

int munmap(void *addr, size_t len)
{
    uintptr_t lo = (uintptr_t)addr,
              hi = lo + ((len + SHIM_PAGE - 1) & ~(size_t)(SHIM_PAGE - 1));
    int rc = real_munmap(addr, len);

    if (rc)
        return rc;
    pthread_mutex_lock(&shim.lock);
    for (unsigned i = 0; i < SHIM_MAX_MAPS; i++) {
        struct shim_map *m = &shim.maps[i];
        uintptr_t end = m->addr + (uintptr_t)m->npages * SHIM_PAGE;

        if (m->ctl && lo < end && hi > m->addr)
            shim_unmap_part(m, lo > m->addr ? lo : m->addr, hi < end ? hi : end);
    }
    pthread_mutex_unlock(&shim.lock);
    return 0;
}
