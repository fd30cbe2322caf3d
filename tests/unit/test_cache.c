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

/*
 * Differential test: a random mix of CPU and device reads, writes, copies and
 * maintenance, checked against a reference written here from cache.h's state table:
 * per line a state, and per byte the CPU view and the DRAM content.
 */
#define REF_BASE   (0x2f8ull << 12) /* the last 8 frames of the bank, then a hole */
#define REF_RAM    (8u * 4096u)
#define REF_SPAN   (REF_RAM + 2u * 4096u)
#define REF_LINES  (REF_RAM / HW_CACHE_LINE)
#define REF_STEPS  30000u
#define REF_BOUNCE 256u /* hw_cpu_copy's chunk across frames */

struct ref {
    uint8_t cpu[REF_RAM], dram[REF_RAM];
    enum hw_cache_state st[REF_LINES];
    uint64_t nr_lines, cleaned, invalidated;
    uint64_t rng;
};

static uint64_t ref_rand(struct ref *r, uint64_t n)
{
    r->rng = r->rng * 6364136223846793005ull + 1442695040888963407ull;
    return (r->rng >> 33) % n;
}

static bool ref_in_ram(size_t off, size_t len)
{
    return !len || off + len <= REF_RAM;
}

/* First and one past the last line touched by bytes [off, off + len), len > 0. */
static size_t ref_l0(size_t off)
{
    return off / HW_CACHE_LINE;
}

static size_t ref_l1(size_t off, size_t len)
{
    size_t l1 = (off + len - 1) / HW_CACHE_LINE + 1;

    return l1 < REF_LINES ? l1 : REF_LINES;
}

static void ref_cpu_read(struct ref *r, size_t off, size_t len, uint8_t *buf)
{
    for (size_t l = ref_l0(off); l < ref_l1(off, len); l++)
        if (r->st[l] == HW_LINE_UNTRACKED) {
            r->st[l] = HW_LINE_CLEAN;
            r->nr_lines++;
        }
    memcpy(buf, r->cpu + off, len);
}

static void ref_cpu_write(struct ref *r, size_t off, size_t len, const uint8_t *buf)
{
    for (size_t l = ref_l0(off); l < ref_l1(off, len); l++) {
        r->nr_lines += r->st[l] == HW_LINE_UNTRACKED;
        r->st[l] = HW_LINE_DIRTY; /* DRAM keeps what it held */
    }
    memcpy(r->cpu + off, buf, len);
}

static void ref_dma_write(struct ref *r, size_t off, size_t len, const uint8_t *buf,
                          bool coherent)
{
    for (size_t i = 0; i < len; i++) {
        size_t l = (off + i) / HW_CACHE_LINE;

        r->dram[off + i] = buf[i];
        if (coherent || r->st[l] == HW_LINE_UNTRACKED)
            r->cpu[off + i] = buf[i]; /* snooped, or nothing cached */
    }
    for (size_t l = ref_l0(off); !coherent && l < ref_l1(off, len); l++)
        if (r->st[l] == HW_LINE_CLEAN)
            r->st[l] = HW_LINE_STALE;
}

/* Maintenance of the lines of [off, off + len) that lie in the reference's RAM. */
static void ref_maint(struct ref *r, size_t off, size_t len, enum hw_cache_op op)
{
    for (size_t l = ref_l0(off); l < ref_l1(off, len); l++) {
        size_t at = l * HW_CACHE_LINE;

        if ((op & HW_CACHE_CLEAN) && r->st[l] == HW_LINE_DIRTY) {
            memcpy(r->dram + at, r->cpu + at, HW_CACHE_LINE);
            r->st[l] = HW_LINE_CLEAN;
            r->cleaned++;
        }
        if ((op & HW_CACHE_INVAL) && r->st[l] != HW_LINE_UNTRACKED) {
            memcpy(r->cpu + at, r->dram + at, HW_CACHE_LINE);
            r->st[l] = HW_LINE_UNTRACKED;
            r->invalidated++;
            r->nr_lines--;
        }
    }
}

/* The model's whole state against the reference. */
static void ref_check(struct fx *f, const struct ref *r)
{
    static uint8_t buf[REF_RAM];

    for (size_t l = 0; l < REF_LINES; l++)
        assert_int_equal(hw_cache_line_state(&f->c, REF_BASE + l * HW_CACHE_LINE),
                         r->st[l]);
    assert_int_equal(f->c.nr_lines, r->nr_lines);
    assert_int_equal(f->c.cleaned, r->cleaned);
    assert_int_equal(f->c.invalidated, r->invalidated);
    assert_int_equal(hw_mem_read(&f->mem, REF_BASE, buf, REF_RAM), 0);
    assert_memory_equal(buf, r->cpu, REF_RAM);
    assert_int_equal(hw_dma_read(&f->c, REF_BASE, buf, REF_RAM, false), 0);
    assert_memory_equal(buf, r->dram, REF_RAM);
}

/* A length: mostly within a line or a page, sometimes a few pages. */
static size_t ref_len(struct ref *r)
{
    switch (ref_rand(r, 4)) {
    case 0:
        return 1 + ref_rand(r, 2 * HW_CACHE_LINE);
    case 1:
        return 1 + ref_rand(r, 4096);
    case 2:
        return 1 + ref_rand(r, 3 * 4096);
    default:
        return ref_rand(r, 300);
    }
}

/* hw_cpu_copy(): one memmove within a frame each side, else 256-byte read-then-write. */
static int ref_copy(struct fx *f, struct ref *r, size_t d, size_t s, size_t len)
{
    uint8_t b[REF_BOUNCE];

    if (((d % 4096) + len <= 4096 && (s % 4096) + len <= 4096) || !len) {
        if (len) {
            uint8_t tmp[4096];

            ref_cpu_read(r, s, len, tmp);
            ref_cpu_write(r, d, len, tmp);
        }
    } else {
        for (size_t done = 0, n; done < len; done += n) {
            n = len - done < REF_BOUNCE ? len - done : REF_BOUNCE;
            ref_cpu_read(r, s + done, n, b);
            ref_cpu_write(r, d + done, n, b);
        }
    }
    return hw_cpu_copy(&f->c, REF_BASE + d, REF_BASE + s, len);
}

/* One random operation on the model and the reference; results compared. */
static void ref_step(struct fx *f, struct ref *r)
{
    static uint8_t in[3 * 4096 + 2 * HW_CACHE_LINE], got[sizeof(in)], want[sizeof(in)];
    size_t len = ref_len(r), off = ref_rand(r, REF_SPAN - len + 1);
    bool ok = ref_in_ram(off, len), coherent = ref_rand(r, 2);
    uint64_t pa = REF_BASE + off;

    for (size_t i = 0; i < len; i++)
        in[i] = (uint8_t)ref_rand(r, 256);
    switch (ref_rand(r, 6)) {
    case 0:
        assert_int_equal(hw_cpu_read(&f->c, pa, got, len), ok ? 0 : -EFAULT);
        if (ok && len) {
            ref_cpu_read(r, off, len, want);
            assert_memory_equal(got, want, len);
        }
        break;
    case 1:
        assert_int_equal(hw_cpu_write(&f->c, pa, in, len), ok ? 0 : -EFAULT);
        if (ok && len)
            ref_cpu_write(r, off, len, in);
        break;
    case 2:
        assert_int_equal(hw_dma_read(&f->c, pa, got, len, coherent), ok ? 0 : -EFAULT);
        if (ok && len)
            assert_memory_equal(got, coherent ? r->cpu + off : r->dram + off, len);
        break;
    case 3:
        assert_int_equal(hw_dma_write(&f->c, pa, in, len, coherent), ok ? 0 : -EFAULT);
        if (ok && len)
            ref_dma_write(r, off, len, in, coherent);
        break;
    case 4: { /* within RAM: a failed multi-frame copy may stop halfway */
        size_t s = ref_rand(r, REF_RAM - len + 1), d = ref_rand(r, REF_RAM - len + 1);

        if (len > REF_RAM)
            break;
        assert_int_equal(ref_copy(f, r, d, s, len), 0);
        break;
    }
    default: {
        enum hw_cache_op op = (enum hw_cache_op)(1 + ref_rand(r, 3));

        if (ref_rand(r, 16) == 0) { /* wider than the table: the sparse walk */
            hw_cache_maint(&f->c, REF_BASE - (1ull << 21), (1u << 21) + REF_SPAN, op);
            ref_maint(r, 0, REF_RAM, op);
            break;
        }
        hw_cache_maint(&f->c, pa, len, op);
        if (len)
            ref_maint(r, off, len, op);
        break;
    }
    }
}

static void test_differential(void **state)
{
    struct fx *f = *state;
    static struct ref r;

    memset(&r, 0, sizeof(r));
    r.rng = 0x9E3779B97F4A7C15ull;
    assert_int_equal(hw_mem_read(&f->mem, REF_BASE, r.cpu, REF_RAM), 0);
    memcpy(r.dram, r.cpu, REF_RAM);
    for (unsigned step = 0; step < REF_STEPS; step++) {
        ref_step(f, &r);
        if (step % 8 == 0)
            ref_check(f, &r);
    }
    ref_check(f, &r);
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
        cmocka_unit_test_setup_teardown(test_differential, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
