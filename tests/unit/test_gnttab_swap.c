/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_swap_grant_ref (swap.c) and GNTTABOP_transfer (transfer.c):
 * Xen's swap_grant_ref() checks and effects, transfer on Arm by release.
 */
#include "world_fixture.h"

static int16_t swap(struct gntsim_world *w, gntsim_domid_t dom, uint32_t a, uint32_t b)
{
    struct gnttab_swap_grant_ref op = {.ref_a = a, .ref_b = b, .status = 99};

    assert_int_equal(gntsim_grant_table_op(w, dom, 0, GNTTABOP_swap_grant_ref, &op, 1),
                     0);
    return op.status;
}

/* Two granted entries change places, flags, domid and frame together. */
static void swap_exchanges_entries(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gntsim_grant_info a, b;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 8, 0, FX_DOMU_GFN, false), 0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 9, 0, FX_DOMU_GFN + 1, true), 0);
    assert_int_equal(swap(w, FX_DOMU, 8, 9), GNTST_okay);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, 8, &a), 0);
    assert_int_equal(gntsim_grant_info(w, FX_DOMU, 9, &b), 0);
    assert_int_equal(a.frame, FX_DOMU_GFN + 1);
    assert_int_equal(a.flags, GTF_permit_access | GTF_readonly);
    assert_int_equal(b.frame, FX_DOMU_GFN);
    assert_int_equal(b.flags, GTF_permit_access);
    /* with an empty entry: the grant moves, the old ref is empty */
    assert_int_equal(swap(w, FX_DOMU, 9, 20), GNTST_okay);
    assert_int_equal(fx_gtf(w, 9), 0);
    assert_int_equal(fx_gtf(w, 20), GTF_permit_access);
    /* the moved grant maps from its new ref */
    assert_int_equal(fx_map(w, FX_HOST_GFN, 20, GNTMAP_host_map).status, GNTST_okay);
    assert_int_equal(fx_map(w, FX_HOST_GFN + 1, 9, GNTMAP_host_map).status,
                     GNTST_general_error);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* Bounds first (ref a, then ref b), then the same-ref no-op, then pins. */
static void swap_checks(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_map_grant_ref m;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 8, 0, FX_DOMU_GFN, false), 0);
    assert_int_equal(swap(w, FX_DOMU, 512, 8), GNTST_bad_gntref); /* 1 frame: 512 */
    assert_int_equal(swap(w, FX_DOMU, 8, 512), GNTST_bad_gntref);
    assert_int_equal(swap(w, FX_DOMU, 512, 512), GNTST_bad_gntref); /* before a == b */
    assert_int_equal(swap(w, FX_DOMU, 8, 8), GNTST_okay);
    m = fx_map(w, FX_HOST_GFN, 8, GNTMAP_host_map);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(swap(w, FX_DOMU, 8, 9), GNTST_eagain);
    assert_int_equal(swap(w, FX_DOMU, 9, 8), GNTST_eagain);
    assert_int_equal(swap(w, FX_DOMU, 8, 8), GNTST_okay); /* no-op even when pinned */
    assert_int_equal(fx_gtf(w, 8), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(fx_gtf(w, 9), 0);
    /* the caller's own table only: dom0 swapping refs 8/9 touches dom0's */
    assert_int_equal(swap(w, 0, 8, 9), GNTST_okay);
    assert_int_equal(fx_pin(w, 8), FX_PIN_HSTW);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    assert_int_equal(swap(w, FX_DOMU, 8, 9), GNTST_okay);
    assert_int_equal(fx_gtf(w, 9), GTF_permit_access);
    assert_int_equal(gntsim_trace_count(w, "gnttab_swap"), 9);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* Hypercall-level argument errors reach swap as for every command. */
static void swap_hypercall_args(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_swap_grant_ref ops[2] = {{.ref_a = 1, .ref_b = 2}, {.ref_a = 600}};

    (void)state;
    assert_int_equal(gntsim_grant_table_op(w, 1, 0, GNTTABOP_swap_grant_ref, NULL, 1),
                     -EFAULT);
    assert_int_equal(
        gntsim_grant_table_op(w, 1, 0, GNTTABOP_swap_grant_ref | (1u << 12), ops, 1),
        -EINVAL);
    assert_int_equal(
        gntsim_grant_table_op(w, 1, 0, GNTTABOP_swap_grant_ref, ops, (unsigned)-2),
        -EINVAL);
    assert_int_equal(gntsim_grant_table_op(w, 1, 0, GNTTABOP_swap_grant_ref, NULL, 0), 0);
    assert_int_equal(gntsim_grant_table_op(w, 1, 0, GNTTABOP_swap_grant_ref, ops, 2), 0);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(ops[1].status, GNTST_bad_gntref);
    gntsim_world_destroy(w);
}

static long transfer(struct gntsim_world *w, gntsim_domid_t dom,
                     struct gnttab_transfer *ops, unsigned n)
{
    return gntsim_grant_table_op(w, dom, 0, GNTTABOP_transfer, ops, n);
}

/* Arm before 4.17: every op fails in steal_page(), or earlier on a bad frame. */
static void transfer_arm_416(void **state)
{
    struct gntsim_world *w = fx_world("4.16.1", 0);
    struct gnttab_transfer ops[2] = {
        {.mfn = FX_DOMU_GFN, .domid = 0, .ref = 3, .status = 99},
        {.mfn = 0x1234, .domid = 0, .ref = 3, .status = 99}, /* no RAM there */
    };

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 8, 0, FX_DOMU_GFN, false), 0);
    assert_int_equal(transfer(w, FX_DOMU, ops, 2), 0);
    assert_int_equal(ops[0].status, GNTST_general_error); /* -EOPNOTSUPP */
    assert_int_equal(ops[1].status, GNTST_bad_page);
    /* the page stays where it was */
    assert_int_equal(gntsim_gfn_to_mfn(w, FX_DOMU, FX_DOMU_GFN), FX_DOMU_MFN);
    assert_int_equal(gntsim_page_owner(w, FX_DOMU_MFN), FX_DOMU);
    assert_int_equal(gntsim_trace_count(w, "gnttab_transfer"), 2);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* Arm from 4.17 (185250ec78): -EOPNOTSUPP before any op is read. */
static void transfer_arm_417(void **state)
{
    static const char *const rel[] = {"4.17", "4.19", "master"};

    (void)state;
    for (unsigned i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        struct gntsim_world *w = fx_world(rel[i], 0);
        struct gnttab_transfer op = {.mfn = FX_DOMU_GFN, .status = 99};

        assert_int_equal(transfer(w, FX_DOMU, &op, 1), -EOPNOTSUPP);
        assert_int_equal(op.status, 99);
        assert_int_equal(gntsim_trace_count(w, "gnttab_transfer"), 0);
        gntsim_world_destroy(w);
    }
}

/* x86 PV caller: a page it does not own is GNTST_bad_page; an unknown receiver frees it.
 */
static void transfer_x86_pv_paths(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gntsim_domain_opts o;
    struct gnttab_transfer op = {.mfn = 0x40000, .domid = 0, .ref = 8, .status = 99};

    (void)state;
    gntsim_domain_opts_default(&o, 5);
    o.arch = GNTSIM_ARCH_X86_PV;
    o.mfn_base = 0x850000;
    assert_int_equal(gntsim_domain_create(w, &o), 0);
    assert_int_equal(transfer(w, 5, &op, 1), 0); /* d0's page: steal_page -EINVAL */
    assert_int_equal(op.status, GNTST_bad_page);
    assert_int_equal(gntsim_page_owner(w, 0x40000), 0);
    op = (struct gnttab_transfer){.mfn = 0x850001, .domid = 77, .ref = 8, .status = 99};
    assert_int_equal(transfer(w, 5, &op, 1), 0);
    assert_int_equal(op.status, GNTST_bad_domain); /* stolen, then freed */
    assert_int_equal(gntsim_page_owner(w, 0x850001), DOMID_INVALID);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* x86 PV transfer that succeeds, and one refused for the receiver's entry flags. */
static void transfer_x86_pv_success(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gntsim_domain_opts o;
    struct gntsim_grant_info g;
    grant_entry_v1_t accept = {.flags = GTF_accept_transfer, .domid = 5};
    struct gnttab_transfer op = {.mfn = 0x850002, .domid = 6, .ref = 9, .status = 99};

    (void)state;
    for (uint16_t id = 5; id <= 6; id++) {
        gntsim_domain_opts_default(&o, id);
        o.arch = GNTSIM_ARCH_X86_PV;
        o.mfn_base = id == 5 ? 0x850000 : 0x860000;
        assert_int_equal(gntsim_domain_create(w, &o), 0);
    }
    /* d6 offers ref 9 to d5 (the receiver writes it in its own table) */
    assert_int_equal(gntsim_guest_write(w, 6, (0x38000ull << 12) + 9 * 8, &accept, 8), 0);
    assert_int_equal(gntsim_page_owner(w, 0x850002), 5);
    assert_int_equal(transfer(w, 5, &op, 1), 0);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(gntsim_page_owner(w, 0x850002), 6);
    assert_int_equal(gntsim_page_refs(w, 0x850002), 1);
    assert_int_equal(gntsim_grant_info(w, 6, 9, &g), 0);
    assert_int_equal(g.flags, GTF_accept_transfer | GTF_transfer_committed |
                                  GTF_transfer_completed);
    assert_int_equal(g.frame, 0x850002);
    /* ref 10 is not an accept-transfer entry: the stolen page is freed */
    op = (struct gnttab_transfer){.mfn = 0x850003, .domid = 6, .ref = 10, .status = 99};
    assert_int_equal(transfer(w, 5, &op, 1), 0);
    assert_int_equal(op.status, GNTST_general_error);
    assert_int_equal(gntsim_page_owner(w, 0x850003), DOMID_INVALID);
    assert_int_equal(gntsim_check_invariants(w),
                     0); /* committed/completed are not pins */
    gntsim_world_destroy(w);
}

/* 64 low frames at 1 GiB and 16 MiB above 0x2980000 frames: more than a 32-bit PV M2P. */
static struct gntsim_world *pv32_world(const char *release)
{
    struct gntsim_world_opts wo;
    struct gntsim_domain_opts o;
    struct gntsim_world *w = NULL;
    char err[256];

    gntsim_world_opts_default(&wo);
    wo.release = release;
    wo.nr_banks = 2;
    wo.banks[0] = (struct gntsim_bank){0x40000000, 64 << 12};
    wo.banks[1] = (struct gntsim_bank){0x2980000000, 16 << 20};
    assert_int_equal(gntsim_world_create(&wo, &w, err, sizeof(err)), 0);
    gntsim_domain_opts_default(&o,
                               1); /* the 32-bit receiver: all low RAM but one frame */
    o.arch = GNTSIM_ARCH_X86_PV;
    o.pv32 = true;
    o.mfn_base = 0x40000;
    o.mem_pages = 63;
    assert_int_equal(gntsim_domain_create(w, &o), 0);
    gntsim_domain_opts_default(&o, 2); /* the sender, in high RAM */
    o.arch = GNTSIM_ARCH_X86_PV;
    o.mfn_base = 0x2980800;
    o.mem_pages = 16;
    assert_int_equal(gntsim_domain_create(w, &o), 0);
    return w;
}

/*
 * A 32-bit PV receiver is clamped to 37 address bits (switch_compat): a high page
 * is copied into the one free low frame, then GNTST_address_too_big; a 64-bit PV
 * receiver takes the page where it is.
 */
static void transfer_x86_pv32_address_width(void **state)
{
    static const char *const rels[] = {"4.12.0", "4.16.0", "master"};
    grant_entry_v1_t accept = {.flags = GTF_accept_transfer, .domid = 2};
    struct gntsim_grant_info g;
    uint8_t buf[4];

    (void)state;
    for (size_t r = 0; r < sizeof(rels) / sizeof(rels[0]); r++) {
        struct gntsim_world *w = pv32_world(rels[r]);
        struct gnttab_transfer op = {
            .mfn = 0x2980800, .domid = 1, .ref = 8, .status = 99};

        for (uint32_t ref = 8; ref <= 9; ref++)
            assert_int_equal(
                gntsim_guest_write(w, 1, (0x38000ull << 12) + ref * 8, &accept, 8), 0);
        assert_int_equal(gntsim_guest_write(w, 2, 0x40000ull << 12, "pv32", 4), 0);
        assert_int_equal(transfer(w, 2, &op, 1), 0);
        assert_int_equal(op.status, GNTST_okay);
        assert_int_equal(gntsim_grant_info(w, 1, 8, &g), 0);
        assert_int_equal(g.frame, 0x4003f); /* below 2^37, the bytes with it */
        assert_int_equal(gntsim_page_owner(w, 0x4003f), 1);
        assert_int_equal(gntsim_page_owner(w, 0x2980800), DOMID_INVALID);
        assert_int_equal(gntsim_guest_read(w, 1, 0x4003full << 12, buf, 4), 0);
        assert_memory_equal(buf, "pv32", 4);
        op = (struct gnttab_transfer){
            .mfn = 0x2980801, .domid = 1, .ref = 9, .status = 99};
        assert_int_equal(transfer(w, 2, &op, 1), 0);
        assert_int_equal(op.status, GNTST_address_too_big);
        assert_int_equal(gntsim_page_owner(w, 0x2980801), DOMID_INVALID); /* freed */
        assert_int_equal(gntsim_grant_info(w, 1, 9, &g), 0);
        assert_int_equal(g.flags, GTF_accept_transfer);
        assert_int_equal(gntsim_check_invariants(w), 0);
        gntsim_world_destroy(w);
    }
}

/* Without RAM beyond the 32-bit M2P's reach no clamp applies; pv32 is x86 PV only. */
static void transfer_x86_pv32_no_clamp(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    grant_entry_v1_t accept = {.flags = GTF_accept_transfer, .domid = 5};
    struct gnttab_transfer op = {.mfn = 0x850002, .domid = 6, .ref = 9, .status = 99};
    struct gntsim_domain_opts o;
    struct gntsim_grant_info g;

    (void)state;
    gntsim_domain_opts_default(&o, 7);
    o.pv32 = true; /* an Arm domain cannot be a 32-bit PV guest */
    assert_int_equal(gntsim_domain_create(w, &o), -EINVAL);
    for (uint16_t id = 5; id <= 6; id++) {
        gntsim_domain_opts_default(&o, id);
        o.arch = GNTSIM_ARCH_X86_PV;
        o.pv32 = id == 6;
        o.mfn_base = id == 5 ? 0x850000 : 0x860000;
        assert_int_equal(gntsim_domain_create(w, &o), 0);
    }
    assert_int_equal(gntsim_guest_write(w, 6, (0x38000ull << 12) + 9 * 8, &accept, 8), 0);
    assert_int_equal(transfer(w, 5, &op, 1), 0);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(gntsim_grant_info(w, 6, 9, &g), 0);
    assert_int_equal(g.frame, 0x850002); /* not moved */
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(swap_exchanges_entries),
        cmocka_unit_test(swap_checks),
        cmocka_unit_test(swap_hypercall_args),
        cmocka_unit_test(transfer_arm_416),
        cmocka_unit_test(transfer_arm_417),
        cmocka_unit_test(transfer_x86_pv_paths),
        cmocka_unit_test(transfer_x86_pv_success),
        cmocka_unit_test(transfer_x86_pv32_address_width),
        cmocka_unit_test(transfer_x86_pv32_no_clamp),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
