/* SPDX-License-Identifier: MIT */
/*
 * Cache model (see cache.h): an open-addressing table (linear probing,
 * backward-shift deletion, deterministic multiplicative hash) keyed by
 * frame. Each page holds three 64-bit masks, one bit per 64-byte line:
 * tracked (not UNTRACKED), dirty and stale (disjoint subsets of tracked;
 * tracked & ~dirty & ~stale is CLEAN), and, only while some line is DIRTY
 * or STALE, a 4 KiB shadow holding the DRAM bytes of those lines (the
 * other lines of the shadow are meaningless). A page leaves the table when
 * its last line is untracked; its shadow is released as soon as no line
 * needs it. An access or a maintenance range is walked page by page, so a
 * 4 KiB CPU write is one lookup, a few mask operations and at most one
 * 4 KiB copy into the shadow. No observable result depends on the table's
 * iteration order (the counters are sums; lines are disjoint).
 * Architectural basis: Arm ARM DC CVAC/IVAC/CIVAC to the point of
 * coherency; a non-coherent master reads and writes DRAM only.
 */
#include <errno.h>
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

/* Place @p (not present) into the table; there is always a free slot. */
static struct hw_cache_page *page_place(struct hw_cache *c, const struct hw_cache_page *p)
{
    uint64_t i = page_hash(c, p->key);

    while (c->slots[i].key)
        i = (i + 1) & (c->nr_slots - 1);
    c->slots[i] = *p;
    return &c->slots[i];
}

/* cache_reserve() when the table must grow (or does not exist yet). */
static int cache_grow(struct hw_cache *c, uint64_t more)
{
    uint64_t want = c->nr_slots ? c->nr_slots : CACHE_MIN_SLOTS;
    struct hw_cache_page *old = c->slots, *n;
    uint64_t old_nr = c->nr_slots;

    while ((c->nr_pages + more) * 2 > want)
        want *= 2;
    if (want == c->nr_slots)
        return 0;
    n = calloc(want, sizeof(*n));
    if (!n)
        return -ENOMEM;
    c->slots = n;
    c->nr_slots = want;
    c->slot_shift = 64u - (unsigned)__builtin_ctzll(want);
    for (uint64_t i = 0; i < old_nr; i++)
        if (old[i].key)
            page_place(c, &old[i]);
    free(old);
    return 0;
}

/* Make room for @more pages at load <= 1/2. Returns 0 or -ENOMEM (nothing changed). */
static inline int cache_reserve(struct hw_cache *c, uint64_t more)
{
    if (c->nr_slots && (c->nr_pages + more) * 2 <= c->nr_slots)
        return 0;
    return cache_grow(c, more);
}

/* Insert @frame's page (absent) with no line tracked (room reserved). */
static struct hw_cache_page *page_insert(struct hw_cache *c, uint64_t frame)
{
    c->nr_pages++;
    return page_place(c, &(struct hw_cache_page){.key = frame + 1});
}

/* The page of @frame, inserted with no line tracked if absent (room reserved). */
static inline struct hw_cache_page *page_get(struct hw_cache *c, uint64_t frame)
{
    struct hw_cache_page *p = page_find(c, frame);

    return p ? p : page_insert(c, frame);
}

/* A shadow page from the spares or the heap; NULL when out of memory. */
static uint8_t *shadow_get(struct hw_cache *c)
{
    uint8_t *s = c->spare;

    if (!s)
        return malloc(PAGE_SIZE);
    memcpy(&c->spare, s, sizeof(void *));
    c->nr_spare--;
    return s;
}

static void shadow_put(struct hw_cache *c, uint8_t *s)
{
    if (c->nr_spare >= CACHE_MAX_SPARE) {
        free(s);
        return;
    }
    memcpy(s, &c->spare, sizeof(void *));
    c->spare = s;
    c->nr_spare++;
}

/* Have at least @n spare shadows. Returns 0 or -ENOMEM (the spares stay). */
static int shadow_reserve(struct hw_cache *c, uint64_t n)
{
    while (c->nr_spare < n) {
        uint8_t *s = malloc(PAGE_SIZE);

        if (!s)
            return -ENOMEM;
        memcpy(s, &c->spare, sizeof(void *));
        c->spare = s;
        c->nr_spare++;
    }
    return 0;
}

/* Remove @p with backward-shift deletion (keeps probe chains intact). */
static void page_remove(struct hw_cache *c, struct hw_cache_page *p)
{
    uint64_t mask = c->nr_slots - 1, hole = (uint64_t)(p - c->slots);

    if (p->dram)
        shadow_put(c, p->dram);
    for (uint64_t j = (hole + 1) & mask; c->slots[j].key; j = (j + 1) & mask) {
        uint64_t home = page_hash(c, c->slots[j].key);

        /* move j into the hole unless its home lies cyclically in (hole, j] */
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            c->slots[hole] = c->slots[j];
            hole = j;
        }
    }
    c->slots[hole] = (struct hw_cache_page){0};
    c->nr_pages--;
}

/* After lines left the page or stopped needing DRAM bytes: drop what is unused. */
static inline void page_tidy(struct hw_cache *c, struct hw_cache_page *p)
{
    if (!p->tracked) {
        page_remove(c, p);
    } else if (p->dram && !(p->dirty | p->stale)) {
        shadow_put(c, p->dram);
        p->dram = NULL;
    }
}

static bool range_is_ram(const struct hw_cache *c, uint64_t pa, size_t len)
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

static uint64_t lines_in(uint64_t pa, size_t len)
{
    return len ? (pa + len - 1) / HW_CACHE_LINE - pa / HW_CACHE_LINE + 1 : 0;
}

static uint64_t frames_in(uint64_t pa, size_t len)
{
    return len ? ((pa + len - 1) >> PAGE_SHIFT) - (pa >> PAGE_SHIFT) + 1 : 0;
}

/* Lines in @m (SWAR: no libgcc call without -mpopcnt; usually 0 or all 64). */
static unsigned popcount(uint64_t m)
{
    if (!m || m == ~0ull)
        return m ? 64u : 0u;
    m -= (m >> 1) & 0x5555555555555555ull;
    m = (m & 0x3333333333333333ull) + ((m >> 2) & 0x3333333333333333ull);
    m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((m * 0x0101010101010101ull) >> 56);
}

/* Mask of lines [lo, hi] of a page, 0 <= lo <= hi < 64. */
static uint64_t line_mask(unsigned lo, unsigned hi)
{
    return (~0ull >> (63 - hi)) & (~0ull << lo);
}

/* Copy whole lines in @m from @src to @dst (both page bases), run by run. */
static void copy_lines(uint8_t *dst, const uint8_t *src, uint64_t m)
{
    while (m) {
        unsigned i = (unsigned)__builtin_ctzll(m);
        uint64_t rest = ~(m >> i);
        unsigned r = rest ? (unsigned)__builtin_ctzll(rest) : LINES_PER_PAGE - i;

        size_t n = r * HW_CACHE_LINE;

        /* n opaque: a known whole-lines length would be expanded inline as rep movsq,
         * slower than the C library's vector copy for the 1 to 64 lines moved here */
        __asm__("" : "+r"(n));
        memcpy(dst + i * HW_CACHE_LINE, src + i * HW_CACHE_LINE, n);
        m &= ~line_mask(i, i + r - 1);
    }
}

/*
 * Bytes [off, off + n) of a page walked in runs of lines in or out of @x:
 * the run starting at page offset @at (< @end) is as long as the return
 * value; *in tells whether its lines are in @x.
 */
static size_t run_len(uint64_t x, size_t at, size_t end, bool *in)
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

static bool seg_next(const struct hw_cache *c, struct seg *s, uint64_t pa, size_t len)
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

int hw_cache_init(struct hw_cache *c, struct hw_mem *mem)
{
    *c = (struct hw_cache){.mem = mem};
    return 0;
}

void hw_cache_fini(struct hw_cache *c)
{
    for (uint64_t i = 0; i < c->nr_slots; i++)
        if (c->slots[i].key)
            free(c->slots[i].dram);
    free(c->slots);
    while (c->spare) {
        void *s = c->spare;

        memcpy(&c->spare, s, sizeof(void *));
        free(s);
    }
    c->slots = NULL;
    c->nr_slots = c->nr_pages = c->nr_lines = c->nr_spare = 0;
    c->slot_shift = 0;
}

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
        if (!p->dram && !(p->dram = shadow_get(c))) {
            page_tidy(c, p);
            return -ENOMEM;
        }
        copy_lines(p->dram, cpu, keep);
    }
    c->nr_lines += popcount(m & ~p->tracked);
    p->tracked |= m;
    p->dirty |= m;
    p->stale &= ~m;
    return 0;
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
 * cpu_read() of 0 < @len bytes within one frame: the same checks in the same order
 * (RAM, then room in the table), the same line states and bytes, without the walk.
 */
static inline int cpu_read_frame(struct hw_cache *c, uint64_t pa, void *buf, size_t len)
{
    const uint8_t *s = hw_mem_frame_ro(c->mem, pa >> PAGE_SHIFT);
    uint64_t off = pa & (PAGE_SIZE - 1);

    if (!s)
        return -EFAULT;
    if (cache_reserve(c, 1))
        return -ENOMEM;
    page_cpu_read(c, page_get(c, pa >> PAGE_SHIFT), page_lines(off, len));
    if (buf)
        memcpy(buf, s + off, len);
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
 * (RAM, room in the table, the shadow), the same line states and bytes, without the
 * walk. The frame is taken for writing only once the checks passed, as the walk does.
 */
static inline int cpu_write_frame(struct hw_cache *c, uint64_t pa, const void *buf,
                                  size_t len)
{
    uint64_t frame = pa >> PAGE_SHIFT, off = pa & (PAGE_SIZE - 1);
    const struct hw_mem_bank *b = hw_mem_bank_of(c->mem, frame);
    uint8_t *d;

    if (!b)
        return -EFAULT;
    if (cache_reserve(c, 1))
        return -ENOMEM;
    d = hw_mem_bank_frame(c->mem, b, frame);
    if (page_cpu_write(c, page_get(c, frame), d, page_lines(off, len)))
        return -ENOMEM;
    if (buf)
        memcpy(d + off, buf, len);
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
    if (frames_in(pa, len) > 1 && shadow_reserve(c, write_needs(c, pa, len)))
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

int hw_cpu_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len)
{
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

    if (!s)
        return -EFAULT;
    if (cache_reserve(c, 1))
        return -ENOMEM;
    page_cpu_read(c, page_get(c, src >> PAGE_SHIFT), page_lines(soff, len));
    d = hw_mem_frame(c->mem, dst >> PAGE_SHIFT);
    if (!d)
        return -EFAULT;
    if (cache_reserve(c, 1) ||
        page_cpu_write(c, page_get(c, dst >> PAGE_SHIFT), d, page_lines(doff, len)))
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
        if (!p->dram && !(p->dram = shadow_get(c)))
            return -ENOMEM;
        /* the lines the write covers whole take all their DRAM bytes from @buf below */
        copy_lines(p->dram, s->cpu, clean & ~seg_whole_lines(s));
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

    if (len && one_frame(pa, len)) /* the walk below, one bank lookup */
        return seg_frame(c, &s, pa, len) ? dma_write_seg(c, &s, buf, coherent) : -EFAULT;
    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    if (!coherent && frames_in(pa, len) > 1 &&
        shadow_reserve(c, dma_write_needs(c, pa, len)))
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
            copy_lines(hw_mem_frame(c->mem, p->key - 1), p->dram, x);
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

    if (!len || !c->nr_pages)
        return;
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
