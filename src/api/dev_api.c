/* SPDX-License-Identifier: MIT */
/*
 * The public device-file API (gntsim/dev.h): a domain's kernel file (src/linux/devfile.h)
 * and the process's VMAs on it. An mmap turns the kernel's guest frames into machine
 * frames through the kernel's stage 2 and lends each (hw_mem_export()); munmap and close
 * revoke them before the driver sees the VMA go, as the process's page tables go before
 * the kernel's vm_ops->close.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <sys/ioctl.h>

#include <xen/grant_table.h>
#include <xen/sys/gntdev.h>

#include "board/world.h"
#include "env/grow.h"
#include "gntsim/dev.h"
#include "linux/devfile.h"

/* One mmap the process made, pages revoked one by one (mfn 0 once revoked). */
struct dev_vma {
    uint64_t pgoff;
    uint32_t n;
    uint64_t mfn[];
};

struct gntsim_file {
    struct linux_file *lf;
    struct dev_vma **vma;
    uint32_t nvma;
    size_t cap;
};

static const char *const dev_names[GNTSIM_DEV_NR] = {"gntdev", "gntalloc", "evtchn",
                                                     "privcmd"};

const char *gntsim_dev_name(enum gntsim_dev_kind kind)
{
    return (unsigned)kind < GNTSIM_DEV_NR ? dev_names[kind] : NULL;
}

int gntsim_file_open(struct gntsim_world *w, gntsim_domid_t dom,
                     enum gntsim_dev_kind kind, struct gntsim_file **out)
{
    struct linux_kernel *k = world_kernel(w, dom);
    struct gntsim_file *f;
    int rc;

    if (!k)
        return -ESRCH;
    f = calloc(1, sizeof(*f));
    if (!f)
        return -ENOMEM;
    rc = linux_file_open(k, kind, &f->lf);
    if (rc) {
        free(f);
        return rc;
    }
    *out = f;
    return 0;
}

/* Revoke page @i of @v (mapped), then tell the driver: the page's PTE, then its VMA. */
static void dev_revoke(struct gntsim_world *w, struct gntsim_file *f, struct dev_vma *v,
                       uint32_t i)
{
    hw_mem_unexport(&w->mem, v->mfn[i]);
    v->mfn[i] = 0;
    linux_file_munmap(f->lf, v->pgoff + i, 1);
}

void gntsim_file_close(struct gntsim_world *w, struct gntsim_file *f)
{
    if (!f)
        return;
    for (uint32_t j = 0; j < f->nvma; j++) {
        for (uint32_t i = 0; i < f->vma[j]->n; i++)
            if (f->vma[j]->mfn[i])
                dev_revoke(w, f, f->vma[j], i);
        free(f->vma[j]);
    }
    free(f->vma);
    linux_file_release(f->lf);
    free(f);
}

/* A local side of a wire segment: its bytes in a page-aligned buffer at the process's
 * in-page offset (what the kernel reads or writes); NULL if out of bounds or memory. */
static uint8_t *dev_copy_local(const uint8_t *area, size_t area_len, uint64_t off,
                               uint16_t len, int16_t inpage)
{
    uint8_t *b;

    if (inpage < 0 || inpage >= (int)PAGE_SIZE || off > area_len || len > area_len - off)
        return NULL;
    b = aligned_alloc(PAGE_SIZE,
                      (inpage + len + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE + PAGE_SIZE);
    if (b)
        memcpy(b + inpage, area + off, len);
    return b ? b + inpage : NULL;
}

/* GRANT_COPY in the pointer-free layout (gntsim/dev.h) around the kernel's ioctl. */
static long dev_grant_copy(struct gntsim_file *f, uint8_t *arg, size_t len)
{
    struct ioctl_gntdev_grant_copy op;
    struct ioctl_gntdev_grant_copy_segment *seg;
    uint8_t *area, **local;
    size_t n, area_len;
    long rc = 0;

    if (len < sizeof(op))
        return -EFAULT;
    memcpy(&op, arg, sizeof(op));
    n = op.count;
    if (n > (len - sizeof(op)) / sizeof(*seg))
        return -EFAULT;
    area = arg + sizeof(op) + n * sizeof(*seg);
    area_len = len - sizeof(op) - n * sizeof(*seg);
    seg = calloc(n ? n : 1, sizeof(*seg));
    local = calloc(n ? n : 1, sizeof(*local));
    if (!seg || !local)
        rc = -ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        bool sg, dg;

        memcpy(&seg[i], arg + sizeof(op) + i * sizeof(*seg), sizeof(*seg));
        sg = seg[i].flags & GNTCOPY_source_gref;
        dg = seg[i].flags & GNTCOPY_dest_gref;
        if (sg && dg)
            continue;
        local[i] = dev_copy_local(
            area, area_len,
            (uint64_t)(uintptr_t)(sg ? seg[i].dest.virt : seg[i].source.virt), seg[i].len,
            seg[i].status);
        if (!local[i])
            rc = -EINVAL;
        else if (sg)
            seg[i].dest.virt = local[i];
        else
            seg[i].source.virt = local[i];
    }
    if (!rc) {
        op.segments = seg;
        rc = linux_file_ioctl(f->lf, IOCTL_GNTDEV_GRANT_COPY, &op, sizeof(op));
    }
    for (size_t i = 0; seg && local && i < n; i++) {
        uint8_t *out = arg + sizeof(op) + i * sizeof(*seg);
        struct ioctl_gntdev_grant_copy_segment w;

        memcpy(&w, out, sizeof(w));
        if (!rc && local[i] && (seg[i].flags & GNTCOPY_source_gref))
            memcpy(area + (uintptr_t)w.dest.virt, local[i], seg[i].len);
        if (!rc)
            w.status = seg[i].status;
        memcpy(out, &w, sizeof(w));
        if (local[i])
            free((void *)((uintptr_t)local[i] & ~(uintptr_t)(PAGE_SIZE - 1)));
    }
    free(seg);
    free(local);
    return rc;
}

long gntsim_file_ioctl(struct gntsim_world *w, struct gntsim_file *f, unsigned long cmd,
                       void *arg, size_t len)
{
    (void)w;
    if (cmd == IOCTL_GNTDEV_GRANT_COPY && f->lf->kind == GNTSIM_DEV_GNTDEV)
        return dev_grant_copy(f, arg, len);
    return linux_file_ioctl(f->lf, cmd, arg, len);
}

/* Lend the frames behind @pfns: 0 with @v->mfn and @fds filled, or -errno (none lent). */
static int dev_lend(struct gntsim_world *w, struct linux_kernel *k, struct dev_vma *v,
                    const uint64_t *pfns, bool wr, int *fds)
{
    uint32_t i = 0;
    int rc = 0;

    for (; !rc && i < v->n; i++) {
        uint64_t pa;
        int fd;

        rc = linux_ipa_to_pa(k, pfns[i] << PAGE_SHIFT, &pa)
                 ? -EINVAL
                 : hw_mem_export(&w->mem, pa >> PAGE_SHIFT, &fd);
        if (rc)
            break;
        v->mfn[i] = pa >> PAGE_SHIFT;
        fds[i] = hw_mem_export_open(fd, wr);
        if (fds[i] < 0) {
            hw_mem_unexport(&w->mem, v->mfn[i]);
            v->mfn[i] = 0;
            rc = -ENOMEM;
        }
    }
    if (rc)
        while (i-- > 0) {
            close(fds[i]);
            hw_mem_unexport(&w->mem, v->mfn[i]);
            v->mfn[i] = 0;
        }
    return rc;
}

static int dev_vma_add(struct gntsim_file *f, struct dev_vma *v)
{
    if (f->nvma == f->cap) {
        struct dev_vma **n = sim_grow(f->vma, &f->cap, f->nvma + 1, sizeof(*n), 8);

        if (!n)
            return -ENOMEM;
        f->vma = n;
    }
    f->vma[f->nvma++] = v;
    return 0;
}

int gntsim_file_mmap(struct gntsim_world *w, struct gntsim_file *f, uint64_t pgoff,
                     uint32_t npages, bool writable, int *fds)
{
    struct dev_vma *v;
    uint64_t *pfns;
    int rc = -ENOMEM;

    if (npages == 0 || npages > HW_MEM_EXPORT_MAX)
        return -EINVAL;
    v = calloc(1, sizeof(*v) + npages * sizeof(v->mfn[0]));
    pfns = calloc(npages, sizeof(*pfns));
    if (v && pfns) {
        v->pgoff = pgoff;
        v->n = npages;
        rc = linux_file_mmap(f->lf, pgoff, npages, writable, pfns);
    }
    if (!rc) {
        rc = dev_lend(w, f->lf->k, v, pfns, writable, fds);
        if (!rc)
            rc = dev_vma_add(f, v);
        if (rc) {
            for (uint32_t i = 0; i < npages; i++)
                if (v->mfn[i]) {
                    close(fds[i]);
                    dev_revoke(w, f, v, i);
                } else
                    linux_file_munmap(f->lf, pgoff + i, 1);
        }
    }
    free(pfns);
    if (rc)
        free(v);
    return rc;
}

/* The VMA holding page @pgoff mapped now, and its page index in *@i; or NULL. */
static struct dev_vma *dev_vma_of(struct gntsim_file *f, uint64_t pgoff, uint32_t *i)
{
    for (uint32_t j = 0; j < f->nvma; j++) {
        struct dev_vma *v = f->vma[j];

        if (pgoff - v->pgoff < v->n && v->mfn[pgoff - v->pgoff]) {
            *i = (uint32_t)(pgoff - v->pgoff);
            return v;
        }
    }
    return NULL;
}

/* Forget VMAs with no page left. */
static void dev_vma_prune(struct gntsim_file *f)
{
    uint32_t kept = 0;

    for (uint32_t j = 0; j < f->nvma; j++) {
        bool live = false;

        for (uint32_t i = 0; i < f->vma[j]->n && !live; i++)
            live = f->vma[j]->mfn[i] != 0;
        if (live)
            f->vma[kept++] = f->vma[j];
        else
            free(f->vma[j]);
    }
    f->nvma = kept;
}

int gntsim_file_munmap(struct gntsim_world *w, struct gntsim_file *f, uint64_t pgoff,
                       uint32_t npages)
{
    uint32_t i;

    for (uint32_t p = 0; p < npages; p++)
        if (!dev_vma_of(f, pgoff + p, &i))
            return -EINVAL;
    for (uint32_t p = 0; p < npages; p++) {
        struct dev_vma *v = dev_vma_of(f, pgoff + p, &i);

        dev_revoke(w, f, v, i);
    }
    dev_vma_prune(f);
    return 0;
}

ssize_t gntsim_file_read(struct gntsim_world *w, struct gntsim_file *f, void *buf,
                         size_t len)
{
    (void)w;
    return linux_file_read(f->lf, buf, len);
}

ssize_t gntsim_file_write(struct gntsim_world *w, struct gntsim_file *f, const void *buf,
                          size_t len)
{
    (void)w;
    return linux_file_write(f->lf, buf, len);
}

bool gntsim_file_readable(const struct gntsim_file *f)
{
    return linux_file_readable(f->lf);
}

uint32_t gntsim_file_lent(const struct gntsim_world *w)
{
    return hw_mem_exported_frames(&w->mem);
}

int gntsim_linux_deferred(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? (int)linux_gnttab_deferred_run(k) : -ESRCH;
}
