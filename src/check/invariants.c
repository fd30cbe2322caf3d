/* SPDX-License-Identifier: MIT */
/*
 * gntsim_check_invariants(): the numbered lists of docs/invariants.md.
 * List C (gntsim's own consistency) aborts through GNTSIM_ASSERT; list S
 * (the modelled Xen's safety properties) records findings, because a
 * faithful model of a buggy release must be able to break them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/linux.h"
#include "check/invariants_int.h"
#include "env/grow.h"

/* FNV-1a of @f's id and text: its identity among findings (never 0). */
static uint64_t finding_hash(const struct gntsim_finding *f)
{
    uint64_t h = 14695981039346656037ull;

    for (const char *p = f->id; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (const char *p = f->what; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    return h ? h : 1;
}

/* Insert @h into @s; false when it was already there. */
static bool seen_insert(struct world_seen *s, uint64_t h)
{
    size_t i;

    if (2 * (s->nr + 1) > s->cap) {
        struct world_seen n = {.cap = s->cap ? 2 * s->cap : 64};

        n.slot = calloc(n.cap, sizeof(*n.slot));
        GNTSIM_ASSERT("C7", n.slot != NULL);
        for (size_t k = 0; k < s->cap; k++)
            if (s->slot[k])
                seen_insert(&n, s->slot[k]);
        free(s->slot);
        *s = n;
    }
    for (i = h & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
        if (s->slot[i] == h)
            return false;
    s->slot[i] = h;
    s->nr++;
    return true;
}

/* Details are kept for the first WORLD_MAX_FINDINGS. */
unsigned inv_finding(struct gntsim_world *w, const char *id, const char *fmt, ...)
{
    struct gntsim_finding f = {0};
    va_list ap;

    snprintf(f.id, sizeof(f.id), "%s", id);
    va_start(ap, fmt);
    vsnprintf(f.what, sizeof(f.what), fmt, ap);
    va_end(ap);
    if (!seen_insert(&w->seen, finding_hash(&f)))
        return 0;
    if (w->nr_findings < WORLD_MAX_FINDINGS) { /* no memory: counted, not detailed */
        struct gntsim_finding *n =
            sim_grow(w->findings, &w->cap_findings, w->nr_findings + 1, sizeof(*n), 8);

        if (n) {
            w->findings = n;
            w->findings[w->nr_findings++] = f;
        }
    }
    TRACE(&w->trace, FINDING, TA_S(f.id), TA_S(f.what));
    return 1;
}

void inv_pin_count_add(struct pin_count *pc, const struct grant_mapping *m)
{
    bool ro = m->flags & GNTMAP_readonly;

    uint16_t *host = ro ? &pc->hstr : &pc->hstw, *dev = ro ? &pc->devr : &pc->devw;

    /* saturate: more than 0xffff live mappings still disagree with any pin */
    if ((m->flags & GNTMAP_host_map) && *host < UINT16_MAX)
        ++*host;
    if ((m->flags & GNTMAP_device_map) && *dev < UINT16_MAX)
        ++*dev;
}

unsigned inv_pin_check(struct gntsim_world *w, struct domain *rd, uint32_t ref,
                       const struct pin_count *pc)
{
    const struct active_grant_entry *a = gnttab_active(&rd->gt, ref);
    /* field by field: a count above 0xff must not carry into the next field */
    bool pins_ok = (a->pin & 0xff) == pc->hstw && (a->pin >> 8 & 0xff) == pc->hstr &&
                   (a->pin >> 16 & 0xff) == pc->devw && (a->pin >> 24) == pc->devr;
    uint32_t want = (uint32_t)(pc->hstw & 0xff) * GNTPIN_hstw_inc +
                    (uint32_t)(pc->hstr & 0xff) * GNTPIN_hstr_inc +
                    (uint32_t)(pc->devw & 0xff) * GNTPIN_devw_inc +
                    (uint32_t)(pc->devr & 0xff) * GNTPIN_devr_inc;
    uint16_t fl = *gnttab_entry_status(&w->xen, &rd->gt, ref);
    bool writers = a->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask);
    /* accept_transfer entries reuse bits 2-3 for committed/completed */
    bool xfer = (gnttab_entry_hdr(&w->xen, &rd->gt, ref)->flags & GTF_type_mask) ==
                GTF_accept_transfer;
    unsigned found = 0;

    if (!pins_ok)
        found += inv_finding(w, "S1", "d%u ref %u: pin %#x but live mappings say %#x",
                             rd->domid, ref, a->pin, want);
    if (!xfer && (!!(fl & GTF_reading) != !!a->pin || !!(fl & GTF_writing) != writers))
        found += inv_finding(w, "S2", "d%u ref %u: flags %#x disagree with pin %#x",
                             rd->domid, ref, fl, a->pin);
    return found;
}

/* S1 pins = live mappings; S2 GTF_reading/GTF_writing = pins, over all of @rd's table. */
static unsigned check_pins(struct gntsim_world *w, struct domain *rd)
{
    uint32_t n = gnttab_nr_entries(&rd->gt);
    struct pin_count *pc = calloc(n ? n : 1, sizeof(*pc));
    unsigned found = 0;

    GNTSIM_ASSERT("C7", pc != NULL);
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++) {
        const struct domain *ld = w->xen.dom[i];

        for (uint32_t h = 0; ld && h < ld->gt.maptrack_limit; h++) {
            const struct grant_mapping *m = maptrack_entry(&ld->gt, h);

            if (m->flags && m->domid == rd->domid && m->ref < n)
                inv_pin_count_add(&pc[m->ref], m);
        }
    }
    for (uint32_t ref = 0; ref < n; ref++) {
        /* the common case, unpinned, unmapped and no pin flags, cannot break S1/S2 */
        if (!gnttab_active(&rd->gt, ref)->pin && !pc[ref].hstw && !pc[ref].hstr &&
            !pc[ref].devw && !pc[ref].devr &&
            !(*gnttab_entry_status(&w->xen, &rd->gt, ref) & (GTF_reading | GTF_writing)))
            continue;
        found += inv_pin_check(w, rd, ref, &pc[ref]);
    }
    free(pc);
    return found;
}

struct mfn_use {
    uint32_t rd, wr; /* live mappings (handles) of that mfn by flags */
    uint32_t host;   /* live host halves */
};

/* A sorted scratch radix (reuses mt_radix). */
void inv_count_by_mfn(struct gntsim_world *w, const struct domain *ld,
                      struct mt_radix *all, struct mt_radix *host, bool foreign_only)
{
    for (uint32_t h = 0; h < ld->gt.maptrack_limit; h++) {
        const struct grant_mapping *m = maptrack_entry(&ld->gt, h);
        const struct domain *rd = m->flags ? inv_domain(w, m->domid) : NULL;
        uint32_t r, wr;
        uint64_t mfn;

        if (!rd || m->ref >= gnttab_nr_entries(&rd->gt) || (foreign_only && rd == ld))
            continue;
        mfn = gnttab_active(&rd->gt, m->ref)->mfn;
        mt_radix_get(all, mfn, &r, &wr);
        GNTSIM_ASSERT("C7", !mt_radix_set(all, mfn, r + !!(m->flags & GNTMAP_readonly),
                                          wr + !(m->flags & GNTMAP_readonly)));
        if (m->flags & GNTMAP_host_map) {
            mt_radix_get(host, mfn, &r, &wr);
            GNTSIM_ASSERT("C7",
                          !mt_radix_set(host, mfn, r + !!(m->flags & GNTMAP_readonly),
                                        wr + !(m->flags & GNTMAP_readonly)));
        }
    }
}

struct domain *inv_domain(const struct gntsim_world *w, uint16_t domid)
{
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->xen.dom[i] && w->xen.dom[i]->domid == domid)
            return w->xen.dom[i];
    for (unsigned i = 0; i < w->xen.nr_zombie; i++)
        if (w->xen.zombie[i]->domid == domid)
            return w->xen.zombie[i];
    return NULL;
}

/*
 * S11's second half: the guest owner of a referenced frame must still exist (Xen keeps
 * a dying domain while a page it owns is referenced). Returns the owner gone, or
 * PAGE_OWNER_NONE.
 */
static uint16_t freed_owner(const struct inv_p2m_ctx *c, const struct page_info *pg)
{
    if (pg && pg->count && pg->owner != c->d->domid &&
        pg->owner < DOMID_FIRST_RESERVED_ && !inv_domain(c->w, pg->owner))
        return pg->owner;
    return PAGE_OWNER_NONE;
}

/* S16's count of the GFNs whose RAM entry maps one frame (the first two kept). */
struct inv_alias {
    uint64_t mfn, gfn[2];
    unsigned n;
};

static int inv_alias_entry(void *ctx, uint64_t gfn, const struct p2m_entry *e)
{
    struct inv_alias *a = ctx;

    if ((e->type == P2M_RAM_RW || e->type == P2M_RAM_RO) && e->mfn == a->mfn) {
        if (a->n < 2)
            a->gfn[a->n] = gfn;
        a->n++;
    }
    return 0;
}

/*
 * S16: a Xen page shared with @d (PAGE_F_XENHEAP, owned by @d and referenced: its
 * grant-table frames) that entry @e maps appears at no other GFN of @d's P2M (Xen
 * knows one GFN per such frame and unmaps only that one before freeing it). A walk of
 * the P2M per such entry: there are few. Returns the new findings.
 */
static unsigned inv_xenheap_alias(struct inv_p2m_ctx *c, const struct p2m_entry *e,
                                  const struct page_info *pg)
{
    struct inv_alias a = {.mfn = e->mfn};

    if ((e->type != P2M_RAM_RW && e->type != P2M_RAM_RO) || !pg || !pg->count ||
        pg->owner != c->d->domid || !(pg->flags & PAGE_F_XENHEAP))
        return 0;
    p2m_for_each(&c->w->xen, &c->d->p2m, inv_alias_entry, &a);
    if (a.n < 2)
        return 0;
    return inv_finding(c->w, "S16",
                       "d%u: Xen page mfn %#llx shared with it at gfn %#llx and %#llx",
                       c->d->domid, (unsigned long long)e->mfn,
                       (unsigned long long)a.gfn[0], (unsigned long long)a.gfn[1]);
}

/* S11: no RAM-like entry maps a free frame; S3: grant P2M entries backed by live host
 * mappings; S6: no stale 1:1 IOMMU entries; S16: a domain's Xen page at one GFN. */
int inv_p2m_entry_check(void *ctx, uint64_t gfn, const struct p2m_entry *e)
{
    struct inv_p2m_ctx *c = ctx;
    const struct page_info *pg = frames_page_const(&c->w->xen.frames, e->mfn);
    uint32_t r, wr;

    c->entries++;
    c->found += inv_xenheap_alias(c, e, pg);
    if (p2m_is_any_ram(e->type) && pg && !pg->count)
        c->found += inv_finding(c->w, "S11", "d%u gfn %#llx: %s of free mfn %#llx",
                                c->d->domid, (unsigned long long)gfn,
                                p2m_type_name(e->type), (unsigned long long)e->mfn);
    if (p2m_is_any_ram(e->type) && freed_owner(c, pg) != PAGE_OWNER_NONE)
        c->found +=
            inv_finding(c->w, "S11", "d%u gfn %#llx: %s of mfn %#llx owned by freed d%u",
                        c->d->domid, (unsigned long long)gfn, p2m_type_name(e->type),
                        (unsigned long long)e->mfn, freed_owner(c, pg));
    if (e->type == P2M_GRANT_MAP_RW || e->type == P2M_GRANT_MAP_RO) {
        mt_radix_get(c->host, e->mfn, &r, &wr);
        if (!(e->type == P2M_GRANT_MAP_RW ? wr : r + wr))
            c->found += inv_finding(c->w, "S3",
                                    "d%u gfn %#llx: %s of mfn %#llx with no live handle",
                                    c->d->domid, (unsigned long long)gfn,
                                    p2m_type_name(e->type), (unsigned long long)e->mfn);
    }
    if ((e->type == P2M_IOMMU_MAP_RW || e->type == P2M_IOMMU_MAP_RO) && gfn == e->mfn) {
        mt_radix_get(c->all, e->mfn, &r, &wr);
        if (!(r + wr))
            c->found +=
                inv_finding(c->w, "S6", "d%u: stale 1:1 IOMMU entry at dfn %#llx (%s)",
                            c->d->domid, (unsigned long long)gfn, p2m_type_name(e->type));
    }
    return 0;
}

/* S3, S6, S11 over the whole P2M of @ld (one walk, which also checks C6). */
unsigned inv_check_p2m(struct gntsim_world *w, struct domain *ld)
{
    struct mt_radix all = {0}, host = {0};
    struct inv_p2m_ctx c = {.w = w, .d = ld, .all = &all, .host = &host};

    inv_count_by_mfn(w, ld, &all, &host, false);
    p2m_for_each(&w->xen, &ld->p2m, inv_p2m_entry_check, &c);
    GNTSIM_ASSERT("C6", c.entries == ld->p2m.nr_entries); /* the one walk counts too */
    mt_radix_fini(&all);
    mt_radix_fini(&host);
    return c.found;
}

bool inv_needs_one_to_one(const struct gntsim_world *w, const struct domain *d)
{
    /* a domain that declared it needs no 1:1 entries waived them: a fault is then the
     * declaration's (docs/dom0-dma-policies.md), not Xen's */
    return d->iommu.enabled && d->ops->direct_mapping && !d->no_swiotlb_xen &&
           (w->xen.prof->directmap_cdf ? d->cdf_directmap : d->is_hwdom);
}

/* S7: a direct-mapped domain with an IOMMU has a 1:1 entry for every foreign mapping. */
static int check_mfn_use(void *ctx, uint64_t mfn, uint32_t r, uint32_t wr)
{
    struct inv_p2m_ctx *c = ctx;
    struct p2m_entry e;
    bool ok = !p2m_lookup(&c->w->xen, &c->d->p2m, mfn, &e) && e.mfn == mfn &&
              (e.type == P2M_IOMMU_MAP_RW || (e.type == P2M_IOMMU_MAP_RO && !wr));

    (void)r;
    if (!ok)
        c->found += inv_finding(
            c->w, "S7",
            "d%u maps mfn %#llx but its IOMMU has no %s 1:1 entry at dfn %#llx: "
            "DMA to the dev_bus_addr faults",
            c->d->domid, (unsigned long long)mfn, wr ? "writable" : "readable",
            (unsigned long long)mfn);
    return 0;
}

unsigned inv_check_one_to_one(struct gntsim_world *w, struct domain *ld)
{
    struct mt_radix all = {0}, host = {0};
    struct inv_p2m_ctx c = {.w = w, .d = ld, .all = &all, .host = &host};

    if (!inv_needs_one_to_one(w, ld))
        return 0;
    inv_count_by_mfn(w, ld, &all, &host, w->xen.prof->self_map_bypass);
    mt_radix_for_each(&all, check_mfn_use, &c);
    mt_radix_fini(&all);
    mt_radix_fini(&host);
    return c.found;
}

struct counter_ctx {
    struct gntsim_world *w;
    struct domain *d;
    const struct mt_radix *other;
    unsigned found;
};

static int compare_counters(void *ctx, uint64_t mfn, uint32_t r, uint32_t wr)
{
    struct counter_ctx *c = ctx;
    uint32_t r2, w2;

    mt_radix_get(c->other, mfn, &r2, &w2);
    if (r != r2 || wr != w2)
        c->found += inv_finding(
            c->w, "S5", "d%u mfn %#llx: counters rd %u wr %u, live mappings %u/%u",
            c->d->domid, (unsigned long long)mfn, r, wr, r2, w2);
    return 0;
}

static int compare_reverse(void *ctx, uint64_t mfn, uint32_t r, uint32_t wr)
{
    struct counter_ctx *c = ctx;
    uint32_t r2, w2;

    if (!mt_radix_get(c->other, mfn, &r2, &w2))
        c->found +=
            inv_finding(c->w, "S5", "d%u mfn %#llx: %u/%u live mappings, no counter node",
                        c->d->domid, (unsigned long long)mfn, r, wr);
    return 0;
}

/* S5: era C per-mfn counters = live foreign mappings of that mfn, for every domain that
 * keeps counters. */
unsigned inv_check_counters(struct gntsim_world *w, struct domain *ld)
{
    struct mt_radix live = {0}, host = {0};
    struct counter_ctx c = {.w = w, .d = ld, .other = &live};

    /*
     * Which domains keep counters is derived here, not asked of the code judged
     * (gnttab_need_iommu_mapping()): a domain that S7 says needs 1:1 entries, and any
     * domain that has counters at all.
     */
    if (w->xen.prof->era != ERA_C ||
        (!inv_needs_one_to_one(w, ld) && !ld->gt.maptrack_tree.nr_keys))
        return 0;
    inv_count_by_mfn(w, ld, &live, &host, w->xen.prof->self_map_bypass);
    mt_radix_for_each(&ld->gt.maptrack_tree, compare_counters, &c);
    c.other = &ld->gt.maptrack_tree;
    mt_radix_for_each(&live, compare_reverse, &c);
    mt_radix_fini(&live);
    mt_radix_fini(&host);
    return c.found;
}

/* S8: each vCPU's free list runs head -> tail over free entries, without cycles. */
unsigned inv_check_freelists(struct gntsim_world *w, struct domain *d)
{
    unsigned found = 0;

    for (uint32_t v = 0; v < d->nr_vcpus; v++) {
        uint32_t h = d->vcpu[v].maptrack_head, steps = 0;

        while (h != MAPTRACK_TAIL && h < d->gt.maptrack_limit &&
               steps <= d->gt.maptrack_limit) {
            const struct grant_mapping *m = maptrack_entry(&d->gt, h);

            if (m->flags)
                found += inv_finding(w, "S8", "d%u v%u free list holds live handle %u",
                                     d->domid, v, h);
            if (h == d->vcpu[v].maptrack_tail)
                break;
            h = m->ref;
            steps++;
        }
        if (h != d->vcpu[v].maptrack_tail || steps > d->gt.maptrack_limit)
            found += inv_finding(w, "S8", "d%u v%u free list does not reach its tail %u",
                                 d->domid, v, d->vcpu[v].maptrack_tail);
        else if (h != MAPTRACK_TAIL && maptrack_entry(&d->gt, h)->ref != MAPTRACK_TAIL)
            /* put_maptrack_handle() ends the list with MAPTRACK_TAIL; a handle freed
             * twice while it is the tail points to itself (XSA-218) */
            found += inv_finding(w, "S8", "d%u v%u free list tail %u links on to %u",
                                 d->domid, v, h, maptrack_entry(&d->gt, h)->ref);
    }
    return found;
}

/* The first of @k's free pages (its allocator's list) at machine frame @mfn, or 0. */
static uint64_t inv_free_pfn_at(struct gntsim_world *w, struct domain *d,
                                const struct linux_kernel *k, uint64_t mfn)
{
    struct p2m_entry e;

    for (uint32_t i = 0; i < k->pg_nr_free; i++)
        if (!p2m_lookup(&w->xen, &d->p2m, k->pg_free[i], &e) && e.mfn == mfn)
            return k->pg_free[i];
    return 0;
}

/* S17: no page on @k's free list is a frame one of @d's grants pins (Xen's active
 * entries: another domain still maps or copies it). */
static unsigned inv_check_freed_pinned(struct gntsim_world *w, struct domain *d,
                                       const struct linux_kernel *k)
{
    uint32_t n = gnttab_nr_entries(&d->gt);
    unsigned found = 0;

    for (uint32_t ref = 0; k->pg_nr_free && ref < n; ref++) {
        const struct active_grant_entry *a = gnttab_active(&d->gt, ref);
        uint64_t pfn = a->pin ? inv_free_pfn_at(w, d, k, a->mfn) : 0;

        if (pfn)
            found += inv_finding(w, "S17",
                                 "d%u kernel freed page %#llx (mfn %#llx) while ref %u "
                                 "pins it for d%u (pin %#x)",
                                 d->domid, (unsigned long long)pfn,
                                 (unsigned long long)a->mfn, ref, a->domid, a->pin);
    }
    return found;
}

/* S14 a guest kernel's BUG(), S15 its access out of bounds, S17 a page it freed still
 * pinned by a grant of @d (@k NULL: none). */
static unsigned inv_check_kernel(struct gntsim_world *w, struct domain *d,
                                 const struct linux_kernel *k)
{
    unsigned found = k ? inv_check_freed_pinned(w, d, k) : 0;

    if (k && k->bugged)
        found += inv_finding(w, "S14", "d%u kernel BUG() at %s", k->domid, k->bug_where);
    if (k && k->overrun)
        found += inv_finding(w, "S15", "d%u kernel out of bounds: %s", k->domid,
                             k->overrun_what);
    return found;
}

unsigned inv_check_world(struct gntsim_world *w)
{
    unsigned found = 0;

    if (w->xen.hung)
        found += inv_finding(w, "S12", "Xen hung: %s", w->xen.crash_where);
    else if (w->xen.crashed)
        found += inv_finding(w, "S9", "Xen BUG() at %s", w->xen.crash_where);
    if (w->xen.used_freed)
        found +=
            inv_finding(w, "S13", "Xen used a freed frame: %s", w->xen.used_freed_what);
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++) {
        struct domain *d = w->xen.dom[i];

        GNTSIM_ASSERT("C9", d || !w->kern[i]);
        if (!d)
            continue;
        GNTSIM_ASSERT("C9", !w->kern[i] || (w->kern[i]->mmu.root_mfn == d->p2m.root_mfn &&
                                            w->kern[i]->domid == d->domid));
        if (d->crashed)
            found += inv_finding(w, "S10", "d%u was crashed by Xen", d->domid);
        found += inv_check_kernel(w, d, w->kern[i]);
    }
    for (unsigned i = 0; i < w->xen.nr_zombie; i++) {
        const struct domain *z = w->xen.zombie[i];
        bool owns = false;

        /* C10: kept while a page it owns (not a Xen page shared with it) is in use */
        for (uint64_t mfn = frames_next_owned(&w->xen.frames, z->domid, 0);
             !owns && mfn != INVALID_MFN;
             mfn = frames_next_owned(&w->xen.frames, z->domid, mfn + 1))
            owns = !(frames_page_const(&w->xen.frames, mfn)->flags & PAGE_F_XENHEAP);
        GNTSIM_ASSERT("C10", z->is_dying && owns && inv_domain(w, z->domid) == z);
        /* C9: a dying domain runs no kernel */
        for (unsigned k = 0; k < XEN_MAX_DOMAINS; k++)
            GNTSIM_ASSERT("C9", !w->kern[k] || w->kern[k]->domid != z->domid);
    }
    return found;
}

unsigned gntsim_check_invariants(struct gntsim_world *w)
{
    unsigned found = inv_check_world(w);

    for (unsigned i = 0; i < XEN_MAX_DOMAINS + w->xen.nr_zombie; i++) {
        struct domain *d =
            i < XEN_MAX_DOMAINS ? w->xen.dom[i] : w->xen.zombie[i - XEN_MAX_DOMAINS];

        if (d)
            found += check_pins(w, d) + inv_check_p2m(w, d) + inv_check_one_to_one(w, d) +
                     inv_check_counters(w, d) + inv_check_freelists(w, d);
    }
    inv_step_reset(&w->inv);
    return found;
}

size_t gntsim_findings_total(const struct gntsim_world *w)
{
    return w->seen.nr;
}

const struct gntsim_finding *gntsim_findings(const struct gntsim_world *w, size_t *nr)
{
    *nr = w->nr_findings;
    return w->findings;
}
