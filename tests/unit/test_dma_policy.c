/* SPDX-License-Identifier: MIT */
/* The dom0 DMA policies' table, their release checks, and dom0's declaration. */
#include "world_fixture.h"

#include <string.h>

static void table_lookup(void **state)
{
    const struct gntsim_dma_policy_info *p;
    size_t n = 0;

    (void)state;
    for (size_t i = 0; (p = gntsim_dma_policy_at(i)); i++, n++) {
        assert_int_equal(p->id, i); /* rows in enum order */
        assert_ptr_equal(gntsim_dma_policy_find(p->name), p);
        assert_true(strlen(p->source) > 20 && strlen(p->summary) > 20);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(gntsim_dma_policy_at(j)->name, p->name);
    }
    assert_int_equal(n, GNTSIM_DMA_POLICY_NR);
    assert_string_equal(gntsim_dma_policy_at(0)->name, "swiotlb-xen");
    assert_null(gntsim_dma_policy_find("swiotlb"));
    assert_null(gntsim_dma_policy_find(NULL));
    assert_true(gntsim_dma_policy_find("per-device")->declares_no_swiotlb_xen);
    assert_false(gntsim_dma_policy_find("swiotlb-xen")->declares_no_swiotlb_xen);
}

static void applies_per_release(void **state)
{
    const struct gntsim_dma_policy_info *ndm =
        gntsim_dma_policy_find("not-direct-mapped");
    const struct gntsim_dma_policy_info *vs = gntsim_dma_policy_find("vsmmu");
    char why[200];

    (void)state;
    assert_int_equal(gntsim_dma_policy_applies(ndm, "4.19", why, sizeof(why)),
                     -EOPNOTSUPP);
    assert_non_null(strstr(why, "came in 4.20 (02975cc383)"));
    assert_int_equal(gntsim_dma_policy_applies(ndm, "4.20", why, sizeof(why)), 0);
    assert_int_equal(gntsim_dma_policy_applies(vs, "4.21", NULL, 0), -EOPNOTSUPP);
    assert_int_equal(gntsim_dma_policy_applies(vs, "master", NULL, 0), 0);
    assert_int_equal(gntsim_dma_policy_applies(vs, "4.99", NULL, 0), -EINVAL);
    for (size_t i = 0; i < GNTSIM_DMA_POLICY_NR; i++) /* the rest: every release */
        if (i != GNTSIM_DMA_POLICY_NOT_DIRECT_MAPPED && i != GNTSIM_DMA_POLICY_VSMMU)
            assert_int_equal(
                gntsim_dma_policy_applies(gntsim_dma_policy_at(i), "4.11", NULL, 0), 0);
}

static void world_option(void **state)
{
    struct gntsim_world_opts o;
    struct gntsim_world *w;
    char err[256];

    (void)state;
    gntsim_world_opts_default(&o);
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    assert_int_equal(gntsim_world_dma_policy(w), GNTSIM_DMA_POLICY_SWIOTLB_XEN);
    gntsim_world_destroy(w);
    o.dma_policy = "per-device";
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    assert_int_equal(gntsim_world_dma_policy(w), GNTSIM_DMA_POLICY_PER_DEVICE);
    gntsim_world_destroy(w);
    o.dma_policy = "iommu";
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), -EINVAL);
    assert_null(w);
    assert_non_null(strstr(err, "unknown dma-policy 'iommu' (swiotlb-xen, per-device"));
    o.dma_policy = "not-direct-mapped";
    o.release = "4.17";
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "under Xen 4.17"));
}

/* The declaration turns the Arm predicate off for the domain that makes it only. */
static void declaration(void **state)
{
    struct gntsim_world *w = fx_world("4.15.0", 0);
    struct gntsim_domain_opts d2;

    (void)state;
    assert_true(gntsim_need_iommu_mapping(w, 0));
    gntsim_world_destroy(w);
    w = fx_world("4.15.0", 0);
    assert_int_equal(gntsim_domain_destroy(w, 0), 0);
    gntsim_domain_opts_default(&d2, 0);
    d2.hwdom = d2.direct_mapped = d2.iommu = d2.no_swiotlb_xen = true;
    d2.mfn_base = 0x40000;
    assert_int_equal(gntsim_domain_create(w, &d2), 0);
    assert_false(gntsim_need_iommu_mapping(w, 0));
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_lookup),
        cmocka_unit_test(applies_per_release),
        cmocka_unit_test(world_option),
        cmocka_unit_test(declaration),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
