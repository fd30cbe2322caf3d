/* SPDX-License-Identifier: MIT */
/*
 * x86 mappers (xen/common/grant_table.c map_grant_ref, unmap_common on x86):
 * PV device maps and their writable type references, contains_pte and
 * application_map accepted for PV, rejected for HVM; XTF xsa-224 and
 * xsa-234 equivalents; an HVM mapper's grant P2M entries whose IOMMU
 * permissions follow the P2M type at dfn = gfn.
 */
#include "world_fixture.h"

#define X_MAPPER  0
#define X_GRANTER 1
#define X_GFN     0x400cbull /* granter's RAM page (ram_gfn 0x40000 + 0xcb) */
#define X_HOST    0x100000ull

/* A world with an x86 mapper d0 (hwdom, IOMMU, non-strict) and granter d1. */
static struct gntsim_world *x_world(const char *rel, enum gntsim_arch mapper,
                                    enum gntsim_arch granter)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    struct gntsim_world *w = NULL;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = rel;
    o.iommu_hwdom_strict = mapper != GNTSIM_ARCH_X86_PV; /* PVH dom0 must be strict */
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    gntsim_domain_opts_default(&d0, X_MAPPER);
    d0.arch = mapper;
    d0.hwdom = d0.iommu = true;
    assert_int_equal(gntsim_domain_create(w, &d0), 0);
    gntsim_domain_opts_default(&du, X_GRANTER);
    du.arch = granter;
    du.mfn_base = 0x842400;
    assert_int_equal(gntsim_domain_create(w, &du), 0);
    return w;
}

/* The grant entry's frame: an mfn for a PV granter, a gfn otherwise. */
static uint64_t x_frame(struct gntsim_world *w, gntsim_domid_t granter, bool pv)
{
    return pv ? gntsim_gfn_to_mfn(w, granter, X_GFN) : X_GFN;
}

static struct gnttab_map_grant_ref x_map(struct gntsim_world *w, gntsim_domid_t by,
                                         gntsim_domid_t dom, uint64_t host_gfn,
                                         uint32_t flags)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = host_gfn << 12, .flags = flags, .ref = FX_REF, .dom = dom};

    assert_int_equal(gntsim_grant_table_op(w, by, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    return op;
}

static int16_t x_unmap(struct gntsim_world *w, gntsim_domid_t by, uint64_t host_gfn,
                       uint64_t bus, uint32_t handle)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = host_gfn << 12, .dev_bus_addr = bus, .handle = handle};

    assert_int_equal(gntsim_grant_table_op(w, by, 0, GNTTABOP_unmap_grant_ref, &op, 1),
                     0);
    return op.status;
}

/* PV device-only map: dev_bus_addr = mfn << 12, device RW takes a writable type ref. */
static void pv_device_map(const char *rel, int16_t bad_bus_status)
{
    struct gntsim_world *w = x_world(rel, GNTSIM_ARCH_X86_PV, GNTSIM_ARCH_X86_PV);
    uint64_t mfn = gntsim_gfn_to_mfn(w, X_GRANTER, X_GFN);
    struct gnttab_map_grant_ref rw, ro;

    assert_int_equal(gntsim_guest_grant(w, X_GRANTER, FX_REF, X_MAPPER, mfn, false), 0);
    rw = x_map(w, X_MAPPER, X_GRANTER, 0, GNTMAP_device_map);
    assert_int_equal(rw.status, GNTST_okay);
    assert_int_equal(rw.dev_bus_addr, mfn << 12);
    assert_int_equal(gntsim_page_type_count(w, mfn), 1);
    assert_int_equal(gntsim_page_refs(w, mfn), 2);
    ro = x_map(w, X_MAPPER, X_GRANTER, 0, GNTMAP_device_map | GNTMAP_readonly);
    assert_int_equal(ro.status, GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 1); /* RO: no type ref */
    /* 3.6 step 7: wrong bus address (<= 4.15 general_error) */
    assert_int_equal(x_unmap(w, X_MAPPER, 0, (mfn + 1) << 12, rw.handle), bad_bus_status);
    assert_int_equal(gntsim_page_type_count(w, mfn), 1);
    assert_int_equal(x_unmap(w, X_MAPPER, 0, mfn << 12, rw.handle), GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 0);
    assert_int_equal(x_unmap(w, X_MAPPER, 0, mfn << 12, ro.handle), GNTST_okay);
    assert_int_equal(gntsim_page_refs(w, mfn), 1);
    gntsim_world_destroy(w);
}

static void x86_pv_device_map(void **state)
{
    (void)state;
    pv_device_map("4.14.1", GNTST_general_error);
    pv_device_map("master", GNTST_bad_dev_addr);
}

/* 3.3 step 2: contains_pte / application_map accepted for PV, rejected for HVM. */
static void x86_pte_flags(void **state)
{
    static const uint32_t flags[] = {GNTMAP_host_map | GNTMAP_contains_pte,
                                     GNTMAP_host_map | GNTMAP_application_map,
                                     GNTMAP_host_map | GNTMAP_device_map};

    (void)state;
    for (unsigned hvm = 0; hvm < 2; hvm++) {
        struct gntsim_world *w =
            x_world("master", hvm ? GNTSIM_ARCH_X86_HVM : GNTSIM_ARCH_X86_PV,
                    GNTSIM_ARCH_X86_HVM);

        assert_int_equal(gntsim_guest_grant(w, X_GRANTER, FX_REF, X_MAPPER, X_GFN, true),
                         0);
        for (unsigned i = 0; i < 3; i++) {
            struct gnttab_map_grant_ref op =
                x_map(w, X_MAPPER, X_GRANTER, X_HOST + i, flags[i] | GNTMAP_readonly);

            assert_int_equal(op.status, hvm ? GNTST_general_error : GNTST_okay);
            if (!hvm)
                assert_int_equal(
                    x_unmap(w, X_MAPPER, X_HOST + i, op.dev_bus_addr, op.handle),
                    GNTST_okay);
        }
        assert_int_equal(gntsim_check_invariants(w), 0);
        gntsim_world_destroy(w);
    }
}

/*
 * XTF xsa-224: a PV domain maps its own grant host|device RW and unmaps in
 * two calls (host, then device by dev_bus_addr): no writable type ref may
 * be left (else the frame could never become a page table).
 */
static void x86_xsa224(void **state)
{
    struct gntsim_world *w = x_world("master", GNTSIM_ARCH_X86_PV, GNTSIM_ARCH_X86_PV);
    uint64_t mfn = gntsim_gfn_to_mfn(w, X_GRANTER, X_GFN);
    struct gnttab_map_grant_ref op;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, X_GRANTER, FX_REF, X_GRANTER, mfn, false), 0);
    op = x_map(w, X_GRANTER, X_GRANTER, X_HOST, GNTMAP_host_map | GNTMAP_device_map);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 2); /* device RW + self host RW */
    assert_int_equal(gntsim_page_refs(w, mfn), 3);
    assert_int_equal(x_unmap(w, X_GRANTER, X_HOST, 0, op.handle), GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 1);
    assert_int_equal(x_unmap(w, X_GRANTER, 0, op.dev_bus_addr, op.handle), GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 0);
    assert_int_equal(gntsim_page_refs(w, mfn), 1);
    assert_int_equal(x_unmap(w, X_GRANTER, X_HOST, op.dev_bus_addr, op.handle),
                     GNTST_bad_handle);
    gntsim_world_destroy(w);
}

/* XTF xsa-234: unmap_and_replace of an RO mapping keeps another mapping's writable ref.
 */
static void x86_xsa234(void **state)
{
    struct gntsim_world *w = x_world("master", GNTSIM_ARCH_X86_PV, GNTSIM_ARCH_X86_PV);
    uint64_t mfn = gntsim_gfn_to_mfn(w, X_GRANTER, X_GFN);
    struct gnttab_map_grant_ref rw, ro;
    struct gnttab_unmap_and_replace rep;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, X_GRANTER, FX_REF, X_MAPPER, mfn, false), 0);
    rw = x_map(w, X_MAPPER, X_GRANTER, X_HOST, GNTMAP_host_map);
    ro = x_map(w, X_MAPPER, X_GRANTER, X_HOST + 1, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(rw.status, GNTST_okay);
    assert_int_equal(ro.status, GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 1); /* PV granter: RW host map */
    rep = (struct gnttab_unmap_and_replace){.host_addr = (X_HOST + 1) << 12,
                                            .new_addr = (X_HOST + 2) << 12,
                                            .handle = ro.handle};
    assert_int_equal(
        gntsim_grant_table_op(w, X_MAPPER, 0, GNTTABOP_unmap_and_replace, &rep, 1), 0);
    assert_int_equal(rep.status, GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 1);
    assert_int_equal(x_unmap(w, X_MAPPER, X_HOST, 0, rw.handle), GNTST_okay);
    assert_int_equal(gntsim_page_type_count(w, mfn), 0);
    assert_int_equal(gntsim_page_refs(w, mfn), 1);
    gntsim_world_destroy(w);
}

/* IOMMU view of the HVM mapper at @dfn: 0 none, 1 R, 2 RW. */
static int hvm_iommu(struct gntsim_world *w, uint64_t dfn, uint64_t mfn)
{
    struct gntsim_p2m_info p;

    if (gntsim_iommu_lookup(w, X_MAPPER, dfn, &p))
        return 0;
    assert_int_equal(p.mfn, mfn);
    assert_true(p.read);
    return p.write ? 2 : 1;
}

/*
 * HVM/PVH mapper: grant P2M entries at gfn; the IOMMU follows the P2M type
 * (p2m_get_iommu_flags) at dfn = gfn; no grant-code IOMMU step (translated).
 * A PV granter's frame gets a type ref for the RW host map, an HVM one not.
 */
static void hvm_mapper(enum gntsim_arch granter)
{
    bool pv = granter == GNTSIM_ARCH_X86_PV;
    struct gntsim_world *w = x_world("master", GNTSIM_ARCH_X86_HVM, granter);
    uint64_t mfn = gntsim_gfn_to_mfn(w, X_GRANTER, X_GFN);
    struct gnttab_map_grant_ref rw, ro;

    assert_false(gntsim_need_iommu_mapping(w, X_MAPPER));
    assert_int_equal(gntsim_guest_grant(w, X_GRANTER, FX_REF, X_MAPPER,
                                        x_frame(w, X_GRANTER, pv), false),
                     0);
    rw = x_map(w, X_MAPPER, X_GRANTER, X_HOST, GNTMAP_host_map);
    ro = x_map(w, X_MAPPER, X_GRANTER, X_HOST + 1, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(rw.status, GNTST_okay);
    assert_int_equal(ro.status, GNTST_okay);
    assert_string_equal(fx_p2m_type(w, X_MAPPER, X_HOST), "p2m_grant_map_rw");
    assert_string_equal(fx_p2m_type(w, X_MAPPER, X_HOST + 1), "p2m_grant_map_ro");
    assert_int_equal(hvm_iommu(w, X_HOST, mfn), 2);
    assert_int_equal(hvm_iommu(w, X_HOST + 1, mfn), 1);
    assert_int_equal(hvm_iommu(w, mfn, mfn), 0); /* no 1:1 entry */
    assert_int_equal(gntsim_trace_count(w, "iommu_map"), 0);
    assert_int_equal(gntsim_page_type_count(w, mfn), pv ? 1 : 0);
    /* replace_grant_p2m_mapping: the gfn must hold this grant */
    assert_int_equal(x_unmap(w, X_MAPPER, X_HOST + 7, 0, rw.handle), GNTST_general_error);
    assert_int_equal(x_unmap(w, X_MAPPER, X_HOST, 0, rw.handle), GNTST_okay);
    assert_int_equal(x_unmap(w, X_MAPPER, X_HOST + 1, 0, ro.handle), GNTST_okay);
    assert_int_equal(hvm_iommu(w, X_HOST, mfn), 0);
    assert_int_equal(hvm_iommu(w, X_HOST + 1, mfn), 0);
    assert_int_equal(gntsim_page_type_count(w, mfn), 0);
    assert_int_equal(gntsim_page_refs(w, mfn), 1);
    gntsim_world_destroy(w);
}

static void x86_hvm_mapper(void **state)
{
    (void)state;
    hvm_mapper(GNTSIM_ARCH_X86_HVM);
    hvm_mapper(GNTSIM_ARCH_X86_PV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(x86_pv_device_map), cmocka_unit_test(x86_pte_flags),
        cmocka_unit_test(x86_xsa224),        cmocka_unit_test(x86_xsa234),
        cmocka_unit_test(x86_hvm_mapper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
