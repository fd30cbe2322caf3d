/* SPDX-License-Identifier: MIT */
/*
 * gntsim_check_invariants_step(): the invariants checked where the operations
 * since the last check acted. A recorder (a trace hook and a memory-write
 * observer) notes the grant entries, P2M entries, mapping domains and memory
 * those operations touched; the check then reads the real structures there
 * only, with the very checks of the full walk (invariants.c). What the
 * recorder cannot localise (a domain destroyed, a version switch, an event it
 * does not know, a full list) makes the next check a full one; more P2M entries
 * of one domain than the list holds (a new domain's RAM) make a walk of that
 * domain's whole P2M.
 */
#include <stdlib.h>
#include <string.h>

#include "check/invariants_int.h"

/* What an event tells the recorder. */
enum inv_class {
    INV_FULL = 0, /* unknown or not localisable: the next check is full (default) */
    INV_NONE,     /* changes nothing the invariants read */
    INV_LOCAL,    /* localised by step_note() */
};

static const uint8_t inv_class_of[TEV_NR] = {
    [TEV_HYPERCALL] = INV_NONE,
    [TEV_HYPERCALL_RET] = INV_NONE,
    [TEV_GNTTAB_FAIL] = INV_NONE,
    [TEV_IOMMU_DECISION] = INV_NONE,
    [TEV_SMMU_FAULT] = INV_NONE,
    [TEV_SMMU_GFAULT] = INV_NONE,
    [TEV_SMMU_BYPASS] = INV_NONE,
    [TEV_IOTLB_HIT] = INV_NONE,
    [TEV_IOTLB_MISS] = INV_NONE,
    [TEV_IOTLB_FLUSH] = INV_NONE,
    [TEV_IOTLB_FLUSH_SKIPPED] = INV_NONE,
    [TEV_TLB_FLUSH] = INV_NONE,
    [TEV_LOCK] = INV_NONE,
    [TEV_GET_PAGE] = INV_NONE, /* reference changes come with the grant, P2M or domain */
    [TEV_PUT_PAGE] = INV_NONE, /* events that localise them (or net zero: copy) */
    [TEV_FINDING] = INV_NONE,
    [TEV_LOG] = INV_NONE,
    [TEV_NOTE] = INV_NONE,
    [TEV_XEN_FEATURES] = INV_NONE,
    [TEV_P2M_REMOVE_REFUSED] = INV_NONE,
    [TEV_XEN_BUG] = INV_NONE,        /* S9: every check */
    [TEV_XEN_HANG] = INV_NONE,       /* S12: every check */
    [TEV_PAR_RUN] = INV_NONE,        /* a vCPU switch: no state */
    [TEV_XEN_USED_FREED] = INV_NONE, /* S13: every check */
    [TEV_DOMAIN_CRASH] = INV_NONE,   /* S10: every check */
    /* memory effects reach the recorder as writes; Linux's own books are not checked */
    [TEV_DMA] = INV_NONE,
    [TEV_CACHE_OP] = INV_NONE,
    [TEV_CACHE_FLUSH_OP] = INV_NONE,
    [TEV_GNTTAB_COPY] = INV_NONE, /* its pins are GNTTAB_PIN events */
    [TEV_LINUX_BOOT] = INV_NONE,
    [TEV_FOREIGN_P2M] = INV_NONE,
    [TEV_DMA_MAP] = INV_NONE,
    [TEV_DMA_UNMAP] = INV_NONE,
    [TEV_DMA_SYNC] = INV_NONE,
    [TEV_BOUNCE] = INV_NONE,
    [TEV_ARCH_SYNC] = INV_NONE,
    [TEV_EVTCHN_OP] = INV_NONE,
    [TEV_EVTCHN_PENDING] = INV_NONE,
    [TEV_EVTCHN_UPCALL] = INV_NONE,
    [TEV_XS_OP] = INV_NONE,
    [TEV_XS_WATCH_EVENT] = INV_NONE,
    [TEV_NET_REFUSE] = INV_NONE,
    [TEV_NET_WIRE] = INV_NONE,
    [TEV_STEP_BEGIN] = INV_NONE,
    [TEV_STEP_END] = INV_NONE,
    [TEV_EXPECT] = INV_NONE,
    [TEV_GNTTAB_MAP] = INV_LOCAL,
    [TEV_GNTTAB_UNMAP] = INV_LOCAL,
    [TEV_GNTTAB_PIN] = INV_LOCAL,
    [TEV_GNTTAB_RELEASE] = INV_LOCAL,
    [TEV_GNTTAB_SWAP] = INV_LOCAL,
    [TEV_GUEST_GRANT] = INV_LOCAL,
    [TEV_GUEST_GRANT_TRANS] = INV_LOCAL,
    [TEV_MAPTRACK_GROW] = INV_LOCAL,
    [TEV_MAPTRACK_STEAL] = INV_LOCAL,
    [TEV_IOMMU_COUNTER] = INV_LOCAL,
    [TEV_P2M_SET] = INV_LOCAL,
    [TEV_P2M_REMOVE] = INV_LOCAL,
    [TEV_IOMMU_MAP] = INV_LOCAL,
    [TEV_IOMMU_UNMAP] = INV_LOCAL,
    [TEV_DOMAIN_CREATE] = INV_LOCAL, /* its RAM comes as P2M_SET; its table is empty */
    [TEV_DOMAIN_DESTROY] = INV_LOCAL,
    /* GNTTAB_VERSION, GNTTAB_TRANSFER: INV_FULL */
};

void inv_step_reset(struct inv_step *s)
{
    s->full = false;
    s->nr_ref = s->nr_gfn = s->nr_write = s->nr_dom = s->nr_p2m_dom = 0;
}

static void step_ref(struct inv_step *s, uint64_t dom, uint64_t ref)
{
    for (unsigned i = 0; i < s->nr_ref; i++)
        if (s->ref[i].dom == dom && s->ref[i].ref == ref)
            return;
    if (s->nr_ref == INV_STEP_REFS || dom > UINT16_MAX || ref > UINT32_MAX) {
        s->full = true;
        return;
    }
    s->ref[s->nr_ref].dom = (uint16_t)dom;
    s->ref[s->nr_ref++].ref = (uint32_t)ref;
}

/* Whether @dom's whole P2M is to be checked (step_gfn() ran out of room for it). */
static bool step_p2m_whole(const struct inv_step *s, uint64_t dom)
{
    for (unsigned i = 0; i < s->nr_p2m_dom; i++)
        if (s->p2m_dom[i] == dom)
            return true;
    return false;
}

/* P2M entry @gfn of @dom; when gfn[] is full, @dom's whole P2M (a new domain's RAM). */
static void step_gfn(struct inv_step *s, uint64_t dom, uint64_t gfn)
{
    if (dom > UINT16_MAX) {
        s->full = true;
        return;
    }
    if (step_p2m_whole(s, dom))
        return;
    /* the same entry again in a row (a map's P2M and IOMMU events) is kept once; a
     * repeat further back is checked twice, which costs less than a scan per event */
    if (s->nr_gfn && s->gfn[s->nr_gfn - 1].dom == dom && s->gfn[s->nr_gfn - 1].gfn == gfn)
        return;
    if (s->nr_gfn == INV_STEP_GFNS) {
        if (s->nr_p2m_dom == XEN_MAX_DOMAINS)
            s->full = true;
        else
            s->p2m_dom[s->nr_p2m_dom++] = (uint16_t)dom;
        return;
    }
    s->gfn[s->nr_gfn].dom = (uint16_t)dom;
    s->gfn[s->nr_gfn++].gfn = gfn;
}

/* Mapping domain @dom: its maptrack, counters or P2M changed. */
static void step_dom(struct inv_step *s, uint64_t dom)
{
    for (unsigned i = 0; i < s->nr_dom; i++)
        if (s->dom[i] == dom)
            return;
    if (s->nr_dom == XEN_MAX_DOMAINS || dom > UINT16_MAX)
        s->full = true;
    else
        s->dom[s->nr_dom++] = (uint16_t)dom;
}

static uint64_t handle_key(uint64_t dom, uint64_t handle)
{
    return (dom << 32 | (handle & UINT32_MAX)) + 1;
}

/* The slot of @key in the handle table (its own or the empty one it would take). */
static size_t handle_slot(const struct inv_step *s, uint64_t key)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ull >> 20) & (s->handle_cap - 1);

    while (s->handle[i].key && s->handle[i].key != key)
        i = (i + 1) & (s->handle_cap - 1);
    return i;
}

/* Rebuild the handle table with @cap slots, without the handles of domain @drop
 * (-1: none). False (nothing changed) without memory. */
static bool handle_rehash(struct inv_step *s, size_t cap, int drop)
{
    struct inv_handle *old = s->handle;
    size_t old_cap = s->handle_cap;

    s->handle = calloc(cap, sizeof(*s->handle));
    if (!s->handle) {
        s->handle = old;
        return false;
    }
    s->handle_cap = cap;
    s->handle_nr = 0;
    for (size_t k = 0; k < old_cap; k++)
        if (old[k].key && (int)((old[k].key - 1) >> 32) != drop) {
            s->handle[handle_slot(s, old[k].key)] = old[k];
            s->handle_nr++;
        }
    free(old);
    return true;
}

/* Remember a successful host mapping (MAP event @a); a full check if memory runs out. */
static void handle_put(struct inv_step *s, const union trace_arg *a)
{
    uint64_t key = handle_key(a[0].u, a[6].u);
    size_t i;

    if (2 * (s->handle_nr + 1) > s->handle_cap &&
        !handle_rehash(s, s->handle_cap ? 2 * s->handle_cap : 64, -1)) {
        s->full = true;
        return;
    }
    i = handle_slot(s, key);
    s->handle_nr += !s->handle[i].key;
    s->handle[i] = (struct inv_handle){.key = key,
                                       .gfn = a[4].u >> PAGE_SHIFT,
                                       .dev = a[7].u >> PAGE_SHIFT,
                                       .rd = (uint16_t)a[1].u};
}

/* Where a mapping recorded in @h lived (host gfn, device frame) in its domain @dom. */
static void handle_where(struct inv_step *s, uint64_t dom, const struct inv_handle *h)
{
    step_dom(s, dom);
    step_gfn(s, dom, h->gfn);
    if (h->dev)
        step_gfn(s, dom, h->dev);
}

/*
 * Domain @dom died: its frames are freed unless referenced. Every mapping of
 * them ever made (whether or not its handle still lives: an unmap may have
 * left its entry) is where a survivor could map a free frame. Its own
 * mappings' granters come as RELEASE events. Foreign mappings are not
 * recorded: with one made, the death gets a full check.
 */
static void step_death(struct inv_step *s, uint64_t dom)
{
    if (s->foreign) {
        s->full = true;
        return;
    }
    for (size_t k = 0; k < s->handle_cap && !s->full; k++)
        if (s->handle[k].key && s->handle[k].rd == dom)
            handle_where(s, (s->handle[k].key - 1) >> 32, &s->handle[k]);
    if (s->handle_cap && !handle_rehash(s, s->handle_cap, (int)dom))
        s->full = true;
}

void inv_step_fini(struct inv_step *s)
{
    free(s->handle);
    s->handle = NULL;
    s->handle_cap = s->handle_nr = 0;
}

/* A mapping's addresses: the host gfn and, if any, the device frame. */
static void step_addrs(struct inv_step *s, uint64_t dom, uint64_t host, uint64_t dev)
{
    step_dom(s, dom);
    step_gfn(s, dom, host >> PAGE_SHIFT);
    if (dev)
        step_gfn(s, dom, dev >> PAGE_SHIFT);
}

/* Note what event @ev with @a (fields as in trace_events.def) touched. */
static void step_note(struct inv_step *s, enum trace_ev ev, const union trace_arg *a)
{
    switch (ev) {
    case TEV_GNTTAB_MAP: /* dom rd ref flags host_addr status handle dev_bus_addr */
        step_ref(s, a[1].u, a[2].u);
        step_addrs(s, a[0].u, a[4].u, a[7].u);
        break;
    case TEV_GNTTAB_UNMAP: /* dom handle host_addr dev_bus_addr: pins come as PIN */
        step_addrs(s, a[0].u, a[2].u, a[3].u);
        if (s->handle_cap) {
            size_t i = handle_slot(s, handle_key(a[0].u, a[1].u));

            if (s->handle[i].key)
                handle_where(s, a[0].u, &s->handle[i]);
        }
        break;
    case TEV_GNTTAB_PIN:        /* rd ref */
    case TEV_GUEST_GRANT:       /* dom ref */
    case TEV_GUEST_GRANT_TRANS: /* dom ref */
        step_ref(s, a[0].u, a[1].u);
        break;
    case TEV_GNTTAB_RELEASE: /* dom handle rd ref */
        step_dom(s, a[0].u);
        step_ref(s, a[2].u, a[3].u);
        break;
    case TEV_GNTTAB_SWAP: /* dom ref_a ref_b */
        step_ref(s, a[0].u, a[1].u);
        step_ref(s, a[0].u, a[2].u);
        break;
    case TEV_DOMAIN_DESTROY: /* step_record() */
        break;
    case TEV_DOMAIN_CREATE:  /* dom */
    case TEV_MAPTRACK_GROW:  /* dom */
    case TEV_MAPTRACK_STEAL: /* dom */
    case TEV_IOMMU_COUNTER:  /* dom */
        step_dom(s, a[0].u);
        break;
    case TEV_P2M_SET:     /* dom gfn */
    case TEV_P2M_REMOVE:  /* dom gfn */
    case TEV_IOMMU_MAP:   /* dom dfn */
    case TEV_IOMMU_UNMAP: /* dom dfn */
        step_dom(s, a[0].u);
        step_gfn(s, a[0].u, a[1].u);
        break;
    default:
        s->full = true;
        break;
    }
}

/* What outlives the step (mappings live on): recorded whatever the next check is. */
static void step_record(struct inv_step *s, enum trace_ev ev, const union trace_arg *a)
{
    if (ev == TEV_GNTTAB_MAP && !strcmp(a[5].s, "GNTST_okay"))
        handle_put(s, a);
    else if (ev == TEV_P2M_SET) /* dom gfn mfn type */
        s->foreign |= !strncmp(a[3].s, "p2m_map_foreign", 15);
    else if (ev == TEV_DOMAIN_DESTROY) /* dom */
        step_death(s, a[0].u);
}

static void step_trace_hook(void *ctx, enum trace_ev ev, const union trace_arg *args)
{
    struct inv_step *s = ctx;

    step_record(s, ev, args);
    if (s->full || inv_class_of[ev] == INV_NONE)
        return;
    if (inv_class_of[ev] == INV_LOCAL)
        step_note(s, ev, args);
    else
        s->full = true;
}

static void step_write_watch(void *ctx, uint64_t pa, size_t len)
{
    struct inv_step *s = ctx;

    if (s->full || !len)
        return;
    if (s->nr_write == INV_STEP_WRITES) {
        s->full = true;
        return;
    }
    s->write[s->nr_write].pa = pa;
    s->write[s->nr_write++].len = len;
}

/* The grant entries of frame @k of @d's table (@status: a v2 status frame) under the
 * write of [@off, @off + @len) in that frame. */
static void step_write_refs(struct inv_step *s, const struct domain *d, uint32_t k,
                            bool status, uint64_t off, uint64_t len)
{
    uint32_t size = status                  ? sizeof(grant_status_t)
                    : d->gt.gt_version == 1 ? sizeof(grant_entry_v1_t)
                                            : sizeof(grant_entry_v2_t);
    uint64_t first = (uint64_t)k * (PAGE_SIZE / size) + off / size;
    uint64_t last = (uint64_t)k * (PAGE_SIZE / size) + (off + len - 1) / size;

    for (uint64_t ref = first; ref <= last && !s->full; ref++)
        if (ref < gnttab_nr_entries(&d->gt))
            step_ref(s, d->domid, ref);
}

/* Turn the writes into the grant entries they overwrote (S2 reads their flags). */
static void step_writes_to_refs(struct gntsim_world *w, struct inv_step *s)
{
    for (unsigned i = 0; i < s->nr_write && !s->full; i++) {
        uint64_t pa = s->write[i].pa, end = pa + s->write[i].len;

        for (uint64_t p = pa; p < end && p >= pa && !s->full;
             p = (p | (PAGE_SIZE - 1)) + 1) {
            uint64_t mfn = p >> PAGE_SHIFT, off = p & (PAGE_SIZE - 1);
            uint64_t n = end - p < PAGE_SIZE - off ? end - p : PAGE_SIZE - off;

            for (unsigned j = 0; j < XEN_MAX_DOMAINS; j++) {
                const struct domain *d = w->xen.dom[j];

                for (uint32_t k = 0; d && k < d->gt.nr_grant_frames; k++)
                    if (d->gt.shared_mfn[k] == mfn)
                        step_write_refs(s, d, k, false, off, n);
                for (uint32_t k = 0; d && k < d->gt.nr_status_frames; k++)
                    if (d->gt.status_mfn[k] == mfn)
                        step_write_refs(s, d, k, true, off, n);
            }
        }
    }
}

/* S1, S2 at the noted grant entries: their live mappings counted over every maptrack. */
static unsigned step_pins(struct gntsim_world *w, const struct inv_step *s)
{
    struct pin_count pc[INV_STEP_REFS] = {{0}};
    unsigned found = 0;

    for (unsigned i = 0; s->nr_ref && i < XEN_MAX_DOMAINS; i++) {
        const struct domain *ld = w->xen.dom[i];

        for (uint32_t h = 0; ld && h < ld->gt.maptrack_limit; h++) {
            const struct grant_mapping *m = maptrack_entry(&ld->gt, h);

            for (unsigned r = 0; m->flags && r < s->nr_ref; r++)
                if (s->ref[r].dom == m->domid && s->ref[r].ref == m->ref)
                    inv_pin_count_add(&pc[r], m);
        }
    }
    for (unsigned r = 0; r < s->nr_ref; r++) {
        struct domain *rd = inv_domain(w, s->ref[r].dom);

        if (rd && s->ref[r].ref < gnttab_nr_entries(&rd->gt))
            found += inv_pin_check(w, rd, s->ref[r].ref, &pc[r]);
    }
    return found;
}

/* S3, S6, S11 at P2M entry @gfn of @d (@c: @d's mapping counts, built on first use). */
static void step_p2m_at(struct inv_p2m_ctx *c, struct domain *d, uint64_t gfn)
{
    struct p2m_entry e;

    if (c->d != d) {
        mt_radix_fini(c->all);
        mt_radix_fini(c->host);
        c->d = d;
        inv_count_by_mfn(c->w, d, c->all, c->host, false);
    }
    if (!p2m_lookup(&c->w->xen, &d->p2m, gfn, &e))
        inv_p2m_entry_check(c, gfn, &e);
}

/*
 * The P2M entries the steps changed, and in each noted domain that keeps 1:1
 * IOMMU entries, those at the frames of the noted grant entries (S6: an
 * unmap that leaves its 1:1 entry behind changes no P2M entry).
 */
static unsigned step_p2m(struct gntsim_world *w, const struct inv_step *s)
{
    struct mt_radix all = {0}, host = {0};
    struct inv_p2m_ctx c = {.w = w, .all = &all, .host = &host};

    for (unsigned i = 0; i < s->nr_p2m_dom; i++) {
        struct domain *d = xen_domain(&w->xen, s->p2m_dom[i]);

        if (d)
            c.found += inv_check_p2m(w, d);
    }
    for (unsigned i = 0; i < s->nr_gfn; i++) {
        struct domain *d = xen_domain(&w->xen, s->gfn[i].dom);

        if (d && !step_p2m_whole(s, d->domid))
            step_p2m_at(&c, d, s->gfn[i].gfn);
    }
    for (unsigned i = 0; i < s->nr_dom; i++) {
        struct domain *d = xen_domain(&w->xen, s->dom[i]);

        for (unsigned r = 0; d && d->iommu.enabled && r < s->nr_ref; r++) {
            const struct domain *rd = inv_domain(w, s->ref[r].dom);

            if (rd && s->ref[r].ref < gnttab_nr_entries(&rd->gt))
                step_p2m_at(&c, d, gnttab_active(&rd->gt, s->ref[r].ref)->mfn);
        }
    }
    mt_radix_fini(&all);
    mt_radix_fini(&host);
    return c.found;
}

/* S5, S7, S8 of each noted mapping domain: costs what its live mappings number. */
static unsigned step_mappers(struct gntsim_world *w, const struct inv_step *s)
{
    unsigned found = 0;

    for (unsigned i = 0; i < s->nr_dom; i++) {
        struct domain *d = xen_domain(&w->xen, s->dom[i]);

        if (d)
            found += inv_check_one_to_one(w, d) + inv_check_counters(w, d) +
                     inv_check_freelists(w, d);
    }
    return found;
}

/* Start recording; false when another observer holds the trace hook or the cache. */
static bool step_start(struct gntsim_world *w)
{
    if (w->trace.hook || w->cache.watch)
        return false;
    w->trace.hook = step_trace_hook;
    w->trace.hook_ctx = &w->inv;
    w->cache.watch = step_write_watch;
    w->cache.watch_ctx = &w->inv;
    w->inv.on = true;
    return true;
}

/*
 * A grant or status frame (of a live or dying domain) lent to another process
 * (hw_mem_export(): gntsimd's clients map frames) is written where the
 * memory-write observer cannot see: its entries cannot be localised, so the
 * check is a full one. The frames are compared again when a frame was newly
 * lent, or while one of them is: a table frame added later is a fresh
 * allocation, never a frame lent (and so in use).
 */
static void step_lent_tables(struct gntsim_world *w, struct inv_step *s)
{
    uint64_t gen = hw_mem_export_gen(&w->mem);

    if (gen == s->lent_gen && !s->lent_table)
        return;
    s->lent_gen = gen;
    s->lent_table = false;
    for (unsigned j = 0;
         hw_mem_exported_frames(&w->mem) && j < XEN_MAX_DOMAINS + w->xen.nr_zombie; j++) {
        const struct domain *d =
            j < XEN_MAX_DOMAINS ? w->xen.dom[j] : w->xen.zombie[j - XEN_MAX_DOMAINS];

        for (uint32_t k = 0; d && k < d->gt.nr_grant_frames; k++)
            s->lent_table |= hw_mem_exported(&w->mem, d->gt.shared_mfn[k]) != 0;
        for (uint32_t k = 0; d && k < d->gt.nr_status_frames; k++)
            s->lent_table |= hw_mem_exported(&w->mem, d->gt.status_mfn[k]) != 0;
    }
    s->full |= s->lent_table;
}

unsigned gntsim_check_invariants_step(struct gntsim_world *w)
{
    struct inv_step *s = &w->inv;
    unsigned found;

    /* the first call (what came before was not recorded), or one that cannot record */
    if (!s->on) {
        step_start(w);
        return gntsim_check_invariants(w);
    }
    step_writes_to_refs(w, s);
    step_lent_tables(w, s);
    if (s->full)
        return gntsim_check_invariants(w);
    found = inv_check_world(w) + step_pins(w, s) + step_p2m(w, s) + step_mappers(w, s);
    inv_step_reset(s);
    return found;
}
