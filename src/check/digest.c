/* SPDX-License-Identifier: MIT */
/*
 * gntsim_world_digest(): a hash of the hypervisor state grant-table operations read and
 * change, for gntsim explore's state hashing. It reads the structures directly, as the
 * invariants do, never through the code under test. What it leaves out (page contents
 * outside the grant and P2M tables, event channels, most of the kernels) no
 * grant-table hypercall reads, so two worlds it cannot tell apart continue alike under
 * such operations; of the kernels it covers what their code in a parallel block
 * (net-poll) changes. docs/explore.md states the limit.
 */
#include "board/world.h"
#include "env/hash.h"
#include "hw/vmsa.h"
#include "linux/net.h"
#include "xen/gnttab/gnttab.h"

/* Without the incremental digest: one stage-2 table and, below it, every table it
 * points to, each descriptor counted as p2m.c's writes count it (the same value). */
static uint64_t dg_p2m_walk(const struct xen *x, uint64_t mfn, unsigned lvl)
{
    const uint8_t *t = hw_mem_frame_ro(x->mem, mfn);
    uint64_t h = 0;

    for (unsigned i = 0; t && i < VMSA_ENTRIES; i++) {
        uint64_t d, pa = (mfn << PAGE_SHIFT) + i * 8u;

        memcpy(&d, t + i * 8, 8);
        if (!d)
            continue;
        h ^= p2m_desc_digest(pa, d);
        if (lvl < VMSA_LEAF_LEVEL && (d & VMSA_DESC_VALID) && (d & VMSA_DESC_TABLE))
            h ^= dg_p2m_walk(x, (d & VMSA_DESC_ADDR_MASK) >> PAGE_SHIFT, lvl + 1);
    }
    return h;
}

static int dg_radix_pair(void *ctx, uint64_t mfn, uint32_t rd, uint32_t wr)
{
    uint64_t *h = ctx;

    *h = sim_hash_mix(sim_hash_mix(*h, mfn), (uint64_t)rd << 32 | wr);
    return 0;
}

/* A granted frame's page_info: the references and types grant operations take. */
static uint64_t dg_frame(const struct xen *x, uint64_t h, uint64_t mfn)
{
    const struct page_info *pg = frames_find(&x->frames, mfn);

    if (!pg)
        return sim_hash_mix(h, mfn);
    return sim_hash_mix(sim_hash_mix(h, mfn), (uint64_t)pg->count << 32 |
                                                  (uint64_t)pg->owner << 16 |
                                                  pg->type_count);
}

/* Where Xen has @gt's frames (the GFNs XENMAPSPACE_grant_table recorded, x86's M2P),
 * and the status frames' references (gnttab_map_frame()'s, a switch to v1's test). */
static uint64_t dg_frame_gfns(const struct xen *x, uint64_t h,
                              const struct grant_table *gt)
{
    h = sim_hash_mix(h, gt->status_unref);
    for (uint32_t f = 0; f < gt->nr_grant_frames; f++)
        h = sim_hash_mix(h, gt->shared_gfn[f]);
    for (uint32_t f = 0; f < gt->nr_status_frames; f++)
        h = dg_frame(x, sim_hash_mix(h, gt->status_gfn[f]), gt->status_mfn[f]);
    return h;
}

/* Hashed as raw words below: no padding whose bytes a copy could leave different. */
_Static_assert(sizeof(struct active_grant_entry) == 24, "active entry padding");
_Static_assert(sizeof(struct grant_mapping) == 16, "maptrack entry padding");

/* The grant table of @d: entries, status, active entries (and their frames). */
static uint64_t dg_entries(const struct xen *x, uint64_t h, const struct domain *d)
{
    const struct grant_table *gt = &d->gt;

    h = sim_hash_mix(h, (uint64_t)gt->gt_version << 32 | gt->nr_grant_frames);
    h = sim_hash_mix(h, gt->nr_status_frames);
    h = sim_hash_mix(h, gt->nr_v2_ops);
    for (uint32_t f = 0; f < gt->nr_grant_frames; f++) {
        h = sim_hash_mix(h, f);
        if (gt->shared_raw[f])
            h = sim_hash_words(h, gt->shared_raw[f], PAGE_SIZE);
        h = sim_hash_words(h, gt->active[f], sizeof(**gt->active) * GRANT_V1_PER_PAGE);
        for (uint32_t i = 0; i < GRANT_V1_PER_PAGE; i++)
            if (gt->active[f][i].pin)
                h = dg_frame(x, h, gt->active[f][i].mfn);
    }
    for (uint32_t f = 0; f < gt->nr_status_frames; f++)
        if (gt->status_raw[f])
            h = sim_hash_words(sim_hash_mix(h, f), gt->status_raw[f], PAGE_SIZE);
    return dg_frame_gfns(x, h, gt);
}

/* The maptrack of @d, its free lists and era C counters. */
static uint64_t dg_maptrack(uint64_t h, const struct domain *d)
{
    const struct grant_table *gt = &d->gt;

    h = sim_hash_mix(h, gt->maptrack_limit);
    for (uint32_t p = 0; p < gt->nr_maptrack_frames; p++)
        h = sim_hash_words(sim_hash_mix(h, p), gt->maptrack[p],
                           sizeof(**gt->maptrack) * MAPTRACK_PER_PAGE);
    for (uint32_t v = 0; v < d->nr_vcpus; v++)
        h = sim_hash_mix(h, (uint64_t)d->vcpu[v].maptrack_head << 32 |
                                d->vcpu[v].maptrack_tail);
    mt_radix_for_each(&gt->maptrack_tree, dg_radix_pair, &h);
    return h;
}

/* An x86 IOMMU table: its rule, and its entries through the digest iommu_pt_set()
 * and iommu_pt_clear() keep (an entry's fields, never the padding a copy leaves). */
static uint64_t dg_iommu(uint64_t h, const struct iommu_pt *pt)
{
    return sim_hash_mix(sim_hash_mix(h, (uint64_t)pt->identity_ram << 32 | pt->nr),
                        pt->digest);
}

static uint64_t dg_domain(const struct xen *x, uint64_t h, const struct domain *d)
{
    h = sim_hash_mix(h,
                     (uint64_t)d->domid << 8 | (uint64_t)d->crashed << 1 | d->is_dying);
    h = dg_entries(x, h, d);
    h = dg_maptrack(h, d);
    h = sim_hash_mix(h, (uint64_t)d->p2m.nr_entries << 32 | d->p2m.nr_tables);
    if (d->p2m.keep_digest) /* every descriptor, kept by p2m.c's writes */
        h = sim_hash_mix(h, d->p2m.digest);
    else if (d->p2m.nr_tables)
        h = sim_hash_mix(h, dg_p2m_walk(x, d->p2m.root_mfn, 0));
    return dg_iommu(h, &d->iommu.pt);
}

/* The top @n (at most) of a LIFO list of @nr entries of @size (4 or 8) bytes, and @nr. */
static uint64_t dg_list_top(uint64_t h, const void *list, size_t size, uint32_t nr,
                            uint32_t n)
{
    h = sim_hash_mix(h, nr);
    for (uint32_t i = nr > n ? nr - n : 0; i < nr; i++) {
        uint64_t e = 0;

        memcpy(&e, (const uint8_t *)list + i * size, size);
        h = sim_hash_mix(h, e);
    }
    return h;
}

/* What a guest kernel's code in a parallel block changes (netfront's TX gc: XSA-396):
 * its free pages and grant refs (their lists' tops: only the tops change), and each
 * vif's frontend bookkeeping. */
static uint64_t dg_kernels(const struct gntsim_world *w, uint64_t h)
{
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++) {
        const struct linux_kernel *k = w->kern[i];

        if (!k)
            continue;
        h = sim_hash_mix(h,
                         (uint64_t)k->domid << 2 | (uint64_t)k->bugged << 1 | k->overrun);
        h = dg_list_top(h, k->pg_free, sizeof(*k->pg_free), k->pg_nr_free, 8);
        h = dg_list_top(h, k->gnt_free, sizeof(*k->gnt_free), k->gnt_nr_free, 8);
    }
    for (unsigned i = 0; w->net && i < w->net->nr_vif; i++) {
        const struct net_vif *v = w->net->vif[i];

        h = sim_hash_mix(h, (uint64_t)v->st.front_broken << 62 |
                                (uint64_t)v->front_held << 61 |
                                (uint64_t)v->st.grants_out << 32 | v->ftx.rsp_cons);
        h = sim_hash_mix(h, (uint64_t)v->tx_nr_free << 32 | v->nr_deferred);
    }
    return h;
}

uint64_t gntsim_world_digest(const struct gntsim_world *w)
{
    const struct xen *x = &w->xen;
    uint64_t h =
        sim_hash_mix(0x84222325cbf29ce4ull, x->crashed | (uint64_t)x->used_freed << 1);

    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++) {
        if (x->dom[i])
            h = dg_domain(x, h, x->dom[i]);
        if (i < x->nr_zombie && x->zombie[i])
            h = dg_domain(x, h, x->zombie[i]);
    }
    return sim_hash_mix(dg_kernels(w, h), x->frames.nr_allocated);
}
