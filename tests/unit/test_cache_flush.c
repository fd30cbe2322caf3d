/* SPDX-License-Identifier: MIT */
/* GNTTABOP_cache_flush (Xen grant_table.c _cache_flush): every error path and the cache.
 */
#include "world_fixture.h"

#include "hw/cache.h"
#include "board/world.h"

static long fx_cflush_cmd(struct gntsim_world *w, unsigned cmd, uint64_t bus,
                          uint16_t off, uint16_t len, uint32_t op)
{
    struct gnttab_cache_flush c = {
        .a.dev_bus_addr = bus, .offset = off, .length = len, .op = op};

    return gntsim_grant_table_op(w, 0, 0, cmd, &c, 1);
}

static long fx_cflush(struct gntsim_world *w, uint64_t bus, uint16_t off, uint16_t len,
                      uint32_t op)
{
    return fx_cflush_cmd(w, GNTTABOP_cache_flush, bus, off, len, op);
}

static void cflush_argument_checks(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    uint64_t bus = FX_DOMU_MFN << 12;

    (void)state;
    assert_int_equal(fx_cflush(w, 0, 0, 0, 0), 0); /* Linux's probe */
    assert_int_equal(fx_cflush(w, bus, 0, 0, GNTTAB_CACHE_CLEAN), 0);
    assert_int_equal(fx_cflush(w, bus, 0, 64, 0), 0);
    assert_int_equal(fx_cflush(w, bus, 0, 64, GNTTAB_CACHE_SOURCE_GREF), -EINVAL);
    assert_int_equal(fx_cflush(w, bus, 0, 64, GNTTAB_CACHE_CLEAN | 4), -EINVAL);
    assert_int_equal(fx_cflush(w, bus, 4096, 0, GNTTAB_CACHE_CLEAN), -EINVAL);
    assert_int_equal(fx_cflush(w, bus, 0, 4097, GNTTAB_CACHE_CLEAN), -EINVAL);
    assert_int_equal(fx_cflush(w, bus, 4000, 97, GNTTAB_CACHE_CLEAN), -EINVAL);
    /* a continuation that resumes a probe: -EILSEQ */
    assert_int_equal(fx_cflush_cmd(w, GNTTABOP_cache_flush | (3u << 12), 0, 0, 0, 0),
                     -EILSEQ);
    /* opaque bits are rejected for every other command */
    assert_int_equal(
        gntsim_grant_table_op(w, 0, 0, GNTTABOP_query_size | (1u << 12), NULL, 0),
        -EINVAL);
    gntsim_world_destroy(w);
}

static void cflush_frame_checks(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);

    (void)state;
    /* 4 GiB is a hole between the banks: !mfn_valid */
    assert_int_equal(fx_cflush(w, 0x100000ull << 12, 0, 64, GNTTAB_CACHE_CLEAN), -EINVAL);
    /* a free RAM frame has no owner */
    assert_int_equal(gntsim_page_owner(w, 0x70000), 0x7FF4);
    assert_int_equal(fx_cflush(w, 0x70000ull << 12, 0, 64, GNTTAB_CACHE_CLEAN), -EPERM);
    /* a domU frame with no grant pinned for dom0 */
    assert_int_equal(fx_cflush(w, FX_DOMU_MFN << 12, 0, 64, GNTTAB_CACHE_CLEAN), -EINVAL);
    /* dom0's own frame */
    assert_int_equal(fx_cflush(w, 0x40010ull << 12, 0, 64, GNTTAB_CACHE_CLEAN), 0);
    assert_int_equal(gntsim_page_refs(w, 0x40010), 1); /* reference taken and dropped */
    assert_int_equal(gntsim_trace_count(w, "cache_flush_op"), 4);
    gntsim_world_destroy(w);
}

/* A grant pinned for dom0 lets it clean and invalidate the domU's frame. */
static void cflush_granted_frame(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    uint64_t pa = (FX_DOMU_MFN << 12) + 0x140;
    struct gnttab_map_grant_ref op;
    uint8_t data[64] = {0xab}, seen[64];

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(
        gntsim_guest_write(w, FX_DOMU, (FX_DOMU_GFN << 12) + 0x140, data, sizeof(data)),
        0);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_DIRTY);
    /* not yet mapped: refused, line still dirty */
    assert_int_equal(fx_cflush(w, FX_DOMU_MFN << 12, 0x100, 0x80, GNTTAB_CACHE_CLEAN),
                     -EINVAL);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_DIRTY);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(fx_cflush(w, FX_DOMU_MFN << 12, 0x100, 0x80, GNTTAB_CACHE_CLEAN), 0);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_CLEAN);
    assert_int_equal(hw_dma_read(&w->cache, pa, seen, sizeof(seen), false), 0);
    assert_memory_equal(seen, data, sizeof(data));
    assert_int_equal(fx_cflush(w, FX_DOMU_MFN << 12, 0x100, 0x80, GNTTAB_CACHE_INVAL), 0);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_UNTRACKED);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    assert_int_equal(fx_cflush(w, FX_DOMU_MFN << 12, 0, 64, GNTTAB_CACHE_CLEAN), -EINVAL);
    gntsim_world_destroy(w);
}

/* A batch stops at the first failing op; earlier ops took effect. */
static void cflush_batch_stops_at_error(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    uint8_t b = 1;
    struct gnttab_cache_flush c[3] = {
        {.a.dev_bus_addr = 0x40010ull << 12, .length = 64, .op = GNTTAB_CACHE_CLEAN},
        {.a.dev_bus_addr = 0x70000ull << 12, .length = 64, .op = GNTTAB_CACHE_CLEAN},
        {.a.dev_bus_addr = 0x40011ull << 12, .length = 64, .op = GNTTAB_CACHE_CLEAN}};

    (void)state;
    assert_int_equal(gntsim_guest_write(w, 0, 0x40011ull << 12, &b, 1), 0);
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_cache_flush, c, 3), -EPERM);
    assert_int_equal(hw_cache_line_state(&w->cache, 0x40011ull << 12), HW_LINE_DIRTY);
    assert_int_equal(gntsim_trace_count(w, "cache_flush_op"), 2);
    gntsim_world_destroy(w);
}

/* What a lock hook saw of the active-entry locks: acquisitions, releases, last index. */
struct cf_seen {
    unsigned acquired, released;
    uint32_t next; /* the index the next acquisition must have: in order from 0 */
    bool ordered;
};

static void cf_hook(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                    enum sim_lock_mode mode)
{
    struct cf_seen *s = ctx;

    if (c != LOCK_ACTIVE || dom != FX_DOMU)
        return;
    if (mode == LOCK_WRITE) {
        s->ordered = s->ordered && idx == s->next;
        s->next = idx + 1;
        s->acquired++;
    } else {
        s->released++;
    }
}

/*
 * grant_map_exists() visits d1's active entries from ref 0 up to the one dom0 pins on
 * the frame, each under its lock: a sequential run (no lock hook) counts the same
 * acquisitions as a run where every one is a scheduling point, with the same result.
 */
static void cflush_scan_same_with_lock_hook(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct cf_seen seen = {.ordered = true};
    uint64_t before, seq;
    struct gnttab_map_grant_ref op;

    (void)state;
    for (uint32_t ref = 8; ref < 40; ref++) /* other frames granted, one mapped */
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, ref, 0, FX_DOMU_GFN + 1, true),
                         0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 40, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN + 1, 9, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    op = fx_map(w, FX_HOST_GFN, 40, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    before = w->locks.acquisitions[LOCK_ACTIVE];
    assert_int_equal(fx_cflush(w, FX_DOMU_MFN << 12, 0, 64, GNTTAB_CACHE_CLEAN), 0);
    seq = w->locks.acquisitions[LOCK_ACTIVE] - before;
    assert_true(seq >= 41); /* refs 0 .. 40 visited */
    w->locks.at = cf_hook;
    w->locks.ctx = &seen;
    before = w->locks.acquisitions[LOCK_ACTIVE];
    assert_int_equal(fx_cflush(w, FX_DOMU_MFN << 12, 0, 64, GNTTAB_CACHE_CLEAN), 0);
    assert_int_equal(w->locks.acquisitions[LOCK_ACTIVE] - before, seq);
    assert_int_equal(seen.acquired, 41); /* the scan's, in ref order, released each */
    assert_int_equal(seen.released, 41);
    assert_true(seen.ordered);
    w->locks.at = NULL;
    assert_int_equal(w->locks.held, 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cflush_argument_checks),
        cmocka_unit_test(cflush_frame_checks),
        cmocka_unit_test(cflush_granted_frame),
        cmocka_unit_test(cflush_batch_stops_at_error),
        cmocka_unit_test(cflush_scan_same_with_lock_hook),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
