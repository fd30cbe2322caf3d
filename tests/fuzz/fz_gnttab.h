/* SPDX-License-Identifier: MIT */
/*
 * The grant-sequence fuzz program, shared by the libFuzzer target
 * (fuzz_gnttab.c) and its benchmark (bench/bench_fuzz.c): bytes decoded into
 * a world (release chosen by the input) and grant-table operations issued by
 * several domains with arbitrary arguments (hostile guests), domain
 * destruction and grant-version switches among them.
 */
#ifndef GNTSIM_FZ_GNTTAB_H
#define GNTSIM_FZ_GNTTAB_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "gntsim/gntsim.h"

struct fz {
    const uint8_t *p;
    size_t left;
};

static uint64_t fz_bytes(struct fz *f, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n && f->left; i++, f->left--)
        v |= (uint64_t)*f->p++ << (8 * i);
    return v;
}

static uint8_t fz_u8(struct fz *f)
{
    return (uint8_t)fz_bytes(f, 1);
}

/* A domain id: mostly real ones, sometimes DOMID_SELF or nonsense. */
static uint16_t fz_dom(struct fz *f)
{
    static const uint16_t doms[] = {0, 1, 2, 0, 1, 2, 7, DOMID_SELF, 0x7ff4, 0xffff};

    return doms[fz_u8(f) % (sizeof(doms) / sizeof(doms[0]))];
}

/* A frame number: usually meaningful (RAM, extended region, 1:1 frames), sometimes raw.
 */
static uint64_t fz_gfn(struct fz *f)
{
    switch (fz_u8(f) % 5) {
    case 0:
        return 0x40000 + fz_u8(f) % 20; /* RAM of every domain (and dom0 1:1) */
    case 1:
        return 0x100000 + fz_u8(f) % 8; /* dom0's extended region */
    case 2:
        return 0x38000 + fz_u8(f) % 4; /* grant frames */
    case 3:
        return 0x800000 + fz_bytes(f, 2); /* domU machine frames */
    default:
        return fz_bytes(f, 5);
    }
}

/* A world of 3 domains from @f; @check: the invariant step recorder runs from its start.
 */
static struct gntsim_world *fz_world(struct fz *f, struct gntsim_pool *pool, bool check)
{
    struct gntsim_world_opts o;
    struct gntsim_release_info rel;
    struct gntsim_world *w = NULL;
    struct gntsim_domain_opts d;

    gntsim_world_opts_default(&o);
    gntsim_release_get(fz_u8(f) % gntsim_release_count(), &rel);
    o.release = rel.name;
    o.pool = pool;
    if (gntsim_world_create(&o, &w, NULL, 0))
        return NULL;
    if (check)
        gntsim_check_invariants_step(w); /* of a world with no domain yet */
    for (uint16_t id = 0; id < 3; id++) {
        gntsim_domain_opts_default(&d, id);
        d.mem_pages = 16;
        d.vcpus = 2;
        d.max_grant_frames = 4;
        d.max_maptrack_frames = 2;
        d.max_grant_version = 1 + fz_u8(f) % 2; /* 2: gnttab=max-ver:2 */
        if (id == 0) {
            d.hwdom = d.direct_mapped = d.iommu = true;
            d.mfn_base = 0x40000;
        }
        if (gntsim_domain_create(w, &d)) {
            gntsim_world_destroy(w);
            return NULL;
        }
    }
    return w;
}

/* Op 0: a guest writes a raw v1 grant entry (any flags) in its own table. */
static void op_grant(struct gntsim_world *w, struct fz *f)
{
    uint16_t dom = (uint16_t)(fz_u8(f) % 3);
    uint32_t ref = (uint32_t)fz_bytes(f, 2) % 2100;
    grant_entry_v1_t e = {.flags = (uint16_t)fz_bytes(f, 2),
                          .domid = fz_dom(f),
                          .frame = (uint32_t)fz_gfn(f)};

    gntsim_guest_write(w, dom, (0x38000ull << 12) + ref * sizeof(e), &e, sizeof(e));
}

static void op_map(struct gntsim_world *w, struct fz *f, uint16_t dom, unsigned vcpu)
{
    struct gnttab_map_grant_ref ops[4];
    unsigned n = 1 + fz_u8(f) % 4;

    for (unsigned i = 0; i < n; i++)
        ops[i] = (struct gnttab_map_grant_ref){
            .host_addr = fz_gfn(f) << 12,
            .flags = fz_u8(f) % 8 ? fz_u8(f) & 0x3f : (uint32_t)fz_bytes(f, 4),
            .ref =
                fz_u8(f) % 4 ? (uint32_t)(8 + fz_u8(f) % 24) : (uint32_t)fz_bytes(f, 4),
            .dom = fz_dom(f)};
    gntsim_grant_table_op(w, dom, vcpu, GNTTABOP_map_grant_ref, ops, n);
}

static void op_unmap(struct gntsim_world *w, struct fz *f, uint16_t dom, unsigned vcpu)
{
    struct gnttab_unmap_grant_ref ops[40];
    unsigned n = 1 + fz_u8(f) % 40;

    for (unsigned i = 0; i < n; i++)
        ops[i] = (struct gnttab_unmap_grant_ref){
            .host_addr = fz_u8(f) % 3 ? fz_gfn(f) << 12 : 0,
            .dev_bus_addr = fz_u8(f) % 3 ? 0 : fz_gfn(f) << 12,
            .handle = fz_u8(f) % 5 ? fz_u8(f) % 16 : (uint32_t)fz_bytes(f, 4)};
    gntsim_grant_table_op(
        w, dom, vcpu,
        fz_u8(f) % 4 ? GNTTABOP_unmap_grant_ref : GNTTABOP_unmap_and_replace, ops, n);
}

static void op_copy(struct gntsim_world *w, struct fz *f, uint16_t dom, unsigned vcpu)
{
    struct gnttab_copy ops[4];
    unsigned n = 1 + fz_u8(f) % 4;

    for (unsigned i = 0; i < n; i++) {
        memset(&ops[i], 0, sizeof(ops[i]));
        ops[i].flags = (uint16_t)(fz_u8(f) % 8);
        ops[i].source.domid = fz_dom(f);
        ops[i].dest.domid = fz_dom(f);
        ops[i].source.u.ref = (uint32_t)(8 + fz_u8(f) % 24);
        if (!(ops[i].flags & GNTCOPY_source_gref))
            ops[i].source.u.gmfn = fz_gfn(f);
        ops[i].dest.u.ref = (uint32_t)(8 + fz_u8(f) % 24);
        if (!(ops[i].flags & GNTCOPY_dest_gref))
            ops[i].dest.u.gmfn = fz_gfn(f);
        ops[i].source.offset = (uint16_t)fz_bytes(f, 2);
        ops[i].dest.offset = (uint16_t)fz_bytes(f, 2);
        ops[i].len = (uint16_t)fz_bytes(f, 2);
    }
    gntsim_grant_table_op(w, dom, vcpu, GNTTABOP_copy, ops, n);
}

/* Ops with one struct: setup_table, query_size, cache_flush, anything else. */
static void op_single(struct gntsim_world *w, struct fz *f, uint16_t dom, unsigned vcpu)
{
    xen_pfn_t frames[8];
    union {
        struct gnttab_setup_table s;
        struct gnttab_query_size q;
        struct gnttab_cache_flush c;
        uint8_t raw[64];
    } u;
    unsigned cmd = fz_u8(f) % 16;

    memset(&u, 0, sizeof(u));
    for (unsigned i = 0; i < 24; i++)
        u.raw[i] = fz_u8(f);
    if (cmd == GNTTABOP_setup_table) {
        u.s.nr_frames %= 9;
        set_xen_guest_handle(u.s.frame_list, fz_u8(f) % 8 ? frames : NULL);
        u.s.dom = fz_dom(f);
    } else if (cmd == GNTTABOP_cache_flush) {
        u.c.a.dev_bus_addr = fz_gfn(f) << 12;
    }
    gntsim_grant_table_op(w, dom, vcpu, cmd | (fz_u8(f) % 8 ? 0 : 1u << 12), &u,
                          fz_u8(f) % 8 ? 1 : fz_u8(f) % 2);
}

/* Destroy domain @dom, or create it again (domU defaults) when it is gone. */
static void op_domain(struct gntsim_world *w, uint16_t dom)
{
    struct gntsim_domain_opts d;

    if (gntsim_domain_destroy(w, dom) != -ESRCH)
        return;
    gntsim_domain_opts_default(&d, dom);
    d.mem_pages = 16;
    d.max_grant_frames = 4;
    d.max_maptrack_frames = 2;
    gntsim_domain_create(w, &d);
}

/* GNTTABOP_set_version to 1, 2 or anything. */
static void op_version(struct gntsim_world *w, struct fz *f, uint16_t dom, unsigned vcpu)
{
    struct gnttab_set_version v = {.version = fz_u8(f) % 4 ? 1 + fz_u8(f) % 2 : fz_u8(f)};

    gntsim_grant_table_op(w, dom, vcpu, GNTTABOP_set_version, &v, 1);
}

static void fz_step(struct gntsim_world *w, struct fz *f)
{
    uint8_t op = fz_u8(f);
    uint16_t dom = (uint16_t)(fz_u8(f) % 3);
    unsigned vcpu = fz_u8(f) % 3; /* vCPU 2 does not exist */

    switch (op % 10) {
    case 0:
    case 1:
        op_grant(w, f);
        break;
    case 2:
    case 3:
        op_map(w, f, dom, vcpu);
        break;
    case 4:
        op_unmap(w, f, dom, vcpu);
        break;
    case 5:
        op_copy(w, f, dom, vcpu);
        break;
    case 6:
        op_single(w, f, dom, vcpu);
        break;
    case 7:
        op_version(w, f, dom, vcpu);
        break;
    case 8:
        op_domain(w, dom);
        break;
    default:
        if (op & 0x80)
            gntsim_inject_iommu_map_failure(w, dom, fz_u8(f) % 4);
        else
            gntsim_guest_end_access(w, dom, 8 + fz_u8(f) % 24);
        break;
    }
}

/* Every FZ_FULL_CHECK operations (and at the end) every invariant is checked
 * everywhere, beside the step checks where each operation acted. */
#define FZ_FULL_CHECK 16

/*
 * Run one input: a world, then up to 64 operations, each followed by the
 * invariants when @check (gntsim_check_invariants_step(), and a full check
 * every FZ_FULL_CHECK operations and at the end; a gntsim bug aborts,
 * findings about the modelled Xen are expected). Worlds reuse @pool's machine
 * memory (may be NULL).
 */
static inline void fz_gnttab_run(const uint8_t *data, size_t size,
                                 struct gntsim_pool *pool, bool check)
{
    struct fz f = {.p = data, .left = size};
    struct gntsim_world *w = fz_world(&f, pool, check);

    if (!w)
        return;
    for (unsigned steps = 0; f.left && steps < 64 && !gntsim_xen_crashed(w, NULL);
         steps++) {
        fz_step(w, &f);
        if (check && steps % FZ_FULL_CHECK == FZ_FULL_CHECK - 1)
            gntsim_check_invariants(w);
        else if (check)
            gntsim_check_invariants_step(w);
    }
    if (check)
        gntsim_check_invariants(w);
    gntsim_world_destroy(w);
}

#endif
