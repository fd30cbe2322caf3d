/* SPDX-License-Identifier: MIT */
/*
 * The IOMMU step of grant map/unmap (xen/common/grant_table.c map_grant_ref,
 * unmap_common): eras A, B, C, XSA-394, failure handling, self-maps, and an x86 PV
 * contrast.
 */
#include "world_fixture.h"

/* Type name of dom0's IOMMU entry at @dfn, or NULL. */
static const char *iommu_type(struct gntsim_world *w, uint64_t dfn)
{
    struct gntsim_p2m_info p;

    if (gntsim_iommu_lookup(w, 0, dfn, &p))
        return NULL;
    assert_int_equal(p.mfn, dfn);
    return p.type_name;
}

/* Era C counters of dom0 for the fixture frame; -1/-1 when no node. */
static void expect_counters(struct gntsim_world *w, bool era_c, int rd, int wr)
{
    uint32_t r = 0, x = 0;

    if (!era_c) {
        assert_int_equal(gntsim_iommu_counters(w, 0, FX_DOMU_MFN, &r, &x), -ENOENT);
        return;
    }
    if (rd < 0) {
        assert_int_equal(gntsim_iommu_counters(w, 0, FX_DOMU_MFN, &r, &x), -ENOENT);
        return;
    }
    assert_int_equal(gntsim_iommu_counters(w, 0, FX_DOMU_MFN, &r, &x), 0);
    assert_int_equal(r, rd);
    assert_int_equal(x, wr);
}

/*
 * RO map, then RW map of the same ref: the 1:1 entry is upgraded to RW;
 * unmapping the RW one downgrades it to RO; the last unmap removes it.
 * Era A decides from this entry's pin transitions (first writable pin ->
 * RW unless mapkind has a writer; first pin -> RO unless mapkind has any);
 * sequentially that gives the same entries as era B's mapkind alone.
 */
static void ro_rw(const char *rel, bool era_c)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref ro, rw;

    assert_true(gntsim_need_iommu_mapping(w, 0));
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    expect_counters(w, era_c, -1, -1);

    ro = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(ro.status, GNTST_okay);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_ro");
    expect_counters(w, era_c, 1, 0);
    assert_int_equal(gntsim_check_invariants(w), 0);

    rw = fx_map(w, FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map);
    assert_int_equal(rw.status, GNTST_okay);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
    expect_counters(w, era_c, 1, 1);
    assert_int_equal(gntsim_check_invariants(w), 0);

    /* a second RO map changes nothing but the counter */
    {
        struct gnttab_map_grant_ref ro2 =
            fx_map(w, FX_HOST_GFN + 2, FX_REF, GNTMAP_host_map | GNTMAP_readonly);

        assert_int_equal(ro2.status, GNTST_okay);
        assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
        expect_counters(w, era_c, 2, 1);
        assert_int_equal(fx_unmap(w, FX_HOST_GFN + 2, 0, ro2.handle), GNTST_okay);
        assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
        expect_counters(w, era_c, 1, 1);
    }

    assert_int_equal(fx_unmap(w, FX_HOST_GFN + 1, 0, rw.handle), GNTST_okay);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_ro");
    expect_counters(w, era_c, 1, 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_reading);
    assert_int_equal(gntsim_check_invariants(w), 0);

    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, ro.handle), GNTST_okay);
    assert_null(iommu_type(w, FX_DOMU_MFN));
    expect_counters(w, era_c, -1, -1);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void iommu_ro_then_rw(void **state)
{
    (void)state;
    ro_rw("4.11", false);   /* era A */
    ro_rw("4.15.0", false); /* era B */
    ro_rw("4.15.1", true);  /* era C backport */
    ro_rw("4.16.1", true);
    ro_rw("master", true);
}

/* RW first, then RO of the same ref: the entry stays RW until the writer goes. */
static void rw_ro(const char *rel, bool era_c)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref ro, rw;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    rw = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
    expect_counters(w, era_c, 0, 1);
    ro = fx_map(w, FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(rw.status | ro.status, GNTST_okay);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
    expect_counters(w, era_c, 1, 1);
    /* the RO one goes first: still RW */
    assert_int_equal(fx_unmap(w, FX_HOST_GFN + 1, 0, ro.handle), GNTST_okay);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
    expect_counters(w, era_c, 0, 1);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, rw.handle), GNTST_okay);
    assert_null(iommu_type(w, FX_DOMU_MFN));
    expect_counters(w, era_c, -1, -1);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void iommu_rw_then_ro(void **state)
{
    (void)state;
    rw_ro("4.11", false);
    rw_ro("4.15.0", false);
    rw_ro("master", true);
}

/*
 * The domU grants one gfn under two refs: both pins are first pins, but the
 * key is the mfn, so dom0 gets one 1:1 entry; era C counts rd = 2; eras A/B
 * find the other mapping through mapkind() (same granter, same mfn).
 */
static void two_refs(const char *rel, bool era_c)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref a, b;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF + 1, 0, FX_DOMU_GFN, false),
                     0);
    a = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    b = fx_map(w, FX_HOST_GFN + 1, FX_REF + 1, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(a.status | b.status, GNTST_okay);
    assert_int_equal(fx_pin(w, FX_REF), FX_PIN_HSTR);
    assert_int_equal(fx_pin(w, FX_REF + 1), FX_PIN_HSTR);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_ro");
    expect_counters(w, era_c, 2, 0);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 3);
    assert_int_equal(gntsim_check_invariants(w), 0);

    /* RW through the second ref: upgraded */
    {
        struct gnttab_map_grant_ref c =
            fx_map(w, FX_HOST_GFN + 2, FX_REF + 1, GNTMAP_host_map);

        assert_int_equal(c.status, GNTST_okay);
        assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
        expect_counters(w, era_c, 2, 1);
        assert_int_equal(fx_unmap(w, FX_HOST_GFN + 2, 0, c.handle), GNTST_okay);
        assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_ro");
        expect_counters(w, era_c, 2, 0);
    }

    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, a.handle), GNTST_okay);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_ro");
    expect_counters(w, era_c, 1, 0);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(gntsim_check_invariants(w), 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN + 1, 0, b.handle), GNTST_okay);
    assert_null(iommu_type(w, FX_DOMU_MFN));
    expect_counters(w, era_c, -1, -1);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void iommu_two_refs_one_frame(void **state)
{
    (void)state;
    two_refs("4.11", false);
    two_refs("4.15.0", false);
    two_refs("4.16.0", true);
    two_refs("master", true);
}

/*
 * XSA-394 (CVE-2022-23034), 4.16.0: a partial unmap (host_addr 0,
 * dev_bus_addr 0) counts down although the handle stays live: the IOMMU
 * entry goes while the mapping lives (S7); the full unmap then underflows
 * the counter: BUG(), and Xen is gone.
 */
static void iommu_xsa394_4160(void **state)
{
    struct gntsim_world *w = fx_world("4.16.0", 0);
    struct gnttab_map_grant_ref op;
    struct gntsim_maptrack_info mi;
    const char *where = NULL;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    expect_counters(w, true, 1, 0);

    assert_int_equal(fx_unmap(w, 0, 0, op.handle), GNTST_okay);
    expect_counters(w, true, -1, -1);
    assert_null(iommu_type(w, FX_DOMU_MFN));
    assert_string_equal(fx_p2m_type(w, 0, FX_HOST_GFN), "p2m_grant_map_ro");
    assert_int_equal(fx_pin(w, FX_REF), FX_PIN_HSTR);
    assert_int_equal(gntsim_maptrack_info(w, 0, op.handle, &mi), 0);
    assert_int_equal(mi.flags, GNTMAP_host_map | GNTMAP_readonly);
    assert_false(gntsim_xen_crashed(w, NULL));
    /* S7: no 1:1 entry for a live mapping; S5: live mapping without counter node */
    assert_int_equal(gntsim_check_invariants(w), 2);
    assert_true(fx_has_finding(w, "S7"));
    assert_true(fx_has_finding(w, "S5"));

    {
        struct gnttab_unmap_grant_ref u = {.host_addr = FX_HOST_GFN << 12,
                                           .handle = op.handle};

        assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, &u, 1),
                         0);
        assert_int_not_equal(u.status, GNTST_okay);
    }
    assert_true(gntsim_xen_crashed(w, &where));
    assert_non_null(where);
    assert_non_null(strstr(where, "underflow"));
    assert_true(gntsim_check_invariants(w) >= 1);
    assert_true(fx_has_finding(w, "S9"));

    /* every later hypercall fails with -EIO */
    {
        struct gnttab_map_grant_ref m =
            fx_map_op(FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
        struct gnttab_unmap_grant_ref u = {.handle = 0};

        assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &m, 1),
                         -EIO);
        assert_int_equal(
            gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_unmap_grant_ref, &u, 1), -EIO);
    }
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN + 1));
    gntsim_world_destroy(w);
}

/* 975a8fb45c (4.16.1, 4.15.2, ...): only a freed handle counts down. */
static void xsa394_fixed(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(fx_unmap(w, 0, 0, op.handle), GNTST_okay);
    expect_counters(w, true, 1, 0);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_ro");
    assert_int_equal(gntsim_check_invariants(w), 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    expect_counters(w, true, -1, -1);
    assert_null(iommu_type(w, FX_DOMU_MFN));
    assert_false(gntsim_xen_crashed(w, NULL));
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void iommu_xsa394_fixed(void **state)
{
    (void)state;
    xsa394_fixed("4.15.2");
    xsa394_fixed("4.16.1");
    xsa394_fixed("master");
}

/*
 * iommu_map failure for the hardware domain (master): map -> general_error
 * and Xen's undo: host mapping removed, pin and GTF flags back, page
 * reference dropped, counters as before, handle returned to the tail of the
 * free list; dom0 is not crashed (iommu_map crashes only non-hwdom).
 */
static void iommu_map_failure_hwdom(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_map_grant_ref op;
    struct gntsim_maptrack_info mi;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    assert_int_equal(gntsim_inject_iommu_map_failure(w, 0, 1), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(op.status, GNTST_general_error);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
    assert_null(iommu_type(w, FX_DOMU_MFN));
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    expect_counters(w, true, -1, -1);
    assert_int_equal(gntsim_maptrack_info(w, 0, 0, &mi), 0);
    assert_int_equal(mi.flags, 0);
    assert_false(gntsim_domain_crashed(w, 0));
    assert_false(gntsim_xen_crashed(w, NULL));
    assert_int_equal(gntsim_check_invariants(w), 0);

    /* handle 0 went to the tail (1..255 -> 0): the retry gets 1 */
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 1);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_rw");
    expect_counters(w, true, 0, 1);
    assert_int_equal(gntsim_check_invariants(w), 0);

    /* a failure while another mapping exists: the counters are restored */
    assert_int_equal(gntsim_inject_iommu_map_failure(w, 0, 1), 0);
    {
        struct gnttab_map_grant_ref ro =
            fx_map(w, FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map | GNTMAP_readonly);

        /* RO map with a writer present needs no IOMMU call: succeeds */
        assert_int_equal(ro.status, GNTST_okay);
        expect_counters(w, true, 1, 1);
        assert_int_equal(fx_unmap(w, FX_HOST_GFN + 1, 0, ro.handle), GNTST_okay);
    }
    assert_int_equal(gntsim_inject_iommu_map_failure(w, 0, 0), 0);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/*
 * iommu_unmap failure on the last unmap (master): status general_error, but
 * the host half is already gone and the handle freed; the counter node is
 * left unchanged, so the 1:1 entry stays (stale) while the pin is dropped.
 */
static void iommu_unmap_failure_hwdom(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_map_grant_ref op;
    struct gntsim_maptrack_info mi;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(gntsim_inject_iommu_unmap_failure(w, 0, 1), 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_general_error);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
    assert_int_equal(gntsim_maptrack_info(w, 0, op.handle, &mi), 0);
    assert_int_equal(mi.flags, 0);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    expect_counters(w, true, 1, 0);
    assert_string_equal(iommu_type(w, FX_DOMU_MFN), "p2m_iommu_map_ro");
    assert_false(gntsim_domain_crashed(w, 0));
    assert_false(gntsim_xen_crashed(w, NULL));
    assert_true(gntsim_check_invariants(w) >= 1);
    assert_true(fx_has_finding(w, "S6"));
    gntsim_world_destroy(w);
}

/* d2: a non-hardware, direct-mapped domain with an IOMMU (RAM at mfn 0x60000). */
static void add_directmap_domu(struct gntsim_world *w)
{
    struct gntsim_domain_opts d2;

    gntsim_domain_opts_default(&d2, 2);
    d2.direct_mapped = d2.iommu = true;
    d2.mfn_base = 0x60000;
    assert_int_equal(gntsim_domain_create(w, &d2), 0);
}

/*
 * A non-hardware direct-mapped domain with an IOMMU (CDF_directmap, 4.17+):
 * the predicate holds for it, and an iommu_map failure crashes it.
 */
static void iommu_map_failure_directmap_domu(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_map_grant_ref op;
    struct gntsim_p2m_info p;

    (void)state;
    add_directmap_domu(w);
    assert_true(gntsim_need_iommu_mapping(w, 2));
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 2, FX_DOMU_GFN, true), 0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF + 1, 2, FX_DOMU_GFN + 1, true),
                     0);

    /* a healthy map first: d2 gets the 1:1 entry */
    op = fx_map_op(0x100000, FX_REF + 1, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_grant_table_op(w, 2, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(gntsim_iommu_lookup(w, 2, FX_DOMU_MFN + 1, &p), 0);
    assert_string_equal(p.type_name, "p2m_iommu_map_ro");
    assert_int_equal(gntsim_check_invariants(w), 0);

    assert_int_equal(gntsim_inject_iommu_map_failure(w, 2, 1), 0);
    op = fx_map_op(0x100001, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_grant_table_op(w, 2, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_general_error);
    assert_true(gntsim_domain_crashed(w, 2));
    assert_false(gntsim_domain_crashed(w, 0));
    assert_false(gntsim_xen_crashed(w, NULL));
    assert_null(fx_p2m_type(w, 2, 0x100001));
    assert_int_equal(gntsim_iommu_lookup(w, 2, FX_DOMU_MFN, &p), -ENOENT);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_true(gntsim_check_invariants(w) >= 1);
    assert_true(fx_has_finding(w, "S10"));
    /* the crashed domain's later hypercalls fail */
    op = fx_map_op(0x100002, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_grant_table_op(w, 2, 0, GNTTABOP_map_grant_ref, &op, 1),
                     -EIO);
    gntsim_world_destroy(w);
}

/* Before CDF_directmap (<= 4.16) only the hardware domain counts as direct-mapped. */
static void iommu_directmap_domu_4160(void **state)
{
    struct gntsim_world *w = fx_world("4.16.0", 0);
    struct gnttab_map_grant_ref op;
    struct gntsim_p2m_info p;

    (void)state;
    add_directmap_domu(w);
    assert_false(gntsim_need_iommu_mapping(w, 2));
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 2, FX_DOMU_GFN, true), 0);
    assert_int_equal(gntsim_inject_iommu_map_failure(w, 2, 1), 0);
    op = fx_map_op(0x100000, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_grant_table_op(w, 2, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_okay); /* no IOMMU step, no failure */
    assert_int_equal(gntsim_iommu_lookup(w, 2, FX_DOMU_MFN, &p), -ENOENT);
    assert_false(gntsim_domain_crashed(w, 2));
    gntsim_world_destroy(w);
}

/*
 * Self-map: dom0 grants its own RAM gfn 0x40010 (== mfn) to itself and maps
 * it. Before e8185c5f01 (4.11 here, predicate true) the IOMMU step runs for
 * it, and the unmap removes dom0's own 1:1 entry at gfn 0x40010: on Arm the
 * SMMU shares the P2M, so dom0 loses its RAM mapping. Since 4.15.0 the step
 * is bypassed and dom0's RAM entry is untouched.
 */
static void self_map(const char *rel, bool bypass)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op;
    struct gntsim_p2m_info p;
    const uint64_t gfn = 0x40010;

    assert_int_equal(gntsim_guest_grant(w, 0, FX_REF, 0, gfn, true), 0);
    op = fx_map_op(FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    op.dom = 0;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.dev_bus_addr, gfn << 12);
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), 0);
    assert_int_equal(p.mfn, gfn);
    if (bypass) {
        assert_string_equal(fx_p2m_type(w, 0, gfn), "p2m_ram_rw");
        assert_int_equal(gntsim_iommu_counters(w, 0, gfn, &(uint32_t){0}, &(uint32_t){0}),
                         -ENOENT);
    } else {
        /*
         * iommu_map_page(dom0, 0x40010, R): on Arm guest_physmap_add_entry()
         * replaces dom0's RAM entry at that gfn by p2m_iommu_map_ro.
         */
        assert_int_equal(gntsim_p2m_lookup(w, 0, gfn, &p), 0);
        assert_string_equal(p.type_name, "p2m_iommu_map_ro");
        assert_int_equal(p.mfn, gfn);
        assert_int_equal(gntsim_guest_write(w, 0, gfn << 12, &(uint32_t){1}, 4), -EACCES);
    }
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
    if (bypass) {
        assert_int_equal(gntsim_p2m_lookup(w, 0, gfn, &p), 0);
        assert_string_equal(p.type_name, "p2m_ram_rw");
        assert_int_equal(p.mfn, gfn);
        assert_int_equal(gntsim_iommu_lookup(w, 0, gfn, &p), 0);
        assert_int_equal(gntsim_check_invariants(w), 0);
    } else {
        /* dom0's own RAM page is gone from its P2M (and so from its IOMMU) */
        assert_int_equal(gntsim_p2m_lookup(w, 0, gfn, &p), -ENOENT);
        assert_int_equal(gntsim_iommu_lookup(w, 0, gfn, &p), -ENOENT);
        assert_int_equal(gntsim_guest_read(w, 0, gfn << 12, &(uint32_t){0}, 4), -EFAULT);
        gntsim_check_invariants(w);
    }
    gntsim_world_destroy(w);
}

static void iommu_self_map(void **state)
{
    (void)state;
    self_map("4.11", false);
    self_map("4.15.0", true);
    self_map("master", true);
}

/* x86 IOMMU entry of d0 at @dfn: its mfn and writability, or -ENOENT. */
static int x86_iommu(struct gntsim_world *w, uint64_t dfn, bool *write)
{
    struct gntsim_p2m_info p;
    int rc = gntsim_iommu_lookup(w, 0, dfn, &p);

    if (!rc) {
        assert_int_equal(p.mfn, dfn); /* 1:1 in both modes */
        *write = p.write;
    }
    return rc;
}

/*
 * x86 PV dom0 (not direct-mapped): host mappings are PV page tables, not
 * P2M entries. Non-strict (arch_iommu_hwdom_init identity map of all RAM):
 * the grant predicate is false and no grant-code IOMMU map happens, the
 * identity entries are there before, during and after. dom0-strict:
 * need_sync, per-grant 1:1 entries in the IOMMU's own table (eras A/B/C),
 * dom0's own pages mapped 1:1; the P2M never gets an IOMMU entry.
 */
static void x86_pv(const char *rel, bool strict)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    struct gntsim_world *w = NULL;
    struct gnttab_map_grant_ref op, rw;
    struct gntsim_p2m_info p;
    uint64_t own;
    bool wr = false;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = rel;
    o.iommu_hwdom_strict = strict;
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    gntsim_domain_opts_default(&d0, 0);
    d0.arch = GNTSIM_ARCH_X86_PV;
    d0.hwdom = d0.iommu = true;
    assert_int_equal(gntsim_domain_create(w, &d0), 0);
    gntsim_domain_opts_default(&du, FX_DOMU);
    du.mfn_base = 0x842400;
    assert_int_equal(gntsim_domain_create(w, &du), 0);
    assert_int_equal(gntsim_need_iommu_mapping(w, 0), strict);
    own = gntsim_gfn_to_mfn(w, 0, 0x40000);
    assert_int_equal(x86_iommu(w, own, &wr), 0); /* identity map or own page */
    assert_true(wr);
    assert_int_equal(x86_iommu(w, FX_DOMU_MFN, &wr), strict ? -ENOENT : 0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.dev_bus_addr, FX_DOMU_MFN << 12);
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), -ENOENT);
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_DOMU_MFN, &p), -ENOENT);
    assert_int_equal(fx_pin(w, FX_REF), FX_PIN_HSTR);
    assert_int_equal(x86_iommu(w, FX_DOMU_MFN, &wr), 0);
    assert_true(wr == !strict); /* strict: the grant's R entry */
    rw = fx_map(w, FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map);
    assert_int_equal(rw.status, GNTST_okay);
    assert_int_equal(x86_iommu(w, FX_DOMU_MFN, &wr), 0);
    assert_true(wr);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN + 1, 0, rw.handle), GNTST_okay);
    assert_int_equal(x86_iommu(w, FX_DOMU_MFN, &wr), 0);
    assert_true(wr == !strict);
    assert_int_equal(gntsim_trace_count(w, "iommu_map"), strict ? 3 : 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(x86_iommu(w, FX_DOMU_MFN, &wr), strict ? -ENOENT : 0);
    assert_int_equal(x86_iommu(w, own, &wr), 0);
    assert_int_equal(gntsim_trace_count(w, "iommu_unmap"), strict ? 1 : 0);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    gntsim_world_destroy(w);
}

static void iommu_x86_pv_contrast(void **state)
{
    (void)state;
    static const char *const rels[] = {"4.11", "4.12.1", "4.14.1", "master"};

    for (unsigned i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
        x86_pv(rels[i], false);
        x86_pv(rels[i], true);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iommu_ro_then_rw),
        cmocka_unit_test(iommu_rw_then_ro),
        cmocka_unit_test(iommu_two_refs_one_frame),
        cmocka_unit_test(iommu_xsa394_4160),
        cmocka_unit_test(iommu_xsa394_fixed),
        cmocka_unit_test(iommu_map_failure_hwdom),
        cmocka_unit_test(iommu_unmap_failure_hwdom),
        cmocka_unit_test(iommu_map_failure_directmap_domu),
        cmocka_unit_test(iommu_directmap_domu_4160),
        cmocka_unit_test(iommu_self_map),
        cmocka_unit_test(iommu_x86_pv_contrast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
