/* SPDX-License-Identifier: MIT */
/*
 * Cache model, the device side and maintenance (see cache.h; the table and line
 * states are described in cache_table.c): a non-coherent master reads and writes
 * DRAM only (the shadow for lines whose DRAM bytes differ from the CPU view), a
 * coherent one the CPU view; DC CVAC/IVAC/CIVAC clean, invalidate or both.
 */
#include <errno.h>
#include <string.h>

#include "hw/cache_int.h"

/* A device read of segment @s into @buf (the whole access's buffer). */
static inline void dma_read_seg(const struct hw_cache *c, const struct seg *s, void *buf,
                                bool coherent)
{
    const struct hw_cache_page *p = coherent ? NULL : page_find(c, s->frame);
    uint64_t x = p ? s->m & (p->dirty | p->stale) : 0; /* DRAM differs */
    uint8_t *out = (uint8_t *)buf + s->done - s->off;

    if (!x) {
        memcpy(out + s->off, s->cpu + s->off, s->n);
        return;
    }
    for (size_t at = s->off, k; at < s->off + s->n; at += k) {
        bool in;

        k = run_len(x, at, s->off + s->n, &in);
        memcpy(out + at, (in ? p->dram : s->cpu) + at, k);
    }
}

int hw_dma_read(struct hw_cache *c, uint64_t pa, void *buf, size_t len, bool coherent)
{
    struct seg s = {0};

    if (len && one_frame(pa, len)) { /* the walk below, one bank lookup */
        if (!seg_frame(c, &s, pa, len))
            return -EFAULT;
        dma_read_seg(c, &s, buf, coherent);
        return 0;
    }
    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    for (; seg_next(c, &s, pa, len); s.done += s.n)
        dma_read_seg(c, &s, buf, coherent);
    return 0;
}

/* Shadows a non-coherent device write of [pa, pa + len) would allocate. */
static uint64_t dma_write_needs(const struct hw_cache *c, uint64_t pa, size_t len)
{
    struct seg s = {0};
    uint64_t n = 0;

    for (; seg_next(c, &s, pa, len); s.done += s.n) {
        const struct hw_cache_page *p = page_find(c, s.frame);

        n += p && !p->dram && (p->tracked & s.m);
    }
    return n;
}

/* Lines of segment @s's page that its bytes [off, off + n) cover whole (may be none). */
static inline uint64_t seg_whole_lines(const struct seg *s)
{
    size_t lo = (s->off + HW_CACHE_LINE - 1) / HW_CACHE_LINE;
    size_t hi = (s->off + s->n) / HW_CACHE_LINE; /* first line not covered whole */

    return lo < hi ? line_mask((unsigned)lo, (unsigned)(hi - 1)) : 0;
}

/*
 * A device write of segment @s from @buf (the whole access's buffer). Returns 0, or
 * -ENOMEM (a CLEAN line needs a shadow none is left for) with nothing done.
 */
static inline int dma_write_seg(struct hw_cache *c, const struct seg *s, const void *buf,
                                bool coherent)
{
    struct hw_cache_page *p = page_find(c, s->frame);
    const uint8_t *src = (const uint8_t *)buf + s->done - s->off;
    uint64_t x, clean;

    if (!p || !(p->tracked & s->m)) { /* nothing cached: the CPU view is DRAM */
        memcpy(s->cpu + s->off, src + s->off, s->n);
        return 0;
    }
    if (coherent) { /* snooped: the CPU view, and DRAM where it differs */
        memcpy(s->cpu + s->off, src + s->off, s->n);
        x = s->m & (p->dirty | p->stale);
        for (size_t at = s->off, k; x && at < s->off + s->n; at += k) {
            bool in;

            k = run_len(x, at, s->off + s->n, &in);
            if (in)
                memcpy(p->dram + at, src + at, k);
        }
        return 0;
    }
    clean = s->m & p->tracked & ~(p->dirty | p->stale);
    if (clean) { /* CLEAN -> STALE: DRAM starts as the CPU view */
        if (!p->dram && !(p->dram = cache_shadow_get(c)))
            return -ENOMEM;
        /* the lines the write covers whole take all their DRAM bytes from @buf below */
        cache_copy_lines(p->dram, s->cpu, clean & ~seg_whole_lines(s));
        p->stale |= clean;
    }
    x = s->m & p->tracked; /* cached lines: DRAM only; others: memory directly */
    for (size_t at = s->off, k; at < s->off + s->n; at += k) {
        bool in;

        k = run_len(x, at, s->off + s->n, &in);
        memcpy((in ? p->dram : s->cpu) + at, src + at, k);
    }
    return 0;
}

int hw_dma_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len,
                 bool coherent)
{
    struct seg s = {0};

    if (unlikely(c->watch))
        hw_cache_watch(c, pa, len);
    if (len && one_frame(pa, len)) /* the walk below, one bank lookup */
        return seg_frame(c, &s, pa, len) ? dma_write_seg(c, &s, buf, coherent) : -EFAULT;
    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    if (!coherent && frames_in(pa, len) > 1 &&
        cache_shadow_reserve(c, dma_write_needs(c, pa, len)))
        return -ENOMEM;
    for (; seg_next(c, &s, pa, len); s.done += s.n)
        if (dma_write_seg(c, &s, buf, coherent))
            return -ENOMEM; /* single page (shadows reserved above): nothing done yet */
    return 0;
}

/* Maintenance of lines @m of page @p; the page may leave the table. */
static inline void page_maint(struct hw_cache *c, struct hw_cache_page *p, uint64_t m,
                              enum hw_cache_op op)
{
    if (op & HW_CACHE_CLEAN) { /* DIRTY -> CLEAN: written back, DRAM := CPU view */
        c->cleaned += popcount(p->dirty & m);
        p->dirty &= ~m;
    }
    if (op & HW_CACHE_INVAL) {
        uint64_t t = p->tracked & m, x = (p->dirty | p->stale) & m;

        if (x) /* dirty data discarded, or stale copy dropped */
            cache_copy_lines(hw_mem_frame(c->mem, p->key - 1), p->dram, x);
        c->invalidated += popcount(t);
        c->nr_lines -= popcount(t);
        p->tracked &= ~m;
        p->dirty &= ~m;
        p->stale &= ~m;
    }
    page_tidy(c, p);
}

/* Lines of frame @f among lines k with k - first < n (modulo 2^64, as a range). */
static uint64_t range_lines(uint64_t f, uint64_t first, uint64_t n)
{
    uint64_t o0 = f * LINES_PER_PAGE - first, o63 = o0 + LINES_PER_PAGE - 1, m = 0;

    if (o63 >= o0 && o63 < n)
        return ~0ull;
    for (unsigned i = 0; i < LINES_PER_PAGE; i++)
        if (o0 + i < n)
            m |= 1ull << i;
    return m;
}

/*
 * range_lines() for a range that does not wrap, [first, last], and a frame @f that
 * holds some of its lines: the same mask, from the two ends instead of line by line.
 */
static inline uint64_t frame_lines(uint64_t f, uint64_t first, uint64_t last)
{
    uint64_t base = f * LINES_PER_PAGE;
    unsigned lo = first > base ? (unsigned)(first - base) : 0;
    unsigned hi =
        last - base < LINES_PER_PAGE ? (unsigned)(last - base) : LINES_PER_PAGE - 1;

    return line_mask(lo, hi);
}

/*
 * Maintenance over a range wider than the table: visit the pages instead.
 * A removal shifts later pages back into the slot just visited, so that slot
 * is visited again; a page seen twice is unaffected the second time.
 */
static void cache_maint_sparse(struct hw_cache *c, uint64_t first, uint64_t n,
                               enum hw_cache_op op)
{
    for (uint64_t i = 0; i < c->nr_slots && c->nr_pages;) {
        struct hw_cache_page *p = &c->slots[i];
        uint64_t key = p->key, m = key ? range_lines(key - 1, first, n) & p->tracked : 0;

        if (!m) {
            i++;
            continue;
        }
        page_maint(c, p, m, op);
        if (c->slots[i].key == key)
            i++; /* still here: done with it */
    }
}

void hw_cache_maint(struct hw_cache *c, uint64_t pa, size_t len, enum hw_cache_op op)
{
    uint64_t first = pa / HW_CACHE_LINE, n, nf;

    if (!len)
        return;
    c->maint_ops++;
    if (!c->nr_pages)
        return;
    if ((op & HW_CACHE_INVAL) && unlikely(c->watch)) /* the CPU view may become DRAM's */
        hw_cache_watch(c, pa, len);
    if (one_frame(pa, len)) { /* the loop below for one frame (nf = 1 <= nr_slots) */
        struct hw_cache_page *p = page_find(c, pa >> PAGE_SHIFT);
        uint64_t m = p ? page_lines(pa & (PAGE_SIZE - 1), len) & p->tracked : 0;

        if (m)
            page_maint(c, p, m, op);
        return;
    }
    n = lines_in(pa, len);
    nf = (first + n - 1) / LINES_PER_PAGE - first / LINES_PER_PAGE + 1;
    if (first + n - 1 < first || nf > c->nr_slots) {
        cache_maint_sparse(c, first, n, op);
        return;
    }
    for (uint64_t f = first / LINES_PER_PAGE; c->nr_pages && nf--; f++) {
        struct hw_cache_page *p = page_find(c, f);
        uint64_t m = p ? frame_lines(f, first, first + n - 1) & p->tracked : 0;

        if (m)
            page_maint(c, p, m, op);
    }
}

enum hw_cache_state hw_cache_line_state(const struct hw_cache *c, uint64_t pa)
{
    const struct hw_cache_page *p = page_find(c, pa >> PAGE_SHIFT);
    uint64_t bit = 1ull << ((pa & (PAGE_SIZE - 1)) / HW_CACHE_LINE);

    if (!p || !(p->tracked & bit))
        return HW_LINE_UNTRACKED;
    if (p->dirty & bit)
        return HW_LINE_DIRTY;
    return p->stale & bit ? HW_LINE_STALE : HW_LINE_CLEAN;
}
