/* SPDX-License-Identifier: MIT */
/*
 * Maptrack handles (xen/common/grant_table.c get_maptrack_handle,
 * _get_maptrack_handle, steal_maptrack_handle, put_maptrack_handle):
 * per-vCPU free lists chained through grant_mapping.ref, the last entry
 * of a list never handed out (tail sentinel), a new page's first handle
 * returned and the other 255 pushed on the head, stealing when the frame
 * budget is spent. Xen picks the first steal victim at random; gntsim
 * starts at vCPU 0 (docs/fidelity.md).
 */
#include <stdlib.h>

#include "xen/gnttab/gnttab.h"

/*
 * @d's vCPU @v, whose free list (head, tail) the caller reads or changes: it holds
 * LOCK_FREELIST of (@d, @v), asserted (vcpu->maptrack_freelist_lock, grant-tables.txt
 * "Locking").
 */
static struct vcpu *freelist_of(const struct xen *x, struct domain *d, uint32_t v)
{
    sim_lock_assert_held(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
    return &d->vcpu[v];
}

/*
 * The words of @d's free lists as sim_lock_point() names them: each vCPU's head and
 * tail, then each maptrack entry's link (grant_mapping.ref).
 */
static uint32_t word_head(uint32_t v)
{
    return 2 * v;
}

static uint32_t word_tail(uint32_t v)
{
    return 2 * v + 1;
}

static uint32_t word_ref(uint32_t handle)
{
    return 2 * XEN_MAX_VCPUS + handle;
}

/*
 * __get_maptrack_handle() before 02cbeeb620 (XSA-228): lock-free, a cmpxchg of the
 * head retried until it holds; every access to a shared word is a scheduling point.
 */
GNTSIM_COLD static uint32_t maptrack_pop_lockfree(struct xen *x, struct domain *d,
                                                  uint32_t v)
{
    struct vcpu *vc = &d->vcpu[v];

    for (;;) {
        uint32_t head, next;

        sim_lock_point(x->locks, d->domid, word_head(v), LOCK_READ);
        head = vc->maptrack_head;
        if (head == MAPTRACK_TAIL)
            return INVALID_MAPTRACK_HANDLE;
        sim_lock_point(x->locks, d->domid, word_ref(head), LOCK_READ);
        next = maptrack_entry(&d->gt, head)->ref;
        if (next == MAPTRACK_TAIL)
            return INVALID_MAPTRACK_HANDLE;
        sim_lock_point(x->locks, d->domid, word_head(v), LOCK_WRITE); /* cmpxchg */
        if (vc->maptrack_head == head) {
            vc->maptrack_head = next;
            return head;
        }
    }
}

/* _get_maptrack_handle(): pop from @v's list unless only the sentinel is left. */
static uint32_t maptrack_pop(struct xen *x, struct domain *d, uint32_t v)
{
    struct vcpu *vc;
    uint32_t head, next;

    if (unlikely(!x->prof->maptrack_freelist_locked))
        return maptrack_pop_lockfree(x, d, v);
    sim_lock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
    vc = freelist_of(x, d, v);
    head = vc->maptrack_head;
    if (head != MAPTRACK_TAIL) {
        next = maptrack_entry(&d->gt, head)->ref;
        if (next == MAPTRACK_TAIL)
            head = INVALID_MAPTRACK_HANDLE;
        else
            vc->maptrack_head = next;
    } else {
        head = INVALID_MAPTRACK_HANDLE;
    }
    sim_unlock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
    return head;
}

/* steal_maptrack_handle(): take a free entry from any vCPU, re-owned by @thief. */
static uint32_t maptrack_steal(struct xen *x, struct domain *d, uint32_t thief)
{
    for (uint32_t i = 0; i < d->nr_vcpus; i++) {
        uint32_t h = maptrack_pop(x, d, i);

        if (h != INVALID_MAPTRACK_HANDLE) {
            maptrack_entry(&d->gt, h)->vcpu = thief;
            TRACE(x->trace, MAPTRACK_STEAL, TA_U(d->domid), TA_U(thief), TA_U(i),
                  TA_U(h));
            return h;
        }
    }
    return INVALID_MAPTRACK_HANDLE;
}

/*
 * Out of frames: steal, first one extra entry as sentinel if @v has no list (its tail
 * read unlocked, the sentinel installed under @v's free-list lock, as in Xen's
 * get_maptrack_handle).
 */
static uint32_t maptrack_steal_path(struct xen *x, struct domain *d, uint32_t v)
{
    if (!x->prof->maptrack_freelist_locked) /* the tail read, a shared word there */
        sim_lock_point(x->locks, d->domid, word_tail(v), LOCK_READ);
    if (d->vcpu[v].maptrack_tail == MAPTRACK_TAIL) {
        uint32_t h = maptrack_steal(x, d, v);
        struct vcpu *vc;

        if (h == INVALID_MAPTRACK_HANDLE)
            return h;
        if (!x->prof->maptrack_freelist_locked) {
            /* before 02cbeeb620: tail and head set, the sentinel's link left as it was
             * in the victim's list */
            sim_lock_point(x->locks, d->domid, word_tail(v), LOCK_WRITE);
            d->vcpu[v].maptrack_tail = h;
            sim_lock_point(x->locks, d->domid, word_head(v), LOCK_WRITE);
            d->vcpu[v].maptrack_head = h;
            return maptrack_steal(x, d, v);
        }
        sim_lock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
        vc = freelist_of(x, d, v);
        maptrack_entry(&d->gt, h)->ref = MAPTRACK_TAIL;
        vc->maptrack_tail = h;
        if (vc->maptrack_head == MAPTRACK_TAIL)
            vc->maptrack_head = h;
        sim_unlock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
    }
    return maptrack_steal(x, d, v);
}

/*
 * A new maptrack page, under @d's maptrack lock (asserted): its entries chained, @v's
 * tail set directly if @v has no list yet, the limit raised. Returns its first handle
 * (the caller pushes the rest on @v's free list) or INVALID_MAPTRACK_HANDLE.
 */
static uint32_t maptrack_grow(struct xen *x, struct domain *d, uint32_t v)
{
    struct grant_table *gt = &d->gt;
    struct grant_mapping *page;
    uint32_t handle = gt->maptrack_limit;

    sim_lock_assert_held(x->locks, LOCK_MAPTRACK, d->domid, 0, LOCK_WRITE);
    /* get_maptrack_handle(): frames are allocated one at a time, on demand */
    page = gnttab_reserve_maptrack(gt, gt->nr_maptrack_frames + 1) ||
                   frames_alloc_fails(&x->frames) /* alloc_xenheap_page() */
               ? NULL
               : calloc(MAPTRACK_PER_PAGE, sizeof(*page));
    if (!page)
        return INVALID_MAPTRACK_HANDLE;
    for (uint32_t i = 0; i < MAPTRACK_PER_PAGE; i++) {
        page[i].ref = handle + i + 1;
        page[i].vcpu = v;
    }
    if (d->vcpu[v].maptrack_tail == MAPTRACK_TAIL)
        d->vcpu[v].maptrack_tail = handle + MAPTRACK_PER_PAGE - 1;
    gt->maptrack[gt->nr_maptrack_frames++] = page;
    gt->maptrack_limit += MAPTRACK_PER_PAGE;
    TRACE(x->trace, MAPTRACK_GROW, TA_U(d->domid), TA_U(v), TA_U(gt->nr_maptrack_frames),
          TA_U(gt->maptrack_limit));
    return handle;
}

/*
 * The rest of the new page at @handle (entries handle + 1 ..) on the head of @v's free
 * list, under its free-list lock once the maptrack lock is dropped, as in Xen's
 * get_maptrack_handle (RELEASE-4.11.0 to master).
 */
static void maptrack_push_page(struct xen *x, struct domain *d, uint32_t v,
                               uint32_t handle)
{
    struct vcpu *vc;

    sim_lock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
    vc = freelist_of(x, d, v);
    maptrack_entry(&d->gt, handle + MAPTRACK_PER_PAGE - 1)->ref = vc->maptrack_head;
    vc->maptrack_head = handle + 1;
    sim_unlock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
}

/* The new page pushed before 02cbeeb620: a cmpxchg loop on @v's head, under the
 * maptrack lock (which orders it only against other pages' pushes). */
GNTSIM_COLD static void maptrack_push_page_lockfree(struct xen *x, struct domain *d,
                                                    uint32_t v, uint32_t handle)
{
    struct grant_mapping *last = maptrack_entry(&d->gt, handle + MAPTRACK_PER_PAGE - 1);
    struct vcpu *vc = &d->vcpu[v];

    for (;;) {
        sim_lock_point(x->locks, d->domid, word_head(v), LOCK_READ);
        last->ref = vc->maptrack_head;
        sim_lock_point(x->locks, d->domid, word_head(v), LOCK_WRITE); /* cmpxchg */
        if (vc->maptrack_head == last->ref) {
            vc->maptrack_head = handle + 1;
            return;
        }
    }
}

uint32_t maptrack_get(struct xen *x, struct domain *d, uint32_t v)
{
    uint32_t handle = maptrack_pop(x, d, v);
    bool room, locked;

    if (handle != INVALID_MAPTRACK_HANDLE)
        return handle;
    locked = x->prof->maptrack_freelist_locked;
    sim_lock(x->locks, LOCK_MAPTRACK, d->domid, 0, LOCK_WRITE);
    room = d->gt.nr_maptrack_frames < d->gt.max_maptrack_frames;
    handle = room ? maptrack_grow(x, d, v) : INVALID_MAPTRACK_HANDLE;
    if (handle != INVALID_MAPTRACK_HANDLE && !locked)
        maptrack_push_page_lockfree(x, d, v, handle);
    sim_unlock(x->locks, LOCK_MAPTRACK, d->domid, 0, LOCK_WRITE);
    if (handle != INVALID_MAPTRACK_HANDLE) {
        if (locked)
            maptrack_push_page(x, d, v, handle);
        return handle;
    }
    return maptrack_steal_path(x, d, v);
}

/*
 * put_maptrack_handle() before 02cbeeb620: @handle's link ended (a shared word: a pop
 * that read the head before @handle was handed out may still read it), the tail swung
 * by cmpxchg, then the old tail linked to @handle; each access its own point.
 */
GNTSIM_COLD static void maptrack_put_lockfree(struct xen *x, struct domain *d,
                                              uint32_t handle)
{
    struct grant_mapping *m = maptrack_entry(&d->gt, handle);
    struct vcpu *vc;
    uint32_t v, prev, cur;

    sim_lock_point(x->locks, d->domid, word_ref(handle), LOCK_WRITE);
    m->ref = MAPTRACK_TAIL;
    v = m->vcpu;
    vc = &d->vcpu[v];
    sim_lock_point(x->locks, d->domid, word_tail(v), LOCK_READ);
    cur = vc->maptrack_tail;
    do {
        prev = cur;
        sim_lock_point(x->locks, d->domid, word_tail(v), LOCK_WRITE); /* cmpxchg */
        cur = vc->maptrack_tail;
        if (cur == prev)
            vc->maptrack_tail = handle;
    } while (cur != prev);
    GNTSIM_ASSERT("C5", prev != MAPTRACK_TAIL);
    sim_lock_point(x->locks, d->domid, word_ref(prev), LOCK_WRITE);
    maptrack_entry(&d->gt, prev)->ref = handle;
}

void maptrack_put(struct xen *x, struct domain *d, uint32_t handle)
{
    struct grant_mapping *m;
    uint32_t v;
    struct vcpu *vc;
    uint32_t tail;

    if (unlikely(!x->prof->maptrack_freelist_locked)) {
        maptrack_put_lockfree(x, d, handle);
        return;
    }
    m = maptrack_entry(&d->gt, handle);
    m->ref = MAPTRACK_TAIL;
    v = m->vcpu;
    sim_lock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
    vc = freelist_of(x, d, v);
    tail = vc->maptrack_tail;
    GNTSIM_ASSERT("C5", tail != MAPTRACK_TAIL);
    vc->maptrack_tail = handle;
    maptrack_entry(&d->gt, tail)->ref = handle;
    sim_unlock(x->locks, LOCK_FREELIST, d->domid, v, LOCK_WRITE);
}
