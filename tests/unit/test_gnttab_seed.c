/* SPDX-License-Identifier: MIT */
/* The seed bug (91d4eca7ad, fixed by 04085ec1ac) at the grant-table level. */
#include "world_fixture.h"

/* Under 4.14.1 the read-only map succeeds but creates no 1:1 IOMMU entry. */
static void seed_4141_no_iommu_entry(void **state)
{
    struct gntsim_world *w = fx_world("4.14.1", 0);
    struct gntsim_p2m_info p;
    struct gntsim_grant_info g;
    struct gnttab_map_grant_ref op;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 0);
    assert_int_equal(op.dev_bus_addr, FX_DOMU_MFN << 12);
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), 0);
    assert_int_equal(p.mfn, FX_DOMU_MFN);
    assert_string_equal(p.type_name, "p2m_grant_map_ro");
    assert_true(p.read && !p.write && p.xn);
    assert_false(gntsim_need_iommu_mapping(w, 0));
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), -ENOENT);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.flags, GTF_permit_access | GTF_readonly | GTF_reading);
    assert_int_equal(g.hstr, 1);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 2);
    assert_int_equal(gntsim_trace_count(w, "iommu_map"), 0);
    assert_true(gntsim_check_invariants(w) >= 1);
    assert_true(fx_has_finding(w, "S7"));
    gntsim_world_destroy(w);
}

/* Under 4.15.0 and master the map adds iommu_map_ro at dfn = mfn; the last unmap removes
 * it. */
static void seed_fixed(const char *release)
{
    struct gntsim_world *w = fx_world(release, 0);
    struct gntsim_p2m_info p;
    struct gntsim_grant_info g;
    struct gnttab_map_grant_ref op;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_true(gntsim_need_iommu_mapping(w, 0));
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), 0);
    assert_int_equal(p.mfn, FX_DOMU_MFN);
    assert_string_equal(p.type_name, "p2m_iommu_map_ro");
    assert_true(p.read && !p.write);
    assert_int_equal(gntsim_check_invariants(w), 0);

    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    assert_int_equal(gntsim_iommu_lookup(w, 0, FX_DOMU_MFN, &p), -ENOENT);
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), -ENOENT);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.flags, GTF_permit_access | GTF_readonly);
    assert_int_equal(g.pin, 0);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_guest_end_access(w, FX_DOMU, FX_REF), 0);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void seed_4150_fixed(void **state)
{
    (void)state;
    seed_fixed("4.15.0");
}

static void seed_master_fixed(void **state)
{
    (void)state;
    seed_fixed("master");
}

/* The predicate for an Arm direct-mapped dom0 with IOMMU per release (reference section
 * 4). */
static void predicate_table_follows_profiles(void **state)
{
    static const struct {
        const char *rel;
        bool pred;
        char era;
        bool bypass;
    } want[] = {
        {"4.11", 1, 'A', 0},   {"4.12.0", 0, 'A', 0}, {"4.12.2", 0, 'B', 0},
        {"4.13.0", 0, 'A', 0}, {"4.13.1", 0, 'B', 0}, {"4.13.3", 1, 'B', 1},
        {"4.13.4", 1, 'C', 1}, {"4.13.5", 1, 'C', 1}, {"4.14.0", 0, 'B', 0},
        {"4.14.1", 0, 'B', 0}, {"4.14.2", 1, 'B', 1}, {"4.14.3", 1, 'C', 1},
        {"4.14.4", 1, 'C', 1}, {"4.15.0", 1, 'B', 1}, {"4.15.1", 1, 'C', 1},
        {"4.15.2", 1, 'C', 1}, {"4.16.0", 1, 'C', 1}, {"4.16.1", 1, 'C', 1},
        {"4.17", 1, 'C', 1},   {"4.20", 1, 'C', 1},   {"4.21", 1, 'C', 1},
        {"master", 1, 'C', 1},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct gntsim_world *w = fx_world(want[i].rel, 0);
        struct gntsim_release_info r = {0};

        for (size_t k = 0; k < gntsim_release_count(); k++) {
            gntsim_release_get(k, &r);
            if (!strcmp(r.name, want[i].rel))
                break;
        }
        assert_string_equal(r.name, want[i].rel);
        assert_int_equal(gntsim_need_iommu_mapping(w, 0), want[i].pred);
        assert_int_equal(gntsim_need_iommu_mapping(w, FX_DOMU), 0);
        assert_int_equal(r.era, want[i].era);
        assert_int_equal(r.self_map_bypass, want[i].bypass);
        gntsim_world_destroy(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_4141_no_iommu_entry),
        cmocka_unit_test(seed_4150_fixed),
        cmocka_unit_test(seed_master_fixed),
        cmocka_unit_test(predicate_table_follows_profiles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
