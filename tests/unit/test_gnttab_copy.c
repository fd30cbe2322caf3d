/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_copy (Xen grant_table.c gnttab_copy): each status path with its
 * effects on bytes, flags, pins and page references after the op.
 */
#include "world_fixture.h"

#define DOM0_GFN 0x40010ull /* a dom0 RAM page (direct-mapped: mfn 0x40010) */
#define REF2     9u

static struct gnttab_copy fx_copy_op(uint16_t flags, uint16_t sdom, uint64_t src,
                                     uint16_t soff, uint16_t ddom, uint64_t dst,
                                     uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = {.flags = flags, .len = len};

    op.source.domid = sdom;
    op.source.offset = soff;
    op.dest.domid = ddom;
    op.dest.offset = doff;
    if (flags & GNTCOPY_source_gref)
        op.source.u.ref = (grant_ref_t)src;
    else
        op.source.u.gmfn = src;
    if (flags & GNTCOPY_dest_gref)
        op.dest.u.ref = (grant_ref_t)dst;
    else
        op.dest.u.gmfn = dst;
    return op;
}

static int16_t fx_copy(struct gntsim_world *w, struct gnttab_copy op)
{
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_copy, &op, 1), 0);
    return op.status;
}

/* dom0 copies 16 bytes from the domU's read-only grant into its own page. */
static void copy_source_gref(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    uint8_t got[16];

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, (FX_DOMU_GFN << 12) + 0x148,
                                        "GET / HTTP/1.1\r\n", 16),
                     0);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 0x148,
                                           DOMID_SELF, DOM0_GFN, 0x20, 16)),
                     GNTST_okay);
    assert_int_equal(gntsim_guest_read(w, 0, (DOM0_GFN << 12) + 0x20, got, 16), 0);
    assert_memory_equal(got, "GET / HTTP/1.1\r\n", 16);
    /* pins and flags released, page references back, no maptrack, no IOMMU */
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_page_refs(w, 0x40010), 1);
    assert_int_equal(gntsim_maptrack_limit(w, 0), 0);
    assert_int_equal(gntsim_trace_count(w, "iommu_map"), 0);
    assert_int_equal(gntsim_trace_count(w, "gnttab_copy"), 1);
    gntsim_world_destroy(w);
}

/* dom0 writes into the domU's writable grant (netback RX). */
static void copy_dest_gref(void **state)
{
    struct gntsim_world *w = fx_world("4.14.1", 0);
    uint8_t got[8];

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    assert_int_equal(gntsim_guest_write(w, 0, DOM0_GFN << 12, "pong-rx!", 8), 0);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_dest_gref, DOMID_SELF, DOM0_GFN, 0,
                                           FX_DOMU, FX_REF, 4088, 8)),
                     GNTST_okay);
    assert_int_equal(gntsim_guest_read(w, FX_DOMU, (FX_DOMU_GFN << 12) + 4088, got, 8),
                     0);
    assert_memory_equal(got, "pong-rx!", 8);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    /* a read-only grant cannot be a destination */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, REF2, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_dest_gref, DOMID_SELF, DOM0_GFN, 0,
                                           FX_DOMU, REF2, 0, 8)),
                     GNTST_general_error);
    assert_int_equal(fx_gtf(w, REF2), GTF_permit_access | GTF_readonly);
    gntsim_world_destroy(w);
}

/* Domain and argument checks: permission, unknown domain, bounds, bad ref. */
static void copy_argument_statuses(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    /* a gmfn side of another domain */
    assert_int_equal(
        fx_copy(w, fx_copy_op(0, FX_DOMU, FX_DOMU_GFN, 0, DOMID_SELF, DOM0_GFN, 0, 8)),
        GNTST_permission_denied);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, 7, FX_REF, 0, DOMID_SELF,
                                           DOM0_GFN, 0, 8)),
                     GNTST_bad_domain);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, 100000, 0,
                                           DOMID_SELF, DOM0_GFN, 0, 8)),
                     GNTST_bad_gntref);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 4090,
                                           DOMID_SELF, DOM0_GFN, 0, 8)),
                     GNTST_bad_copy_arg);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 0,
                                           DOMID_SELF, DOM0_GFN, 4095, 2)),
                     GNTST_bad_copy_arg);
    /* an entry granted to nobody in particular (not permit_access) */
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, REF2, 0,
                                           DOMID_SELF, DOM0_GFN, 0, 8)),
                     GNTST_general_error);
    /* a gmfn that is not RAM */
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 0,
                                           DOMID_SELF, 0x100000, 0, 8)),
                     GNTST_bad_page);
    /* after every failure: nothing pinned, flags and refs as before */
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(gntsim_page_refs(w, 0x40010), 1);
    gntsim_world_destroy(w);
}

/* len == 0: okay without validation from 4.19 (a4a790f432); validated before. */
static void copy_zero_length(void **state)
{
    static const char *const rel[] = {"4.14.1", "4.18", "4.19", "master"};
    static const int16_t want[] = {GNTST_bad_gntref, GNTST_bad_gntref, GNTST_okay,
                                   GNTST_okay};

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        struct gntsim_world *w = fx_world(rel[i], 0);

        assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, 100000, 0,
                                               DOMID_SELF, DOM0_GFN, 0, 0)),
                         want[i]);
        assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, 9, 1, 0, DOMID_SELF,
                                               DOM0_GFN, 0, 0)),
                         i < 2 ? GNTST_bad_domain : GNTST_okay);
        gntsim_world_destroy(w);
    }
}

/* A batch reuses the pinned source; an error releases it; the end releases all. */
static void copy_batch_cache(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_copy ops[3];

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    ops[0] =
        fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 0, DOMID_SELF, DOM0_GFN, 0, 64);
    ops[1] = fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 64, DOMID_SELF,
                        DOM0_GFN + 1, 0, 64);
    ops[2] = fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 4000, DOMID_SELF, DOM0_GFN,
                        0, 200);
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_copy, ops, 3), 0);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(ops[1].status, GNTST_okay);
    assert_int_equal(ops[2].status, GNTST_bad_copy_arg);
    /* one pin for the first two (cached), none left */
    assert_int_equal(gntsim_trace_count(w, "gnttab_pin"), 2);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    gntsim_world_destroy(w);
}

/* A copy beside a live read-only map: the map's pin survives, GTF_reading stays. */
static void copy_beside_map(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_map_grant_ref m;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    m = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(fx_copy(w, fx_copy_op(GNTCOPY_source_gref, FX_DOMU, FX_REF, 0,
                                           DOMID_SELF, DOM0_GFN, 0, 32)),
                     GNTST_okay);
    assert_int_equal(fx_pin(w, FX_REF), FX_PIN_HSTR);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly | GTF_reading);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    assert_int_equal(fx_gtf(w, FX_REF), GTF_permit_access | GTF_readonly);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_source_gref),       cmocka_unit_test(copy_dest_gref),
        cmocka_unit_test(copy_argument_statuses), cmocka_unit_test(copy_zero_length),
        cmocka_unit_test(copy_batch_cache),       cmocka_unit_test(copy_beside_map),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
