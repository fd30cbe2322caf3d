/* SPDX-License-Identifier: MIT */
/*
 * Maptrack handles (Xen get_maptrack_handle,
 * _get_maptrack_handle, steal_maptrack_handle, put_maptrack_handle).
 */
#include "world_fixture.h"

/* Grant the fixture domU's gfn 0x40000 + i under ref 16 + i (read-only), for i < n. */
static void grant_many(struct gntsim_world *w, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 16 + i, 0, 0x40000 + i, true), 0);
}

static struct gnttab_map_grant_ref map_nth(struct gntsim_world *w, unsigned vcpu,
                                           uint32_t i)
{
    return fx_map_vcpu(w, vcpu, FX_HOST_GFN + i, 16 + i,
                       GNTMAP_host_map | GNTMAP_readonly);
}

static int16_t unmap_vcpu(struct gntsim_world *w, unsigned vcpu, uint32_t i,
                          uint32_t handle)
{
    struct gnttab_unmap_grant_ref op = {.host_addr = (FX_HOST_GFN + i) << 12,
                                        .handle = handle};

    assert_int_equal(gntsim_grant_table_op(w, 0, vcpu, GNTTABOP_unmap_grant_ref, &op, 1),
                     0);
    return op.status;
}

/* vCPU @vcpu maps the @i-th grant; expect @handle, re-owned by @vcpu in the maptrack. */
static void expect_map(struct gntsim_world *w, unsigned vcpu, uint32_t i, uint32_t handle)
{
    struct gnttab_map_grant_ref op = map_nth(w, vcpu, i);
    struct gntsim_maptrack_info mi;

    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, handle);
    assert_int_equal(gntsim_maptrack_info(w, 0, handle, &mi), 0);
    assert_int_equal(mi.vcpu, vcpu);
}

/* Handles are 0, 1, 2, ... in order; each maptrack entry records ref, domid, flags. */
static void handles_in_order(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gntsim_maptrack_info mi;

    (void)state;
    grant_many(w, 8);
    assert_int_equal(gntsim_maptrack_limit(w, 0), 0);
    for (uint32_t i = 0; i < 8; i++) {
        struct gnttab_map_grant_ref op = map_nth(w, 0, i);

        assert_int_equal(op.status, GNTST_okay);
        assert_int_equal(op.handle, i);
        assert_int_equal(gntsim_maptrack_info(w, 0, i, &mi), 0);
        assert_int_equal(mi.ref, 16 + i);
        assert_int_equal(mi.domid, FX_DOMU);
        assert_int_equal(mi.flags, GNTMAP_host_map | GNTMAP_readonly);
        assert_int_equal(mi.vcpu, 0);
    }
    assert_int_equal(gntsim_maptrack_limit(w, 0), 256);
    assert_int_equal(gntsim_maptrack_info(w, 0, 8, &mi), 0);
    assert_int_equal(mi.flags, 0);
    assert_int_equal(gntsim_maptrack_info(w, 0, 256, &mi), -EINVAL);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/*
 * One vCPU, max_maptrack_frames = 1: 255 maps (handles 0..254), the last
 * entry (255) stays as tail sentinel; the 256th map fails with
 * no_device_space (<= 4.15) or no_space (>= 4.16, 5c10b96795).
 */
static void exhaust(const char *rel, int16_t want)
{
    struct gntsim_world *w = fx_world(rel, 1);
    struct gnttab_map_grant_ref op;
    struct gntsim_maptrack_info mi;

    grant_many(w, 256);
    for (uint32_t i = 0; i < 255; i++) {
        op = map_nth(w, 0, i);
        assert_int_equal(op.status, GNTST_okay);
        assert_int_equal(op.handle, i);
    }
    op = map_nth(w, 0, 255);
    assert_int_equal(op.status, want);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + 255));
    assert_int_equal(fx_pin(w, 16 + 255), 0);
    assert_int_equal(fx_gtf(w, 16 + 255), GTF_permit_access | GTF_readonly);
    assert_int_equal(gntsim_maptrack_limit(w, 0), 256);
    assert_int_equal(gntsim_maptrack_info(w, 0, 255, &mi), 0);
    assert_int_equal(mi.flags, 0);
    gntsim_check_invariants(w);

    /*
     * Free handle 5: put_maptrack_handle() appends it behind the sentinel 255,
     * so 255 becomes usable and 5 is the new sentinel: one more map gets 255,
     * the next fails again.
     */
    assert_int_equal(unmap_vcpu(w, 0, 5, 5), GNTST_okay);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + 5));
    op = map_nth(w, 0, 255);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 255);
    assert_string_equal(fx_p2m_type(w, 0, FX_HOST_GFN + 255), "p2m_grant_map_ro");
    op = map_nth(w, 0, 5);
    assert_int_equal(op.status, want);
    assert_int_equal(gntsim_maptrack_info(w, 0, 5, &mi), 0);
    assert_int_equal(mi.flags, 0);

    /* free 7 then 3: 5 (sentinel) -> 7 -> 3; maps get 5, then 7, then fail */
    assert_int_equal(unmap_vcpu(w, 0, 7, 7), GNTST_okay);
    assert_int_equal(unmap_vcpu(w, 0, 3, 3), GNTST_okay);
    op = map_nth(w, 0, 5);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 5);
    op = map_nth(w, 0, 7);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 7);
    op = map_nth(w, 0, 3);
    assert_int_equal(op.status, want);
    gntsim_world_destroy(w);
}

static void maptrack_exhaustion(void **state)
{
    (void)state;
    exhaust("4.11", GNTST_no_device_space);
    exhaust("4.14.1", GNTST_no_device_space);
    exhaust("4.15.0", GNTST_no_device_space);
    exhaust("4.16.0", GNTST_no_space);
    exhaust("master", GNTST_no_space);
}

static void exhaustion_healthy_master(void **state)
{
    struct gntsim_world *w = fx_world("master", 1);

    (void)state;
    grant_many(w, 256);
    for (uint32_t i = 0; i < 256; i++)
        map_nth(w, 0, i);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* With more than one frame allowed a second page is allocated: handle 256, 257, ... */
static void second_page(void **state)
{
    struct gntsim_world *w = fx_world("master", 2);
    struct gnttab_map_grant_ref op;

    (void)state;
    grant_many(w, 256);
    for (uint32_t i = 0; i < 255; i++)
        assert_int_equal(map_nth(w, 0, i).status, GNTST_okay);
    assert_int_equal(gntsim_maptrack_limit(w, 0), 256);
    /* the new page's first handle is returned; the rest go on the head */
    op = map_nth(w, 0, 255);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 256);
    assert_int_equal(gntsim_maptrack_limit(w, 0), 512);
    op = fx_map(w, FX_HOST_GFN + 300, 16, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 257);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/*
 * Two vCPUs, one maptrack frame. vCPU0 allocates the frame (handle 0, list
 * 1..255). vCPU1 has no list: it first steals an extra entry as its tail
 * sentinel (1), then steals its handle (2), re-owned to vCPU1. Whatever
 * victim Xen picks first, vCPU1's own list holds only the sentinel, so the
 * result is deterministic.
 */
static void steal(const char *rel, bool seed_bug)
{
    struct gntsim_world *w = fx_world_vcpus(rel, 1, 2);
    struct gnttab_map_grant_ref op;
    struct gntsim_maptrack_info mi;

    grant_many(w, 8);
    op = map_nth(w, 0, 0);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 0);

    expect_map(w, 1, 1, 2);
    assert_int_equal(gntsim_maptrack_info(w, 0, 2, &mi), 0);
    assert_int_equal(mi.ref, 16 + 1);
    assert_int_equal(mi.flags, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_maptrack_info(w, 0, 1, &mi), 0);
    assert_int_equal(mi.flags, 0);
    assert_int_equal(mi.vcpu, 1); /* the stolen sentinel */
    assert_int_equal(gntsim_maptrack_limit(w, 0), 256);
    assert_string_equal(fx_p2m_type(w, 0, FX_HOST_GFN + 1), "p2m_grant_map_ro");
    /* 4.14.1: one S7 (no 1:1 IOMMU entry) per mapped frame, the seed bug */
    assert_int_equal(gntsim_check_invariants(w), seed_bug ? 2 : 0);
    assert_int_equal(fx_has_finding(w, "S7"), seed_bug);

    /* vCPU1's list is only its sentinel: it steals again (3) */
    expect_map(w, 1, 2, 3);

    /* vCPU0 continues on its own list */
    expect_map(w, 0, 3, 4);

    /*
     * Handle 2 (owned by vCPU1) freed from vCPU0: it goes to vCPU1's tail
     * (sentinel 1 -> 2), so vCPU1's next map gets 1 without stealing.
     */
    assert_int_equal(unmap_vcpu(w, 0, 1, 2), GNTST_okay);
    expect_map(w, 1, 4, 1);
    /* and then steals again from vCPU0 (5): 2 is its sentinel now */
    op = map_nth(w, 1, 5);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 5);
    /* 4.14.1: S7 for the four frames mapped since the last check (deduplicated) */
    assert_int_equal(gntsim_check_invariants(w), seed_bug ? 4 : 0);
    gntsim_world_destroy(w);
}

static void maptrack_steal(void **state)
{
    (void)state;
    steal("4.14.1", true);
    steal("4.15.0", false);
    steal("4.16.0", false);
    steal("master", false);
}

/* Stealing exhausts both lists: 2 vCPUs x 1 frame hold 256 - 2 sentinels = 254 maps. */
static void steal_exhaustion(void **state)
{
    struct gntsim_world *w = fx_world_vcpus("master", 1, 2);
    struct gnttab_map_grant_ref op;
    uint32_t ok = 0;

    (void)state;
    grant_many(w, 256);
    assert_int_equal(map_nth(w, 0, 0).status, GNTST_okay);
    for (uint32_t i = 1; i < 256; i++) {
        op = map_nth(w, 1, i);
        if (op.status == GNTST_okay)
            ok++;
        else
            assert_int_equal(op.status, GNTST_no_space);
    }
    /* vCPU1 stole its sentinel (1) and handles 2..254; vCPU0 keeps 255 as sentinel */
    assert_int_equal(ok, 253);
    assert_int_equal(map_nth(w, 0, 255).status, GNTST_no_space);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(handles_in_order),
        cmocka_unit_test(maptrack_exhaustion),
        cmocka_unit_test(exhaustion_healthy_master),
        cmocka_unit_test(second_page),
        cmocka_unit_test(maptrack_steal),
        cmocka_unit_test(steal_exhaustion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
