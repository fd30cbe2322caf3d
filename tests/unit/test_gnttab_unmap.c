/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_unmap_grant_ref and unmap_and_replace (xen/common/grant_table.c unmap_common):
 * handle checks, the dev_bus_addr check, the host_addr check (none up to
 * 4.16.x, -EILSEQ since 4.17), partial unmaps, batches of 32, pins.
 */
#include "world_fixture.h"

/* Releases 4.12.0 .. 4.14.1 lack the 1:1 IOMMU entry (seed bug): only S7 findings. */
static bool seed_bug(const char *rel)
{
    return !strcmp(rel, "4.14.1") || !strcmp(rel, "4.13.0");
}

/* Every invariant holds, except the seed bug's S7 where the release has it. */
static void expect_clean(struct gntsim_world *w, const char *rel)
{
    size_t n;
    const struct gntsim_finding *f;

    gntsim_check_invariants(w);
    f = gntsim_findings(w, &n);
    for (size_t i = 0; i < n; i++)
        if (!seed_bug(rel) || strcmp(f[i].id, "S7"))
            fail_msg("%s: unexpected finding %s: %s", rel, f[i].id, f[i].what);
}

/* A read-only grant of the fixture frame, mapped once; returns the handle. */
static uint32_t map_one(struct gntsim_world *w, uint32_t flags)
{
    struct gnttab_map_grant_ref op;

    assert_int_equal(
        gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, flags & GNTMAP_readonly),
        0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, flags);
    assert_int_equal(op.status, GNTST_okay);
    return op.handle;
}

/* The mapping of map_one() is fully live. */
static void assert_live(struct gntsim_world *w, uint32_t handle, uint32_t flags)
{
    struct gntsim_maptrack_info mi;
    struct gntsim_p2m_info p;
    bool ro = flags & GNTMAP_readonly;

    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), 0);
    assert_int_equal(p.mfn, FX_DOMU_MFN);
    assert_string_equal(p.type_name, ro ? "p2m_grant_map_ro" : "p2m_grant_map_rw");
    assert_int_equal(fx_pin(w, FX_REF), ro ? FX_PIN_HSTR : FX_PIN_HSTW);
    assert_int_equal(fx_gtf(w, FX_REF),
                     ro ? GTF_permit_access | GTF_readonly | GTF_reading
                        : GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 2);
    assert_int_equal(gntsim_maptrack_info(w, 0, handle, &mi), 0);
    assert_int_equal(mi.flags, flags);
}

/* The mapping of map_one() is gone. */
static void assert_gone(struct gntsim_world *w, uint32_t handle, bool ro)
{
    struct gntsim_maptrack_info mi;

    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF),
                     ro ? GTF_permit_access | GTF_readonly : GTF_permit_access);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_maptrack_info(w, 0, handle, &mi), 0);
    assert_int_equal(mi.flags, 0);
}

static const char *const releases[] = {"4.11",   "4.13.0", "4.14.1", "4.15.0",
                                       "4.16.0", "4.16.1", "4.17",   "master"};
#define NR_RELEASES (sizeof(releases) / sizeof(releases[0]))

/* Steps 1-2: handle >= maptrack_limit, handle whose entry is free. */
static void bad_handles(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    const uint32_t ro = GNTMAP_host_map | GNTMAP_readonly;
    uint32_t h;

    /* no maptrack page yet: limit 0 */
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, 0), GNTST_bad_handle);
    h = map_one(w, ro);
    assert_int_equal(h, 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, 256), GNTST_bad_handle);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, 0xffffffffu), GNTST_bad_handle);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, 1), GNTST_bad_handle); /* free */
    assert_live(w, h, ro);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, h), GNTST_okay);
    assert_gone(w, h, true);
    /* freed handle */
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, h), GNTST_bad_handle);
    assert_gone(w, h, true);
    expect_clean(w, rel);
    gntsim_world_destroy(w);
}

static void unmap_bad_handles(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_RELEASES; i++)
        bad_handles(releases[i]);
}

/*
 * Step 7: dev_bus_addr != mfn << 12. Up to 4.15 general_error even for a
 * host-only mapping; since c5bf1295b0 (4.16.0) only checked for device_map,
 * which Arm never has, so the host-only unmap succeeds.
 */
static void bus_addr(const char *rel, bool checked)
{
    struct gntsim_world *w = fx_world(rel, 0);
    const uint32_t ro = GNTMAP_host_map | GNTMAP_readonly;
    uint32_t h = map_one(w, ro);
    struct gntsim_p2m_info p;

    if (checked) {
        assert_int_equal(fx_unmap(w, FX_HOST_GFN, (FX_DOMU_MFN + 1) << 12, h),
                         GNTST_general_error);
        assert_live(w, h, ro);
        /* dev_bus_addr alone (host_addr 0), wrong: also refused */
        assert_int_equal(fx_unmap(w, 0, 0x1000, h), GNTST_general_error);
        assert_live(w, h, ro);
        if (!seed_bug(rel)) {
            assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), 0);
            assert_string_equal(p.type_name, "p2m_iommu_map_ro");
        }
        /* the right bus address passes */
        assert_int_equal(fx_unmap(w, FX_HOST_GFN, FX_DOMU_MFN << 12, h), GNTST_okay);
    } else {
        assert_int_equal(fx_unmap(w, FX_HOST_GFN, (FX_DOMU_MFN + 1) << 12, h),
                         GNTST_okay);
    }
    assert_gone(w, h, true);
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), -ENOENT);
    expect_clean(w, rel);
    gntsim_world_destroy(w);
}

static void unmap_dev_bus_addr(void **state)
{
    (void)state;
    bus_addr("4.14.1", true);
    bus_addr("4.15.0", true);
    bus_addr("4.16.0", false);
    bus_addr("4.16.1", false);
    bus_addr("master", false);
}

/*
 * Step 8: host_addr names dom0's own RAM gfn 0x40010 (mfn 0x40010), not the
 * grant mapping. Up to 4.16.x replace_grant_host_mapping() removes whatever
 * the gfn maps: dom0 loses its RAM page, the unmap succeeds and the real
 * grant entry at FX_HOST_GFN stays without a handle (S3).
 */
static void wrong_host_addr_removed(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    const uint32_t ro = GNTMAP_host_map | GNTMAP_readonly;
    uint32_t h = map_one(w, ro);
    struct gntsim_maptrack_info mi;
    struct gntsim_p2m_info p;

    assert_string_equal(fx_p2m_type(w, 0, 0x40010), "p2m_ram_rw");
    assert_int_equal(fx_unmap(w, 0x40010, 0, h), GNTST_okay);
    assert_null(fx_p2m_type(w, 0, 0x40010)); /* dom0 lost its RAM mapping */
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), 0);
    assert_string_equal(p.type_name, "p2m_grant_map_ro"); /* stale */
    assert_int_equal(p.mfn, FX_DOMU_MFN);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_maptrack_info(w, 0, h, &mi), 0);
    assert_int_equal(mi.flags, 0);
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), -ENOENT);
    assert_true(gntsim_check_invariants(w) >= 1);
    assert_true(fx_has_finding(w, "S3"));
    gntsim_world_destroy(w);
}

/* 5a4a2cef08 (4.17.0): -EILSEQ -> general_error, nothing removed, handle still live. */
static void wrong_host_addr_refused(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    const uint32_t ro = GNTMAP_host_map | GNTMAP_readonly;
    uint32_t h = map_one(w, ro);
    struct gntsim_p2m_info p;

    assert_int_equal(fx_unmap(w, 0x40010, 0, h), GNTST_general_error);
    assert_string_equal(fx_p2m_type(w, 0, 0x40010), "p2m_ram_rw");
    assert_live(w, h, ro);
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), 0);
    assert_string_equal(p.type_name, "p2m_iommu_map_ro");
    assert_int_equal(gntsim_check_invariants(w), 0);
    /* the right address still works */
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, h), GNTST_okay);
    assert_gone(w, h, true);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void unmap_wrong_host_addr(void **state)
{
    (void)state;
    wrong_host_addr_removed("4.15.0");
    wrong_host_addr_removed("4.16.0");
    wrong_host_addr_removed("4.16.1");
    wrong_host_addr_refused("4.17");
    wrong_host_addr_refused("master");
}

/*
 * 4.17+: a gfn that holds nothing passes the -EILSEQ check, so the unmap
 * completes while the real grant entry stays in the P2M (S3).
 */
static void unmap_empty_host_addr_master(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    uint32_t h = map_one(w, GNTMAP_host_map | GNTMAP_readonly);

    (void)state;
    assert_null(fx_p2m_type(w, 0, 0x200000));
    assert_int_equal(fx_unmap(w, 0x200000, 0, h), GNTST_okay);
    assert_string_equal(fx_p2m_type(w, 0, FX_HOST_GFN), "p2m_grant_map_ro");
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_true(gntsim_check_invariants(w) >= 1);
    assert_true(fx_has_finding(w, "S3"));
    gntsim_world_destroy(w);
}

/* host_addr = 0 and dev_bus_addr = 0: okay, the host half and the pin stay. */
static void partial(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    const uint32_t rw = GNTMAP_host_map;
    uint32_t h = map_one(w, rw);
    struct gntsim_p2m_info p;

    assert_int_equal(fx_unmap(w, 0, 0, h), GNTST_okay);
    assert_live(w, h, rw);
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), 0);
    assert_string_equal(p.type_name, "p2m_iommu_map_rw");
    assert_int_equal(gntsim_check_invariants(w), 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, h), GNTST_okay);
    assert_gone(w, h, false);
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), -ENOENT);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void unmap_partial(void **state)
{
    (void)state;
    partial("4.15.0"); /* era B: mapkind recount keeps the entry */
    partial("4.16.1");
    partial("master");
}

/* 41 ops in one hypercall: two batches (32 + 9); a bad handle in the second. */
static void batch(const char *rel)
{
    enum { N = 40 };
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref m[N];
    struct gnttab_unmap_grant_ref u[N + 1];

    for (uint32_t i = 0; i < N; i++) {
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 16 + i, 0, 0x40000 + i, i & 1),
                         0);
        m[i] = fx_map_op(FX_HOST_GFN + i, 16 + i,
                         GNTMAP_host_map | ((i & 1) ? GNTMAP_readonly : 0));
    }
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, m, N), 0);
    for (uint32_t i = 0; i < N; i++) {
        assert_int_equal(m[i].status, GNTST_okay);
        assert_int_equal(m[i].handle, i);
        assert_int_equal(m[i].dev_bus_addr, (0x842400ull + i) << 12);
    }
    expect_clean(w, rel);

    for (uint32_t i = 0, k = 0; i < N + 1; i++) {
        if (i == 33) {
            u[i] = (struct gnttab_unmap_grant_ref){.handle = 200, .status = 99};
            continue;
        }
        u[i] = (struct gnttab_unmap_grant_ref){
            .host_addr = (FX_HOST_GFN + k) << 12, .handle = m[k].handle, .status = 99};
        k++;
    }
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, u, N + 1),
                     0);
    for (uint32_t i = 0; i < N + 1; i++)
        assert_int_equal(u[i].status, i == 33 ? GNTST_bad_handle : GNTST_okay);
    for (uint32_t i = 0; i < N; i++) {
        assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + i));
        assert_int_equal(fx_pin(w, 16 + i), 0);
        assert_int_equal(fx_gtf(w, 16 + i),
                         GTF_permit_access | ((i & 1) ? GTF_readonly : 0));
        assert_int_equal(gntsim_page_refs(w, 0x842400ull + i), 1);
        if (!seed_bug(rel)) {
            struct gntsim_p2m_info p;

            assert_int_equal(gntsim_iommu_lookup(w, 0, 0x842400ull + i, &p), -ENOENT);
        }
    }
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void unmap_batches(void **state)
{
    (void)state;
    batch("4.14.1");
    batch("4.15.0");
    batch("4.16.0");
    batch("master");
}

/* unmap_and_replace: new_addr != 0 is refused on Arm; new_addr 0 unmaps. */
static void replace(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    const uint32_t ro = GNTMAP_host_map | GNTMAP_readonly;
    uint32_t h = map_one(w, ro);
    struct gnttab_unmap_and_replace r = {
        .host_addr = FX_HOST_GFN << 12, .new_addr = 0x200000ull << 12, .handle = h};

    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_and_replace, &r, 1),
                     0);
    assert_int_equal(r.status, GNTST_general_error);
    assert_live(w, h, ro);
    assert_null(fx_p2m_type(w, 0, 0x200000));
    expect_clean(w, rel);

    r.new_addr = 0;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_and_replace, &r, 1),
                     0);
    assert_int_equal(r.status, GNTST_okay);
    assert_gone(w, h, true);
    expect_clean(w, rel);
    gntsim_world_destroy(w);
}

static void unmap_and_replace(void **state)
{
    (void)state;
    replace("4.14.1");
    replace("4.16.0");
    replace("master");
}

/* GTF_writing / GTF_reading and the pins drop only with the last such mapping. */
static void pins(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref a, b, c;
    struct gntsim_grant_info g;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    a = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    b = fx_map(w, FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map);
    c = fx_map(w, FX_HOST_GFN + 2, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(a.status | b.status | c.status, GNTST_okay);
    assert_int_equal(fx_pin(w, FX_REF), 2 * FX_PIN_HSTW + FX_PIN_HSTR);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 4);

    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, a.handle), GNTST_okay);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.hstw, 1);
    assert_int_equal(g.hstr, 1);
    assert_int_equal(g.flags, GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 3);
    expect_clean(w, rel);

    assert_int_equal(fx_unmap(w, FX_HOST_GFN + 1, 0, b.handle), GNTST_okay);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.pin, FX_PIN_HSTR);
    assert_int_equal(g.flags, GTF_permit_access | GTF_reading);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 2);
    /* the guest cannot end access while read-pinned */
    assert_int_equal(gntsim_guest_end_access(w, FX_DOMU, FX_REF), -EBUSY);
    expect_clean(w, rel);

    assert_int_equal(fx_unmap(w, FX_HOST_GFN + 2, 0, c.handle), GNTST_okay);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.pin, 0);
    assert_int_equal(g.flags, GTF_permit_access);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_guest_end_access(w, FX_DOMU, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), 0);
    expect_clean(w, rel);
    gntsim_world_destroy(w);
}

static void unmap_pins_last_mapping(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_RELEASES; i++)
        pins(releases[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unmap_bad_handles),
        cmocka_unit_test(unmap_dev_bus_addr),
        cmocka_unit_test(unmap_wrong_host_addr),
        cmocka_unit_test(unmap_empty_host_addr_master),
        cmocka_unit_test(unmap_partial),
        cmocka_unit_test(unmap_batches),
        cmocka_unit_test(unmap_and_replace),
        cmocka_unit_test(unmap_pins_last_mapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
