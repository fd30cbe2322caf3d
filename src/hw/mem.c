/* SPDX-License-Identifier: MIT */
/*
 * Machine memory: RAM banks at fixed machine frame numbers, all backed by
 * one memfd mapped once (MAP_SHARED). Bank i occupies bytes
 * [file_off, file_off + nr_frames * 4 KiB) of the memfd, banks packed in
 * ascending base_mfn order. The memfd is sparse: ftruncate() reserves no
 * host memory, a frame costs a host page only once written.
 *
 * Pooling (hw_mem_init_pooled): creating and destroying a 4 GiB memfd
 * mapping, and faulting in the few frames a short-lived world touches, costs
 * far more than the world's own work. A pooled memory records each frame it
 * writes (a bitmap against duplicates, a list to zero); hw_mem_fini() zeroes
 * those frames and parks the memfd and its mapping in the caller's pool
 * (struct hw_mem_pool, one entry) for the next pooled memory of the same size. Frames
 * only read were never written and still hold zeroes. A child process never takes its
 * parent's parked memfd (MAP_SHARED: its writes would reach the parent's pages).
 */
#include "hw/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "env/compiler.h"

/* Highest machine frame + 1 a bank may reach: 52-bit physical addresses. */
#define HW_MEM_MFN_LIMIT (1ull << (52 - PAGE_SHIFT))

/* Largest memfd pooled: its written-frame bitmap is then at most 2 MiB. */
#define HW_MEM_POOL_SIZE_MAX (64ull << 30)

struct hw_mem_pooled {
    int fd;
    uint8_t *map;
    uint64_t size;
    pid_t pid;         /* process that created the mapping */
    uint64_t *written; /* one bit per page of the memfd: written since taken */
    uint64_t nr;       /* pages written; > HW_MEM_POOL_DIRTY_MAX: not recycled */
    uint64_t page[HW_MEM_POOL_DIRTY_MAX]; /* the first pages written (memfd page index) */
};

/* Copy @nr banks into @out sorted by base_mfn, with file offsets; -EINVAL if unusable. */
static int mem_layout(const struct hw_mem_bank *banks, unsigned nr,
                      struct hw_mem_bank *out, uint64_t *total_frames)
{
    if (nr == 0 || nr > HW_MEM_MAX_BANKS)
        return -EINVAL;
    for (unsigned i = 0; i < nr; i++) {
        const struct hw_mem_bank *b = &banks[i];
        if (b->nr_frames == 0 || b->base_mfn >= HW_MEM_MFN_LIMIT ||
            b->nr_frames > HW_MEM_MFN_LIMIT - b->base_mfn)
            return -EINVAL;
        unsigned j = i; /* insertion sort: at most HW_MEM_MAX_BANKS entries */
        while (j > 0 && out[j - 1].base_mfn > b->base_mfn) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = *b;
    }
    uint64_t frames = 0;
    for (unsigned i = 0; i < nr; i++) {
        if (i > 0 && out[i - 1].base_mfn + out[i - 1].nr_frames > out[i].base_mfn)
            return -EINVAL; /* overlap */
        out[i].file_off = frames << PAGE_SHIFT;
        frames += out[i].nr_frames;
    }
    *total_frames = frames;
    return 0;
}

/* A fresh, sparse memfd of @size bytes mapped shared; -ENOMEM on failure. */
static int mem_map_new(uint64_t size, int *fd_out, uint8_t **map_out)
{
    if (size > (uint64_t)INT64_MAX || size > SIZE_MAX)
        return -ENOMEM;
    int fd = memfd_create("gntsim-machine-memory", MFD_CLOEXEC);
    if (fd < 0)
        return -ENOMEM;
    if (ftruncate(fd, (off_t)size) != 0) {
        close(fd);
        return -ENOMEM;
    }
    void *map = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        close(fd);
        return -ENOMEM;
    }
    *fd_out = fd;
    *map_out = map;
    return 0;
}

static void mem_set(struct hw_mem *m, int fd, uint8_t *map, uint64_t size,
                    const struct hw_mem_bank *sorted, unsigned nr)
{
    memset(m, 0, sizeof(*m));
    m->fd = fd;
    m->map = map;
    m->size = size;
    m->nr_banks = nr;
    memcpy(m->banks, sorted, nr * sizeof(sorted[0]));
}

int hw_mem_init(struct hw_mem *m, const struct hw_mem_bank *banks, unsigned nr)
{
    struct hw_mem_bank sorted[HW_MEM_MAX_BANKS];
    uint64_t frames;
    int fd, rc = mem_layout(banks, nr, sorted, &frames);
    uint8_t *map;
    if (rc)
        return rc;
    rc = mem_map_new(frames << PAGE_SHIFT, &fd, &map);
    if (rc)
        return rc;
    mem_set(m, fd, map, frames << PAGE_SHIFT, sorted, nr);
    return 0;
}

static void mem_pool_drop(struct hw_mem_pooled *e)
{
    munmap(e->map, (size_t)e->size);
    close(e->fd);
    free(e->written);
    free(e);
}

/* A parked memfd of @size bytes of this process, taken out of @pool; else NULL. */
static struct hw_mem_pooled *mem_pool_find(struct hw_mem_pool *pool, uint64_t size)
{
    pid_t pid = getpid();

    for (unsigned i = 0; i < HW_MEM_POOL_PARKED; i++) {
        struct hw_mem_pooled *e = pool->parked[i];

        if (e == NULL || (e->size == size && e->pid == pid)) {
            pool->parked[i] = NULL;
            if (e != NULL)
                return e;
            continue;
        }
        if (e->pid != pid) { /* in a child: unmaps and closes only this process's view */
            mem_pool_drop(e);
            pool->parked[i] = NULL;
        }
    }
    return NULL;
}

/* A pooled memfd of @size bytes with nothing written: a parked one or a new one. */
static struct hw_mem_pooled *mem_pool_take(struct hw_mem_pool *pool, uint64_t size)
{
    struct hw_mem_pooled *e = mem_pool_find(pool, size);
    pid_t pid = getpid();

    if (e != NULL)
        return e;
    e = calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    e->written = calloc(((size >> PAGE_SHIFT) + 63) / 64, sizeof(uint64_t));
    if (e->written == NULL || mem_map_new(size, &e->fd, &e->map) != 0) {
        free(e->written);
        free(e);
        return NULL;
    }
    e->size = size;
    e->pid = pid;
    return e;
}

/* Zero what @e's user wrote and park it (or release it: too much written, slot taken). */
static void mem_pool_put(struct hw_mem_pool *pool, struct hw_mem_pooled *e)
{
    if (e->nr > HW_MEM_POOL_DIRTY_MAX || e->pid != getpid()) {
        mem_pool_drop(e);
        return;
    }
    for (uint64_t i = 0; i < e->nr; i++) {
        uint64_t pg = e->page[i];
        memset(e->map + (pg << PAGE_SHIFT), 0, PAGE_SIZE);
        e->written[pg / 64] = 0;
    }
    e->nr = 0;
    for (unsigned i = 0; i < HW_MEM_POOL_PARKED; i++)
        if (pool->parked[i] == NULL) {
            pool->parked[i] = e;
            return;
        }
    mem_pool_drop(e); /* every slot taken */
}

void hw_mem_pool_fini(struct hw_mem_pool *pool)
{
    for (unsigned i = 0; i < HW_MEM_POOL_PARKED; i++) {
        if (pool->parked[i] != NULL)
            mem_pool_drop(pool->parked[i]);
        pool->parked[i] = NULL;
    }
}

int hw_mem_init_pooled(struct hw_mem *m, const struct hw_mem_bank *banks, unsigned nr,
                       struct hw_mem_pool *pool)
{
    struct hw_mem_bank sorted[HW_MEM_MAX_BANKS];
    uint64_t frames;
    int rc = mem_layout(banks, nr, sorted, &frames);
    if (rc)
        return rc;
    uint64_t size = frames << PAGE_SHIFT;
    if (size > HW_MEM_POOL_SIZE_MAX)
        return hw_mem_init(m, banks, nr);
    struct hw_mem_pooled *e = mem_pool_take(pool, size);
    if (e == NULL)
        return -ENOMEM;
    mem_set(m, e->fd, e->map, size, sorted, nr);
    m->pool = e;
    m->home = pool;
    return 0;
}

void hw_mem_fini(struct hw_mem *m)
{
    /* A zeroed struct has fd 0 (stdin) but no mapping: only release what init made. */
    hw_mem_unexport_all(m);
    if (m->pool != NULL)
        mem_pool_put(m->home, m->pool);
    else if (m->map != NULL) {
        munmap(m->map, (size_t)m->size);
        close(m->fd);
    }
    memset(m, 0, sizeof(*m));
    m->fd = -1;
}

void hw_mem_note_written(const struct hw_mem *m, uint64_t off, uint64_t len)
{
    struct hw_mem_pooled *e = m->pool;
    if (e == NULL || len == 0 || e->nr > HW_MEM_POOL_DIRTY_MAX)
        return; /* not pooled, or too much written to recycle anyway */
    for (uint64_t pg = off >> PAGE_SHIFT; pg <= (off + len - 1) >> PAGE_SHIFT; pg++) {
        uint64_t bit = 1ull << (pg & 63);
        if (e->written[pg / 64] & bit)
            continue;
        e->written[pg / 64] |= bit;
        if (e->nr < HW_MEM_POOL_DIRTY_MAX)
            e->page[e->nr] = pg;
        e->nr++;
    }
}

/* Host pointer for machine address @pa and the bytes left in its bank; NULL if a hole. */
static uint8_t *mem_span(const struct hw_mem *m, uint64_t pa, uint64_t *avail)
{
    const struct hw_mem_bank *b = hw_mem_bank_of(m, pa >> PAGE_SHIFT);
    if (b == NULL)
        return NULL;
    uint64_t off = pa - (b->base_mfn << PAGE_SHIFT);
    *avail = (b->nr_frames << PAGE_SHIFT) - off;
    return m->map + b->file_off + off;
}

/* True if every byte of [pa, pa + len) is RAM (banks may be adjacent). */
static bool mem_range_ok(const struct hw_mem *m, uint64_t pa, size_t len)
{
    if (len > UINT64_MAX - pa)
        return false;
    uint64_t left = len;
    while (left > 0) {
        uint64_t avail = 0;
        if (mem_span(m, pa, &avail) == NULL)
            return false;
        uint64_t n = avail < left ? avail : left;
        pa += n;
        left -= n;
    }
    return true;
}

int hw_mem_read(const struct hw_mem *m, uint64_t pa, void *buf, size_t len)
{
    if (!mem_range_ok(m, pa, len))
        return -EFAULT;
    uint8_t *dst = buf;
    while (len > 0) {
        uint64_t avail = 0;
        const uint8_t *src = mem_span(m, pa, &avail);
        size_t n = avail < len ? (size_t)avail : len;
        memcpy(dst, src, n);
        dst += n;
        pa += n;
        len -= n;
    }
    return 0;
}

int hw_mem_write(struct hw_mem *m, uint64_t pa, const void *buf, size_t len)
{
    if (!mem_range_ok(m, pa, len))
        return -EFAULT;
    const uint8_t *src = buf;
    while (len > 0) {
        uint64_t avail = 0;
        uint8_t *dst = mem_span(m, pa, &avail);
        size_t n = avail < len ? (size_t)avail : len;
        hw_mem_note_written(m, (uint64_t)(dst - m->map), n);
        memcpy(dst, src, n);
        src += n;
        pa += n;
        len -= n;
    }
    return 0;
}
