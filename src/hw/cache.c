/* SPDX-License-Identifier: MIT */
/*
 * Cache model (see cache.h): an open-addressing table (linear probing,
 * backward-shift deletion, deterministic multiplicative hash) of the lines
 * a CPU touched, each with its state and, when DIRTY or STALE, the DRAM
 * bytes behind it. Architectural basis: Arm ARM DC CVAC/IVAC/CIVAC to the
 * point of coherency; a non-coherent master reads and writes DRAM only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "env/compiler.h"
#include "hw/cache.h"

#define LINE_FREE  HW_LINE_UNTRACKED
#define LINE_CLEAN HW_LINE_CLEAN
#define LINE_DIRTY HW_LINE_DIRTY
#define LINE_STALE HW_LINE_STALE

struct hw_cache_line {
    uint64_t key; /* machine address / HW_CACHE_LINE */
    uint8_t state;
    uint8_t dram[HW_CACHE_LINE]; /* DRAM bytes (DIRTY, STALE) */
};

#define CACHE_MIN_SLOTS 1024u

static uint64_t line_hash(uint64_t key, uint64_t nr_slots)
{
    return (key * 0x9E3779B97F4A7C15ull) & (nr_slots - 1);
}

static struct hw_cache_line *line_find(const struct hw_cache *c, uint64_t key)
{
    if (!c->nr_lines)
        return NULL;
    for (uint64_t i = line_hash(key, c->nr_slots);; i = (i + 1) & (c->nr_slots - 1)) {
        if (c->slots[i].state == LINE_FREE)
            return NULL;
        if (c->slots[i].key == key)
            return &c->slots[i];
    }
}

/* Place @l (not present) into the table; there is always a free slot. */
static struct hw_cache_line *line_place(struct hw_cache *c, const struct hw_cache_line *l)
{
    uint64_t i = line_hash(l->key, c->nr_slots);

    while (c->slots[i].state != LINE_FREE)
        i = (i + 1) & (c->nr_slots - 1);
    c->slots[i] = *l;
    return &c->slots[i];
}

/* Make room for @more lines at load <= 1/2. Returns 0 or -ENOMEM (nothing changed). */
static int cache_reserve(struct hw_cache *c, uint64_t more)
{
    uint64_t want = c->nr_slots ? c->nr_slots : CACHE_MIN_SLOTS;
    struct hw_cache_line *old = c->slots, *n;
    uint64_t old_nr = c->nr_slots;

    while ((c->nr_lines + more) * 2 > want)
        want *= 2;
    if (want == c->nr_slots)
        return 0;
    n = calloc(want, sizeof(*n));
    if (!n)
        return -ENOMEM;
    c->slots = n;
    c->nr_slots = want;
    for (uint64_t i = 0; i < old_nr; i++)
        if (old[i].state != LINE_FREE)
            line_place(c, &old[i]);
    free(old);
    return 0;
}

/* Remove @l with backward-shift deletion (keeps probe chains intact). */
static void line_remove(struct hw_cache *c, struct hw_cache_line *l)
{
    uint64_t mask = c->nr_slots - 1, hole = (uint64_t)(l - c->slots);

    for (uint64_t j = (hole + 1) & mask; c->slots[j].state != LINE_FREE;
         j = (j + 1) & mask) {
        uint64_t home = line_hash(c->slots[j].key, c->nr_slots);

        /* move j into the hole unless its home lies cyclically in (hole, j] */
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            c->slots[hole] = c->slots[j];
            hole = j;
        }
    }
    c->slots[hole].state = LINE_FREE;
    c->nr_lines--;
}

static struct hw_cache_line *line_track(struct hw_cache *c, uint64_t key)
{
    struct hw_cache_line l = {.key = key, .state = LINE_CLEAN}, *p = line_find(c, key);

    if (p)
        return p;
    c->nr_lines++;
    return line_place(c, &l);
}

/* Host pointer to the CPU view of line @key (lines never cross a frame). */
static uint8_t *line_cpu(const struct hw_cache *c, uint64_t key)
{
    uint64_t pa = key * HW_CACHE_LINE;

    return hw_mem_frame(c->mem, pa >> PAGE_SHIFT) + (pa & (PAGE_SIZE - 1));
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

int hw_cache_init(struct hw_cache *c, struct hw_mem *mem)
{
    *c = (struct hw_cache){.mem = mem};
    return 0;
}

void hw_cache_fini(struct hw_cache *c)
{
    free(c->slots);
    c->slots = NULL;
    c->nr_slots = c->nr_lines = 0;
}

/*
 * One segment of an access: line @key, bytes [off, off + n) of it; @cpu is
 * the host pointer to the line's CPU view (the frame is looked up once per
 * frame, not once per line).
 */
struct seg {
    uint64_t key;
    size_t off, n, done;
    uint64_t frame; /* frame of @base + 1; 0 = none yet */
    uint8_t *base, *cpu;
};

static bool seg_next(const struct hw_cache *c, struct seg *s, uint64_t pa, size_t len)
{
    uint64_t at = pa + s->done;

    if (s->done >= len)
        return false;
    s->key = at / HW_CACHE_LINE;
    s->off = (size_t)(at % HW_CACHE_LINE);
    s->n = HW_CACHE_LINE - s->off;
    if (s->n > len - s->done)
        s->n = len - s->done;
    if (s->frame != (at >> PAGE_SHIFT) + 1) {
        s->frame = (at >> PAGE_SHIFT) + 1;
        s->base = hw_mem_frame(c->mem, at >> PAGE_SHIFT);
    }
    s->cpu = s->base + ((s->key * HW_CACHE_LINE) & (PAGE_SIZE - 1));
    return true;
}

int hw_cpu_read(struct hw_cache *c, uint64_t pa, void *buf, size_t len)
{
    struct seg s = {0};

    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    if (cache_reserve(c, lines_in(pa, len)))
        return -ENOMEM;
    for (; seg_next(c, &s, pa, len); s.done += s.n) {
        line_track(c, s.key); /* untracked -> CLEAN; others unchanged */
        memcpy((uint8_t *)buf + s.done, s.cpu + s.off, s.n);
    }
    return 0;
}

int hw_cpu_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len)
{
    struct seg s = {0};

    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    if (cache_reserve(c, lines_in(pa, len)))
        return -ENOMEM;
    for (; seg_next(c, &s, pa, len); s.done += s.n) {
        struct hw_cache_line *l = line_track(c, s.key);
        uint8_t *cpu = s.cpu;

        if (l->state == LINE_CLEAN) /* DRAM still equals the CPU view: keep it */
            memcpy(l->dram, cpu, HW_CACHE_LINE);
        l->state = LINE_DIRTY;
        memcpy(cpu + s.off, (const uint8_t *)buf + s.done, s.n);
    }
    return 0;
}

int hw_dma_read(struct hw_cache *c, uint64_t pa, void *buf, size_t len, bool coherent)
{
    struct seg s = {0};

    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    for (; seg_next(c, &s, pa, len); s.done += s.n) {
        const struct hw_cache_line *l = coherent ? NULL : line_find(c, s.key);
        const uint8_t *src = s.cpu;

        if (l && l->state != LINE_CLEAN) /* DIRTY or STALE: DRAM differs */
            src = l->dram;
        memcpy((uint8_t *)buf + s.done, src + s.off, s.n);
    }
    return 0;
}

int hw_dma_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len,
                 bool coherent)
{
    struct seg s = {0};

    if (!range_is_ram(c, pa, len))
        return -EFAULT;
    for (; seg_next(c, &s, pa, len); s.done += s.n) {
        struct hw_cache_line *l = line_find(c, s.key);
        const uint8_t *src = (const uint8_t *)buf + s.done;

        if (coherent || !l) { /* snooped, or nothing cached: the CPU view is DRAM */
            memcpy(s.cpu + s.off, src, s.n);
            if (l && l->state != LINE_CLEAN)
                memcpy(l->dram + s.off, src, s.n);
            continue;
        }
        if (l->state == LINE_CLEAN) {
            memcpy(l->dram, s.cpu, HW_CACHE_LINE);
            l->state = LINE_STALE;
        }
        memcpy(l->dram + s.off, src, s.n);
    }
    return 0;
}

/* One line's maintenance; returns true if the line was removed. */
static bool line_maint(struct hw_cache *c, struct hw_cache_line *l, enum hw_cache_op op)
{
    if ((op & HW_CACHE_CLEAN) && l->state == LINE_DIRTY) {
        l->state = LINE_CLEAN; /* written back: DRAM := CPU view */
        c->cleaned++;
    }
    if (!(op & HW_CACHE_INVAL))
        return false;
    if (l->state != LINE_CLEAN) /* dirty data discarded, or stale copy dropped */
        memcpy(line_cpu(c, l->key), l->dram, HW_CACHE_LINE);
    c->invalidated++;
    line_remove(c, l);
    return true;
}

/* Maintenance over a range wider than the table: visit the tracked lines instead. */
static void cache_maint_sparse(struct hw_cache *c, uint64_t first, uint64_t n,
                               enum hw_cache_op op)
{
    uint64_t *keys = malloc(c->nr_lines * sizeof(*keys)), nr = 0;

    for (uint64_t i = 0; keys && i < c->nr_slots; i++)
        if (c->slots[i].state != LINE_FREE && c->slots[i].key - first < n)
            keys[nr++] = c->slots[i].key;
    for (uint64_t i = 0; i < nr; i++)
        line_maint(c, line_find(c, keys[i]), op);
    free(keys); /* allocation failure: nothing is done (documented simplification) */
}

void hw_cache_maint(struct hw_cache *c, uint64_t pa, size_t len, enum hw_cache_op op)
{
    uint64_t first = pa / HW_CACHE_LINE, n = lines_in(pa, len);

    if (n > c->nr_slots) {
        if (c->nr_lines)
            cache_maint_sparse(c, first, n, op);
        return;
    }
    for (uint64_t k = first; c->nr_lines && k < first + n; k++) {
        struct hw_cache_line *l = line_find(c, k);

        if (l)
            line_maint(c, l, op);
    }
}

enum hw_cache_state hw_cache_line_state(const struct hw_cache *c, uint64_t pa)
{
    const struct hw_cache_line *l = line_find(c, pa / HW_CACHE_LINE);

    return l ? (enum hw_cache_state)l->state : HW_LINE_UNTRACKED;
}
