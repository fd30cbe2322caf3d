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

/* A driver's file operations (Linux's struct file_operations); NULL: it has none. */
struct linux_file_ops {
    int (*open)(struct linux_file *f);
    void (*release)(struct linux_file *f);
    long (*ioctl)(struct linux_file *f, unsigned long cmd, void *arg, size_t len);
    int (*mmap)(struct linux_file *f, uint64_t pgoff, uint32_t n, bool wr,
                uint64_t *pfns);
    int (*munmap)(struct linux_file *f, uint64_t pgoff, uint32_t n);
    long (*read)(struct linux_file *f, void *buf, size_t len);
    long (*write)(struct linux_file *f, const void *buf, size_t len);
    bool (*readable)(const struct linux_file *f);
};

/* privcmd_ioctl(): -ENOTTY for what it does not know; no hypercalls here. */
static long privcmd_ioctl(struct linux_file *f, unsigned long cmd, void *arg, size_t len)
{
    (void)f, (void)arg, (void)len;
    return _IOC_TYPE(cmd) == 'P' && _IOC_NR(cmd) == 0 ? -ENOSYS : -ENOTTY;
}

static const struct linux_file_ops file_ops[GNTSIM_DEV_NR] = {
    [GNTSIM_DEV_GNTDEV] = {.open = linux_gntdev_open,
                           .release = linux_gntdev_release,
                           .ioctl = linux_gntdev_ioctl,
                           .mmap = linux_gntdev_mmap,
                           .munmap = linux_gntdev_munmap},
    [GNTSIM_DEV_GNTALLOC] = {.open = linux_gntalloc_open,
                             .release = linux_gntalloc_release,
                             .ioctl = linux_gntalloc_ioctl,
                             .mmap = linux_gntalloc_mmap,
                             .munmap = linux_gntalloc_munmap},
    [GNTSIM_DEV_EVTCHN] = {.open = linux_evtchn_file_open,
                           .release = linux_evtchn_file_release,
                           .ioctl = linux_evtchn_file_ioctl,
                           .read = linux_evtchn_file_read,
                           .write = linux_evtchn_file_write,
                           .readable = linux_evtchn_file_readable},
    [GNTSIM_DEV_PRIVCMD] = {.ioctl = privcmd_ioctl},
};

int linux_file_open(struct linux_kernel *k, enum gntsim_dev_kind kind,
                    struct linux_file **out)
{
    struct linux_file *f;
    int rc;

    if ((unsigned)kind >= GNTSIM_DEV_NR)
        return -EINVAL;
    f = calloc(1, sizeof(*f));
    if (!f)
        return -ENOMEM;
    f->k = k;
    f->kind = kind;
    rc = file_ops[kind].open ? file_ops[kind].open(f) : 0;
    if (rc) {
        free(f);
        return rc;
    }
    f->next = k->files;
    k->files = f;
    *out = f;
    return 0;
}

/* The driver's release (none for privcmd). */
static void file_driver_release(struct linux_file *f)
{
    if (file_ops[f->kind].release)
        file_ops[f->kind].release(f);
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
    return file_ops[f->kind].ioctl(f, cmd, arg, len); /* every driver has one */
}

int linux_file_mmap(struct linux_file *f, uint64_t pgoff, uint32_t npages, bool writable,
                    uint64_t *pfns)
{
    if (!f->k)
        return -EIO;
    if (npages == 0)
        return -EINVAL;
    if (!file_ops[f->kind].mmap)
        return -ENODEV;
    return file_ops[f->kind].mmap(f, pgoff, npages, writable, pfns);
}

int linux_file_munmap(struct linux_file *f, uint64_t pgoff, uint32_t npages)
{
    if (!f->k)
        return 0; /* the kernel is gone and took its mappings with it */
    if (!file_ops[f->kind].munmap)
        return -EINVAL;
    return file_ops[f->kind].munmap(f, pgoff, npages);
}

long linux_file_read(struct linux_file *f, void *buf, size_t len)
{
    if (!f->k)
        return -EIO;
    return file_ops[f->kind].read ? file_ops[f->kind].read(f, buf, len) : -EINVAL;
}

long linux_file_write(struct linux_file *f, const void *buf, size_t len)
{
    if (!f->k)
        return -EIO;
    return file_ops[f->kind].write ? file_ops[f->kind].write(f, buf, len) : -EINVAL;
}

bool linux_file_readable(const struct linux_file *f)
{
    return f->k && file_ops[f->kind].readable && file_ops[f->kind].readable(f);
}
