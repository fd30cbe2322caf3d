/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: GNTTABOP_set_version, get_version and get_status_frames
 * (xen/common/grant_table.c gnttab_set_version, gnttab_get_version,
 * gnttab_get_status_frames, gnttab_(un)populate_status_frames; XTF xsa-255).
 */
#include "version_fixture.h"

static const char *const releases[] = {"4.11", "4.14.1", "4.16.0", "master"};

/* Errno results without any table change, every release. */
static void set_version_errno(void **state)
{
    (void)state;
    for (size_t r = 0; r < ARRAY_SIZE(releases); r++) {
        struct gntsim_world *w = vx_world(releases[r], GNTSIM_ARCH_ARM, 0, false);
        uint32_t now = 0;

        assert_int_equal(vx_set_version(w, FX_DOMU, 3, &now), -EINVAL);
        assert_int_equal(now, 1); /* the current version is always written back */
        assert_int_equal(vx_set_version(w, FX_DOMU, 0, &now), -EINVAL);
        if (r == 0) { /* RELEASE-4.11.0: Arm still had GNTTAB_MAX_VERSION 2, and its
                         status frames were never shared: the way back is Xen's
                         BUG_ON (XSA-268) */
            assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
            assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), -EIO);
            assert_true(gntsim_xen_crashed(w, NULL));
            gntsim_world_destroy(w);
            continue;
        } else /* 9a5c16a3e7 */
            assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), -ENOSYS);
        assert_int_equal(now, 1);
        assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), 0);
        assert_int_equal(
            gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_set_version, NULL, 0), -EFAULT);
        gntsim_world_destroy(w);
    }
}

/* x86 domains (GNTTAB_MAX_VERSION 2) and a raised Arm domain may switch. */
static void set_version_max(void **state)
{
    enum gntsim_arch arch[] = {GNTSIM_ARCH_X86_HVM, GNTSIM_ARCH_X86_PV, GNTSIM_ARCH_ARM};
    unsigned maxv[] = {0, 0, 2};

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(arch); i++) {
        struct gntsim_world *w = vx_world("master", arch[i], maxv[i], false);
        struct gnttab_get_version gv = {.dom = DOMID_SELF};
        uint32_t now = 0;

        assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
        assert_int_equal(now, 2);
        assert_int_equal(
            gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_version, &gv, 1), 0);
        assert_int_equal(gv.version, 2);
        assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0); /* same: no-op */
        assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), 0);
        assert_int_equal(now, 1);
        gntsim_world_destroy(w);
    }
}

static void get_version_errno(void **state)
{
    struct gntsim_world *w = vx_world("master", GNTSIM_ARCH_ARM, 2, false);
    struct gnttab_get_version gv = {.dom = 77};
    uint32_t now;

    (void)state;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_get_version, &gv, 1),
                     -ESRCH);
    gv.dom = 0; /* a domU asking about dom0: XSM_TARGET */
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_version, &gv, 1),
                     -EPERM);
    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    gv.dom = FX_DOMU; /* the hardware domain may ask */
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_get_version, &gv, 1), 0);
    assert_int_equal(gv.version, 2);
    gntsim_world_destroy(w);
}

/* Pins on entries >= 8 refuse the switch; pins on the reserved ones do not. */
static void set_version_busy(void **state)
{
    struct gntsim_world *w = vx_world("master", GNTSIM_ARCH_ARM, 2, false);
    struct gnttab_map_grant_ref m;
    uint32_t now;

    (void)state;
    vx_v1(w, 1, GTF_permit_access, 0, (uint32_t)VX_RAM_GFN);
    vx_v1(w, 8, GTF_permit_access, 0, (uint32_t)VX_RAM_GFN + 1);
    m = fx_map(w, FX_HOST_GFN, 8, GNTMAP_host_map);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), -EBUSY);
    assert_int_equal(now, 1);
    assert_int_equal(vx_dom(w)->gt.nr_status_frames, 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    m = fx_map(w, FX_HOST_GFN, 1, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    /* the mapped reserved entry keeps its status, now in the status frame */
    assert_int_equal(vx_status(w, 1), GTF_reading);
    assert_int_equal(gnttab_entry_hdr(&w->xen, &vx_dom(w)->gt, 1)->flags,
                     GTF_permit_access);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    assert_int_equal(vx_status(w, 1), 0);
    gntsim_world_destroy(w);
}

/* v1 -> v2 -> v1: reserved entries re-encoded, the rest cleared, status frames. */
static void set_version_reencode(void **state)
{
    struct gntsim_world *w = vx_world("master", GNTSIM_ARCH_ARM, 2, false);
    struct domain *d = vx_dom(w);
    uint64_t before = w->xen.frames.nr_allocated, gfns[2] = {0};
    struct gnttab_get_status_frames gs = {.nr_frames = 1, .dom = DOMID_SELF};
    const grant_entry_v2_t *e2;
    struct p2m_entry pe;
    uint32_t now;

    (void)state;
    gs.frame_list.p = gfns;
    assert_int_equal(
        gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_general_error); /* v1: no status frames */
    vx_v1(w, 0, GTF_permit_access | GTF_readonly, 0, 0x40010);
    vx_v1(w, 1, GTF_permit_access, 0, 0x40011);
    vx_v1(w, 9, GTF_permit_access, 0, 0x40012);
    assert_int_equal(gnttab_grow(&w->xen, d, 3), 0); /* 3 v2 frames -> 1 status frame */
    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    assert_int_equal(d->gt.nr_status_frames, 1);
    assert_int_equal(w->xen.frames.nr_allocated, before + 2 + 1);
    assert_int_equal(p2m_lookup(&w->xen, &d->p2m, gnttab_status_gfn(d, 0), &pe), 0);
    assert_int_equal(pe.mfn, d->gt.status_mfn[0]);
    e2 = gnttab_shared_v2(&w->xen, &d->gt, 0);
    assert_int_equal(e2->hdr.flags, GTF_permit_access | GTF_readonly);
    assert_int_equal(e2->hdr.domid, 0);
    assert_int_equal(e2->full_page.frame, 0x40010);
    assert_int_equal(gnttab_shared_v2(&w->xen, &d->gt, 1)->full_page.frame, 0x40011);
    assert_int_equal(gnttab_shared_v2(&w->xen, &d->gt, 9)->hdr.flags, 0); /* cleared */
    assert_int_equal(
        gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_okay);
    assert_int_equal(gfns[0], gnttab_status_gfn(d, 0));
    gs.nr_frames = 2;
    assert_int_equal(
        gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_general_error);
    assert_int_equal(
        gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_status_frames, &gs, 2),
        -EINVAL);
    gs.nr_frames = 1;
    gs.dom = 0; /* a domU asking for dom0's: XSM_TARGET */
    assert_int_equal(
        gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_permission_denied);
    gs.dom = 55;
    assert_int_equal(
        gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_bad_domain);
    gs.dom = FX_DOMU; /* the hardware domain may ask */
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_get_status_frames, &gs, 1),
                     0);
    assert_int_equal(gs.status, GNTST_okay);
    assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), 0);
    assert_int_equal(d->gt.nr_status_frames, 0);
    assert_int_equal(w->xen.frames.nr_allocated, before + 2);
    assert_int_not_equal(p2m_lookup(&w->xen, &d->p2m, gnttab_status_gfn(d, 0), &pe), 0);
    assert_int_equal(gnttab_shared_v1(&w->xen, &d->gt, 0)->frame, 0x40010);
    assert_int_equal(gnttab_shared_v1(&w->xen, &d->gt, 0)->flags,
                     GTF_permit_access | GTF_readonly);
    assert_int_equal(gnttab_shared_v1(&w->xen, &d->gt, 9)->flags, 0);
    gntsim_world_destroy(w);
}

/* Growing a v2 table grows its status frames (ceil(frames * 256 / 2048)). */
static void v2_growth_status_frames(void **state)
{
    struct gntsim_world *w = vx_world("master", GNTSIM_ARCH_X86_HVM, 0, false);
    struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = 4};
    uint64_t gfns[4];
    uint32_t now;

    (void)state;
    st.frame_list.p = gfns;
    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    assert_int_equal(vx_dom(w)->gt.nr_status_frames, 1);
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_setup_table, &st, 1),
                     0);
    assert_int_equal(st.status, GNTST_okay);
    assert_int_equal(gnttab_nr_entries(&vx_dom(w)->gt), 4 * 256);
    assert_int_equal(vx_dom(w)->gt.nr_status_frames, 1); /* 1024 entries: 1 frame */
    assert_int_equal(gnttab_status_frames_for(9), 2);
    gntsim_world_destroy(w);
}

/* v2 reserved entries that v1 cannot hold: -ERANGE, nothing changed. */
static void set_version_erange(void **state)
{
    struct gntsim_world *w = vx_world("master", GNTSIM_ARCH_X86_HVM, 0, false);
    grant_entry_v2_t e = vx_full(GTF_permit_access, 0, 1ull << 32);
    grant_entry_v2_t t;
    uint32_t now;

    (void)state;
    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    vx_v2(w, 2, &e);
    assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), -ERANGE);
    assert_int_equal(now, 2);
    assert_int_equal(vx_dom(w)->gt.nr_status_frames, 1);
    memset(&t, 0, sizeof(t));
    t.transitive.hdr.flags = GTF_transitive;
    t.transitive.trans_domid = 0;
    t.transitive.gref = 3;
    vx_v2(w, 2, &t);
    assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), -ERANGE);
    e = vx_full(GTF_permit_access, 0, 0xffffffffull);
    vx_v2(w, 2, &e);
    e = vx_full(GTF_transitive, 0, 0); /* beyond the reserved entries: not looked at */
    vx_v2(w, 8, &e);
    assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), 0);
    assert_int_equal(gnttab_shared_v1(&w->xen, &vx_dom(w)->gt, 2)->frame, 0xffffffffu);
    gntsim_world_destroy(w);
}

/*
 * XTF xsa-255: a status frame still referenced (a PV guest's own mapping
 * holds a page reference) makes set_version(1) fail -EBUSY; once the
 * mapping is gone it succeeds. Translated guests are crashed instead.
 */
static void xsa255_status_frame_mapped(void **state)
{
    enum gntsim_arch arch[] = {GNTSIM_ARCH_X86_PV, GNTSIM_ARCH_ARM};

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(arch); i++) {
        /* Arm: 4.12.0, the first to share status frames (53fa8c8883) */
        struct gntsim_world *w =
            vx_world(arch[i] == GNTSIM_ARCH_ARM ? "4.12.0" : "4.11", arch[i], 2, false);
        struct domain *d = vx_dom(w);
        uint64_t mfn;
        uint32_t now;

        assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
        mfn = d->gt.status_mfn[0];
        assert_true(frames_get(&w->xen.frames, mfn, FX_DOMU)); /* the guest's mapping */
        assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), -EBUSY);
        assert_int_equal(now, 2);
        assert_int_equal(d->gt.nr_status_frames, 1);
        assert_int_equal(d->crashed, arch[i] == GNTSIM_ARCH_ARM);
        frames_put(&w->xen.frames, mfn); /* unmapped */
        if (arch[i] == GNTSIM_ARCH_X86_PV) {
            assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), 0);
            assert_int_equal(now, 1);
            assert_int_equal(frames_owner(&w->xen.frames, mfn), PAGE_OWNER_NONE);
        }
        gntsim_world_destroy(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_version_errno),
        cmocka_unit_test(set_version_max),
        cmocka_unit_test(get_version_errno),
        cmocka_unit_test(set_version_busy),
        cmocka_unit_test(set_version_reencode),
        cmocka_unit_test(v2_growth_status_frames),
        cmocka_unit_test(set_version_erange),
        cmocka_unit_test(xsa255_status_frame_mapped),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
