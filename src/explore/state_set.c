/* SPDX-License-Identifier: MIT */
/*
 * The explorer's visited states: linear probing over a power-of-two table. The table
 * is its own mapping, not the malloc heap's: a heap block that grows with the search
 * would move where each run's world is allocated, and the vCPU stacks the state hash
 * reads hold pointers into that world, so the same state would hash anew in later
 * runs (measured: era A with 4 vCPUs, 203,156 states counted with the table on the
 * heap, 103,026 with it here).
 */
#include <errno.h>
#include <stdbool.h>
#include <sys/mman.h>

#include "explore/explore_int.h"

static size_t set_home(uint64_t h, size_t cap)
{
    return (size_t)((h * 0x9e3779b97f4a7c15ull) >> 17) & (cap - 1);
}

/* The slot of @h in @slot (of @cap): where it is, or the empty one it would go to. */
static size_t set_slot(const uint64_t *slot, size_t cap, uint64_t h)
{
    size_t i = set_home(h, cap);

    while (slot[i] && slot[i] != h)
        i = (i + 1) & (cap - 1);
    return i;
}

/* A zeroed table of @cap slots and their sleep sets, in one mapping; NULL: no memory. */
static uint64_t *set_map(size_t cap)
{
    void *p = mmap(NULL, cap * (sizeof(uint64_t) + 1), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    return p == MAP_FAILED ? NULL : p;
}

static void set_unmap(struct ex_set *s)
{
    if (s->slot)
        munmap(s->slot, s->cap * (sizeof(uint64_t) + 1));
}

static int set_grow(struct ex_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    uint64_t *n = set_map(cap);
    uint8_t *z;

    if (!n)
        return -ENOMEM;
    z = (uint8_t *)(n + cap);
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i]) {
            size_t j = set_slot(n, cap, s->slot[i]);

            n[j] = s->slot[i];
            z[j] = s->sleep[i];
        }
    set_unmap(s);
    s->slot = n;
    s->sleep = z;
    s->cap = cap;
    return 0;
}

uint8_t *ex_set_find(struct ex_set *s, uint64_t h, uint8_t sleep, int *rc)
{
    size_t i;

    if ((s->nr + 1) * 4 > s->cap * 3 && set_grow(s)) {
        *rc = -ENOMEM;
        return NULL;
    }
    i = set_slot(s->slot, s->cap, h);
    *rc = !s->slot[i];
    if (*rc) {
        s->slot[i] = h;
        s->sleep[i] = sleep;
        s->nr++;
    }
    return &s->sleep[i];
}

size_t ex_set_bytes(const struct ex_set *s)
{
    return s->cap * (sizeof(*s->slot) + 1);
}

void ex_set_fini(struct ex_set *s)
{
    set_unmap(s);
    s->slot = NULL;
    s->sleep = NULL;
    s->cap = s->nr = 0;
}
