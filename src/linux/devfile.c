/* SPDX-License-Identifier: MIT */
/*
 * The /dev/xen files' common part: open, release and the file operations' dispatch to
 * the driver of the file's kind; privcmd, which only opens (libxencall,
 * libxenforeignmemory and libxendevicemodel open it in xc_interface_open()) and refuses
 * every hypercall: this model has no privileged toolstack path.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "linux/devfile.h"

int linux_file_open(struct linux_kernel *k, enum gntsim_dev_kind kind,
                    struct linux_file **out)
{
    struct linux_file *f;
    int rc = 0;

    if ((unsigned)kind >= GNTSIM_DEV_NR)
        return -EINVAL;
    f = calloc(1, sizeof(*f));
    if (!f)
        return -ENOMEM;
    f->k = k;
    f->kind = kind;
    if (kind == GNTSIM_DEV_GNTDEV)
        rc = linux_gntdev_open(f);
    else if (kind == GNTSIM_DEV_GNTALLOC)
        rc = linux_gntalloc_open(f);
    else if (kind == GNTSIM_DEV_EVTCHN)
        rc = linux_evtchn_file_open(f);
    if (rc) {
        free(f);
        return rc;
    }
    f->next = k->files;
    k->files = f;
    *out = f;
    return 0;
}

/* The driver's release (no-op for privcmd and for an orphaned file). */
static void file_driver_release(struct linux_file *f)
{
    if (f->kind == GNTSIM_DEV_GNTDEV)
        linux_gntdev_release(f);
    else if (f->kind == GNTSIM_DEV_GNTALLOC)
        linux_gntalloc_release(f);
    else if (f->kind == GNTSIM_DEV_EVTCHN)
        linux_evtchn_file_release(f);
}

void linux_file_release(struct linux_file *f)
{
    if (!f)
        return;
    if (f->k) {
        struct linux_file **p = &f->k->files;

        while (*p != f)
            p = &(*p)->next;
        *p = f->next;
        file_driver_release(f);
    }
    free(f);
}

void linux_files_orphan(struct linux_kernel *k)
{
    for (struct linux_file *f = k->files, *n; f; f = n) {
        n = f->next;
        file_driver_release(f); /* frees the driver state; the kernel's is going too */
        f->k = NULL;
        f->next = NULL;
    }
    k->files = NULL;
}

long linux_file_ioctl(struct linux_file *f, unsigned long cmd, void *arg, size_t len)
{
    if (!f->k)
        return -EIO;
    switch (f->kind) {
    case GNTSIM_DEV_GNTDEV:
        return linux_gntdev_ioctl(f, cmd, arg, len);
    case GNTSIM_DEV_GNTALLOC:
        return linux_gntalloc_ioctl(f, cmd, arg, len);
    case GNTSIM_DEV_EVTCHN:
        return linux_evtchn_file_ioctl(f, cmd, arg, len);
    default: /* privcmd_ioctl(): -ENOTTY for what it does not know; no hypercalls here */
        return _IOC_TYPE(cmd) == 'P' && _IOC_NR(cmd) == 0 ? -ENOSYS : -ENOTTY;
    }
}

int linux_file_mmap(struct linux_file *f, uint64_t pgoff, uint32_t npages, bool writable,
                    uint64_t *pfns)
{
    if (!f->k)
        return -EIO;
    if (npages == 0)
        return -EINVAL;
    if (f->kind == GNTSIM_DEV_GNTDEV)
        return linux_gntdev_mmap(f, pgoff, npages, writable, pfns);
    if (f->kind == GNTSIM_DEV_GNTALLOC)
        return linux_gntalloc_mmap(f, pgoff, npages, writable, pfns);
    return -ENODEV;
}

int linux_file_munmap(struct linux_file *f, uint64_t pgoff, uint32_t npages)
{
    if (!f->k)
        return 0; /* the kernel is gone and took its mappings with it */
    if (f->kind == GNTSIM_DEV_GNTDEV)
        return linux_gntdev_munmap(f, pgoff, npages);
    if (f->kind == GNTSIM_DEV_GNTALLOC)
        return linux_gntalloc_munmap(f, pgoff, npages);
    return -EINVAL;
}

long linux_file_read(struct linux_file *f, void *buf, size_t len)
{
    if (!f->k)
        return -EIO;
    return f->kind == GNTSIM_DEV_EVTCHN ? linux_evtchn_file_read(f, buf, len) : -EINVAL;
}

long linux_file_write(struct linux_file *f, const void *buf, size_t len)
{
    if (!f->k)
        return -EIO;
    return f->kind == GNTSIM_DEV_EVTCHN ? linux_evtchn_file_write(f, buf, len) : -EINVAL;
}

bool linux_file_readable(const struct linux_file *f)
{
    return f->k && f->kind == GNTSIM_DEV_EVTCHN && linux_evtchn_file_readable(f);
}
