/* SPDX-License-Identifier: MIT */
/* Unit tests: the Arm P2M as stage-2 descriptors in machine frames (src/xen/p2m.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xen/xen.h"

#define GFN_LIMIT (1ull << 36)

static const struct hw_mem_bank zynqmp[2] = {
    {.base_mfn = 0x0, .nr_frames = 0x80000},
    {.base_mfn = 0x800000, .nr_frames = 0x80000},
};

struct fx {
    struct hw_mem mem;
    struct trace tr;
    struct xen x;
    struct p2m p;
    uint64_t baseline; /* frames allocated before p2m_init */
};

static void fx_up_banks(struct fx *t, const struct hw_mem_bank *banks, unsigned nr)
{
    memset(t, 0, sizeof(*t));
    assert_int_equal(hw_mem_init(&t->mem, banks, nr), 0);
    t->x.mem = &t->mem;
    assert_int_equal(frames_init(&t->x.frames, &t->mem), 0);
    trace_open(&t->tr, NULL, TRACE_TEXT);
    t->x.trace = &t->tr;
    t->baseline = t->x.frames.nr_allocated;
    assert_int_equal(p2m_init(&t->x, &t->p, 1), 0);
}

static int fx_setup(void **state)
{
    struct fx *t = malloc(sizeof(*t));
    if (t == NULL)
        return -1;
    fx_up_banks(t, zynqmp, 2);
    *state = t;
    return 0;
}

static int fx_teardown(void **state)
{
    struct fx *t = *state;
    p2m_teardown(&t->x, &t->p);
    frames_fini(&t->x.frames);
    hw_mem_fini(&t->mem);
    free(t);
    return 0;
}

/* @gfn's leaf descriptor, walking the tables by hand as the SMMU does; 0 if none. */
static uint64_t hand_walk(const struct fx *t, uint64_t gfn, uint64_t *tables_seen)
{
    uint64_t table = t->p.root_mfn, d = 0;
    for (unsigned level = 0; level < 4; level++) {
        uint64_t idx = (gfn >> (9 * (3 - level))) & 0x1ff;
        assert_int_equal(hw_mem_read64(&t->mem, (table << 12) + idx * 8, &d), 0);
        if (level == 3)
            return d;
        if (!(d & 1))
            return 0;
        assert_int_equal(d & ~0x0000fffffffff000ull,
                         0x3); /* VALID | TABLE, nothing else */
        table = (d & 0x0000fffffffff000ull) >> 12;
        assert_int_equal(frames_owner(&t->x.frames, table), PAGE_OWNER_XEN);
        if (tables_seen)
            tables_seen[level] = table;
    }
    return d;
}

static void test_p2m_init_root(void **state)
{
    struct fx *t = *state;
    assert_int_equal(t->p.nr_tables, 1);
    assert_int_equal(t->p.nr_entries, 0);
    assert_int_equal(t->p.domid, 1);
    assert_int_equal(t->p.root_mfn, 0x800000); /* high bank first */
    assert_int_equal(frames_owner(&t->x.frames, t->p.root_mfn), PAGE_OWNER_XEN);
    assert_int_equal(t->x.frames.nr_allocated, t->baseline + 1);
    struct p2m_entry e;
    assert_int_equal(p2m_lookup(&t->x, &t->p, 0, &e), -ENOENT);
}

/* Expected leaf bits per type, from Xen p2m_set_permission() and mfn_to_p2m_entry(). */
struct want {
    enum p2m_type t;
    bool write, xn;
    uint64_t mattr, sh;
};
static const struct want wants[] = {
    {P2M_RAM_RW, true, false, 0xf, 3},         {P2M_RAM_RO, false, false, 0xf, 3},
    {P2M_MMIO_DIRECT_DEV, true, true, 0x1, 2}, {P2M_MMIO_DIRECT_NC, true, true, 0x5, 2},
    {P2M_MMIO_DIRECT_C, true, true, 0xf, 2},   {P2M_MAP_FOREIGN_RW, true, true, 0xf, 3},
    {P2M_MAP_FOREIGN_RO, false, true, 0xf, 3}, {P2M_GRANT_MAP_RW, true, true, 0xf, 3},
    {P2M_GRANT_MAP_RO, false, true, 0xf, 3},   {P2M_IOMMU_MAP_RW, true, true, 0xf, 3},
    {P2M_IOMMU_MAP_RO, false, true, 0xf, 3},
};

static void test_p2m_set_lookup_exact_bits(void **state)
{
    struct fx *t = *state;
    for (unsigned i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
        const struct want *w = &wants[i];
        uint64_t gfn = 0x40000 + i, mfn = 0xabcdef000ull + i;
        assert_int_equal(p2m_set_entry(&t->x, &t->p, gfn, mfn, w->t), 0);
        struct p2m_entry e;
        assert_int_equal(p2m_lookup(&t->x, &t->p, gfn, &e), 0);
        assert_int_equal(e.mfn, mfn);
        assert_int_equal(e.type, w->t);
        assert_true(e.read);
        assert_int_equal(e.write, w->write);
        assert_int_equal(e.xn, w->xn);
        uint64_t want_desc = 1ull | 2ull | (w->mattr << 2) | (1ull << 6) |
                             ((uint64_t)w->write << 7) | (w->sh << 8) | (1ull << 10) |
                             (mfn << 12) | ((uint64_t)w->xn << 54) |
                             ((uint64_t)w->t << 55);
        assert_int_equal(e.desc, want_desc);
        assert_int_equal(hand_walk(t, gfn, NULL), want_desc);
    }
    assert_int_equal(t->p.nr_entries, sizeof(wants) / sizeof(wants[0]));
    assert_int_equal(t->tr.count[TEV_P2M_SET], sizeof(wants) / sizeof(wants[0]));
}

static void test_p2m_set_rejects(void **state)
{
    struct fx *t = *state;
    uint64_t alloc = t->x.frames.nr_allocated;
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 5, 0x100, P2M_INVALID), -EINVAL);
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 5, 0x100, P2M_NR_TYPES), -EINVAL);
    assert_int_equal(p2m_set_entry(&t->x, &t->p, GFN_LIMIT, 0x100, P2M_RAM_RW), -EINVAL);
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 5, GFN_LIMIT, P2M_RAM_RW), -EINVAL);
    assert_int_equal(t->x.frames.nr_allocated, alloc);
    assert_int_equal(t->p.nr_tables, 1);
    assert_int_equal(t->p.nr_entries, 0);
    assert_int_equal(t->tr.count[TEV_P2M_SET], 0);
    struct p2m_entry e;
    assert_int_equal(p2m_lookup(&t->x, &t->p, 5, &e), -ENOENT);
    assert_int_equal(p2m_lookup(&t->x, &t->p, GFN_LIMIT, &e), -ENOENT);
    /* The highest gfn is fine. */
    assert_int_equal(
        p2m_set_entry(&t->x, &t->p, GFN_LIMIT - 1, GFN_LIMIT - 1, P2M_RAM_RW), 0);
    assert_int_equal(p2m_lookup(&t->x, &t->p, GFN_LIMIT - 1, &e), 0);
    assert_int_equal(e.mfn, GFN_LIMIT - 1);
}

static void test_p2m_overwrite_replaces(void **state)
{
    struct fx *t = *state;
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x1234, 0x111, P2M_RAM_RW), 0);
    uint32_t tables = t->p.nr_tables;
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x1234, 0x222, P2M_GRANT_MAP_RO), 0);
    struct p2m_entry e;
    assert_int_equal(p2m_lookup(&t->x, &t->p, 0x1234, &e), 0);
    assert_int_equal(e.mfn, 0x222);
    assert_int_equal(e.type, P2M_GRANT_MAP_RO);
    assert_false(e.write);
    assert_true(e.xn);
    assert_int_equal(t->p.nr_entries, 1);
    assert_int_equal(t->p.nr_tables, tables);
}

/* __p2m_set_entry(): an overwritten foreign entry drops its reference only when the mfn
 * changes (p2m_free_entry), every release. */
static void test_p2m_overwrite_foreign_puts(void **state)
{
    struct fx *t = *state;

    assert_int_equal(frames_alloc_at(&t->x.frames, &t->mem, 0x600, 7), 0);
    assert_true(frames_get(&t->x.frames, 0x600, 7));
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x40, 0x600, P2M_MAP_FOREIGN_RW), 0);
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x40, 0x600, P2M_GRANT_MAP_RW), 0);
    assert_int_equal(frames_page(&t->x.frames, 0x600)->count, 2); /* same mfn: kept */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x40, 0x600, P2M_MAP_FOREIGN_RO), 0);
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x40, 0x601, P2M_RAM_RW), 0);
    assert_int_equal(frames_page(&t->x.frames, 0x600)->count, 1); /* another: put */
    assert_true(frames_get(&t->x.frames, 0x600, 7));
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x41, 0x600, P2M_MAP_FOREIGN_RW), 0);
    p2m_relinquish(&t->x, &t->p); /* relinquish_p2m_mapping() */
    assert_int_equal(frames_page(&t->x.frames, 0x600)->count, 1);
    assert_int_equal(t->p.nr_entries, 1); /* the RAM entry stays for p2m_teardown() */
}

static void test_p2m_hand_walk_matches_lookup(void **state)
{
    struct fx *t = *state;
    const uint64_t gfn = 0x923456789ull; /* distinct index at every level */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, gfn, 0x800777, P2M_GRANT_MAP_RW), 0);
    uint64_t tables[3] = {0};
    uint64_t d = hand_walk(t, gfn, tables);
    struct p2m_entry e;
    assert_int_equal(p2m_lookup(&t->x, &t->p, gfn, &e), 0);
    assert_int_equal(d, e.desc);
    assert_int_equal((d >> 12) & 0xfffffffffull, 0x800777);
    /* The three new tables came from the allocator in order, after the root. */
    assert_int_equal(tables[0], t->p.root_mfn + 1);
    assert_int_equal(tables[1], t->p.root_mfn + 2);
    assert_int_equal(tables[2], t->p.root_mfn + 3);
    /* Neighbouring gfns are empty. */
    assert_int_equal(hand_walk(t, gfn + 1, NULL), 0);
    assert_int_equal(p2m_lookup(&t->x, &t->p, gfn + 1, &e), -ENOENT);
}

/*
 * The walk cache's sets hold two L3 tables: three regions of one set (gfn >> 9 eight
 * apart) set and looked up in turn, each eviction included, always answer what the
 * tables hold (a hand walk), and the two newest are cached.
 */
static void test_p2m_walk_cache_set_of_three(void **state)
{
    struct fx *t = *state;
    const uint64_t gfn[3] = {0x1000 << 9 | 5, 0x1008 << 9 | 6, 0x1010 << 9 | 7};
    struct p2m_entry e;

    for (unsigned round = 0; round < 3; round++)
        for (unsigned i = 0; i < 3; i++) {
            uint64_t mfn = 0x800100 + round * 3 + i;

            assert_int_equal(p2m_set_entry(&t->x, &t->p, gfn[i], mfn, P2M_GRANT_MAP_RW),
                             0);
            for (unsigned j = 0; j < 3; j++) {
                bool set = round || j <= i;

                assert_int_equal(p2m_lookup(&t->x, &t->p, gfn[j], &e), set ? 0 : -ENOENT);
                if (set)
                    assert_int_equal(e.desc, hand_walk(t, gfn[j], NULL));
                assert_int_equal(p2m_lookup(&t->x, &t->p, gfn[j] + 1, &e), -ENOENT);
            }
        }
    assert_int_equal(p2m_lookup(&t->x, &t->p, gfn[2], &e), 0);
    assert_int_equal(e.mfn, 0x800100 + 2 * 3 + 2);
    assert_true(p2m_wc_slot(&t->p, gfn[1]) >= 0 && p2m_wc_slot(&t->p, gfn[2]) >= 0);
    assert_int_equal(p2m_wc_slot(&t->p, gfn[0]), -1); /* the oldest of the set */
}

static void test_p2m_nr_tables_far_apart(void **state)
{
    struct fx *t = *state;
    const struct {
        uint64_t gfn;
        uint32_t tables;
    } steps[] = {
        {0x0, 4},                     /* root + L1 + L2 + L3 */
        {0x1, 4},                     /* same L3 */
        {0x200, 5},                   /* new L3 */
        {1ull << 18, 7},              /* new L2 + L3 */
        {1ull << 27, 10},             /* new L1 + L2 + L3 */
        {GFN_LIMIT - 1, 13},          /* last L0 slot */
        {(1ull << 27) | 0x5, 10 + 3}, /* existing path */
    };
    for (unsigned i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        assert_int_equal(p2m_set_entry(&t->x, &t->p, steps[i].gfn, 0x10 + i, P2M_RAM_RW),
                         0);
        assert_int_equal(t->p.nr_tables, steps[i].tables);
        assert_int_equal(t->x.frames.nr_allocated - t->baseline, t->p.nr_tables);
        assert_int_equal(t->p.nr_entries, i + 1);
    }
}

static void test_p2m_remove_checks_any_ram(void **state)
{
    struct fx *t = *state;
    const enum p2m_type types[] = {P2M_RAM_RW,         P2M_RAM_RO,
                                   P2M_GRANT_MAP_RW,   P2M_GRANT_MAP_RO,
                                   P2M_MAP_FOREIGN_RW, P2M_MAP_FOREIGN_RO};
    for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        uint64_t gfn = 0x300 + i, mfn = 0x500 + i;
        bool foreign = types[i] == P2M_MAP_FOREIGN_RW || types[i] == P2M_MAP_FOREIGN_RO;

        if (foreign) { /* d7's page, with the reference a foreign mapping holds */
            assert_int_equal(frames_alloc_at(&t->x.frames, &t->mem, mfn, 7), 0);
            assert_true(frames_get(&t->x.frames, mfn, 7));
        }
        assert_int_equal(p2m_set_entry(&t->x, &t->p, gfn, mfn, types[i]), 0);
        uint64_t before = hand_walk(t, gfn, NULL);
        assert_int_equal(p2m_remove_entry(&t->x, &t->p, gfn, mfn + 1, true), -EILSEQ);
        assert_int_equal(hand_walk(t, gfn, NULL), before);
        assert_int_equal(t->p.nr_entries, 1);
        assert_int_equal(t->tr.count[TEV_P2M_REMOVE_REFUSED], 2 * i + 1);
        assert_int_equal(p2m_remove_entry(&t->x, &t->p, gfn, INVALID_MFN, true), -EILSEQ);
        assert_int_equal(p2m_remove_entry(&t->x, &t->p, gfn, mfn, true), 0);
        assert_int_equal(hand_walk(t, gfn, NULL), 0);
        assert_int_equal(t->p.nr_entries, 0);
        if (foreign) /* Arm p2m_put_l3_page(): the removal put the foreign reference */
            assert_int_equal(frames_page(&t->x.frames, mfn)->count, 1);
    }
    assert_int_equal(t->tr.count[TEV_P2M_REMOVE], 6);
    /* Before 5a4a2cef08 (no check) the wrong mfn still removes. */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x300, 0x500, P2M_GRANT_MAP_RW), 0);
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0x300, 0x999, false), 0);
    struct p2m_entry e;
    assert_int_equal(p2m_lookup(&t->x, &t->p, 0x300, &e), -ENOENT);
}

static void test_p2m_remove_iommu_and_mmio_unchecked(void **state)
{
    struct fx *t = *state;
    const enum p2m_type types[] = {P2M_IOMMU_MAP_RW, P2M_IOMMU_MAP_RO,
                                   P2M_MMIO_DIRECT_DEV, P2M_MMIO_DIRECT_NC,
                                   P2M_MMIO_DIRECT_C};
    for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x700 + i, 0x700 + i, types[i]), 0);
        assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0x700 + i, 0x1, true), 0);
        assert_int_equal(hand_walk(t, 0x700 + i, NULL), 0);
    }
    assert_int_equal(t->p.nr_entries, 0);
    assert_int_equal(t->tr.count[TEV_P2M_REMOVE_REFUSED], 0);
}

static void test_p2m_remove_empty(void **state)
{
    struct fx *t = *state;
    uint64_t alloc = t->x.frames.nr_allocated;
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0x42, 0x1, true), 0); /* no tables */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x40, 0x1, P2M_RAM_RW), 0);
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0x42, 0x1, true),
                     0); /* table, empty slot */
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, GFN_LIMIT, 0x1, true), 0);
    assert_int_equal(t->p.nr_entries, 1);
    assert_int_equal(t->tr.count[TEV_P2M_REMOVE], 0);
    /* Emptied tables are kept until teardown. */
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0x40, 0x1, true), 0);
    assert_int_equal(t->p.nr_entries, 0);
    assert_int_equal(t->p.nr_tables, 4);
    assert_int_equal(t->x.frames.nr_allocated, alloc + 3);
}

static void test_p2m_teardown_frees_tables_only(void **state)
{
    struct fx *t = *state;
    uint64_t data = frames_alloc(&t->x.frames, t->x.mem, 1); /* a guest page */
    const uint64_t gfns[] = {0x0, 0x1ff, 0x200, 1ull << 20, 1ull << 30, GFN_LIMIT - 1};
    for (unsigned i = 0; i < sizeof(gfns) / sizeof(gfns[0]); i++)
        assert_int_equal(p2m_set_entry(&t->x, &t->p, gfns[i], data, P2M_RAM_RW), 0);
    assert_true(t->p.nr_tables > 8);
    p2m_teardown(&t->x, &t->p);
    assert_int_equal(t->x.frames.nr_allocated, t->baseline + 1); /* only the data page */
    assert_int_equal(frames_owner(&t->x.frames, data), 1);
    assert_int_equal(frames_page(&t->x.frames, data)->count, 1);
    assert_int_equal(t->p.nr_tables, 0);
    assert_int_equal(t->p.nr_entries, 0);
    p2m_teardown(&t->x, &t->p); /* twice is harmless */
    struct p2m zero;
    memset(&zero, 0, sizeof(zero));
    p2m_teardown(&t->x, &zero); /* root_mfn 0 is RAM here: must not be freed */
    assert_int_equal(t->x.frames.nr_allocated, t->baseline + 1);
    frames_put(&t->x.frames, data);
}

struct visit {
    uint64_t gfn[16];
    uint64_t mfn[16];
    unsigned n, stop_at;
};

static int visit_fn(void *ctx, uint64_t gfn, const struct p2m_entry *e)
{
    struct visit *v = ctx;
    v->gfn[v->n] = gfn;
    v->mfn[v->n] = e->mfn;
    v->n++;
    return v->n == v->stop_at ? 7 : 0;
}

static void test_p2m_for_each_ascending(void **state)
{
    struct fx *t = *state;
    const uint64_t insert[] = {0x5, GFN_LIMIT - 1, 0x200, 0x1, 1ull << 27, 0x1ff};
    const uint64_t sorted[] = {0x1, 0x5, 0x1ff, 0x200, 1ull << 27, GFN_LIMIT - 1};
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(
            p2m_set_entry(&t->x, &t->p, insert[i], insert[i] ^ 0xf0, P2M_RAM_RO), 0);
    struct visit v = {.n = 0, .stop_at = 0};
    assert_int_equal(p2m_for_each(&t->x, &t->p, visit_fn, &v), 0);
    assert_int_equal(v.n, 6);
    for (unsigned i = 0; i < 6; i++) {
        assert_int_equal(v.gfn[i], sorted[i]);
        assert_int_equal(v.mfn[i], sorted[i] ^ 0xf0);
    }
    struct visit s = {.n = 0, .stop_at = 3};
    assert_int_equal(p2m_for_each(&t->x, &t->p, visit_fn, &s), 7);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.gfn[2], 0x1ff);
}

/* Memory so small that a table frame cannot be had: the mapping must not move. */
static void test_p2m_enomem_leaves_mapping(void **state)
{
    struct fx *t = calloc(1, sizeof(*t));
    assert_non_null(t);
    *state = t; /* fx_teardown releases it even if an assertion fails */
    const struct hw_mem_bank tiny[1] = {{.base_mfn = 0x100, .nr_frames = 6}};
    fx_up_banks(t, tiny, 1); /* root: 1 frame */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x0, 0x55, P2M_RAM_RW),
                     0); /* 4 frames */
    uint64_t l0_slot_before;
    uint64_t l0_slot_pa = (t->p.root_mfn << 12) + 1 * 8; /* gfn 1<<27 -> L0 index 1 */
    assert_int_equal(hw_mem_read64(&t->mem, l0_slot_pa, &l0_slot_before), 0);
    /* gfn 1<<27 needs 3 tables, 2 frames left: all or nothing. */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 1ull << 27, 0x66, P2M_RAM_RW), -ENOMEM);
    uint64_t l0_slot_after;
    assert_int_equal(hw_mem_read64(&t->mem, l0_slot_pa, &l0_slot_after), 0);
    assert_int_equal(l0_slot_after, l0_slot_before);
    assert_int_equal(l0_slot_after, 0);
    assert_int_equal(t->p.nr_tables, 4);
    assert_int_equal(t->p.nr_entries, 1);
    assert_int_equal(t->x.frames.nr_allocated, 4);
    assert_int_equal(t->tr.count[TEV_P2M_SET], 1);
    struct p2m_entry e;
    assert_int_equal(p2m_lookup(&t->x, &t->p, 0x0, &e), 0);
    assert_int_equal(e.mfn, 0x55);
    assert_int_equal(p2m_lookup(&t->x, &t->p, 1ull << 27, &e), -ENOENT);
    /* The two frames given back are usable: a new L2+L3 fits exactly. */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 1ull << 18, 0x77, P2M_RAM_RW), 0);
    assert_int_equal(t->p.nr_tables, 6);
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x200, 0x88, P2M_RAM_RW), -ENOMEM);
    /* Overwriting needs no table and still works when memory is full. */
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x0, 0x56, P2M_RAM_RO), 0);
    assert_int_equal(p2m_lookup(&t->x, &t->p, 0x0, &e), 0);
    assert_int_equal(e.mfn, 0x56);
}

static void test_p2m_no_trace_sink(void **state)
{
    struct fx *t = *state;
    t->x.trace = NULL;
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0x9, 0x9, P2M_GRANT_MAP_RW), 0);
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0x9, 0x8, true), -EILSEQ);
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0x9, 0x9, true), 0);
    assert_int_equal(t->p.nr_entries, 0);
    assert_int_equal(t->tr.seq, 0);
}

struct captured {
    enum trace_ev ev;
    uint64_t a[4];
    const char *type;
};

static void capture_hook(void *ctx, enum trace_ev ev, const union trace_arg *args)
{
    struct captured *c = ctx;
    c->ev = ev;
    for (unsigned i = 0; i < 3; i++)
        c->a[i] = args[i].u;
    c->type = ev == TEV_P2M_REMOVE_REFUSED ? NULL : args[3].s;
    c->a[3] = ev == TEV_P2M_REMOVE_REFUSED ? args[3].u : 0;
}

static void test_p2m_trace_fields(void **state)
{
    struct fx *t = *state;
    struct captured c;
    memset(&c, 0, sizeof(c));
    t->tr.hook = capture_hook;
    t->tr.hook_ctx = &c;
    assert_int_equal(p2m_set_entry(&t->x, &t->p, 0xa, 0xb, P2M_GRANT_MAP_RO), 0);
    assert_int_equal(c.ev, TEV_P2M_SET);
    assert_int_equal(c.a[0], 1);
    assert_int_equal(c.a[1], 0xa);
    assert_int_equal(c.a[2], 0xb);
    assert_string_equal(c.type, "p2m_grant_map_ro");
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0xa, 0xc, true), -EILSEQ);
    assert_int_equal(c.ev, TEV_P2M_REMOVE_REFUSED);
    assert_int_equal(c.a[2], 0xb); /* what is mapped */
    assert_int_equal(c.a[3], 0xc); /* what the caller expected */
    assert_int_equal(p2m_remove_entry(&t->x, &t->p, 0xa, 0xb, true), 0);
    assert_int_equal(c.ev, TEV_P2M_REMOVE);
    assert_int_equal(c.a[2], 0xb);
    assert_string_equal(c.type, "p2m_grant_map_ro");
    t->tr.hook = NULL;
}

static void test_p2m_type_names_and_any_ram(void **state)
{
    (void)state;
    assert_string_equal(p2m_type_name(P2M_INVALID), "p2m_invalid");
    assert_string_equal(p2m_type_name(P2M_MMIO_DIRECT_NC), "p2m_mmio_direct_nc");
    assert_string_equal(p2m_type_name(P2M_GRANT_MAP_RO), "p2m_grant_map_ro");
    assert_string_equal(p2m_type_name(P2M_IOMMU_MAP_RO), "p2m_iommu_map_ro");
    assert_string_equal(p2m_type_name(P2M_NR_TYPES), "?");
    unsigned any = 0;
    for (unsigned t = 0; t < P2M_NR_TYPES; t++)
        any |= (unsigned)p2m_is_any_ram((enum p2m_type)t) << t;
    assert_int_equal(any, (1u << P2M_RAM_RW) | (1u << P2M_RAM_RO) |
                              (1u << P2M_MAP_FOREIGN_RW) | (1u << P2M_MAP_FOREIGN_RO) |
                              (1u << P2M_GRANT_MAP_RW) | (1u << P2M_GRANT_MAP_RO));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_p2m_init_root, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_set_lookup_exact_bits, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_set_rejects, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_overwrite_replaces, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_overwrite_foreign_puts, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_hand_walk_matches_lookup, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_walk_cache_set_of_three, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_nr_tables_far_apart, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_remove_checks_any_ram, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_remove_iommu_and_mmio_unchecked,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_remove_empty, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_teardown_frees_tables_only, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_for_each_ascending, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_teardown(test_p2m_enomem_leaves_mapping, fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_no_trace_sink, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_p2m_trace_fields, fx_setup, fx_teardown),
        cmocka_unit_test(test_p2m_type_names_and_any_ram),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
