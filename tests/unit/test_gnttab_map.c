/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_map_grant_ref status paths in Xen's order of checks
 * (xen/common/grant_table.c map_grant_ref), per release where the behaviour differs.
 */
#include <string.h>

#include "world_fixture.h"

static const char *const releases[] = {"4.11",   "4.13.0", "4.14.1",
                                       "4.15.0", "4.16.0", "master"};
#define NR_RELEASES (sizeof(releases) / sizeof(releases[0]))

/* Steps 1-3 fail before a maptrack handle is taken: the first good map gets handle 0. */
static void early_checks(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);

    /* 1: neither host_map nor device_map -> bad_gntref (even with readonly) */
    op = fx_map(w, FX_HOST_GFN, FX_REF, 0);
    assert_int_equal(op.status, GNTST_bad_gntref);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_bad_gntref);
    /* 1 before 3: bad flags win over an unknown domain */
    op = fx_map_op(FX_HOST_GFN, FX_REF, 0);
    op.dom = 7;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_bad_gntref);

    /* 2: device_map on Arm (paging_mode_external) -> general_error, before the domain */
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_device_map);
    assert_int_equal(op.status, GNTST_general_error);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_device_map);
    assert_int_equal(op.status, GNTST_general_error);
    op = fx_map_op(FX_HOST_GFN, FX_REF, GNTMAP_device_map);
    op.dom = 7;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_general_error);

    /* 3: unknown domain, and DOMID_SELF is not accepted */
    op = fx_map_op(FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    op.dom = 7;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_bad_domain);
    op = fx_map_op(FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    op.dom = DOMID_SELF;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_bad_domain);

    /* nothing happened: no P2M entry, no pin, no flags, no maptrack page */
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_maptrack_limit(w, 0), 0);
    assert_int_equal(gntsim_check_invariants(w), 0);

    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 0);
    assert_int_equal(gntsim_maptrack_limit(w, 0), 256);
    assert_string_equal(fx_p2m_type(w, 0, FX_HOST_GFN), "p2m_grant_map_rw");
    gntsim_world_destroy(w);
}

static void map_early_checks(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_RELEASES; i++)
        early_checks(releases[i]);
}

/*
 * 6: ref >= nr entries -> bad_gntref after the handle was taken; Xen puts it back
 * at the tail of the free list, so the next map gets handle 1 and 0 comes last.
 */
static void bad_ref_rotates_handle(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 1);
    struct gntsim_maptrack_info mi;
    struct gnttab_map_grant_ref op;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    /* one v1 grant frame: 512 entries */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 512, 0, FX_DOMU_GFN, true), -EINVAL);
    op = fx_map(w, FX_HOST_GFN, 512, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_bad_gntref);
    op = fx_map(w, FX_HOST_GFN, 0xffffffffu, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_bad_gntref);
    /* a maptrack page was allocated for it and handle 0 went back free */
    assert_int_equal(gntsim_maptrack_limit(w, 0), 256);
    assert_int_equal(gntsim_maptrack_info(w, 0, 0, &mi), 0);
    assert_int_equal(mi.flags, 0);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
    assert_int_equal(gntsim_check_invariants(w), 0);

    /* the first failure took 0 and appended it: 1..255 -> 0; the second took 1 */
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 2);
    assert_int_equal(gntsim_maptrack_info(w, 0, 2, &mi), 0);
    assert_int_equal(mi.ref, FX_REF);
    assert_int_equal(mi.domid, FX_DOMU);
    assert_int_equal(mi.flags, GNTMAP_host_map | GNTMAP_readonly);
    /* 255 handles minus the sentinel 1: 253 more maps fit, the last one is handle 0 */
    for (uint32_t i = 1; i < 255; i++) {
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 16 + i, 0, 0x40000 + i, true), 0);
        op = fx_map(w, FX_HOST_GFN + i, 16 + i, GNTMAP_host_map | GNTMAP_readonly);
        assert_int_equal(op.status, GNTST_okay);
        assert_int_equal(op.handle, i < 254 ? i + 2 : 0);
    }
    op = fx_map(w, FX_HOST_GFN + 255, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_not_equal(op.status, GNTST_okay);
    assert_int_equal(gntsim_maptrack_info(w, 0, 1, &mi), 0);
    assert_int_equal(mi.flags, 0); /* the sentinel */
    gntsim_world_destroy(w);
}

static void map_bad_ref_handle_rotation(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_RELEASES; i++)
        bad_ref_rotates_handle(releases[i]);
}

/* 8: shared entry not granted to dom0, RW map of a read-only grant. */
static void entry_checks(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op;
    /* a failed _set_status(): 1 in 4.12.1, 4.12.2, 4.13.0 (XSA-316: 863e74eb2c until
     * da0c66c8f4) */
    int16_t set_status_fail =
        !strcmp(rel, "4.12.1") || !strcmp(rel, "4.12.2") || !strcmp(rel, "4.13.0")
            ? 1
            : GNTST_general_error;

    /* never granted */
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, set_status_fail);
    assert_int_equal(fx_gtf(w, FX_REF), 0);
    /* granted to domid 5 */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 5, FX_DOMU_GFN, false), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(op.status, set_status_fail);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access);
    /* RW map of a GTF_readonly grant: flags unchanged */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF + 1, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF + 1, GNTMAP_host_map);
    assert_int_equal(op.status, set_status_fail);
    assert_int_equal(fx_gtf(w, FX_REF + 1), GTF_permit_access | GTF_readonly);
    assert_int_equal(fx_pin(w, FX_REF + 1), 0);
    /* RW map of a read-only grant that is already read-pinned: still refused */
    op = fx_map(w, FX_HOST_GFN, FX_REF + 1, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    op = fx_map(w, FX_HOST_GFN + 1, FX_REF + 1, GNTMAP_host_map);
    assert_int_equal(op.status, set_status_fail);
    assert_int_equal(fx_gtf(w, FX_REF + 1),
                     GTF_permit_access | GTF_readonly | GTF_reading);
    assert_int_equal(fx_pin(w, FX_REF + 1), FX_PIN_HSTR);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + 1));
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 2);

    /* granted gfn 0x10 is not RAM: bad_page, GTF_reading (and GTF_writing) rolled back */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF + 2, 0, 0x10, false), 0);
    op = fx_map(w, FX_HOST_GFN + 2, FX_REF + 2, GNTMAP_host_map);
    assert_int_equal(op.status, GNTST_bad_page);
    assert_int_equal(fx_gtf(w, FX_REF + 2), GTF_permit_access);
    assert_int_equal(fx_pin(w, FX_REF + 2), 0);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + 2));
    gntsim_check_invariants(w); /* 4.11 .. 4.14.1 record the seed bug (S7) */
    gntsim_world_destroy(w);
}

static void map_entry_checks(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_RELEASES; i++)
        entry_checks(releases[i]);
}

/* 7: a ref pinned by dom0 cannot be mapped by another domain (d2). */
static void pinned_by_other(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gntsim_domain_opts d2;
    struct gnttab_map_grant_ref op;
    struct gntsim_grant_info g;

    gntsim_domain_opts_default(&d2, 2);
    assert_int_equal(gntsim_domain_create(w, &d2), 0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    /* the guest rewrites the entry for d2 while dom0 holds the pin */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 2, FX_DOMU_GFN, true), 0);
    op = fx_map_op(0x100000, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_grant_table_op(w, 2, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_general_error);
    assert_null(fx_p2m_type(w, 2, 0x100000));
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.pin_domid, 0);
    assert_int_equal(g.pin, FX_PIN_HSTR);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 2);
    gntsim_world_destroy(w);
}

static void map_pinned_by_other_domain(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_RELEASES; i++)
        pinned_by_other(releases[i]);
}

/*
 * 7: pin overflow. 128 RO host maps of one ref put hstr at 0x80. 4.14.1 refuses any
 * new pin (mask 0x80808080); 4.15.0+ only a pin of a counter at 128 (8cec5d065c).
 */
static void pin_overflow(const char *rel, bool rw_accepted)
{
    struct gntsim_world *w = fx_world(rel, 1);
    struct gnttab_map_grant_ref op;
    struct gntsim_grant_info g;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    for (uint32_t i = 0; i < 128; i++) {
        op = fx_map(w, FX_HOST_GFN + i, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
        assert_int_equal(op.status, GNTST_okay);
        assert_int_equal(op.handle, i);
    }
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.pin, 128u * FX_PIN_HSTR);
    assert_int_equal(g.hstr, 128);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 129);

    /* the 129th RO map is refused everywhere */
    op = fx_map(w, FX_HOST_GFN + 128, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_general_error);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + 128));
    assert_int_equal(fx_pin(w, FX_REF), 128u * FX_PIN_HSTR);

    op = fx_map(w, FX_HOST_GFN + 129, FX_REF, GNTMAP_host_map);
    if (rw_accepted) {
        assert_int_equal(op.status, GNTST_okay);
        assert_int_equal(fx_pin(w, FX_REF), 128u * FX_PIN_HSTR + FX_PIN_HSTW);
        assert_int_equal(fx_gtf(w, FX_REF),
                         GTF_permit_access | GTF_reading | GTF_writing);
        assert_string_equal(fx_p2m_type(w, 0, FX_HOST_GFN + 129), "p2m_grant_map_rw");
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 130);
    } else {
        assert_int_equal(op.status, GNTST_general_error);
        assert_int_equal(fx_pin(w, FX_REF), 128u * FX_PIN_HSTR);
        assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_reading);
        assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + 129));
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 129);
    }
    gntsim_world_destroy(w);
}

static void map_pin_overflow_global_mask(void **state)
{
    struct gntsim_world *w;

    (void)state;
    pin_overflow("4.11", false);
    pin_overflow("4.14.1", false);
    /* the seed bug is the only finding of 4.14.1 here */
    w = fx_world("4.14.1", 0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    assert_int_equal(fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map).status, GNTST_okay);
    assert_int_equal(gntsim_check_invariants(w), 1);
    assert_true(fx_has_finding(w, "S7"));
    gntsim_world_destroy(w);
}

static void map_pin_overflow_4150_master(void **state)
{
    (void)state;
    pin_overflow("4.15.0", true);
    pin_overflow("4.16.0", true);
    pin_overflow("master", true);
}

/* Healthy path: RO then RW of one grant, effects and dev_bus_addr, no findings. */
static void healthy(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op[2] = {
        fx_map_op(FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly),
        fx_map_op(FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map),
    };
    struct gntsim_p2m_info p;
    struct gntsim_grant_info g;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    /* both ops in one hypercall */
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, op, 2), 0);
    assert_int_equal(op[0].status, GNTST_okay);
    assert_int_equal(op[1].status, GNTST_okay);
    assert_int_equal(op[0].handle, 0);
    assert_int_equal(op[1].handle, 1);
    assert_int_equal(op[0].dev_bus_addr, FX_DOMU_MFN << 12);
    assert_int_equal(op[1].dev_bus_addr, FX_DOMU_MFN << 12);
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN + 1, &p), 0);
    assert_int_equal(p.mfn, FX_DOMU_MFN);
    assert_true(p.read && p.write);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, FX_REF, &g), 0);
    assert_int_equal(g.hstr, 1);
    assert_int_equal(g.hstw, 1);
    assert_int_equal(g.pin_domid, 0);
    assert_int_equal(g.mfn, FX_DOMU_MFN);
    assert_int_equal(g.flags, GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 3);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void map_healthy_rw(void **state)
{
    (void)state;
    healthy("4.15.0");
    healthy("4.16.0");
    healthy("master");
}

/*
 * 12: Arm create_grant_host_mapping() refuses any flag besides host_map and
 * readonly (e.g. a guest_avail bit), after the pin was taken: Xen's undo_out
 * drops the page reference and the pin, reduces GTF flags and returns the
 * handle to the tail of the free list.
 */
static void host_mapping_refused(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | (1u << 16));
    assert_int_equal(op.status, GNTST_general_error);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_check_invariants(w), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly | (1u << 16));
    assert_int_equal(op.status, GNTST_general_error);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access);
    /* handles 0 and 1 were taken and appended: the next map gets 2 */
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 2);
    gntsim_world_destroy(w);
}

static void map_host_mapping_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_RELEASES; i++)
        host_mapping_refused(releases[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(map_early_checks),
        cmocka_unit_test(map_bad_ref_handle_rotation),
        cmocka_unit_test(map_entry_checks),
        cmocka_unit_test(map_pinned_by_other_domain),
        cmocka_unit_test(map_pin_overflow_global_mask),
        cmocka_unit_test(map_pin_overflow_4150_master),
        cmocka_unit_test(map_healthy_rw),
        cmocka_unit_test(map_host_mapping_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
