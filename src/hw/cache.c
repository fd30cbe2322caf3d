/* SPDX-License-Identifier: MIT */
/*
 * Cache model, the CPU side (see cache.h; the table and line states are described
 * in cache_table.c): reads fill lines CLEAN, writes make them DIRTY keeping the DRAM
 * bytes in the page's shadow, copies are a read then a write.
 */
#include <errno.h>
#include <string.h>

#include "hw/cache_int.h"

/* A CPU read of lines @m of page @p: untracked -> CLEAN; others unchanged. */
static inline void page_cpu_read(struct hw_cache *c, struct hw_cache_page *p, uint64_t m)
{
    c->nr_lines += popcount(m & ~p->tracked);
    p->tracked |= m;
}

/*
 * A CPU write of lines @m of page @p whose CPU view is @cpu: CLEAN or untracked lines
 * keep their DRAM bytes in the shadow, then all become DIRTY. Returns 0, or -ENOMEM
 * with nothing changed (the page leaves the table again if it tracked nothing).
 */
static inline int page_cpu_write(struct hw_cache *c, struct hw_cache_page *p,
                                 const uint8_t *cpu, uint64_t m)
{
    uint64_t keep = m & ~(p->dirty | p->stale); /* CLEAN or untracked */

    if (keep) { /* DRAM still equals the CPU view: keep it */
        if (!p->dram && !(p->dram = cache_shadow_get(c))) {
            page_tidy(c, p);
            return -ENOMEM;
        }
        cache_copy_lines(p->dram, cpu, keep);
    }
    c->nr_lines += popcount(m & ~p->tracked);
    p->tracked |= m;
    p->dirty |= m;
    p->stale &= ~m;
    return 0;
}

/*
 * cpu_read() of 0 < @len bytes within one frame: the same checks in the same order
 * (RAM, then room in the table for a new page), the same line states and bytes,
 * without the walk.
 */
static inline int cpu_read_frame(struct hw_cache *c, uint64_t pa, void *buf, size_t len)
{
    const uint8_t *s = hw_mem_frame_ro(c->mem, pa >> PAGE_SHIFT);
    uint64_t off = pa & (PAGE_SIZE - 1);
    struct hw_cache_page *p;

    if (!s)
        return -EFAULT;
    if (page_get_room(c, pa >> PAGE_SHIFT, &p))
        return -ENOMEM;
    page_cpu_read(c, p, page_lines(off, len));
    if (buf)
        cache_memcpy(buf, s + off, len);
    return 0;
}

/* cpu_read() of a range that is empty or crosses frames: page by page. */
static __attribute__((noinline)) int cpu_read_walk(struct hw_cache *c, uint64_t pa,
                                                   void *buf, size_t len)
{
    struct seg s = {0};

    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    if (cache_reserve(c, frames_in(pa, len)))
        return -ENOMEM;
    for (; seg_next(c, &s, pa, len); s.done += s.n) {
        page_cpu_read(c, page_get(c, s.frame), s.m);
        if (buf)
            memcpy((uint8_t *)buf + s.done, s.cpu + s.off, s.n);
    }
    return 0;
}

/* A CPU read of [pa, pa + len): line states, and the bytes into @buf unless NULL. */
static inline int cpu_read(struct hw_cache *c, uint64_t pa, void *buf, size_t len)
{
    if (likely(len && one_frame(pa, len)))
        return cpu_read_frame(c, pa, buf, len);
    return cpu_read_walk(c, pa, buf, len);
}

int hw_cpu_read(struct hw_cache *c, uint64_t pa, void *buf, size_t len)
{
    return cpu_read(c, pa, buf, len);
}

/* Shadows a CPU write of [pa, pa + len) would allocate (pages without one). */
static uint64_t write_needs(const struct hw_cache *c, uint64_t pa, size_t len)
{
    uint64_t n = 0;

    for (uint64_t f = pa >> PAGE_SHIFT, nr = frames_in(pa, len); nr--; f++) {
        const struct hw_cache_page *p = page_find(c, f);

        n += !p || !p->dram;
    }
    return n;
}

/*
 * cpu_write() of 0 < @len bytes within one frame: the same checks in the same order
 * (RAM, room in the table for a new page, the shadow), the same line states and bytes,
 * without the walk. The frame is taken for writing only once the checks passed, as the
 * walk does.
 */
static inline int cpu_write_frame(struct hw_cache *c, uint64_t pa, const void *buf,
                                  size_t len)
{
    uint64_t frame = pa >> PAGE_SHIFT, off = pa & (PAGE_SIZE - 1);
    const struct hw_mem_bank *b = hw_mem_bank_of(c->mem, frame);
    uint8_t *d;
    struct hw_cache_page *p;

    if (!b)
        return -EFAULT;
    if (page_get_room(c, frame, &p))
        return -ENOMEM;
    d = hw_mem_bank_frame(c->mem, b, frame);
    if (page_cpu_write(c, p, d, page_lines(off, len)))
        return -ENOMEM;
    if (buf)
        cache_memcpy(d + off, buf, len);
    return 0;
}

/* cpu_write() of a range that is empty or crosses frames: page by page. */
static __attribute__((noinline)) int cpu_write_walk(struct hw_cache *c, uint64_t pa,
                                                    const void *buf, size_t len)
{
    struct seg s = {0};

    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    if (cache_reserve(c, frames_in(pa, len)))
        return -ENOMEM;
    /* several pages: take every shadow up front so nothing is done on -ENOMEM */
    if (frames_in(pa, len) > 1 && cache_shadow_reserve(c, write_needs(c, pa, len)))
        return -ENOMEM;
    for (; seg_next(c, &s, pa, len); s.done += s.n) {
        /* -ENOMEM only for a single page (shadows reserved above): nothing done yet */
        if (page_cpu_write(c, page_get(c, s.frame), s.cpu, s.m))
            return -ENOMEM;
        if (buf)
            memcpy(s.cpu + s.off, (const uint8_t *)buf + s.done, s.n);
    }
    return 0;
}

/* A CPU write of [pa, pa + len): line states, and @buf's bytes unless NULL. */
static inline int cpu_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len)
{
    if (likely(len && one_frame(pa, len)))
        return cpu_write_frame(c, pa, buf, len);
    return cpu_write_walk(c, pa, buf, len);
}

void hw_cache_watch(const struct hw_cache *c, uint64_t pa, size_t len)
{
    c->watch(c->watch_ctx, pa, len);
}

int hw_cpu_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len)
{
    if (unlikely(c->watch))
        hw_cache_watch(c, pa, len);
    return cpu_write(c, pa, buf, len);
}

/*
 * hw_cpu_copy() within one source and one destination frame: cpu_read(@src) and
 * cpu_write(@dst) on one page each, in that order and with the same errors (a failed
 * write leaves the read's line states, as the two calls would), then one memmove.
 */
static int cpu_copy_frame(struct hw_cache *c, uint64_t dst, uint64_t src, size_t len)
{
    const uint8_t *s = hw_mem_frame_ro(c->mem, src >> PAGE_SHIFT);
    uint64_t soff = src & (PAGE_SIZE - 1), doff = dst & (PAGE_SIZE - 1);
    uint8_t *d;
    struct hw_cache_page *p;

    if (!s)
        return -EFAULT;
    if (page_get_room(c, src >> PAGE_SHIFT, &p))
        return -ENOMEM;
    page_cpu_read(c, p, page_lines(soff, len));
    d = hw_mem_frame(c->mem, dst >> PAGE_SHIFT);
    if (!d)
        return -EFAULT;
    if (page_get_room(c, dst >> PAGE_SHIFT, &p) ||
        page_cpu_write(c, p, d, page_lines(doff, len)))
        return -ENOMEM;
    memmove(d + doff, s + soff, len);
    return 0;
}

int hw_cpu_copy(struct hw_cache *c, uint64_t dst, uint64_t src, size_t len)
{
    uint8_t bounce[256];
    int rc;

    if (!len)
        return 0;
    if (unlikely(c->watch))
        hw_cache_watch(c, dst, len);
    if (one_frame(dst, len) && one_frame(src, len))
        return cpu_copy_frame(c, dst, src, len);
    for (size_t done = 0, n; done < len; done += n) { /* rare: through a bounce */
        n = len - done < sizeof(bounce) ? len - done : sizeof(bounce);
        rc = cpu_read(c, src + done, bounce, n);
        if (!rc)
            rc = cpu_write(c, dst + done, bounce, n);
        if (rc)
            return rc;
    }
    return 0;
}
