/* SPDX-License-Identifier: MIT */
/*
 * The cache model's private parts (see cache.h and the description at the top of
 * cache_table.c): the page table's entries and lookup, the shadow-page calls, line
 * masks and the page-by-page walk of an access, shared by the CPU side (cache.c) and
 * the device and maintenance side (cache_dev.c).
 */
#ifndef GNTSIM_HW_CACHE_INT_H
#define GNTSIM_HW_CACHE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "env/compiler.h"
#include "hw/cache.h"

#define LINES_PER_PAGE (PAGE_SIZE / HW_CACHE_LINE) /* 64: one bit each in a mask */

struct hw_cache_page {
    uint64_t key;                   /* frame + 1; 0 = free slot */
    uint64_t tracked, dirty, stale; /* bit i: line i of the frame */
    uint8_t *dram;                  /* DRAM bytes of dirty|stale lines, or NULL */
};

#define CACHE_MIN_SLOTS 256u
#define CACHE_MAX_SPARE 256u /* recycled shadows kept (1 MiB) */

_Static_assert(LINES_PER_PAGE == 64, "one 64-bit mask per page");

/* Fibonacci hashing: the product's top log2(nr_slots) bits (its low bits repeat with the
 * key's). */
static inline uint64_t page_hash(const struct hw_cache *c, uint64_t key)
{
    return (key * 0x9E3779B97F4A7C15ull) >> c->slot_shift;
}

static inline struct hw_cache_page *page_find(const struct hw_cache *c, uint64_t frame)
{
    uint64_t key = frame + 1;

    if (!c->nr_pages)
        return NULL;
    for (uint64_t i = page_hash(c, key);; i = (i + 1) & (c->nr_slots - 1)) {
        if (c->slots[i].key == key)
            return &c->slots[i];
        if (!c->slots[i].key)
            return NULL;
    }
}

/*
 * cache_table.c: cache_grow() makes room for @more pages at load <= 1/2 (0 or -ENOMEM,
 * nothing changed); cache_page_insert() adds @frame's page (absent) with no line
 * tracked, room reserved, and cannot fail; cache_shadow_reserve() keeps at least @n
 * spare shadows (0 or -ENOMEM, the spares stay).
 */
int cache_grow(struct hw_cache *c, uint64_t more);
struct hw_cache_page *cache_page_insert(struct hw_cache *c, uint64_t frame);
int cache_shadow_reserve(struct hw_cache *c, uint64_t n);
/* A shadow page from the spares or the heap, NULL when out of memory. */
uint8_t *cache_shadow_get(struct hw_cache *c);
/* Shadow @s back to the spares, or freed when there are enough. Cannot fail. */
void cache_shadow_put(struct hw_cache *c, uint8_t *s);
/* Remove @p (backward-shift deletion), releasing its shadow. Cannot fail. */
void cache_page_remove(struct hw_cache *c, struct hw_cache_page *p);

/* Make room for @more pages at load <= 1/2. Returns 0 or -ENOMEM (nothing changed). */
static inline int cache_reserve(struct hw_cache *c, uint64_t more)
{
    if (c->nr_slots && (c->nr_pages + more) * 2 <= c->nr_slots)
        return 0;
    return cache_grow(c, more);
}

/* The page of @frame, inserted with no line tracked if absent (room reserved). */
static inline struct hw_cache_page *page_get(struct hw_cache *c, uint64_t frame)
{
    struct hw_cache_page *p = page_find(c, frame);

    return p ? p : cache_page_insert(c, frame);
}

/*
 * The page of @frame into *@out, inserted with no line tracked if absent: room is made
 * only then (a lookup changes nothing, so the failure leaves all as it was). 0 or
 * -ENOMEM.
 */
static inline int page_get_room(struct hw_cache *c, uint64_t frame,
                                struct hw_cache_page **out)
{
    *out = page_find(c, frame);
    if (likely(*out != NULL))
        return 0;
    if (cache_reserve(c, 1))
        return -ENOMEM;
    *out = cache_page_insert(c, frame);
    return 0;
}

/* After lines left the page or stopped needing DRAM bytes: drop what is unused. */
static inline void page_tidy(struct hw_cache *c, struct hw_cache_page *p)
{
    if (!p->tracked) {
        cache_page_remove(c, p);
    } else if (p->dram && !(p->dirty | p->stale)) {
        cache_shadow_put(c, p->dram);
        p->dram = NULL;
    }
}

static inline bool range_is_ram(const struct hw_cache *c, uint64_t pa, size_t len)
{
    if (!len)
        return true;
    if (pa + len < pa)
        return false;
    for (uint64_t f = pa >> PAGE_SHIFT; f <= (pa + len - 1) >> PAGE_SHIFT; f++)
        if (!hw_mem_is_ram(c->mem, f))
            return false;
    return true;
}

static inline uint64_t lines_in(uint64_t pa, size_t len)
{
    return len ? (pa + len - 1) / HW_CACHE_LINE - pa / HW_CACHE_LINE + 1 : 0;
}

static inline uint64_t frames_in(uint64_t pa, size_t len)
{
    return len ? ((pa + len - 1) >> PAGE_SHIFT) - (pa >> PAGE_SHIFT) + 1 : 0;
}

/* Lines in @m (SWAR: no libgcc call without -mpopcnt; usually 0, 1 or all 64). */
static inline unsigned popcount(uint64_t m)
{
    if (!(m & (m - 1)))
        return m != 0;
    if (m == ~0ull)
        return 64u;
    m -= (m >> 1) & 0x5555555555555555ull;
    m = (m & 0x3333333333333333ull) + ((m >> 2) & 0x3333333333333333ull);
    m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((m * 0x0101010101010101ull) >> 56);
}

/* Mask of lines [lo, hi] of a page, 0 <= lo <= hi < 64. */
static inline uint64_t line_mask(unsigned lo, unsigned hi)
{
    return (~0ull >> (63 - hi)) & (~0ull << lo);
}

/*
 * memcpy() of @n bytes, inline up to 16 (grant entries, ring indexes, flags: most CPU
 * accesses of the model are 2 to 8 bytes): two overlapping loads, then two stores.
 */
static inline void cache_memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    if (n > 16) {
        memcpy(d, s, n);
    } else if (n >= 8) {
        uint64_t a, b;

        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;

        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n >= 2) {
        uint16_t a, b;

        memcpy(&a, s, 2);
        memcpy(&b, s + n - 2, 2);
        memcpy(d, &a, 2);
        memcpy(d + n - 2, &b, 2);
    } else if (n) {
        *d = *s;
    }
}

/* Copy whole lines in @m from @src to @dst (both page bases), run by run (cache_table.c;
 * out of line: inlined, it keeps its callers from being inlined). Cannot fail. */
void cache_copy_lines(uint8_t *dst, const uint8_t *src, uint64_t m);

/*
 * Bytes [off, off + n) of a page walked in runs of lines in or out of @x:
 * the run starting at page offset @at (< @end) is as long as the return
 * value; *in tells whether its lines are in @x.
 */
static inline size_t run_len(uint64_t x, size_t at, size_t end, bool *in)
{
    unsigned li = (unsigned)(at / HW_CACHE_LINE);
    uint64_t y = ((*in = (x >> li) & 1) ? ~x : x) >> li; /* bit 0 clear */
    size_t stop =
        y ? (li + (unsigned)__builtin_ctzll(y)) * (size_t)HW_CACHE_LINE : PAGE_SIZE;

    return (stop < end ? stop : end) - at;
}

/* One page of an access: frame, bytes [off, off + n) of it, mask of its lines. */
struct seg {
    uint64_t frame;
    size_t off, n, done;
    uint64_t m;
    uint8_t *cpu; /* host pointer to the frame's CPU view */
};

static inline bool seg_next(const struct hw_cache *c, struct seg *s, uint64_t pa,
                            size_t len)
{
    uint64_t at = pa + s->done;

    if (s->done >= len)
        return false;
    s->frame = at >> PAGE_SHIFT;
    s->off = (size_t)(at & (PAGE_SIZE - 1));
    s->n = PAGE_SIZE - s->off;
    if (s->n > len - s->done)
        s->n = len - s->done;
    s->m = line_mask((unsigned)(s->off / HW_CACHE_LINE),
                     (unsigned)((s->off + s->n - 1) / HW_CACHE_LINE));
    s->cpu = hw_mem_frame(c->mem, s->frame);
    return true;
}

/* True if [pa, pa + len) stays within one frame. */
static inline bool one_frame(uint64_t pa, size_t len)
{
    return (pa & (PAGE_SIZE - 1)) + len <= PAGE_SIZE;
}

/* Lines of a page holding bytes [off, off + len), 0 < len, off + len <= PAGE_SIZE. */
static inline uint64_t page_lines(uint64_t off, size_t len)
{
    return line_mask((unsigned)(off / HW_CACHE_LINE),
                     (unsigned)((off + len - 1) / HW_CACHE_LINE));
}

/*
 * The segment of an access within one frame (0 < @len, one_frame()): what seg_next()
 * gives for it, with one bank lookup. False (nothing set) if the frame is not RAM.
 */
static inline bool seg_frame(const struct hw_cache *c, struct seg *s, uint64_t pa,
                             size_t len)
{
    s->frame = pa >> PAGE_SHIFT;
    s->off = (size_t)(pa & (PAGE_SIZE - 1));
    s->n = len;
    s->done = 0;
    s->m = page_lines(s->off, len);
    s->cpu = hw_mem_frame(c->mem, s->frame);
    return s->cpu != NULL;
}

#endif
