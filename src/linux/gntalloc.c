/* SPDX-License-Identifier: MIT */
/*
 * /dev/xen/gntalloc (Linux drivers/xen/gntalloc.c, v6.1): a process grants pages of its
 * own domain. ALLOC_GREF allocates zeroed pages, grants each to the domain named
 * (gnttab_grant_foreign_access(), read-only without GNTALLOC_FLAG_WRITABLE) and gives
 * the range a file offset; mmap of consecutive grants maps the pages. A grant has a
 * user count: one for the file's list, one per mapped page; DEALLOC_GREF (or release)
 * drops the list's, munmap a page's, and the last one runs __del_gref(): the
 * notification (clear a byte, send an event), then gnttab_end_foreign_access(), which
 * defers ending the grant and freeing the page while the remote still maps it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <sys/ioctl.h>

#include <xen/sys/gntalloc.h>

#include "env/grow.h"
#include "linux/devfile.h"
#include "linux/events.h"
#include "linux/net.h" /* the page allocator */

#define GNTALLOC_LIMIT 1024u /* module parameter "limit": grants of all files */

struct gntalloc_gref {
    uint64_t file_index; /* page offset in the file */
    uint32_t ref;
    uint64_t pfn;
    uint32_t users;
    bool listed;
    uint32_t notify, port;
    uint32_t notify_off; /* byte in the page to clear */
};

struct linux_gntalloc {
    struct gntalloc_gref *grefs; /* in allocation order; freed entries removed */
    uint32_t nr;
    size_t cap;
    uint64_t index; /* next file page offset (priv->index) */
};

static struct gntalloc_gref *gref_find(struct linux_gntalloc *a, uint64_t pgoff)
{
    for (uint32_t i = 0; i < a->nr; i++)
        if (a->grefs[i].file_index == pgoff)
            return &a->grefs[i];
    return NULL;
}

/* find_grefs(): @n grants at consecutive offsets from @pgoff, all on the file's list. */
static bool gref_range(struct linux_gntalloc *a, uint64_t pgoff, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        struct gntalloc_gref *g = gref_find(a, pgoff + i);

        if (!g || !g->listed)
            return false;
    }
    return true;
}

/* __del_gref(): notify, end the grant (or defer it), forget the entry. */
static void gref_del(struct linux_file *f, struct gntalloc_gref *g)
{
    struct linux_gntalloc *a = f->u.gntalloc;

    if (g->notify & UNMAP_NOTIFY_CLEAR_BYTE) {
        uint8_t *p = linux_page_ptr(f->k, g->pfn);

        if (p)
            p[g->notify_off] = 0;
    }
    if (g->notify & UNMAP_NOTIFY_SEND_EVENT) {
        linux_evtchn_notify(f->k, g->port);
        linux_evtchn_file_put(f->k, g->port);
    }
    linux_end_access_free(f->k, g->ref, g->pfn);
    f->k->gntalloc_grefs--;
    *g = a->grefs[--a->nr];
}

static void gref_put(struct linux_file *f, struct gntalloc_gref *g)
{
    if (--g->users == 0)
        gref_del(f, g);
}

/* One new grant of a zeroed page to @domid at file offset @pgoff: 0 or -errno. */
static int gref_add(struct linux_file *f, uint16_t domid, bool readonly, uint64_t pgoff,
                    uint32_t *ref)
{
    struct linux_gntalloc *a = f->u.gntalloc;
    struct gntalloc_gref *g;
    uint64_t pfn;
    int rc;

    if (a->nr == a->cap) {
        struct gntalloc_gref *n = sim_grow(a->grefs, &a->cap, a->nr + 1, sizeof(*n), 16);

        if (!n)
            return -ENOMEM;
        a->grefs = n;
    }
    pfn = linux_page_alloc(f->k);
    if (!pfn)
        return -ENOMEM;
    rc = linux_grant(f->k, domid, pfn, readonly, ref);
    if (rc) {
        linux_page_free(f->k, pfn);
        return rc;
    }
    g = &a->grefs[a->nr++];
    *g = (struct gntalloc_gref){
        .file_index = pgoff, .ref = *ref, .pfn = pfn, .users = 1, .listed = true};
    f->k->gntalloc_grefs++;
    return 0;
}

static long gntalloc_alloc(struct linux_file *f, void *arg, size_t len)
{
    struct ioctl_gntalloc_alloc_gref *op = arg;
    struct linux_gntalloc *a = f->u.gntalloc;
    uint32_t i = 0;
    int rc = 0;

    if (len < offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids) +
                  (size_t)op->count * sizeof(op->gref_ids[0]))
        return -EFAULT;
    if (op->count > GNTALLOC_LIMIT - f->k->gntalloc_grefs)
        return -ENOSPC;
    for (; !rc && i < op->count; i++)
        rc = gref_add(f, op->domid, !(op->flags & GNTALLOC_FLAG_WRITABLE), a->index + i,
                      &op->gref_ids[i]);
    if (rc) { /* undo: the grants made so far go */
        while (--i > 0)
            gref_put(f, gref_find(a, a->index + i - 1));
        return rc;
    }
    op->index = a->index << PAGE_SHIFT;
    a->index += op->count;
    return 0;
}

static long gntalloc_dealloc(struct linux_file *f,
                             const struct ioctl_gntalloc_dealloc_gref *op)
{
    struct linux_gntalloc *a = f->u.gntalloc;
    uint64_t pgoff = op->index >> PAGE_SHIFT;

    if (!gref_range(a, pgoff, op->count))
        return -EINVAL;
    for (uint32_t i = 0; i < op->count; i++) {
        struct gntalloc_gref *g = gref_find(a, pgoff + i);

        if (g->listed) {
            g->listed = false;
            gref_put(f, g);
        }
    }
    return 0;
}

static long gntalloc_set_notify(struct linux_file *f,
                                const struct ioctl_gntalloc_unmap_notify *op)
{
    struct gntalloc_gref *g = gref_find(f->u.gntalloc, op->index >> PAGE_SHIFT);

    if (op->action & ~(uint32_t)(UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT))
        return -EINVAL;
    if (!g)
        return -ENOENT;
    if ((op->action & UNMAP_NOTIFY_SEND_EVENT) &&
        !linux_evtchn_file_get(f->k, op->event_channel_port))
        return -EINVAL; /* evtchn_get() */
    if (g->notify & UNMAP_NOTIFY_SEND_EVENT)
        linux_evtchn_file_put(f->k, g->port);
    g->notify = op->action;
    g->port = op->event_channel_port;
    g->notify_off = (uint32_t)(op->index & (PAGE_SIZE - 1));
    return 0;
}

long linux_gntalloc_ioctl(struct linux_file *f, unsigned long cmd, void *arg, size_t len)
{
    switch (cmd) {
    case IOCTL_GNTALLOC_ALLOC_GREF:
        if (len < offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids))
            return -EFAULT;
        return gntalloc_alloc(f, arg, len);
    case IOCTL_GNTALLOC_DEALLOC_GREF:
        return len < _IOC_SIZE(cmd) ? -EFAULT : gntalloc_dealloc(f, arg);
    case IOCTL_GNTALLOC_SET_UNMAP_NOTIFY:
        return len < _IOC_SIZE(cmd) ? -EFAULT : gntalloc_set_notify(f, arg);
    default:
        return -ENOTTY;
    }
}

int linux_gntalloc_mmap(struct linux_file *f, uint64_t pgoff, uint32_t n, bool wr,
                        uint64_t *pfns)
{
    struct linux_gntalloc *a = f->u.gntalloc;

    (void)wr; /* the pages are the domain's own: writable by it either way */
    if (!gref_range(a, pgoff, n))
        return -EINVAL;
    for (uint32_t i = 0; i < n; i++) {
        struct gntalloc_gref *g = gref_find(a, pgoff + i);

        g->users++;
        pfns[i] = g->pfn;
    }
    return 0;
}

int linux_gntalloc_munmap(struct linux_file *f, uint64_t pgoff, uint32_t n)
{
    struct linux_gntalloc *a = f->u.gntalloc;

    for (uint32_t i = 0; i < n; i++)
        if (!gref_find(a, pgoff + i))
            return -EINVAL;
    for (uint32_t i = 0; i < n; i++)
        gref_put(f, gref_find(a, pgoff + i));
    return 0;
}

int linux_gntalloc_open(struct linux_file *f)
{
    f->u.gntalloc = calloc(1, sizeof(*f->u.gntalloc));
    return f->u.gntalloc ? 0 : -ENOMEM;
}

void linux_gntalloc_release(struct linux_file *f)
{
    struct linux_gntalloc *a = f->u.gntalloc;

    for (uint32_t i = a->nr; i-- > 0;) {
        a->grefs[i].listed = false;
        a->grefs[i].users = 1; /* the process's mappings went first (revoked) */
        gref_put(f, &a->grefs[i]);
    }
    free(a->grefs);
    free(a);
    f->u.gntalloc = NULL;
}
