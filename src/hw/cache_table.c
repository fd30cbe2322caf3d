/* SPDX-License-Identifier: MIT */
/*
 * Cache model (see cache.h), its table: an open-addressing table (linear probing,
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

#include "hw/cache_int.h"

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
int cache_grow(struct hw_cache *c, uint64_t more)
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

/* Insert @frame's page (absent) with no line tracked (room reserved). */
struct hw_cache_page *cache_page_insert(struct hw_cache *c, uint64_t frame)
{
    c->nr_pages++;
    return page_place(c, &(struct hw_cache_page){.key = frame + 1});
}

/* Have at least @n spare shadows. Returns 0 or -ENOMEM (the spares stay). */
int cache_shadow_reserve(struct hw_cache *c, uint64_t n)
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

/* Whole lines, run by run (see cache_int.h). */
void cache_copy_lines(uint8_t *dst, const uint8_t *src, uint64_t m)
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

/* A shadow page from the spares or the heap; NULL when out of memory. */
uint8_t *cache_shadow_get(struct hw_cache *c)
{
    uint8_t *s = c->spare;

    if (!s)
        return malloc(PAGE_SIZE);
    memcpy(&c->spare, s, sizeof(void *));
    c->nr_spare--;
    return s;
}

void cache_shadow_put(struct hw_cache *c, uint8_t *s)
{
    if (c->nr_spare >= CACHE_MAX_SPARE) {
        free(s);
        return;
    }
    memcpy(s, &c->spare, sizeof(void *));
    c->spare = s;
    c->nr_spare++;
}

/* Remove @p with backward-shift deletion (keeps probe chains intact). */
void cache_page_remove(struct hw_cache *c, struct hw_cache_page *p)
{
    uint64_t mask = c->nr_slots - 1, hole = (uint64_t)(p - c->slots);

    if (p->dram)
        cache_shadow_put(c, p->dram);
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
