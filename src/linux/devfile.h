/* SPDX-License-Identifier: MIT */
/*
 * The guest kernel's /dev/xen character devices as a user process sees them: an open
 * file per open(), its ioctls, mmap, munmap, read, write and its release at the last
 * close (Linux drivers/xen/gntdev.c, gntalloc.c, evtchn.c, privcmd.c, v6.1 as in Debian
 * 12). The ioctl structs are the uapi ones (<xen/sys/gntdev.h>, gntalloc.h, evtchn.h).
 * An mmap is a VMA: the kernel returns the guest frames behind it, which its owner (the
 * public API) turns into machine frames for the process; munmap of any part of a VMA
 * drops those pages, and the driver's VMA close runs when the last page goes.
 */
#ifndef GNTSIM_LINUX_DEVFILE_H
#define GNTSIM_LINUX_DEVFILE_H

#include <stddef.h>
#include <stdint.h>

#include "gntsim/dev.h"
#include "linux/linux.h"

struct linux_gntdev;
struct linux_gntalloc;
struct linux_evtchn_file;

/* One open file of @k's devices; on @k's list of open files. */
struct linux_file {
    struct linux_kernel *k; /* NULL once the kernel is gone (every call then -EIO) */
    enum gntsim_dev_kind kind;
    struct linux_file *next; /* @k's open files */
    union {
        struct linux_gntdev *gntdev;
        struct linux_gntalloc *gntalloc;
        struct linux_evtchn_file *evtchn;
    } u;
};

/* open(): a new file of @kind on @k in *@out. 0, -EINVAL (kind) or -ENOMEM. */
int linux_file_open(struct linux_kernel *k, enum gntsim_dev_kind kind,
                    struct linux_file **out);
/* The last close: what the driver's release does (unmaps, notifications), then free. */
void linux_file_release(struct linux_file *f);
/* Every open file of @k loses its kernel (kernel teardown). Cannot fail. */
void linux_files_orphan(struct linux_kernel *k);

/*
 * ioctl(@cmd) with its argument @arg of @len bytes (the fixed part and, for requests
 * with a count, the array after it); the argument is updated in place. Returns the
 * ioctl's value (>= 0) or -errno as the driver returns it; -EFAULT when @len is shorter
 * than the request needs; -ENOTTY for a command the driver does not know.
 */
long linux_file_ioctl(struct linux_file *f, unsigned long cmd, void *arg, size_t len);
/*
 * mmap of @npages pages at page offset @pgoff, writable or not (MAP_SHARED). On 0,
 * @pfns receives the guest frame behind each page (to be read through the kernel's
 * stage 2). -EINVAL (no such range, or a grant failed to map), -ENODEV (not mappable).
 */
int linux_file_mmap(struct linux_file *f, uint64_t pgoff, uint32_t npages, bool writable,
                    uint64_t *pfns);
/* munmap of @npages pages at @pgoff of an earlier mmap: 0 or -EINVAL (not mapped). */
int linux_file_munmap(struct linux_file *f, uint64_t pgoff, uint32_t npages);
/* read(): evtchn's pending ports; >= 0 bytes, -EAGAIN (none), -EINVAL (other files). */
long linux_file_read(struct linux_file *f, void *buf, size_t len);
/* write(): evtchn's unmask; bytes consumed or -EINVAL (other files). */
long linux_file_write(struct linux_file *f, const void *buf, size_t len);
/* Whether read() would return data now. Cannot fail. */
bool linux_file_readable(const struct linux_file *f);

/* Per-driver entry points (gntdev.c, gntalloc.c, evtchn_dev.c). */
int linux_gntdev_open(struct linux_file *f);
void linux_gntdev_release(struct linux_file *f);
long linux_gntdev_ioctl(struct linux_file *f, unsigned long cmd, void *arg, size_t len);
int linux_gntdev_mmap(struct linux_file *f, uint64_t pgoff, uint32_t n, bool wr,
                      uint64_t *pfns);
int linux_gntdev_munmap(struct linux_file *f, uint64_t pgoff, uint32_t n);

int linux_gntalloc_open(struct linux_file *f);
void linux_gntalloc_release(struct linux_file *f);
long linux_gntalloc_ioctl(struct linux_file *f, unsigned long cmd, void *arg, size_t len);
int linux_gntalloc_mmap(struct linux_file *f, uint64_t pgoff, uint32_t n, bool wr,
                        uint64_t *pfns);
int linux_gntalloc_munmap(struct linux_file *f, uint64_t pgoff, uint32_t n);

int linux_evtchn_file_open(struct linux_file *f);
void linux_evtchn_file_release(struct linux_file *f);
long linux_evtchn_file_ioctl(struct linux_file *f, unsigned long cmd, void *arg,
                             size_t len);
long linux_evtchn_file_read(struct linux_file *f, void *buf, size_t len);
long linux_evtchn_file_write(struct linux_file *f, const void *buf, size_t len);
bool linux_evtchn_file_readable(const struct linux_file *f);
/* evtchn_get(): take a reference on @port, bound through an evtchn file of @k that
 * still holds it (an unmap notification may name only such a port); false if not.
 * The port then stays bound until linux_evtchn_file_put(), whatever the file does. */
bool linux_evtchn_file_get(struct linux_kernel *k, uint32_t port);
/* evtchn_put(): drop that reference; the last one closes a port its file let go of. */
void linux_evtchn_file_put(struct linux_kernel *k, uint32_t port);

#endif
