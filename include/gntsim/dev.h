/* SPDX-License-Identifier: MIT */
/*
 * A domain's /dev/xen devices for a process outside the world (gntsimd's clients): the
 * booted guest kernel's gntdev, gntalloc, evtchn and privcmd files with Linux's driver
 * semantics (src/linux/devfile.h), and the machine frames an mmap lends the process,
 * each as a one-page memfd it maps MAP_SHARED: the process and the model then share
 * those bytes until munmap or close revokes them.
 */
#ifndef GNTSIM_DEV_H
#define GNTSIM_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gntsim/gntsim.h"

enum gntsim_dev_kind {
    GNTSIM_DEV_GNTDEV,   /* /dev/xen/gntdev: map other domains' grants */
    GNTSIM_DEV_GNTALLOC, /* /dev/xen/gntalloc: grant own pages to a domain */
    GNTSIM_DEV_EVTCHN,   /* /dev/xen/evtchn: event channels, pending ports by read() */
    GNTSIM_DEV_PRIVCMD,  /* /dev/xen/privcmd: opens; refuses hypercalls (ENOSYS) */
    GNTSIM_DEV_NR
};

/* "gntdev", "gntalloc", "evtchn", "privcmd"; NULL when out of range. Cannot fail. */
const char *gntsim_dev_name(enum gntsim_dev_kind kind);

/* An open device file and the mappings made through it; close every file before the
 * world is destroyed (a file whose kernel is gone answers -EIO). */
struct gntsim_file;

/* open() of @kind in domain @dom's booted kernel: 0 and *@out, -ESRCH (no kernel),
 * -EINVAL (@kind) or -ENOMEM. */
int gntsim_file_open(struct gntsim_world *w, gntsim_domid_t dom,
                     enum gntsim_dev_kind kind, struct gntsim_file **out);
/* The process's last reference goes: its mappings are revoked (munmap), then the
 * driver's release runs (unmaps, unmap notifications); @f is freed. Safe on NULL. */
void gntsim_file_close(struct gntsim_world *w, struct gntsim_file *f);
/*
 * ioctl(@cmd, @arg) with @len bytes of argument (for MAP_GRANT_REF and ALLOC_GREF the
 * array after the fixed part too), updated in place. Returns the driver's value or
 * -errno (-EFAULT: @len too short; -ENOTTY: unknown command; -EIO: the kernel is gone).
 */
long gntsim_file_ioctl(struct gntsim_world *w, struct gntsim_file *f, unsigned long cmd,
                       void *arg, size_t len);
/*
 * IOCTL_GNTDEV_GRANT_COPY takes no pointers here: @arg is struct ioctl_gntdev_grant_copy
 * (its segments pointer ignored), the count segments after it, then a data area. A
 * segment's local side (no GNTCOPY_*_gref flag) names its bytes by offset in that area
 * (the virt field) and, in its status field on input, the in-page offset of the
 * process's buffer (the copy is split where that buffer crosses a page, as Linux does).
 * On return the statuses are set and a local destination's bytes are in the area. A
 * local side outside the area, or an in-page offset past a page, is -EINVAL.
 */
/*
 * mmap(@npages pages at page offset @pgoff, @writable, MAP_SHARED): on 0, @fds[i] is a
 * new descriptor (the caller closes it) of a one-page memfd holding page i, opened
 * read-only unless @writable. -EINVAL/-ENODEV as the driver refuses, -ENOSPC (too many
 * frames lent at once), -ENOMEM.
 */
int gntsim_file_mmap(struct gntsim_world *w, struct gntsim_file *f, uint64_t pgoff,
                     uint32_t npages, bool writable, int *fds);
/* munmap of @npages pages at @pgoff (any part of earlier mmaps): the pages are revoked.
 * 0 or -EINVAL (a page not mapped: nothing changed). */
int gntsim_file_munmap(struct gntsim_world *w, struct gntsim_file *f, uint64_t pgoff,
                       uint32_t npages);
/* read()/write() of an evtchn file (pending ports / ports to unmask): bytes, -EAGAIN
 * (nothing pending), -EINVAL (not an evtchn file). */
ssize_t gntsim_file_read(struct gntsim_world *w, struct gntsim_file *f, void *buf,
                         size_t len);
ssize_t gntsim_file_write(struct gntsim_world *w, struct gntsim_file *f, const void *buf,
                          size_t len);
/* Whether gntsim_file_read() has something to return. Cannot fail. */
bool gntsim_file_readable(const struct gntsim_file *f);
/* Machine frames lent to processes now (each counted once however often mapped). */
uint32_t gntsim_file_lent(const struct gntsim_world *w);

/*
 * Run domain @dom's kernel timers that retry deferred work: gnttab_end_foreign_access()
 * of grants still mapped when freed (drivers/xen/grant-table.c gnttab_handle_deferred).
 * Returns the grants still deferred, or -ESRCH (no kernel).
 */
int gntsim_linux_deferred(struct gntsim_world *w, gntsim_domid_t dom);

#endif
