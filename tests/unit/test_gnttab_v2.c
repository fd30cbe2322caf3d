/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: grant v2 entries in map, unmap and copy (xen/common/grant_table.c
 * _set_status_v2, map_grant_ref, acquire_grant_for_copy): status frames
 * carry GTF_reading/GTF_writing, GTF_sub_page is copy-only with a window,
 * GTF_transitive is never mappable (b339e3a976) and copyable one level deep
 * behind gnttab=transitive.
 */
#include "version_fixture.h"

#define V2_GFN  (VX_RAM_GFN + 5)
#define D0_GMFN 0x40010ull /* dom0 RAM page (direct-mapped) */
#define D2      2

static struct gntsim_world *v2_world(const char *release, bool transitive)
{
    struct gntsim_world *w = vx_world(release, GNTSIM_ARCH_ARM, 2, transitive);
    uint32_t now;

    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    return w;
}

static uint64_t domu_mfn(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn)
{
    struct gntsim_p2m_info p;

    assert_int_equal(gntsim_p2m_lookup(w, dom, gfn, &p), 0);
    return p.mfn;
}

/* dom0 copies @len bytes from (@sdom, @ref)+@soff into its own D0_GMFN at offset 0. */
static int16_t copy_from_ref(struct gntsim_world *w, gntsim_domid_t sdom, uint32_t ref,
                             uint16_t soff, uint16_t len)
{
    struct gnttab_copy op;

    memset(&op, 0, sizeof(op));
    op.source.u.ref = ref;
    op.source.domid = sdom;
    op.source.offset = soff;
    op.dest.u.gmfn = D0_GMFN;
    op.dest.domid = DOMID_SELF;
    op.len = len;
    op.flags = GNTCOPY_source_gref;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_copy, &op, 1), 0);
    return op.status;
}

/* dom0 copies 8 bytes from its D0_GMFN into (@ddom, @ref). */
static int16_t copy_to_ref(struct gntsim_world *w, gntsim_domid_t ddom, uint32_t ref)
{
    struct gnttab_copy op;

    memset(&op, 0, sizeof(op));
    op.source.u.gmfn = D0_GMFN;
    op.source.domid = DOMID_SELF;
    op.dest.u.ref = ref;
    op.dest.domid = ddom;
    op.len = 8;
    op.flags = GNTCOPY_dest_gref;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_copy, &op, 1), 0);
    return op.status;
}

/* dom0 cleans 64 bytes of the frame at @bus (GNTTABOP_cache_flush). */
static long cache_flush(struct gntsim_world *w, uint64_t bus)
{
    struct gnttab_cache_flush c;

    memset(&c, 0, sizeof(c));
    c.a.dev_bus_addr = bus;
    c.length = 64;
    c.op = GNTTAB_CACHE_CLEAN;
    return gntsim_grant_table_op(w, 0, 0, GNTTABOP_cache_flush, &c, 1);
}

static void v2_map_full_page(void **state)
{
    struct gntsim_world *w = v2_world("master", false);
    grant_entry_v2_t e = vx_full(GTF_permit_access, 0, V2_GFN);
    struct gnttab_map_grant_ref m;

    (void)state;
    vx_v2(w, 9, &e);
    m = fx_map(w, FX_HOST_GFN, 9, GNTMAP_host_map);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(m.dev_bus_addr, domu_mfn(w, FX_DOMU, V2_GFN) << 12);
    assert_int_equal(vx_status(w, 9), GTF_reading | GTF_writing);
    assert_int_equal(gnttab_entry_hdr(&w->xen, &vx_dom(w)->gt, 9)->flags,
                     GTF_permit_access); /* the header is never written by Xen */
    assert_int_equal(cache_flush(w, m.dev_bus_addr), 0); /* the active entry matches */
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    assert_int_equal(vx_status(w, 9), 0);
    assert_int_equal(cache_flush(w, m.dev_bus_addr), -EINVAL); /* no pin any more */
    e = vx_full(GTF_permit_access | GTF_readonly, 0, V2_GFN);
    vx_v2(w, 10, &e);
    assert_int_equal(fx_map(w, FX_HOST_GFN, 10, GNTMAP_host_map).status,
                     GNTST_general_error);
    assert_int_equal(vx_status(w, 10), 0);
    m = fx_map(w, FX_HOST_GFN, 10, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(vx_status(w, 10), GTF_reading);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    gntsim_world_destroy(w);
}

static grant_entry_v2_t sub_page(uint16_t off, uint16_t len)
{
    grant_entry_v2_t e = vx_full(GTF_permit_access | GTF_sub_page, 0, V2_GFN);

    e.sub_page.page_off = off;
    e.sub_page.length = len;
    return e;
}

/* GTF_sub_page: maps refused, copies confined to the window. */
/* A lock hook: the most v2 operations the domain under test had in flight. */
struct v2_ops_seen {
    struct gntsim_world *w;
    uint32_t max;
};

static void v2_ops_hook(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                        enum sim_lock_mode mode)
{
    struct v2_ops_seen *seen = ctx;
    uint32_t n = vx_dom(seen->w)->gt.nr_v2_ops;

    (void)c, (void)dom, (void)idx, (void)mode;
    seen->max = n > seen->max ? n : seen->max;
}

static void v2_sub_page(void **state)
{
    struct gntsim_world *w = v2_world("master", false);
    grant_entry_v2_t e = sub_page(256, 512);
    uint8_t pat[PAGE_SIZE], got[512];
    struct v2_ops_seen seen = {.w = w};

    (void)state;
    for (size_t i = 0; i < sizeof(pat); i++)
        pat[i] = (uint8_t)(i * 7);
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, V2_GFN << 12, pat, sizeof(pat)), 0);
    vx_v2(w, 11, &e);
    assert_int_equal(fx_map(w, FX_HOST_GFN, 11, GNTMAP_host_map).status,
                     GNTST_general_error);
    assert_int_equal(vx_status(w, 11), 0);
    w->locks.at = v2_ops_hook; /* 96dfeb4177: a pinned sub-page entry is counted */
    w->locks.ctx = &seen;
    assert_int_equal(copy_from_ref(w, FX_DOMU, 11, 256, 512), GNTST_okay);
    w->locks.at = NULL;
    assert_int_equal(seen.max, 1);
    assert_int_equal(vx_dom(w)->gt.nr_v2_ops, 0); /* its last pin gave it back */
    assert_int_equal(gntsim_guest_read(w, 0, D0_GMFN << 12, got, sizeof(got)), 0);
    assert_memory_equal(got, pat + 256, sizeof(got));
    assert_int_equal(copy_from_ref(w, FX_DOMU, 11, 200, 16), GNTST_general_error);
    assert_int_equal(copy_from_ref(w, FX_DOMU, 11, 700, 100), GNTST_general_error);
    assert_int_equal(copy_from_ref(w, FX_DOMU, 11, 4000, 200), GNTST_bad_copy_arg);
    assert_int_equal(vx_status(w, 11), 0);
    assert_int_equal(fx_pin(w, 11), 0);
    gntsim_world_destroy(w);
}

static grant_entry_v2_t transitive(uint16_t domid, uint16_t tdom, uint32_t gref)
{
    grant_entry_v2_t e;

    memset(&e, 0, sizeof(e));
    e.transitive.hdr.flags = GTF_transitive;
    e.transitive.hdr.domid = domid;
    e.transitive.trans_domid = tdom;
    e.transitive.gref = gref;
    return e;
}

/*
 * A transitive entry is never mappable since b339e3a976 (4.15; 4.13.3,
 * 4.14.2). Before, an unpinned one passed _set_status_v2 and its gref was
 * read as the low half of full_page.frame: the mapper got the
 * intermediate domain's own page at gfn == gref.
 */
static void v2_map_transitive(void **state)
{
    const char *rel[] = {"4.11",   "4.13.2", "4.13.3", "4.14.1",
                         "4.14.2", "4.15.0", "master"};
    bool rejects[] = {false, false, true, false, true, true, true};

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
        struct gntsim_world *w = v2_world(rel[i], false);
        grant_entry_v2_t e = transitive(0, D2, (uint32_t)V2_GFN);
        struct gnttab_map_grant_ref m;

        vx_v2(w, 12, &e);
        m = fx_map(w, FX_HOST_GFN, 12, GNTMAP_host_map | GNTMAP_readonly);
        if (rejects[i]) {
            assert_int_equal(m.status, GNTST_general_error);
            assert_int_equal(vx_status(w, 12), 0);
        } else {
            assert_int_equal(m.status, GNTST_okay);
            assert_int_equal(m.dev_bus_addr, domu_mfn(w, FX_DOMU, V2_GFN) << 12);
            assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
        }
        gntsim_world_destroy(w);
    }
}

/* d2 grants its page to d1 (v1); d1 passes it on to dom0 transitively (v2 ref 13). */
static struct gntsim_world *transitive_world(bool allowed, uint8_t fill)
{
    struct gntsim_world *w = v2_world("master", allowed);
    struct gntsim_domain_opts o;
    grant_entry_v2_t e = transitive(0, D2, 10);
    uint8_t page[PAGE_SIZE];

    gntsim_domain_opts_default(&o, D2);
    assert_int_equal(gntsim_domain_create(w, &o), 0);
    memset(page, fill, sizeof(page));
    assert_int_equal(gntsim_guest_write(w, D2, V2_GFN << 12, page, sizeof(page)), 0);
    assert_int_equal(gntsim_guest_grant(w, D2, 10, FX_DOMU, V2_GFN, true), 0);
    vx_v2(w, 13, &e);
    return w;
}

static void v2_copy_transitive(void **state)
{
    struct gntsim_world *w = transitive_world(false, 0xa5);
    struct gntsim_grant_info g;
    uint8_t got[64], want[64];
    grant_entry_v2_t self = transitive(0, FX_DOMU, 10);

    (void)state;
    assert_int_equal(copy_from_ref(w, FX_DOMU, 13, 0, 64), GNTST_general_error);
    assert_int_equal(vx_status(w, 13), 0); /* option off: status cleared again */
    gntsim_world_destroy(w);

    w = transitive_world(true, 0x5a);
    assert_int_equal(copy_from_ref(w, FX_DOMU, 13, 128, 64), GNTST_okay);
    memset(want, 0x5a, sizeof(want));
    assert_int_equal(gntsim_guest_read(w, 0, D0_GMFN << 12, got, sizeof(got)), 0);
    assert_memory_equal(got, want, sizeof(got));
    assert_int_equal(vx_status(w, 13), 0);        /* both pins released */
    assert_int_equal(vx_dom(w)->gt.nr_v2_ops, 0); /* 96dfeb4177: nothing in flight */
    assert_int_equal(gntsim_grant_info(w, D2, 10, &g), 0);
    assert_int_equal(g.pin, 0);
    assert_int_equal(g.flags, GTF_permit_access | GTF_readonly);
    assert_int_equal(copy_to_ref(w, FX_DOMU, 13), GNTST_general_error); /* inner r/o */
    assert_int_equal(vx_status(w, 13), 0);
    vx_v2(w, 14, &self); /* transitive grants cannot be self-referential */
    assert_int_equal(copy_from_ref(w, FX_DOMU, 14, 0, 8), GNTST_general_error);
    assert_int_equal(vx_status(w, 14), 0);
    gntsim_world_destroy(w);
}

/*
 * The guest-side API writes a v2 table in v2 layout: a full_page entry, a transitive
 * one (byte for byte what the fixture writes), and end-access reads the status entry.
 */
static void v2_guest_grant_layout(void **state)
{
    struct gntsim_world *w = v2_world("master", false);
    const struct grant_table *gt = &vx_dom(w)->gt;
    grant_entry_v2_t full = vx_full(GTF_permit_access | GTF_readonly, 0, V2_GFN);
    grant_entry_v2_t trans = transitive(0, D2, 10);
    struct gnttab_map_grant_ref m;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 20, 0, V2_GFN, true), 0);
    assert_memory_equal(gnttab_shared_v2(&w->xen, gt, 20), &full, sizeof(full));
    assert_int_equal(gntsim_guest_grant_transitive(w, FX_DOMU, 21, 0, D2, 10), 0);
    assert_memory_equal(gnttab_shared_v2(&w->xen, gt, 21), &trans, sizeof(trans));
    assert_int_equal(gntsim_guest_grant_transitive(w, FX_DOMU, 256 * 64, 0, D2, 10),
                     -EINVAL); /* beyond the table */
    m = fx_map(w, FX_HOST_GFN, 20, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(gntsim_guest_end_access(w, FX_DOMU, 20), -EBUSY); /* status */
    assert_int_equal(gnttab_entry_hdr(&w->xen, gt, 20)->flags,
                     GTF_permit_access | GTF_readonly);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    assert_int_equal(gntsim_guest_end_access(w, FX_DOMU, 20), 0);
    assert_int_equal(gnttab_entry_hdr(&w->xen, gt, 20)->flags, 0);
    gntsim_world_destroy(w);
    w = vx_world("master", GNTSIM_ARCH_ARM, 2, true); /* v1: no transitive entries */
    assert_int_equal(gntsim_guest_grant_transitive(w, FX_DOMU, 21, 0, D2, 10), -EINVAL);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v2_map_full_page),      cmocka_unit_test(v2_sub_page),
        cmocka_unit_test(v2_map_transitive),     cmocka_unit_test(v2_copy_transitive),
        cmocka_unit_test(v2_guest_grant_layout),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
