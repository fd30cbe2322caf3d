/* SPDX-License-Identifier: MIT */
/* Unit tests: machine memory (src/hw/mem.c) and Xen's frame table (src/xen/page.c). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "env/compiler.h"
#include "hw/mem.h"
#include "xen/page.h"

/* The ZynqMP-like layout gntsim uses by default: 2 GiB low, 2 GiB at 32 GiB. */
static const struct hw_mem_bank zynqmp[2] = {
    {.base_mfn = 0x0, .nr_frames = 0x80000},
    {.base_mfn = 0x800000, .nr_frames = 0x80000},
};

static void mem_up(struct hw_mem *m, const struct hw_mem_bank *banks, unsigned nr)
{
    memset(m, 0, sizeof(*m));
    m->fd = -1;
    assert_int_equal(hw_mem_init(m, banks, nr), 0);
}

static void test_mem_banks_sorted_with_offsets(void **state)
{
    (void)state;
    const struct hw_mem_bank rev[2] = {zynqmp[1], zynqmp[0]}; /* given out of order */
    struct hw_mem m;
    mem_up(&m, rev, 2);
    assert_int_equal(m.nr_banks, 2);
    assert_true(m.fd >= 0);
    assert_int_equal(m.banks[0].base_mfn, 0x0);
    assert_int_equal(m.banks[0].file_off, 0);
    assert_int_equal(m.banks[1].base_mfn, 0x800000);
    assert_int_equal(m.banks[1].file_off, 0x80000ull << PAGE_SHIFT);
    assert_int_equal(m.size, 2 * (0x80000ull << PAGE_SHIFT));
    assert_true(hw_mem_is_ram(&m, 0x0));
    assert_true(hw_mem_is_ram(&m, 0x7ffff));
    assert_false(hw_mem_is_ram(&m, 0x80000));
    assert_false(hw_mem_is_ram(&m, 0x7fffff));
    assert_true(hw_mem_is_ram(&m, 0x800000));
    assert_true(hw_mem_is_ram(&m, 0x87ffff));
    assert_false(hw_mem_is_ram(&m, 0x880000));
    assert_null(hw_mem_frame(&m, 0x80000));
    assert_ptr_equal(hw_mem_frame(&m, 0x1), m.map + PAGE_SIZE);
    assert_ptr_equal(hw_mem_frame(&m, 0x800003), m.map + (0x80003ull << PAGE_SHIFT));
    hw_mem_fini(&m);
    assert_int_equal(m.fd, -1);
    assert_null(m.map);
}

static void test_mem_init_rejects(void **state)
{
    (void)state;
    struct hw_mem m = {.fd = -1};
    const struct hw_mem_bank overlap[2] = {{.base_mfn = 0x100, .nr_frames = 0x100},
                                           {.base_mfn = 0x1ff, .nr_frames = 0x10}};
    const struct hw_mem_bank empty[1] = {{.base_mfn = 0x100, .nr_frames = 0}};
    const struct hw_mem_bank five[5] = {
        {0, 1, 0}, {2, 1, 0}, {4, 1, 0}, {6, 1, 0}, {8, 1, 0}};
    assert_int_equal(hw_mem_init(&m, overlap, 2), -EINVAL);
    assert_int_equal(hw_mem_init(&m, empty, 1), -EINVAL);
    assert_int_equal(hw_mem_init(&m, five, 5), -EINVAL);
    assert_int_equal(hw_mem_init(&m, five, 0), -EINVAL);
    assert_int_equal(m.fd, -1); /* nothing allocated */
    assert_null(m.map);
    /* Adjacent banks are fine. */
    const struct hw_mem_bank adjacent[2] = {{.base_mfn = 0x100, .nr_frames = 0x100},
                                            {.base_mfn = 0x200, .nr_frames = 0x10}};
    assert_int_equal(hw_mem_init(&m, adjacent, 2), 0);
    hw_mem_fini(&m);
}

static void test_mem_is_sparse(void **state)
{
    (void)state;
    struct hw_mem m;
    struct stat st;
    mem_up(&m, zynqmp, 2);
    assert_int_equal(fstat(m.fd, &st), 0);
    assert_int_equal((uint64_t)st.st_size, m.size);
    uint64_t before = (uint64_t)st.st_blocks * 512;
    assert_true(before < 64 * 1024); /* 4 GiB of RAM costs nothing yet */
    uint8_t one = 0xa5;
    assert_int_equal(hw_mem_write(&m, 0x800123ull << PAGE_SHIFT, &one, 1), 0);
    assert_int_equal(fstat(m.fd, &st), 0);
    assert_true((uint64_t)st.st_blocks * 512 > before);
    assert_true((uint64_t)st.st_blocks * 512 < before + 64 * 1024);
    /* The byte landed at the bank's file offset. */
    assert_int_equal(m.map[(0x80123ull << PAGE_SHIFT)], 0xa5);
    hw_mem_fini(&m);
}

/* A pooled memory is recycled zeroed: every way of writing is undone. */
static void test_mem_pooled_recycled_zeroed(void **state)
{
    (void)state;
    struct hw_mem m;
    static const uint8_t zero[PAGE_SIZE];
    const uint8_t in[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                            12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                            23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    struct hw_mem_pool pool = {0}, other = {0};
    memset(&m, 0, sizeof(m));
    assert_int_equal(hw_mem_init_pooled(&m, zynqmp, 2, &pool), 0);
    uint8_t *map = m.map;
    assert_int_equal(hw_mem_write64(&m, 0x800010ull << PAGE_SHIFT, ~0ull), 0);
    assert_int_equal(hw_mem_write(&m, (0x101ull << PAGE_SHIFT) - 16, in, sizeof(in)), 0);
    memset(hw_mem_frame(&m, 0x87ffff), 0xcc, PAGE_SIZE);
    uint64_t v = 0;
    assert_int_equal(hw_mem_read64(&m, 0x12345ull << PAGE_SHIFT, &v), 0); /* read only */
    hw_mem_fini(&m);
    assert_null(m.map);
    assert_ptr_not_equal(pool.parked[0], NULL);
    struct hw_mem m2 = {0}; /* another pool never sees this one's memfd */
    assert_int_equal(hw_mem_init_pooled(&m2, zynqmp, 2, &other), 0);
    assert_ptr_not_equal(m2.map, map);
    hw_mem_fini(&m2);
    assert_int_equal(hw_mem_init_pooled(&m, zynqmp, 2, &pool), 0);
    assert_ptr_equal(m.map, map); /* the same memfd, recycled */
    assert_memory_equal(hw_mem_frame(&m, 0x800010), zero, PAGE_SIZE);
    assert_memory_equal(hw_mem_frame(&m, 0x100), zero, PAGE_SIZE);
    assert_memory_equal(hw_mem_frame(&m, 0x101), zero, PAGE_SIZE);
    assert_memory_equal(hw_mem_frame(&m, 0x87ffff), zero, PAGE_SIZE);
    /* Too much written to zero cheaply: released, the next one is fresh. */
    for (uint64_t f = 0; f <= HW_MEM_POOL_DIRTY_MAX; f++)
        assert_int_equal(hw_mem_write64(&m, (0x800000ull + f) << PAGE_SHIFT, 1), 0);
    hw_mem_fini(&m);
    assert_null(pool.parked[0]);
    assert_int_equal(hw_mem_init_pooled(&m, zynqmp, 2, &pool), 0);
    assert_int_equal(hw_mem_read64(&m, 0x800000ull << PAGE_SHIFT, &v), 0);
    assert_int_equal(v, 0);
    hw_mem_fini(&m);
    hw_mem_pool_fini(&pool);
    hw_mem_pool_fini(&other);
    assert_null(pool.parked[0]);
}

/* Two memories of one pool alive at once (a scenario's reset): both recycled. */
static void test_mem_pooled_two_live(void **state)
{
    (void)state;
    struct hw_mem_pool pool = {0};
    struct hw_mem a = {0}, b = {0};

    assert_int_equal(hw_mem_init_pooled(&a, zynqmp, 2, &pool), 0);
    assert_int_equal(hw_mem_init_pooled(&b, zynqmp, 2, &pool), 0);
    uint8_t *ma = a.map, *mb = b.map;
    assert_ptr_not_equal(ma, mb);
    assert_int_equal(hw_mem_write64(&b, 0x800010ull << PAGE_SHIFT, ~0ull), 0);
    hw_mem_fini(&a);
    hw_mem_fini(&b);
    assert_ptr_not_equal(pool.parked[0], NULL);
    assert_ptr_not_equal(pool.parked[1], NULL);
    assert_int_equal(hw_mem_init_pooled(&a, zynqmp, 2, &pool), 0);
    assert_int_equal(hw_mem_init_pooled(&b, zynqmp, 2, &pool), 0);
    assert_true((a.map == ma && b.map == mb) || (a.map == mb && b.map == ma));
    uint64_t v = 1;
    assert_int_equal(hw_mem_read64(a.map == mb ? &a : &b, 0x800010ull << PAGE_SHIFT, &v),
                     0);
    assert_int_equal(v, 0); /* zeroed when parked */
    hw_mem_fini(&a);
    hw_mem_fini(&b);
    hw_mem_pool_fini(&pool);
    assert_null(pool.parked[0]);
    assert_null(pool.parked[1]);
}

static void test_mem_cross_frame_rw(void **state)
{
    (void)state;
    struct hw_mem m;
    const struct hw_mem_bank adj[2] = {{.base_mfn = 0x100, .nr_frames = 2},
                                       {.base_mfn = 0x102, .nr_frames = 2}};
    mem_up(&m, adj, 2);
    uint8_t in[32], out[32];
    for (unsigned i = 0; i < sizeof(in); i++)
        in[i] = (uint8_t)(i + 1);
    uint64_t pa = (0x101ull << PAGE_SHIFT) + PAGE_SIZE - 16; /* frame 0x101 into bank 2 */
    assert_int_equal(hw_mem_write(&m, pa, in, sizeof(in)), 0);
    assert_memory_equal(hw_mem_frame(&m, 0x101) + PAGE_SIZE - 16, in, 16);
    assert_memory_equal(hw_mem_frame(&m, 0x102), in + 16, 16);
    memset(out, 0, sizeof(out));
    assert_int_equal(hw_mem_read(&m, pa, out, sizeof(out)), 0);
    assert_memory_equal(out, in, sizeof(in));
    assert_int_equal(hw_mem_read(&m, pa, out, 0), 0);
    hw_mem_fini(&m);
}

static void test_mem_efault_no_partial_copy(void **state)
{
    (void)state;
    struct hw_mem m;
    mem_up(&m, zynqmp, 2);
    uint64_t last =
        (0x7ffffull << PAGE_SHIFT) + PAGE_SIZE - 8; /* 8 bytes before the hole */
    uint8_t in[16], out[16], zero[16] = {0};
    memset(in, 0x5a, sizeof(in));
    assert_int_equal(hw_mem_write(&m, last, in, sizeof(in)), -EFAULT);
    assert_memory_equal(hw_mem_frame(&m, 0x7ffff) + PAGE_SIZE - 8, zero, 8);
    assert_int_equal(hw_mem_write(&m, last, in, 8), 0); /* the RAM part alone is fine */
    memset(out, 0xee, sizeof(out));
    assert_int_equal(hw_mem_read(&m, last, out, sizeof(out)), -EFAULT);
    for (unsigned i = 0; i < sizeof(out); i++)
        assert_int_equal(out[i], 0xee);
    /* Entirely outside, and wrapping around the address space. */
    assert_int_equal(hw_mem_read(&m, 0x80000ull << PAGE_SHIFT, out, 1), -EFAULT);
    assert_int_equal(hw_mem_read(&m, UINT64_MAX - 3, out, 8), -EFAULT);
    for (unsigned i = 0; i < sizeof(out); i++)
        assert_int_equal(out[i], 0xee);
    hw_mem_fini(&m);
}

static void test_mem_read64_alignment(void **state)
{
    (void)state;
    struct hw_mem m;
    mem_up(&m, zynqmp, 2);
    uint64_t pa = (0x800010ull << PAGE_SHIFT) + 0x18, v = 0;
    assert_int_equal(hw_mem_write64(&m, pa, 0x0102030405060708ull), 0);
    const uint8_t *b = hw_mem_frame(&m, 0x800010) + 0x18;
    assert_int_equal(b[0], 0x08); /* little-endian in memory, as the walker reads it */
    assert_int_equal(b[7], 0x01);
    assert_int_equal(hw_mem_read64(&m, pa, &v), 0);
    assert_int_equal(v, 0x0102030405060708ull);
    v = 0xdead;
    assert_int_equal(hw_mem_read64(&m, pa + 4, &v), -EFAULT);
    assert_int_equal(v, 0xdead);
    assert_int_equal(hw_mem_read64(&m, pa + 1, &v), -EFAULT);
    assert_int_equal(hw_mem_read64(&m, 0x80000ull << PAGE_SHIFT, &v), -EFAULT);
    assert_int_equal(v, 0xdead);
    assert_int_equal(hw_mem_write64(&m, pa + 4, 1), -EFAULT);
    assert_int_equal(hw_mem_write64(&m, 0x80000ull << PAGE_SHIFT, 1), -EFAULT);
    assert_int_equal(hw_mem_read64(&m, pa, &v), 0);
    assert_int_equal(v, 0x0102030405060708ull); /* the misaligned store did nothing */
    hw_mem_fini(&m);
}

static void test_mem_fini_zeroed_keeps_fd0(void **state)
{
    (void)state;
    struct hw_mem m;
    memset(&m, 0, sizeof(m)); /* fd 0 here is not ours */
    int before = fcntl(0, F_GETFD);
    hw_mem_fini(&m);
    hw_mem_fini(&m);
    assert_int_equal(fcntl(0, F_GETFD), before);
    assert_int_equal(m.fd, -1);
}

/* ------------------------------------------------------------- frames --- */

struct fx {
    struct hw_mem mem;
    struct xen_frames f;
};

static void fx_up(struct fx *t, const struct hw_mem_bank *banks, unsigned nr)
{
    mem_up(&t->mem, banks, nr);
    assert_int_equal(frames_init(&t->f, &t->mem), 0);
}

static void fx_down(struct fx *t)
{
    frames_fini(&t->f);
    hw_mem_fini(&t->mem);
}

static void test_frames_alloc_last_bank_first(void **state)
{
    (void)state;
    struct fx t;
    fx_up(&t, zynqmp, 2);
    assert_int_equal(frames_alloc(&t.f, &t.mem, 1), 0x800000);
    assert_int_equal(frames_alloc(&t.f, &t.mem, 1), 0x800001);
    memset(hw_mem_frame(&t.mem, 0x800001), 0xcc, PAGE_SIZE); /* the first owner's bytes */
    frames_put(&t.f, 0x800001);
    assert_int_equal(frames_page(&t.f, 0x800001)->flags, PAGE_F_SCRUB);
    assert_int_equal(frames_alloc(&t.f, &t.mem, 1), 0x800001); /* scrubbed for the next */
    const uint8_t *p = hw_mem_frame(&t.mem, 0x800001);
    for (unsigned i = 0; i < PAGE_SIZE; i++)
        assert_int_equal(p[i], 0);
    assert_int_equal(frames_owner(&t.f, 0x800001), 1);
    assert_int_equal(frames_page(&t.f, 0x800001)->count, 1);
    assert_int_equal(t.f.nr_allocated, 2);
    fx_down(&t);
}

static void test_frames_alloc_order_and_exhaustion(void **state)
{
    (void)state;
    struct fx t;
    const struct hw_mem_bank small[2] = {{.base_mfn = 0x10, .nr_frames = 2},
                                         {.base_mfn = 0x100, .nr_frames = 2}};
    fx_up(&t, small, 2);
    const uint64_t want[4] = {0x100, 0x101, 0x10, 0x11};
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(frames_alloc(&t.f, &t.mem, PAGE_OWNER_XEN), want[i]);
    assert_int_equal(frames_alloc(&t.f, &t.mem, PAGE_OWNER_XEN), INVALID_MFN);
    assert_int_equal(t.f.nr_allocated, 4);
    fx_down(&t);
}

static void test_frames_alloc_at_conflicts(void **state)
{
    (void)state;
    struct fx t;
    const struct hw_mem_bank small[2] = {{.base_mfn = 0x10, .nr_frames = 2},
                                         {.base_mfn = 0x100, .nr_frames = 2}};
    fx_up(&t, small, 2);
    memset(hw_mem_frame(&t.mem, 0x101), 0x77, PAGE_SIZE); /* never owned: not scrubbed */
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x101, 5), 0);
    assert_int_equal(hw_mem_frame(&t.mem, 0x101)[100], 0x77);
    frames_put(&t.f, 0x101);
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x101, 0), 0); /* dom0, 1:1 */
    assert_int_equal(hw_mem_frame(&t.mem, 0x101)[100], 0);
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x101, 3), -EBUSY);
    assert_int_equal(frames_owner(&t.f, 0x101), 0);
    assert_int_equal(frames_page(&t.f, 0x101)->count, 1);
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x50, 3), -EINVAL);
    assert_int_equal(t.f.nr_allocated, 1);
    /* The allocator skips what alloc_at took. */
    assert_int_equal(frames_alloc(&t.f, &t.mem, 2), 0x100);
    assert_int_equal(frames_alloc(&t.f, &t.mem, 2), 0x10);
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x10, 2), -EBUSY);
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x11, 2), 0);
    assert_int_equal(frames_alloc(&t.f, &t.mem, 2), INVALID_MFN);
    assert_int_equal(t.f.nr_allocated, 4);
    fx_down(&t);
}

static void test_frames_get_put_rules(void **state)
{
    (void)state;
    struct fx t;
    fx_up(&t, zynqmp, 2);
    uint64_t mfn = frames_alloc(&t.f, &t.mem, 1);
    assert_false(frames_get(&t.f, mfn, 2)); /* someone else's page */
    assert_int_equal(frames_page(&t.f, mfn)->count, 1);
    assert_true(frames_get(&t.f, mfn, 1));
    assert_int_equal(frames_page(&t.f, mfn)->count, 2);
    frames_put(&t.f, mfn);
    assert_int_equal(frames_owner(&t.f, mfn), 1);
    assert_int_equal(t.f.nr_allocated, 1);
    frames_put(&t.f, mfn); /* the allocation reference: freed */
    assert_int_equal(frames_page(&t.f, mfn)->count, 0);
    assert_int_equal(frames_owner(&t.f, mfn), PAGE_OWNER_NONE);
    assert_int_equal(frames_owner(&t.f, mfn), PAGE_OWNER_NONE);
    assert_int_equal(t.f.nr_allocated, 0);
    assert_false(frames_get(&t.f, mfn, 1));
    assert_false(frames_get(&t.f, mfn, PAGE_OWNER_NONE));
    assert_false(frames_get(&t.f, 0x80000, 1)); /* hole */
    assert_int_equal(frames_owner(&t.f, 0x80000), PAGE_OWNER_NONE);
    /* Overflow: the last reference is refused. */
    mfn = frames_alloc(&t.f, &t.mem, 1);
    frames_page(&t.f, mfn)->count = PAGE_COUNT_MAX - 1;
    assert_true(frames_get(&t.f, mfn, 1));
    assert_false(frames_get(&t.f, mfn, 1));
    assert_int_equal(frames_page(&t.f, mfn)->count, PAGE_COUNT_MAX);
    fx_down(&t);
}

static void test_frames_freed_reused_stack_like(void **state)
{
    (void)state;
    struct fx t;
    fx_up(&t, zynqmp, 2);
    uint64_t a = frames_alloc(&t.f, &t.mem, 1), b = frames_alloc(&t.f, &t.mem, 1);
    uint64_t c = frames_alloc(&t.f, &t.mem, 1);
    frames_put(&t.f, b); /* below c: not reused yet */
    assert_int_equal(frames_alloc(&t.f, &t.mem, 1), c + 1);
    frames_put(&t.f, c + 1);
    frames_put(&t.f, c); /* top freed: the pointer drops over c and b */
    assert_int_equal(t.f.next_free[1], a + 1);
    assert_int_equal(frames_alloc(&t.f, &t.mem, 4), b);
    assert_int_equal(frames_owner(&t.f, b), 4);
    fx_down(&t);
}

static void test_frames_put_free_is_c3(void **state)
{
    (void)state;
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct fx t;
        dup2(pipefd[1], 2);
        if (hw_mem_init(&t.mem, zynqmp, 2) != 0 || frames_init(&t.f, &t.mem) != 0)
            _exit(3);
        frames_put(&t.f, 0x800000); /* never allocated */
        _exit(0);
    }
    close(pipefd[1]);
    char buf[512] = {0};
    size_t got = 0;
    ssize_t n;
    while (got < sizeof(buf) - 1 &&
           (n = read(pipefd[0], buf + got, sizeof(buf) - 1 - got)) > 0)
        got += (size_t)n;
    close(pipefd[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(buf, "C3"));
}

static void test_frames_chunks_two_distant_banks(void **state)
{
    (void)state;
    struct fx t;
    fx_up(&t, zynqmp, 2);
    assert_int_equal(t.f.nr_chunks, 0x880000 >> FRAMES_CHUNK_SHIFT); /* to the top bank */
    for (unsigned i = 0; i < t.f.nr_chunks; i++)
        assert_null(t.f.chunk[i]);
    /* Reading an untouched frame allocates nothing. */
    assert_int_equal(frames_owner(&t.f, 0x12345), PAGE_OWNER_NONE);
    const struct page_info *c = frames_page_const(&t.f, 0x12345);
    assert_non_null(c);
    assert_int_equal(c->count, 0);
    assert_int_equal(c->flags, 0);
    assert_null(frames_page_const(&t.f, 0x80000));
    assert_null(frames_page(&t.f, 0x880000));
    assert_null(t.f.chunk[0]);
    assert_int_equal(frames_alloc(&t.f, &t.mem, 1), 0x800000);
    assert_non_null(t.f.chunk[0x800000 >> FRAMES_CHUNK_SHIFT]);
    assert_null(t.f.chunk[(0x800000 >> FRAMES_CHUNK_SHIFT) + 1]);
    assert_null(t.f.chunk[0]);
    assert_null(t.f.chunk[0x7ffff >> FRAMES_CHUNK_SHIFT]);
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x7ffff, 0), 0);
    assert_non_null(t.f.chunk[0x7ffff >> FRAMES_CHUNK_SHIFT]);
    assert_null(t.f.chunk[0]);
    /* Fresh chunk metadata reads as free, not as owned by domain 0. */
    assert_int_equal(frames_owner(&t.f, 0x7fffe), PAGE_OWNER_NONE);
    assert_int_equal(frames_owner(&t.f, 0x7ffff), 0);
    assert_int_equal(frames_owner(&t.f, 0x800000), 1);
    fx_down(&t);
    assert_null(t.f.chunk);
    assert_int_equal(t.f.nr_chunks, 0);
}

/* A bank far up (a 32-bit PV guest's M2P limit is 166 GiB) is described; 1 TiB is not. */
static void test_frames_init_reach(void **state)
{
    (void)state;
    struct fx t;
    const struct hw_mem_bank high[2] = {{.base_mfn = 0x40000, .nr_frames = 16},
                                        {.base_mfn = 0x2980000, .nr_frames = 16}};
    const struct hw_mem_bank far[1] = {{.base_mfn = FRAMES_MAX_MFN, .nr_frames = 1}};

    mem_up(&t.mem, high, 2);
    assert_int_equal(frames_init(&t.f, &t.mem), 0);
    assert_int_equal(frames_alloc_at(&t.f, &t.mem, 0x298000f, 3), 0);
    assert_int_equal(frames_owner(&t.f, 0x298000f), 3);
    assert_int_equal(frames_owner(&t.f, 0x4000f), PAGE_OWNER_NONE);
    assert_null(frames_page_const(&t.f, 0x2000000)); /* a hole between the banks */
    frames_fini(&t.f);
    hw_mem_fini(&t.mem);
    mem_up(&t.mem, far, 1);
    memset(&t.f, 0, sizeof(t.f));
    assert_int_equal(frames_init(&t.f, &t.mem), -EINVAL);
    assert_null(t.f.mem);
    frames_fini(&t.f);
    hw_mem_fini(&t.mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_banks_sorted_with_offsets),
        cmocka_unit_test(test_mem_init_rejects),
        cmocka_unit_test(test_mem_is_sparse),
        cmocka_unit_test(test_mem_cross_frame_rw),
        cmocka_unit_test(test_mem_pooled_recycled_zeroed),
        cmocka_unit_test(test_mem_pooled_two_live),
        cmocka_unit_test(test_mem_efault_no_partial_copy),
        cmocka_unit_test(test_mem_read64_alignment),
        cmocka_unit_test(test_mem_fini_zeroed_keeps_fd0),
        cmocka_unit_test(test_frames_alloc_last_bank_first),
        cmocka_unit_test(test_frames_alloc_order_and_exhaustion),
        cmocka_unit_test(test_frames_alloc_at_conflicts),
        cmocka_unit_test(test_frames_get_put_rules),
        cmocka_unit_test(test_frames_freed_reused_stack_like),
        cmocka_unit_test(test_frames_put_free_is_c3),
        cmocka_unit_test(test_frames_chunks_two_distant_banks),
        cmocka_unit_test(test_frames_init_reach),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
