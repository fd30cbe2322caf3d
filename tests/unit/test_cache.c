/* SPDX-License-Identifier: MIT */
/* Cache model (src/hw/cache.h): every state transition and what each master sees. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hw/cache.h"

#define PA 0x100040ull /* inside the one-bank test machine, line aligned */

struct fx {
    struct hw_mem mem;
    struct hw_cache c;
};

static int setup(void **state)
{
    static const struct hw_mem_bank bank = {.base_mfn = 0x100, .nr_frames = 512};
    struct fx *f = test_calloc(1, sizeof(*f));

    assert_int_equal(hw_mem_init(&f->mem, &bank, 1), 0);
    assert_int_equal(hw_cache_init(&f->c, &f->mem), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    hw_cache_fini(&f->c);
    hw_mem_fini(&f->mem);
    test_free(f);
    return 0;
}

static uint8_t dev_byte(struct fx *f, uint64_t pa, bool coherent)
{
    uint8_t b = 0xEE;

    assert_int_equal(hw_dma_read(&f->c, pa, &b, 1, coherent), 0);
    return b;
}

static uint8_t cpu_byte(struct fx *f, uint64_t pa)
{
    uint8_t b = 0xEE;

    assert_int_equal(hw_cpu_read(&f->c, pa, &b, 1), 0);
    return b;
}

static void cpu_put(struct fx *f, uint64_t pa, uint8_t v)
{
    assert_int_equal(hw_cpu_write(&f->c, pa, &v, 1), 0);
}

static void dev_put(struct fx *f, uint64_t pa, uint8_t v, bool coherent)
{
    assert_int_equal(hw_dma_write(&f->c, pa, &v, 1, coherent), 0);
}

/* cpu write -> DIRTY: a non-coherent device sees DRAM, a coherent one the CPU view. */
static void test_write_dirty_then_clean(void **state)
{
    struct fx *f = *state;

    cpu_put(f, PA + 3, 0xAB);
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_DIRTY);
    assert_int_equal(dev_byte(f, PA + 3, false), 0);
    assert_int_equal(dev_byte(f, PA + 3, true), 0xAB);
    hw_cache_maint(&f->c, PA, 64, HW_CACHE_CLEAN); /* DIRTY -> CLEAN */
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_CLEAN);
    assert_int_equal(dev_byte(f, PA + 3, false), 0xAB);
    assert_int_equal(f->c.cleaned, 1);
}

/* cpu read of an untracked line -> CLEAN; invalidate of CLEAN -> untracked. */
static void test_read_clean_inval(void **state)
{
    struct fx *f = *state;

    assert_int_equal(cpu_byte(f, PA), 0);
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_CLEAN);
    hw_cache_maint(&f->c, PA, 1, HW_CACHE_INVAL);
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_UNTRACKED);
    assert_int_equal(f->c.invalidated, 1);
}

/* CLEAN + non-coherent device write -> STALE: the CPU keeps the old bytes until inval. */
static void test_stale_until_invalidate(void **state)
{
    struct fx *f = *state;

    cpu_put(f, PA, 0x11);
    hw_cache_maint(&f->c, PA, 64, HW_CACHE_CLEAN);
    dev_put(f, PA, 0x22, false);
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_STALE);
    assert_int_equal(cpu_byte(f, PA), 0x11);
    assert_int_equal(dev_byte(f, PA, false), 0x22);
    hw_cache_maint(&f->c, PA, 64, HW_CACHE_CLEAN); /* clean does nothing to STALE */
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_STALE);
    hw_cache_maint(&f->c, PA, 64, HW_CACHE_INVAL);
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_UNTRACKED);
    assert_int_equal(cpu_byte(f, PA), 0x22);
}

/* DIRTY + invalidate: the CPU's write is discarded, the CPU view := DRAM. */
static void test_dirty_invalidate_discards(void **state)
{
    struct fx *f = *state;

    cpu_put(f, PA, 0x33);
    hw_cache_maint(&f->c, PA, 64, HW_CACHE_INVAL);
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_UNTRACKED);
    assert_int_equal(cpu_byte(f, PA), 0);
}

/* DIRTY + device write updates DRAM; a later clean overwrites it with the CPU line. */
static void test_dirty_device_write_then_clean(void **state)
{
    struct fx *f = *state;

    cpu_put(f, PA, 0x44);
    dev_put(f, PA + 1, 0x55, false);
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_DIRTY);
    assert_int_equal(dev_byte(f, PA + 1, false), 0x55);
    assert_int_equal(cpu_byte(f, PA + 1), 0);
    hw_cache_maint(&f->c, PA, 64, HW_CACHE_CLEAN_INVAL); /* written back, dropped */
    assert_int_equal(hw_cache_line_state(&f->c, PA), HW_LINE_UNTRACKED);
    assert_int_equal(dev_byte(f, PA, false), 0x44);
    assert_int_equal(dev_byte(f, PA + 1, false), 0); /* the device's byte is lost */
}

/* Untracked + device write goes straight to memory; coherent writes update both views. */
static void test_untracked_and_coherent_writes(void **state)
{
    struct fx *f = *state;

    dev_put(f, PA + 64, 0x66, false);
    assert_int_equal(hw_cache_line_state(&f->c, PA + 64), HW_LINE_UNTRACKED);
    assert_int_equal(cpu_byte(f, PA + 64), 0x66);
    cpu_put(f, PA, 0x77);
    dev_put(f, PA + 2, 0x88, true);
    assert_int_equal(cpu_byte(f, PA + 2), 0x88);
    assert_int_equal(dev_byte(f, PA + 2, false), 0x88);
    assert_int_equal(dev_byte(f, PA, false), 0); /* still dirty in the cache */
}

static void test_outside_ram(void **state)
{
    struct fx *f = *state;
    uint8_t b = 0;

    assert_int_equal(hw_cpu_write(&f->c, 0x1000, &b, 1), -EFAULT);
    assert_int_equal(hw_cpu_read(&f->c, 0x1000, &b, 1), -EFAULT);
    assert_int_equal(hw_dma_read(&f->c, 0x1000, &b, 1, false), -EFAULT);
    assert_int_equal(hw_dma_write(&f->c, 0x1000, &b, 1, true), -EFAULT);
    assert_int_equal(hw_cpu_write(&f->c, 0x2fffff, "ab", 2), -EFAULT); /* crosses end */
    assert_int_equal(f->c.nr_lines, 0);
    hw_cache_maint(&f->c, 0x1000, 4096, HW_CACHE_CLEAN_INVAL); /* cannot fail */
}

/* Many lines: growth and backward-shift deletion keep every line findable. */
static void test_many_lines(void **state)
{
    struct fx *f = *state;
    const uint64_t base = 0x100000, n = 5000;

    for (uint64_t i = 0; i < n; i++)
        cpu_put(f, base + i * 64, (uint8_t)(i | 1));
    assert_int_equal(f->c.nr_lines, n);
    for (uint64_t i = 0; i < n; i += 2)
        hw_cache_maint(&f->c, base + i * 64, 1, HW_CACHE_CLEAN_INVAL);
    for (uint64_t i = 0; i < n; i++) {
        assert_int_equal(hw_cache_line_state(&f->c, base + i * 64),
                         i % 2 ? HW_LINE_DIRTY : HW_LINE_UNTRACKED);
        assert_int_equal(dev_byte(f, base + i * 64, false), i % 2 ? 0 : (uint8_t)(i | 1));
    }
    hw_cache_maint(&f->c, 0, 1ull << 40, HW_CACHE_CLEAN); /* wide range: sparse path */
    assert_int_equal(dev_byte(f, base + 64, false), 1);
    assert_int_equal(hw_cache_line_state(&f->c, base + 64), HW_LINE_CLEAN);
}

/* A machine and its cache, prepared with a mix of line states. */
static void copy_prelude(struct fx *f)
{
    static const uint8_t pat[200] = {1, 2, 3, 4, 5, 6, 7, 8};

    assert_int_equal(hw_cpu_write(&f->c, PA, pat, sizeof(pat)), 0); /* DIRTY */
    assert_int_equal(hw_cpu_read(&f->c, PA + 0x1000, (uint8_t[64]){0}, 64),
                     0);                  /* CLEAN */
    dev_put(f, PA + 0x1000, 0x5a, false); /* STALE */
    hw_cache_maint(&f->c, PA + 64, 64, HW_CACHE_CLEAN);
}

/* hw_cpu_copy() leaves exactly what hw_cpu_read() then hw_cpu_write() leave. */
static void test_copy_equals_read_then_write(void **state)
{
    struct fx *f = *state, g;
    static const struct hw_mem_bank bank = {.base_mfn = 0x100, .nr_frames = 512};
    static const struct {
        uint64_t dst, src;
        size_t len;
    } cases[] = {{PA + 0x1000, PA, 200},
                 {PA + 0x20, PA, 100},
                 {PA + 0x2000, PA + 0xfc0, 128} /* crosses a frame */,
                 {PA, PA, 64}};
    uint8_t buf[256];

    assert_int_equal(hw_mem_init(&g.mem, &bank, 1), 0);
    assert_int_equal(hw_cache_init(&g.c, &g.mem), 0);
    copy_prelude(f);
    copy_prelude(&g);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(hw_cpu_copy(&f->c, cases[i].dst, cases[i].src, cases[i].len), 0);
        assert_int_equal(hw_cpu_read(&g.c, cases[i].src, buf, cases[i].len), 0);
        assert_int_equal(hw_cpu_write(&g.c, cases[i].dst, buf, cases[i].len), 0);
        for (uint64_t pa = PA - 0x40; pa < PA + 0x3000; pa += HW_CACHE_LINE) {
            assert_int_equal(hw_cache_line_state(&f->c, pa),
                             hw_cache_line_state(&g.c, pa));
            assert_int_equal(dev_byte(f, pa + 7, false), dev_byte(&g, pa + 7, false));
            assert_int_equal(cpu_byte(f, pa + 9), cpu_byte(&g, pa + 9));
        }
        assert_int_equal(f->c.nr_lines, g.c.nr_lines);
    }
    assert_int_equal(hw_cpu_copy(&f->c, 0x40000000, PA, 8), -EFAULT);
    hw_cache_fini(&g.c);
    hw_mem_fini(&g.mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_dirty_then_clean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_clean_inval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_until_invalidate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dirty_invalidate_discards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dirty_device_write_then_clean, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_untracked_and_coherent_writes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_outside_ram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_equals_read_then_write, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
