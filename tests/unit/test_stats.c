/* SPDX-License-Identifier: MIT */
/*
 * gntsim_stats_get(): the always-on counters move with what the model did, with no
 * trace observing the run: a grant map and unmap (IOMMU calls, double_gt_lock in
 * era B, grant hypercalls), the NIC's DMA (IOTLB), cache maintenance, a bounce.
 */
#include "world_fixture.h"

/* The seed world with the SMMU and a non-coherent nic0 of dom0's. */
static struct gntsim_world *stats_world(const char *release, unsigned *nic)
{
    struct gntsim_world *w = fx_world(release, 0);
    struct gntsim_device_opts d = {
        .name = "nic0", .stream_id = 0x870, .owner = 0, .behind_smmu = true};

    assert_int_equal(gntsim_smmu_create(w, NULL), 0);
    assert_int_equal(gntsim_device_create(w, &d, nic), 0);
    return w;
}

/* One map, one device read, one unmap under @release; era B takes double_gt_lock. */
static void map_read_unmap(const char *release, uint64_t want_iommu, uint64_t want_gt)
{
    unsigned nic;
    struct gntsim_world *w = stats_world(release, &nic);
    struct gntsim_stats a, b;
    struct gnttab_map_grant_ref op;
    char buf[4];

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    gntsim_stats_get(w, &a);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    (void)gntsim_dma_read(w, nic, FX_DOMU_MFN << 12, buf, sizeof(buf));
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, op.dev_bus_addr, op.handle), GNTST_okay);
    gntsim_stats_get(w, &b);
    assert_int_equal(b.gnttab_hypercalls - a.gnttab_hypercalls, 2);
    assert_int_equal(b.iommu_map - a.iommu_map, want_iommu);
    assert_int_equal(b.iommu_unmap - a.iommu_unmap, want_iommu);
    assert_int_equal(b.double_gt_lock - a.double_gt_lock, want_gt);
    assert_int_equal(b.iotlb_misses - a.iotlb_misses, 1);
    assert_int_equal(b.smmu_faults - a.smmu_faults, want_iommu ? 0 : 1);
    /* one invalidation per P2M change: host map and unmap, and the 1:1 entry's */
    assert_int_equal(b.iotlb_invals - a.iotlb_invals, 2 + 2 * want_iommu);
    assert_int_equal(b.iotlb_dropped - a.iotlb_dropped, want_iommu);
    assert_int_equal(b.bounce_bytes, 0);
    gntsim_world_destroy(w);
}

static void test_map_unmap_counts(void **state)
{
    (void)state;
    map_read_unmap("4.14.1", 0, 0); /* the seed bug: no 1:1 entry, the read faults */
    map_read_unmap("4.15.0", 1, 2); /* era B: double_gt_lock in map and unmap */
    map_read_unmap("master", 1, 0); /* era C: per-mfn counters, no double lock */
}

/* dom0's kernel without GNTTABOP_cache_flush bounces a foreign page for a
 * non-coherent device (xen_arch_need_swiotlb); cache maintenance is counted. */
static void test_bounce_and_cache(void **state)
{
    unsigned nic;
    struct gntsim_world *w = stats_world("master", &nic);
    struct gntsim_linux_boot_opts bo = {.cache_flush = -1};
    struct gntsim_linux_map m = {.granter = FX_DOMU, .readonly = true};
    struct gntsim_stats a, b;
    uint64_t dma;

    (void)state;
    assert_int_equal(gntsim_linux_boot_opts(w, 0, &bo), 0);
    assert_int_equal(gntsim_linux_boot(w, FX_DOMU), 0);
    assert_int_equal(gntsim_linux_grant(w, FX_DOMU, 0, FX_DOMU_GFN, true, &m.ref), 0);
    assert_int_equal(gntsim_linux_map_refs(w, 0, &m, 1), 0);
    assert_int_equal(m.status, GNTST_okay);
    gntsim_stats_get(w, &a);
    assert_int_equal(gntsim_linux_dma_map(w, 0, nic, (m.pfn << 12) | 0x100, 100,
                                          GNTSIM_DMA_TO_DEVICE, &dma),
                     0);
    assert_int_equal(gntsim_linux_dma_unmap(w, 0, nic, dma, 100, GNTSIM_DMA_TO_DEVICE),
                     0);
    gntsim_stats_get(w, &b);
    assert_int_equal(b.bounce_bytes - a.bounce_bytes, 100);
    assert_true(b.cache_maint > a.cache_maint);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_unmap_counts),
        cmocka_unit_test(test_bounce_and_cache),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
