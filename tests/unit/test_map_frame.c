/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: XENMEM_add_to_physmap of grant-table frames (gnttab_map_frame() and
 * xenmem_add_to_physmap_one(), src/xen/gnttab/map_frame.c, src/xen/physmap_gnttab.c):
 * what each release holds when it updates the P2M (the grant-table lock from
 * 02708d3b51, the page reference from eb6bbf7b30), how many P2M critical sections it
 * takes (one from f147422bf9, plus gnttab_map_frame()'s own before 1b78d4c636), and
 * the effects: P2M entries, recorded GFNs, page references. Arm's status GFNs in the
 * shared frames' array (9d2f8f9c65 reverted, XSA-255).
 */
#include "version_fixture.h"
#include "xen/p2m.h"
#include "xen/physmap.h"

#define MF_GFN 0x38100ull

/* What the hook saw at each P2M lock acquisition of d1. */
struct mf_seen {
    struct sim_locks *locks;
    struct gntsim_world *w;
    uint64_t mfn;       /* the status frame */
    unsigned p2m_locks; /* P2M acquisitions */
    bool gt_held_last;  /* GT(d1) write held at the last one */
    uint32_t refs_last; /* the status frame's references at the last one */
};

static void mf_hook(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                    enum sim_lock_mode mode)
{
    struct mf_seen *s = ctx;

    (void)idx;
    if (c != LOCK_P2M || dom != FX_DOMU || mode != LOCK_WRITE)
        return;
    s->p2m_locks++;
    s->gt_held_last = sim_lock_is_held(s->locks, LOCK_GT, FX_DOMU, 0, LOCK_WRITE);
    s->refs_last = frames_page_const(&s->w->xen.frames, s->mfn)->count;
}

/* d1 (x86 HVM) on v2 under @release; its status frame 0's mfn in *@mfn. */
static struct gntsim_world *mf_world(const char *release, uint64_t *mfn)
{
    struct gntsim_world *w = vx_world(release, GNTSIM_ARCH_X86_HVM, 0, false);
    uint32_t now = 0;

    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    *mfn = vx_dom(w)->gt.status_mfn[0];
    return w;
}

/* Map status frame 0 at MF_GFN under @release with the hook attached. */
static struct mf_seen mf_map(const char *release)
{
    struct mf_seen s = {0};
    struct gntsim_world *w = mf_world(release, &s.mfn);
    struct sim_locks *l = w->xen.locks;
    struct p2m_entry e;

    s.locks = l;
    s.w = w;
    l->at = mf_hook;
    l->ctx = &s;
    assert_int_equal(gntsim_add_to_physmap_grant_table(w, FX_DOMU, 0,
                                                       GNTSIM_MAPIDX_STATUS | 0, MF_GFN),
                     0);
    l->at = NULL;
    l->ctx = NULL;
    assert_int_equal(l->held, 0);
    assert_int_equal(p2m_lookup(&w->xen, &vx_dom(w)->p2m, MF_GFN, &e), 0);
    assert_int_equal(e.mfn, s.mfn);
    assert_int_equal(e.type, P2M_RAM_RW);
    assert_int_equal(
        p2m_lookup(&w->xen, &vx_dom(w)->p2m, gnttab_status_gfn(vx_dom(w), 0), &e),
        -ENOENT);
    assert_int_equal(vx_dom(w)->gt.status_gfn[0], MF_GFN);
    assert_int_equal(frames_page_const(&w->xen.frames, s.mfn)->count, 1);
    gntsim_world_destroy(w);
    s.w = NULL;
    s.locks = NULL;
    return s;
}

/* 4.15.0: no reference, no lock across; gnttab_map_frame()'s removal, then the clear
 * and the add each under the P2M lock (the old GFN is gone by then). */
static void map_frame_4_15_0(void **state)
{
    struct mf_seen s = mf_map("4.15.0");

    (void)state;
    assert_int_equal(s.p2m_locks, 3);
    assert_false(s.gt_held_last);
    assert_int_equal(s.refs_last, 1);
}

/* 4.16.0: eb6bbf7b30's reference during the add, f147422bf9's one P2M section. */
static void map_frame_4_16_0(void **state)
{
    struct mf_seen s = mf_map("4.16.0");

    (void)state;
    assert_int_equal(s.p2m_locks, 2);
    assert_false(s.gt_held_last);
    assert_int_equal(s.refs_last, 2);
}

/* master: 1b78d4c636 (no removal in gnttab_map_frame()), 02708d3b51 (the lock). */
static void map_frame_master(void **state)
{
    struct mf_seen s = mf_map("master");

    (void)state;
    assert_int_equal(s.p2m_locks, 1);
    assert_true(s.gt_held_last);
    assert_int_equal(s.refs_last, 2);
}

/* Errors change nothing: PV is -EACCES, a frame beyond the maximum -EINVAL, and a
 * status index on a v1 table is a shared index that does not exist. */
static void map_frame_errors(void **state)
{
    struct gntsim_world *w = vx_world("master", GNTSIM_ARCH_X86_PV, 0, false);
    struct gntsim_world *h = vx_world("master", GNTSIM_ARCH_X86_HVM, 0, false);
    struct p2m_entry e;

    (void)state;
    assert_int_equal(gntsim_add_to_physmap_grant_table(w, FX_DOMU, 0, 0, MF_GFN),
                     -EACCES);
    assert_int_equal(gntsim_add_to_physmap_grant_table(h, FX_DOMU, 0, 4, MF_GFN),
                     -EINVAL);
    assert_int_equal(
        gntsim_add_to_physmap_grant_table(h, FX_DOMU, 0, GNTSIM_MAPIDX_STATUS, MF_GFN),
        -EINVAL);
    assert_int_equal(p2m_lookup(&h->xen, &vx_dom(h)->p2m, MF_GFN, &e), -ENOENT);
    assert_int_equal(gntsim_add_to_physmap_grant_table(h, FX_DOMU, 7, 0, MF_GFN), -ESRCH);
    gntsim_world_destroy(w);
    gntsim_world_destroy(h);
}

/* A v2->v1 switch removes the status frame where it was moved, and frees it. */
static void map_frame_then_v1(void **state)
{
    uint64_t mfn;
    struct gntsim_world *w = mf_world("4.16.0", &mfn);
    struct p2m_entry e;
    uint32_t now = 0;

    (void)state;
    assert_int_equal(
        gntsim_add_to_physmap_grant_table(w, FX_DOMU, 0, GNTSIM_MAPIDX_STATUS, MF_GFN),
        0);
    assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), 0);
    assert_int_equal(p2m_lookup(&w->xen, &vx_dom(w)->p2m, MF_GFN, &e), -ENOENT);
    assert_int_equal(frames_page_const(&w->xen.frames, mfn)->count, 0);
    gntsim_world_destroy(w);
}

/* S16: a grant-table frame placed at a second GFN (here by the P2M directly) is a
 * finding of the full and the step check; one GFN again is none. */
static void map_frame_alias_found(void **state)
{
    uint64_t mfn;
    struct gntsim_world *w = mf_world("master", &mfn);
    size_t n = 0;
    const struct gntsim_finding *f;

    (void)state;
    assert_int_equal(gntsim_check_invariants(w), 0);
    assert_int_equal(p2m_set_entry(&w->xen, &vx_dom(w)->p2m, MF_GFN, mfn, P2M_RAM_RW), 0);
    assert_int_equal(gntsim_check_invariants(w), 1);
    f = gntsim_findings(w, &n);
    assert_int_equal(n, 1);
    assert_string_equal(f[0].id, "S16");
    assert_int_equal(p2m_remove_entry(&w->xen, &vx_dom(w)->p2m, MF_GFN, mfn, true), 0);
    assert_int_equal(
        gntsim_add_to_physmap_grant_table(w, FX_DOMU, 0, GNTSIM_MAPIDX_STATUS, MF_GFN),
        0);
    assert_int_equal(gntsim_check_invariants_step(w), 0); /* moved, not copied */
    gntsim_world_destroy(w);
}

/* d1 (Arm, grant v2 allowed) on v2 under @release, 9d2f8f9c65 (XSA-255's first fix)
 * reverted alone: 141be845d9's busy check stays. Status frame 0's mfn in *@mfn. */
static struct gntsim_world *mf_arm_one_array(const char *release, uint64_t *mfn)
{
    struct gntsim_world *w = vx_world(release, GNTSIM_ARCH_ARM, 2, false);
    uint32_t now = 0;

    w->xen.prof_own.frame_gfn_split = false;
    assert_true(w->xen.prof->status_unpopulate_busy_checked);
    assert_int_equal(vx_set_version(w, FX_DOMU, 2, &now), 0);
    *mfn = vx_dom(w)->gt.status_mfn[0];
    return w;
}

/* gnttab_frame_gfn_slot() / gnttab_frame_gfn(): with the fix a status frame has its
 * own record and is found at it; reverted on Arm, its record is shared frame 0's and
 * it is found at GFN 0; x86 (the M2P) is the same either way. */
static void frame_gfn_split_contract(void **state)
{
    uint64_t mfn;
    struct gntsim_world *w = mf_world("master", &mfn); /* x86 HVM */
    struct gntsim_world *a = mf_arm_one_array("master", &mfn);
    struct domain *d = vx_dom(w), *ad = vx_dom(a);

    (void)state;
    w->xen.prof_own.frame_gfn_split = false;
    assert_ptr_equal(gnttab_frame_gfn_slot(&w->xen, d, true, 0), &d->gt.status_gfn[0]);
    assert_int_equal(gnttab_frame_gfn(&w->xen, d, true, 0), gnttab_status_gfn(d, 0));
    assert_ptr_equal(gnttab_frame_gfn_slot(&a->xen, ad, true, 0), &ad->gt.shared_gfn[0]);
    assert_int_equal(ad->gt.shared_gfn[0], gnttab_status_gfn(ad, 0)); /* overwritten */
    assert_int_equal(gnttab_frame_gfn(&a->xen, ad, true, 0), 0);
    assert_int_equal(gnttab_frame_gfn(&a->xen, ad, false, 0), gnttab_status_gfn(ad, 0));
    a->xen.prof_own.frame_gfn_split = true;
    assert_ptr_equal(gnttab_frame_gfn_slot(&a->xen, ad, true, 0), &ad->gt.status_gfn[0]);
    assert_ptr_equal(gnttab_frame_gfn_slot(&a->xen, ad, false, 0), &ad->gt.shared_gfn[0]);
    gntsim_world_destroy(w);
    gntsim_world_destroy(a);
}

/* 9d2f8f9c65 reverted alone (4.16.0, Arm): the status frame moved to MF_GFN stays at
 * its first GFN too (Xen removed GFN 0), get_status_frames lists 0, and the switch to
 * v1, with no busy frame for 141be845d9 to refuse, frees the frame both GFNs still
 * map: the harm is the GFN record's, not the busy check's. */
static void frame_gfn_one_array_frees_mapped(void **state)
{
    uint64_t mfn, gfn = ~0ull;
    struct gntsim_world *w = mf_arm_one_array("4.16.0", &mfn);
    struct domain *d = vx_dom(w);
    struct gnttab_get_status_frames gs = {.nr_frames = 1, .dom = DOMID_SELF};
    const struct gntsim_finding *f;
    struct p2m_entry e;
    uint32_t now = 0;
    size_t n = 0;

    (void)state;
    gs.frame_list.p = &gfn;
    assert_int_equal(
        gntsim_add_to_physmap_grant_table(w, FX_DOMU, 0, GNTSIM_MAPIDX_STATUS, MF_GFN),
        0);
    assert_int_equal(d->gt.shared_gfn[0], MF_GFN);
    assert_int_equal(p2m_lookup(&w->xen, &d->p2m, gnttab_status_gfn(d, 0), &e), 0);
    assert_int_equal(e.mfn, mfn);
    assert_int_equal(
        gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_okay);
    assert_int_equal(gfn, 0);
    assert_int_equal(frames_page_const(&w->xen.frames, mfn)->count, 1);
    assert_int_equal(vx_set_version(w, FX_DOMU, 1, &now), 0);
    assert_int_equal(frames_page_const(&w->xen.frames, mfn)->count, 0);
    assert_int_equal(p2m_lookup(&w->xen, &d->p2m, MF_GFN, &e), 0);
    assert_int_equal(e.mfn, mfn);
    assert_int_equal(d->gt.shared_gfn[0], GNTTAB_NO_GFN); /* shared frame 0's too */
    assert_int_equal(gntsim_check_invariants(w), 2);
    f = gntsim_findings(w, &n);
    assert_int_equal(n, 2);
    assert_string_equal(f[0].id, "S11"); /* a free frame in the P2M, at two GFNs: */
    assert_string_equal(f[1].id, "S11"); /* MF_GFN and the one Xen never removed */
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(map_frame_4_15_0),
        cmocka_unit_test(map_frame_4_16_0),
        cmocka_unit_test(map_frame_master),
        cmocka_unit_test(map_frame_errors),
        cmocka_unit_test(map_frame_then_v1),
        cmocka_unit_test(map_frame_alias_found),
        cmocka_unit_test(frame_gfn_split_contract),
        cmocka_unit_test(frame_gfn_one_array_frees_mapped),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
