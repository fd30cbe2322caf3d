/* SPDX-License-Identifier: MIT */
/* The Linux kernel model: swiotlb-xen detection, grant map, DMA mapping and maintenance.
 */
#include "world_fixture.h"

#include <xen/features.h>

#include "hw/cache.h"
#include "board/world.h"
#include "linux/linux.h"

#define DEV 0u

static struct linux_kernel *fx_kern(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct linux_kernel *k = world_kernel(w, dom);

    assert_non_null(k);
    return k;
}

/* Seed world with both kernels booted and device 0 of dom0 described. */
static struct gntsim_world *fx_linux_world(const char *release, bool coherent,
                                           uint64_t mask)
{
    struct gntsim_world *w = fx_world(release, 0);

    assert_int_equal(gntsim_linux_boot(w, 0), 0);
    assert_int_equal(gntsim_linux_boot(w, FX_DOMU), 0);
    assert_int_equal(linux_device_set(world_kernel(w, 0), DEV, coherent, mask), 0);
    return w;
}

/* domU grants @gfn read-only; dom0 maps it at an allocated page. Returns the map. */
static struct gntsim_linux_map fx_grant_and_map(struct gntsim_world *w, uint64_t gfn)
{
    struct gntsim_linux_map m = {.granter = FX_DOMU, .readonly = true};

    assert_int_equal(gntsim_linux_grant(w, FX_DOMU, 0, gfn, true, &m.ref), 0);
    assert_int_equal(gntsim_linux_map_refs(w, 0, &m, 1), 0);
    assert_int_equal(m.status, GNTST_okay);
    return m;
}

static void detect_per_release(void **state)
{
    struct gntsim_world *w = fx_world("4.15.0", 0);
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0;
    char err[128];

    (void)state;
    assert_int_equal(gntsim_linux_boot(w, 0), 0);
    assert_int_equal(gntsim_linux_boot(w, FX_DOMU), 0);
    assert_int_equal(gntsim_linux_boot(w, 0), -EEXIST);
    /* no XENFEAT direct-mapping bits: the initial domain uses swiotlb-xen */
    assert_false(fx_kern(w, 0)->features & (3u << XENFEAT_not_direct_mapped));
    assert_true(gntsim_linux_swiotlb_xen(w, 0));
    assert_true(fx_kern(w, 0)->hypercall_cflush);
    assert_false(gntsim_linux_swiotlb_xen(w, FX_DOMU));
    gntsim_world_destroy(w);

    w = fx_world("master", 0);
    assert_int_equal(gntsim_linux_boot(w, 0), 0);
    assert_int_equal(gntsim_linux_boot(w, FX_DOMU), 0);
    assert_true(fx_kern(w, 0)->features & (1u << XENFEAT_direct_mapped));
    assert_true(gntsim_linux_swiotlb_xen(w, 0));
    assert_true(fx_kern(w, FX_DOMU)->features & (1u << XENFEAT_not_direct_mapped));
    assert_false(gntsim_linux_swiotlb_xen(w, FX_DOMU));
    gntsim_world_destroy(w);

    /* a dom0 that is not direct-mapped (4.17+: CDF_directmap) */
    gntsim_world_opts_default(&o);
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.iommu = true;
    assert_int_equal(gntsim_domain_create(w, &d0), 0);
    assert_int_equal(gntsim_linux_boot(w, 0), 0);
    assert_true(fx_kern(w, 0)->features & (1u << XENFEAT_not_direct_mapped));
    assert_false(gntsim_linux_swiotlb_xen(w, 0));
    gntsim_world_destroy(w);
}

static void grant_and_map_seed(void **state)
{
    struct gntsim_world *w = fx_linux_world("master", false, UINT64_MAX);
    struct gntsim_linux_map m = fx_grant_and_map(w, FX_DOMU_GFN);
    struct gntsim_p2m_info p;

    (void)state;
    assert_int_equal(m.ref, 8);
    assert_int_equal(m.pfn, FX_HOST_GFN);
    assert_int_equal(m.bus_addr, FX_DOMU_MFN << 12);
    assert_int_equal(linux_pfn_to_bfn(fx_kern(w, 0), m.pfn), FX_DOMU_MFN);
    assert_int_equal(linux_pfn_to_bfn(fx_kern(w, 0), 0x40010), 0x40010);
    assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), 0);
    assert_int_equal(p.mfn, FX_DOMU_MFN);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, m.ref), -EBUSY);
    /* a duplicate foreign entry only warns */
    assert_int_equal(linux_p2m_set(fx_kern(w, 0), m.pfn, 1), -EINVAL);
    assert_non_null(strstr(gntsim_log_line(w, gntsim_log_count(w) - 1),
                           "[d0] xen_add_phys_to_mach_entry: cannot add"));
    assert_int_equal(gntsim_linux_unmap_refs(w, 0, &m, 1), 0);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(linux_pfn_to_bfn(fx_kern(w, 0), m.pfn), m.pfn);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, m.ref), 0);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, m.ref), -EINVAL);
    gntsim_world_destroy(w);
}

/* The seed DMA: no bounce, one GNTTABOP_cache_flush CLEAN of the domU's frame. */
static void dma_map_foreign_noncoherent(void **state)
{
    struct gntsim_world *w = fx_linux_world("master", false, UINT64_MAX);
    struct gntsim_linux_map m;
    uint64_t pa = (FX_DOMU_MFN << 12) + 0x148, dma = 0;
    uint8_t pkt[64] = {0x45}, seen[64];
    uint64_t flushes;

    (void)state;
    assert_int_equal(
        gntsim_guest_write(w, FX_DOMU, (FX_DOMU_GFN << 12) + 0x148, pkt, sizeof(pkt)), 0);
    m = fx_grant_and_map(w, FX_DOMU_GFN);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_DIRTY);
    flushes = gntsim_trace_count(w, "cache_flush_op");
    assert_int_equal(gntsim_linux_dma_map(w, 0, DEV, (m.pfn << 12) + 0x148, 0x5a,
                                          GNTSIM_DMA_TO_DEVICE, &dma),
                     0);
    assert_int_equal(dma, 0x8424cb148ull);
    assert_int_equal(gntsim_trace_count(w, "bounce"), 0);
    assert_int_equal(gntsim_trace_count(w, "cache_flush_op"), flushes + 1);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_CLEAN);
    assert_int_equal(hw_dma_read(&w->cache, pa, seen, sizeof(seen), false), 0);
    assert_memory_equal(seen, pkt, sizeof(pkt));
    assert_int_equal(gntsim_linux_dma_unmap(w, 0, DEV, dma, 0x5a, GNTSIM_DMA_TO_DEVICE),
                     0);
    assert_int_equal(gntsim_trace_count(w, "cache_flush_op"), flushes + 1);
    gntsim_world_destroy(w);
}

/* Two foreign pages whose mfns are not consecutive: bounce through the pool. */
static void dma_map_straddle_bounces(void **state)
{
    struct gntsim_world *w = fx_linux_world("master", false, UINT64_MAX);
    struct gntsim_linux_map a = fx_grant_and_map(w, FX_DOMU_GFN);
    struct gntsim_linux_map b = fx_grant_and_map(w, FX_DOMU_GFN + 2);
    struct linux_kernel *k = fx_kern(w, 0);
    uint64_t dma = 0;

    (void)state;
    assert_int_equal(b.pfn, a.pfn + 1);
    assert_int_equal(gntsim_linux_dma_map(w, 0, DEV, (a.pfn << 12) + 0xf00, 0x200,
                                          GNTSIM_DMA_TO_DEVICE, &dma),
                     0);
    assert_int_equal(dma, k->tlb_base);
    assert_true(linux_pfn_valid(k, dma >> 12));
    assert_int_equal(gntsim_trace_count(w, "bounce"), 1);
    assert_int_equal(gntsim_linux_dma_unmap(w, 0, DEV, dma, 0x200, GNTSIM_DMA_TO_DEVICE),
                     0);
    assert_false(k->tlb[0].used);
    gntsim_world_destroy(w);
}

/* A 32-bit device cannot reach mfn 0x8424cb: bounce, the pool is below 4 GiB. */
static void dma_map_mask_bounces(void **state)
{
    struct gntsim_world *w = fx_linux_world("master", false, 0xffffffffull);
    struct gntsim_linux_map m = fx_grant_and_map(w, FX_DOMU_GFN);
    uint64_t dma = 0;

    (void)state;
    assert_int_equal(gntsim_linux_dma_map(w, 0, DEV, (m.pfn << 12) + 0x148, 0x100,
                                          GNTSIM_DMA_FROM_DEVICE, &dma),
                     0);
    assert_int_equal(dma, fx_kern(w, 0)->tlb_base);
    assert_int_equal(gntsim_trace_count(w, "bounce"), 1);
    assert_int_equal(
        gntsim_linux_dma_unmap(w, 0, DEV, dma, 0x100, GNTSIM_DMA_FROM_DEVICE), 0);
    assert_int_equal(gntsim_trace_count(w, "bounce"), 2); /* copied back */
    gntsim_world_destroy(w);
}

static void dma_coherent_no_flush(void **state)
{
    struct gntsim_world *w = fx_linux_world("master", true, UINT64_MAX);
    struct gntsim_linux_map m = fx_grant_and_map(w, FX_DOMU_GFN);
    uint64_t flushes = gntsim_trace_count(w, "cache_flush_op"), dma = 0;

    (void)state;
    assert_int_equal(gntsim_linux_dma_map(w, 0, DEV, (m.pfn << 12) + 0x148, 0x5a,
                                          GNTSIM_DMA_BIDIRECTIONAL, &dma),
                     0);
    assert_int_equal(dma, 0x8424cb148ull);
    assert_int_equal(
        gntsim_linux_dma_unmap(w, 0, DEV, dma, 0x5a, GNTSIM_DMA_BIDIRECTIONAL), 0);
    assert_int_equal(gntsim_trace_count(w, "cache_flush_op"), flushes);
    assert_int_equal(gntsim_trace_count(w, "arch_sync"), 0);
    gntsim_world_destroy(w);
}

/* FROM_DEVICE: invalidate on map and on unmap, so the CPU sees what the device wrote. */
static void dma_unmap_from_device_invalidates(void **state)
{
    struct gntsim_world *w = fx_linux_world("master", false, UINT64_MAX);
    struct gntsim_linux_map m = fx_grant_and_map(w, FX_DOMU_GFN);
    uint64_t pa = FX_DOMU_MFN << 12, flushes, dma = 0;
    uint8_t b = 7, rx = 0x99, got = 0;

    (void)state;
    assert_int_equal(gntsim_guest_read(w, FX_DOMU, FX_DOMU_GFN << 12, &b, 1), 0);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_CLEAN);
    flushes = gntsim_trace_count(w, "cache_flush_op");
    assert_int_equal(
        gntsim_linux_dma_map(w, 0, DEV, m.pfn << 12, 64, GNTSIM_DMA_FROM_DEVICE, &dma),
        0);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_UNTRACKED);
    assert_int_equal(gntsim_guest_read(w, FX_DOMU, FX_DOMU_GFN << 12, &b, 1), 0);
    assert_int_equal(hw_dma_write(&w->cache, pa, &rx, 1, false), 0);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_STALE);
    assert_int_equal(gntsim_linux_dma_unmap(w, 0, DEV, dma, 64, GNTSIM_DMA_FROM_DEVICE),
                     0);
    assert_int_equal(gntsim_trace_count(w, "cache_flush_op"), flushes + 2);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_UNTRACKED);
    assert_int_equal(gntsim_guest_read(w, FX_DOMU, FX_DOMU_GFN << 12, &got, 1), 0);
    assert_int_equal(got, rx);
    gntsim_world_destroy(w);
}

/* A local page of a non-coherent device: CPU maintenance, no hypercall. */
static void dma_local_page_arch_sync(void **state)
{
    struct gntsim_world *w = fx_linux_world("master", false, UINT64_MAX);
    uint64_t flushes = gntsim_trace_count(w, "cache_flush_op"), dma = 0;
    uint8_t b = 3;

    (void)state;
    assert_int_equal(gntsim_guest_write(w, 0, 0x40010ull << 12, &b, 1), 0);
    assert_int_equal(
        gntsim_linux_dma_map(w, 0, DEV, 0x40010ull << 12, 1, GNTSIM_DMA_TO_DEVICE, &dma),
        0);
    assert_int_equal(dma, 0x40010ull << 12);
    assert_int_equal(hw_cache_line_state(&w->cache, dma), HW_LINE_CLEAN);
    assert_int_equal(gntsim_trace_count(w, "arch_sync"), 1);
    assert_int_equal(gntsim_trace_count(w, "cache_flush_op"), flushes);
    assert_int_equal(
        gntsim_linux_dma_map(w, 0, 5, 0x40010ull << 12, 1, GNTSIM_DMA_TO_DEVICE, &dma),
        -EINVAL);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detect_per_release),
        cmocka_unit_test(grant_and_map_seed),
        cmocka_unit_test(dma_map_foreign_noncoherent),
        cmocka_unit_test(dma_map_straddle_bounces),
        cmocka_unit_test(dma_map_mask_bounces),
        cmocka_unit_test(dma_coherent_no_flush),
        cmocka_unit_test(dma_unmap_from_device_invalidates),
        cmocka_unit_test(dma_local_page_arch_sync),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
