/* SPDX-License-Identifier: MIT */
/*
 * /dev/xen/gntdev (Linux drivers/xen/gntdev.c, v6.1) on an auto-translated (Arm)
 * kernel, where use_ptemod is false: MAP_GRANT_REF only records the grants and returns
 * an index; mmap() of exactly that range maps them (gnttab_map_refs() at unpopulated
 * pages, read-only when the VMA lacks VM_WRITE: gntdev_mmap()); the grants are unmapped
 * when both the map's list entry (UNMAP_GRANT_REF, or release) and its VMA are gone
 * (gntdev_put_map()), clearing the notification byte first and sending the notification
 * event after (__unmap_grant_pages(), gntdev_put_map()).
 * This model lets a map be mmapped once at a time, and keeps its pages' frames (the
 * unpopulated pages) for a later mmap.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <sys/ioctl.h>

#include <xen/grant_table.h>
#include <xen/sys/gntdev.h>

#include "env/grow.h"
#include "linux/devfile.h"
#include "linux/events.h"
#include "linux/net.h" /* linux_page_ptr */

#define GNTDEV_LIMIT      (64u * 1024) /* module parameter "limit": pages per request */
#define GNTDEV_COPY_BATCH 16           /* GNTTABOP_copy ops per hypercall */

struct gntdev_map {
    uint64_t index;       /* first page offset in the file */
    uint32_t count;       /* pages */
    uint32_t vma;         /* pages of its VMA still mapped (0: no VMA) */
    bool listed;          /* on the file's list (until UNMAP_GRANT_REF or release) */
    bool mapped;          /* grants mapped (at mmap) */
    uint32_t notify;      /* UNMAP_NOTIFY_* still to do */
    uint32_t port;        /* the event to send */
    uint64_t notify_byte; /* byte offset in the map to clear */
    struct gntsim_linux_map grants[]; /* per page: granter, ref, pfn, handle, status */
};

struct linux_gntdev {
    struct gntdev_map **maps; /* sorted by index: listed, or unlisted with a live VMA */
    uint32_t nr;
    size_t cap;
};

/* The map whose range is exactly [@index, @index + @count), listed or not. */
static struct gntdev_map *gntdev_find(struct linux_gntdev *g, uint64_t index,
                                      uint32_t count, bool listed_only)
{
    for (uint32_t i = 0; i < g->nr; i++)
        if (g->maps[i]->index == index && g->maps[i]->count == count &&
            (!listed_only || g->maps[i]->listed))
            return g->maps[i];
    return NULL;
}

/* The map holding page @pgoff, or NULL. */
static struct gntdev_map *gntdev_find_page(struct linux_gntdev *g, uint64_t pgoff)
{
    for (uint32_t i = 0; i < g->nr; i++)
        if (pgoff - g->maps[i]->index < g->maps[i]->count)
            return g->maps[i];
    return NULL;
}

/* Unmap @m's grants: the notification byte first (__unmap_grant_pages()). */
static void gntdev_unmap(struct linux_kernel *k, struct gntdev_map *m)
{
    uint32_t page = (uint32_t)(m->notify_byte >> PAGE_SHIFT);

    if ((m->notify & UNMAP_NOTIFY_CLEAR_BYTE) && m->grants[page].status == 0) {
        uint8_t *p = linux_page_ptr(k, m->grants[page].pfn);

        if (p)
            p[m->notify_byte & (PAGE_SIZE - 1)] = 0;
        m->notify &= ~UNMAP_NOTIFY_CLEAR_BYTE;
    }
    /* unmap_grant_pages(): each run of mapped pages in one batch */
    for (uint32_t i = 0; i < m->count;) {
        uint32_t n = 0;

        while (i + n < m->count && m->grants[i + n].status == 0)
            n++;
        if (n)
            linux_unmap_refs(k, &m->grants[i], n);
        for (uint32_t j = i; j < i + n; j++) {
            m->grants[j].status = -1;
            m->grants[j].handle = UINT32_MAX;
        }
        i += n ? n : 1;
    }
    m->mapped = false;
}

/* gntdev_put_map() once neither list nor VMA holds @m: unmap, notify, free. */
static void gntdev_put(struct linux_file *f, struct gntdev_map *m)
{
    struct linux_gntdev *g = f->u.gntdev;
    uint32_t i = 0;

    if (m->listed || m->vma)
        return;
    if (m->mapped)
        gntdev_unmap(f->k, m);
    if (m->notify & UNMAP_NOTIFY_SEND_EVENT) {
        linux_evtchn_notify(f->k, m->port);
        linux_evtchn_file_put(f->k, m->port);
    }
    while (g->maps[i] != m)
        i++;
    memmove(&g->maps[i], &g->maps[i + 1], (g->nr - i - 1) * sizeof(*g->maps));
    g->nr--;
    free(m);
}

/* gntdev_add_map(): the first gap after index 0 that is wider than @count pages. */
static int gntdev_add(struct linux_gntdev *g, struct gntdev_map *m)
{
    uint32_t i = 0;

    if (g->nr == g->cap) {
        struct gntdev_map **n = sim_grow(g->maps, &g->cap, g->nr + 1, sizeof(*n), 8);

        if (!n)
            return -ENOMEM;
        g->maps = n;
    }
    m->index = 0;
    for (; i < g->nr && m->index + m->count >= g->maps[i]->index; i++)
        m->index = g->maps[i]->index + g->maps[i]->count;
    memmove(&g->maps[i + 1], &g->maps[i], (g->nr - i) * sizeof(*g->maps));
    g->maps[i] = m;
    g->nr++;
    return 0;
}

static long gntdev_map_grant_ref(struct linux_file *f, void *arg, size_t len)
{
    struct ioctl_gntdev_map_grant_ref *op = arg;
    struct gntdev_map *m;
    int rc;

    if (op->count == 0 || op->count > GNTDEV_LIMIT)
        return -EINVAL;
    if (len < offsetof(struct ioctl_gntdev_map_grant_ref, refs) +
                  (size_t)op->count * sizeof(op->refs[0]))
        return -EFAULT;
    m = calloc(1, sizeof(*m) + op->count * sizeof(m->grants[0]));
    if (!m)
        return -ENOMEM;
    m->count = op->count;
    m->listed = true;
    for (uint32_t i = 0; i < op->count; i++)
        m->grants[i] =
            (struct gntsim_linux_map){.granter = (gntsim_domid_t)op->refs[i].domid,
                                      .ref = op->refs[i].ref,
                                      .handle = UINT32_MAX,
                                      .status = -1};
    rc = gntdev_add(f->u.gntdev, m);
    if (rc) {
        free(m);
        return rc;
    }
    op->index = m->index << PAGE_SHIFT;
    return 0;
}

static long gntdev_unmap_grant_ref(struct linux_file *f,
                                   struct ioctl_gntdev_unmap_grant_ref *op)
{
    struct gntdev_map *m =
        gntdev_find(f->u.gntdev, op->index >> PAGE_SHIFT, op->count, true);

    if (!m)
        return -ENOENT;
    m->listed = false;
    gntdev_put(f, m);
    return 0;
}

/* gntdev_ioctl_notify(): the map holding byte @index; a readonly map cannot clear. */
static long gntdev_set_notify(struct linux_file *f, struct ioctl_gntdev_unmap_notify *op)
{
    struct gntdev_map *m = gntdev_find_page(f->u.gntdev, op->index >> PAGE_SHIFT);

    if (op->action & ~(uint32_t)(UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT))
        return -EINVAL;
    if (!m || !m->listed)
        return -ENOENT;
    if ((op->action & UNMAP_NOTIFY_CLEAR_BYTE) && m->mapped && m->grants[0].readonly)
        return -EINVAL;
    if ((op->action & UNMAP_NOTIFY_SEND_EVENT) &&
        !linux_evtchn_file_get(f->k, op->event_channel_port))
        return -EINVAL; /* evtchn_get() */
    if (m->notify & UNMAP_NOTIFY_SEND_EVENT)
        linux_evtchn_file_put(f->k, m->port);
    m->notify = op->action;
    m->port = op->event_channel_port;
    m->notify_byte = op->index - (m->index << PAGE_SHIFT);
    return 0;
}

/*
 * GRANT_COPY (gntdev_ioctl_grant_copy(), gntdev_grant_copy_seg(), gntdev_copy()): each
 * segment is split where its local buffer crosses a page; a local page is the kernel's
 * bounce page here (Linux pins the process's page and names its gfn; the copy ops,
 * their order and their offsets are the same); batches of GNTDEV_COPY_BATCH ops; the
 * first failed op's status is the segment's. A segment's local side is @virt, read or
 * written directly (the caller passes memory it owns, at the process's in-page offset).
 */
struct gntdev_copy_batch {
    struct gnttab_copy ops[GNTDEV_COPY_BATCH];
    int16_t *status[GNTDEV_COPY_BATCH];
    uint8_t *local[GNTDEV_COPY_BATCH]; /* the process's bytes of a local dest, or NULL */
    unsigned nr;
    uint64_t bounce[GNTDEV_COPY_BATCH]; /* a kernel page per op */
};

static int gntdev_copy_flush(struct linux_kernel *k, struct gntdev_copy_batch *b)
{
    long rc = b->nr ? linux_gnttab_op(k, GNTTABOP_copy, b->ops, b->nr) : 0;

    for (unsigned i = 0; i < b->nr; i++) {
        struct gnttab_copy *op = &b->ops[i];

        if (!rc && op->status == GNTST_okay && b->local[i])
            memcpy(b->local[i], linux_page_ptr(k, b->bounce[i]) + op->dest.offset,
                   op->len);
        if ((rc || op->status != GNTST_okay) && *b->status[i] == GNTST_okay)
            *b->status[i] = rc ? GNTST_general_error : op->status;
    }
    b->nr = 0;
    return rc ? (int)rc : 0;
}

/* One side of an op: the grant, or the local bytes through bounce page @pfn. */
static void gntdev_copy_side(struct gnttab_copy_ptr *p, bool gref, uint32_t ref,
                             uint16_t domid, uint16_t off, uint64_t pfn)
{
    if (gref)
        p->u.ref = ref;
    else
        p->u.gmfn = pfn;
    p->domid = gref ? domid : DOMID_SELF;
    p->offset = off;
}

static int gntdev_copy_seg(struct linux_kernel *k, struct gntdev_copy_batch *b,
                           struct ioctl_gntdev_grant_copy_segment *seg)
{
    bool sg = seg->flags & GNTCOPY_source_gref, dg = seg->flags & GNTCOPY_dest_gref;

    if (!sg && !dg)
        return -EINVAL; /* no local -> local copies */
    if ((sg && seg->source.foreign.offset + seg->len > PAGE_SIZE) ||
        (dg && seg->dest.foreign.offset + seg->len > PAGE_SIZE))
        return -EINVAL; /* a grant's side cannot cross its page */
    seg->status = GNTST_okay;
    for (uint16_t copied = 0; copied < seg->len;) {
        struct gnttab_copy *op = &b->ops[b->nr];
        uint8_t *virt = !sg   ? (uint8_t *)seg->source.virt + copied
                        : !dg ? (uint8_t *)seg->dest.virt + copied
                              : NULL;
        uint16_t off = virt ? (uint16_t)((uintptr_t)virt & (PAGE_SIZE - 1)) : 0;
        uint16_t len = (uint16_t)(seg->len - copied);

        if (virt && len > PAGE_SIZE - off)
            len = (uint16_t)(PAGE_SIZE - off);
        *op = (struct gnttab_copy){.len = len,
                                   .flags = (uint16_t)((sg ? GNTCOPY_source_gref : 0) |
                                                       (dg ? GNTCOPY_dest_gref : 0))};
        gntdev_copy_side(
            &op->source, sg, seg->source.foreign.ref, seg->source.foreign.domid,
            (uint16_t)(sg ? seg->source.foreign.offset + copied : off), b->bounce[b->nr]);
        gntdev_copy_side(&op->dest, dg, seg->dest.foreign.ref, seg->dest.foreign.domid,
                         (uint16_t)(dg ? seg->dest.foreign.offset + copied : off),
                         b->bounce[b->nr]);
        if (!sg) /* copy_from_user into the page the op reads */
            memcpy(linux_page_ptr(k, b->bounce[b->nr]) + off, virt, len);
        b->local[b->nr] = !dg ? virt : NULL;
        b->status[b->nr++] = &seg->status;
        copied = (uint16_t)(copied + len);
        if (b->nr == GNTDEV_COPY_BATCH && gntdev_copy_flush(k, b))
            return -EFAULT;
    }
    return 0;
}

static long gntdev_grant_copy(struct linux_file *f, void *arg, size_t len)
{
    struct ioctl_gntdev_grant_copy *op = arg;
    struct gntdev_copy_batch b = {.nr = 0};
    long rc = 0;

    if (len < sizeof(*op) || (op->count && !op->segments))
        return -EFAULT;
    for (unsigned i = 0; i < GNTDEV_COPY_BATCH; i++)
        if (!(b.bounce[i] = linux_page_alloc(f->k)))
            rc = -ENOMEM;
    for (unsigned i = 0; !rc && i < op->count; i++)
        rc = gntdev_copy_seg(f->k, &b, &op->segments[i]);
    if (!rc && gntdev_copy_flush(f->k, &b))
        rc = -EFAULT;
    for (unsigned i = 0; i < GNTDEV_COPY_BATCH; i++)
        if (b.bounce[i])
            linux_page_free(f->k, b.bounce[i]);
    return rc;
}

long linux_gntdev_ioctl(struct linux_file *f, unsigned long cmd, void *arg, size_t len)
{
    switch (cmd) {
    case IOCTL_GNTDEV_MAP_GRANT_REF:
        if (len < offsetof(struct ioctl_gntdev_map_grant_ref, refs))
            return -EFAULT;
        return gntdev_map_grant_ref(f, arg, len);
    case IOCTL_GNTDEV_UNMAP_GRANT_REF:
        return len < _IOC_SIZE(cmd) ? -EFAULT : gntdev_unmap_grant_ref(f, arg);
    case IOCTL_GNTDEV_SET_UNMAP_NOTIFY:
        return len < _IOC_SIZE(cmd) ? -EFAULT : gntdev_set_notify(f, arg);
    case IOCTL_GNTDEV_GRANT_COPY:
        return gntdev_grant_copy(f, arg, len);
    default: /* SET_MAX_GRANTS is gone since Linux 4.19; GET_OFFSET_FOR_VADDR needs the
                process's VMAs and is answered by whoever holds them (gntsimd's shim) */
        return -ENOTTY;
    }
}

int linux_gntdev_mmap(struct linux_file *f, uint64_t pgoff, uint32_t n, bool wr,
                      uint64_t *pfns)
{
    struct gntdev_map *m = gntdev_find(f->u.gntdev, pgoff, n, true);
    int rc;

    if (!m || m->vma)
        return -EINVAL;
    for (uint32_t i = 0; i < n; i++)
        m->grants[i].readonly = !wr;
    rc = linux_map_refs(f->k, m->grants, n);
    m->mapped = true;
    for (uint32_t i = 0; !rc && i < n; i++)
        if (m->grants[i].status != 0)
            rc = -EINVAL; /* gntdev_map_grant_pages(): a failed grant fails the mmap */
    if (rc) { /* this model unmaps at once what did map, so that a retry maps afresh */
        gntdev_unmap(f->k, m);
        return rc;
    }
    for (uint32_t i = 0; i < n; i++)
        pfns[i] = m->grants[i].pfn;
    m->vma = n;
    return 0;
}

int linux_gntdev_munmap(struct linux_file *f, uint64_t pgoff, uint32_t n)
{
    struct gntdev_map *m = gntdev_find_page(f->u.gntdev, pgoff);

    if (!m || pgoff + n > m->index + m->count || m->vma < n)
        return -EINVAL;
    m->vma -= n;
    gntdev_put(f, m);
    return 0;
}

int linux_gntdev_open(struct linux_file *f)
{
    f->u.gntdev = calloc(1, sizeof(*f->u.gntdev));
    return f->u.gntdev ? 0 : -ENOMEM;
}

void linux_gntdev_release(struct linux_file *f)
{
    struct linux_gntdev *g = f->u.gntdev;

    while (g->nr) {
        struct gntdev_map *m = g->maps[g->nr - 1];

        m->listed = false;
        m->vma = 0; /* the process's mappings went first (the caller revoked them) */
        gntdev_put(f, m);
    }
    free(g->maps);
    free(g);
    f->u.gntdev = NULL;
}
