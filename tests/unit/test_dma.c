/* SPDX-License-Identifier: MIT */
/* Device DMA: direct devices, device writes vs CPU caches, partial transfers, time. */
#include "world_fixture.h"
#include "board/world.h"

#define DOMU_PA ((FX_DOMU_MFN << 12) | 0x148)

static struct gntsim_world *dma_world(bool coherent, bool behind, unsigned *dev)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gntsim_device_opts d = {.name = "nic0",
                                   .stream_id = 0x870,
                                   .owner = 0,
                                   .coherent = coherent,
                                   .behind_smmu = behind};

    assert_int_equal(gntsim_smmu_create(w, NULL), 0);
    assert_int_equal(gntsim_device_create(w, &d, dev), 0);
    return w;
}

/* Not behind the SMMU: bus address = machine address, whatever the P2M says. */
static void test_direct_device(void **state)
{
    unsigned dev;
    struct gntsim_world *w = dma_world(true, false, &dev);
    char buf[6] = {0};

    (void)state;
    assert_int_equal(
        gntsim_guest_write(w, FX_DOMU, (FX_DOMU_GFN << 12) | 0x148, "hello", 5), 0);
    assert_int_equal(gntsim_dma_read(w, dev, DOMU_PA, buf, 5), 0);
    assert_string_equal(buf, "hello");
    assert_int_equal(gntsim_dma_read(w, dev, 0x100000000ull, buf, 1), -EIO); /* no RAM */
    gntsim_world_destroy(w);
}

/* A non-coherent device write stays hidden behind the CPU's clean line until inval. */
static void test_device_write_stale_cpu(void **state)
{
    unsigned dev;
    struct gntsim_world *w = dma_world(false, false, &dev);
    char buf[6] = {0};

    (void)state;
    assert_int_equal(gntsim_guest_read(w, FX_DOMU, (FX_DOMU_GFN << 12) | 0x148, buf, 5),
                     0); /* the line is now cached clean */
    assert_int_equal(gntsim_dma_write(w, dev, DOMU_PA, "world", 5), 0);
    assert_int_equal(gntsim_guest_read(w, FX_DOMU, (FX_DOMU_GFN << 12) | 0x148, buf, 5),
                     0);
    assert_memory_equal(buf, "\0\0\0\0\0", 5);
    hw_cache_maint(&w->cache, DOMU_PA, 5, HW_CACHE_INVAL);
    assert_int_equal(gntsim_guest_read(w, FX_DOMU, (FX_DOMU_GFN << 12) | 0x148, buf, 5),
                     0);
    assert_string_equal(buf, "world");
    gntsim_world_destroy(w);
}

/* A DMA over two pages whose second faults: the first page is done, then HRESP. */
static void test_partial_transfer_and_time(void **state)
{
    unsigned dev;
    struct gntsim_world *w = dma_world(true, true, &dev);
    uint64_t last = (0x40000ull + 255) << 12; /* dom0's last RAM page (1:1) */
    uint8_t buf[8192];
    uint64_t t0 = gntsim_time_now(w);

    (void)state;
    memset(buf, 0xAB, sizeof(buf));
    assert_int_equal(gntsim_dma_write(w, dev, last, buf, sizeof(buf)), -EIO);
    assert_int_equal(gntsim_time_now(w) - t0, 2000); /* two transactions, 1 us each */
    memset(buf, 0, sizeof(buf));
    assert_int_equal(gntsim_guest_read(w, 0, last, buf, 4096), 0);
    assert_int_equal(buf[0], 0xAB);
    assert_int_equal(buf[4095], 0xAB);
    assert_int_equal(gntsim_log_count(w), 2); /* the fault line and macb's */
    assert_string_equal(gntsim_log_line(w, 1),
                        "[d0] macb ff0e0000.ethernet eth0: DMA bus error: HRESP not OK");
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_device),
        cmocka_unit_test(test_device_write_stale_cpu),
        cmocka_unit_test(test_partial_transfer_and_time),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
