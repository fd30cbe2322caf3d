/* SPDX-License-Identifier: MIT */
/*
 * gntsim_check_invariants_changed() (src/sim/invariants_changed.c): it skips
 * the walk only when no state-changing effect happened since its last check,
 * and otherwise finds what the full check finds. Findings are counted once
 * each, however many there are (src/sim/invariants.c).
 */
#include "world_fixture.h"

/* The number of findings recorded so far. */
static size_t nr_findings(struct gntsim_world *w)
{
    size_t n;

    gntsim_findings(w, &n);
    return n;
}

static void skips_only_when_nothing_changed(void **state)
{
    struct gntsim_world *w = fx_world("4.14.1", 0);
    struct gnttab_map_grant_ref bad = fx_map_op(FX_HOST_GFN, 5000, GNTMAP_host_map);
    uint16_t flags = 0;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(gntsim_check_invariants_changed(w), 0); /* a clean world */
    /* 4.14.1 maps without the 1:1 IOMMU entry: S7, found at the first check after it */
    fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_check_invariants_changed(w), 1);
    assert_true(fx_has_finding(w, "S7"));
    /* a hypercall that fails changes nothing: no new finding, none missed */
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &bad, 1), 0);
    assert_int_equal(bad.status, GNTST_bad_gntref);
    assert_int_equal(gntsim_check_invariants_changed(w), 0);
    assert_int_equal(gntsim_check_invariants(w), 0); /* the full check agrees */
    /* a guest write is a change: the domU clears GTF_reading under a pinned entry */
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, (0x38000ull << 12) + FX_REF * 8,
                                        &flags, sizeof(flags)),
                     0);
    assert_int_equal(gntsim_check_invariants_changed(w), 1);
    assert_true(fx_has_finding(w, "S2"));
    assert_int_equal(nr_findings(w), 2);
    gntsim_world_destroy(w);
}

/* More distinct findings than details kept: each counted once, the first 256 kept. */
static void findings_beyond_the_kept_details(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    const unsigned n = 300;
    size_t kept;

    (void)state;
    for (unsigned ref = 8; ref < 8 + n; ref++) { /* GTF_reading on unpinned entries */
        grant_entry_v1_t e = {.flags = GTF_permit_access | GTF_reading, .domid = 0};

        assert_int_equal(gntsim_guest_write(w, FX_DOMU,
                                            (0x38000ull << 12) + ref * sizeof(e), &e,
                                            sizeof(e)),
                         0);
    }
    assert_int_equal(gntsim_check_invariants(w), n);
    assert_int_equal(gntsim_check_invariants(w), 0); /* nothing new */
    assert_int_equal(gntsim_findings_total(w), n);
    assert_string_equal(gntsim_findings(w, &kept)[0].id, "S2");
    assert_int_equal(kept, 256);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(skips_only_when_nothing_changed),
        cmocka_unit_test(findings_beyond_the_kept_details),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
