/* SPDX-License-Identifier: MIT */
/*
 * Era C per-mfn counters of a mapping domain: Xen keeps them in a radix
 * tree (lgt->maptrack_tree, 9781b51efd) whose slot value packs rd and wr
 * (BITS_PER_LONG/2 - 1 bits each). gntsim uses a fixed-height 64-way radix
 * tree over 36-bit mfns: dense keys cost 8 bytes each. Empty nodes are
 * kept until mt_radix_fini(), so the leaf last reached is remembered and a
 * key under it skips the descent (map and unmap of one mfn touch it in turn).
 */
#include <stdlib.h>

#include "xen/gnttab/gnttab.h"

#define MT_BITS     6u
#define MT_SLOTS    (1u << MT_BITS)
#define MT_LEVELS   6u /* 36-bit mfn */
#define MT_WR_SHIFT 31u

struct mt_node {
    union {
        void *slot[MT_SLOTS];   /* children (inner levels) */
        uint64_t val[MT_SLOTS]; /* packed rd | wr << 31 (leaf level) */
    };
};

static unsigned mt_index(uint64_t mfn, unsigned level)
{
    return (unsigned)(mfn >> (MT_BITS * (MT_LEVELS - 1 - level))) & (MT_SLOTS - 1);
}

/* The leaf word for @mfn, allocating the path when @create; NULL if absent/no memory. */
static uint64_t *mt_slot(struct mt_radix *t, uint64_t mfn, bool create)
{
    void **p = &t->root;

    if (mfn >> (MT_BITS * MT_LEVELS))
        return NULL;
    if (t->leaf && t->leaf_key == mfn >> MT_BITS) /* the descent would end there */
        return &((struct mt_node *)t->leaf)->val[mt_index(mfn, MT_LEVELS - 1)];
    for (unsigned level = 0; level < MT_LEVELS; level++) {
        if (!*p) {
            if (!create || !(*p = calloc(1, sizeof(struct mt_node))))
                return NULL;
            t->nr_nodes++;
        }
        if (level == MT_LEVELS - 1) {
            t->leaf = *p;
            t->leaf_key = mfn >> MT_BITS;
            return &((struct mt_node *)*p)->val[mt_index(mfn, level)];
        }
        p = &((struct mt_node *)*p)->slot[mt_index(mfn, level)];
    }
    return NULL;
}

bool mt_radix_get(const struct mt_radix *t, uint64_t mfn, uint32_t *rd, uint32_t *wr)
{
    uint64_t *v = mt_slot((struct mt_radix *)(uintptr_t)t, mfn, false);

    *rd = v ? (uint32_t)(*v & MT_COUNTER_MAX) : 0;
    *wr = v ? (uint32_t)((*v >> MT_WR_SHIFT) & MT_COUNTER_MAX) : 0;
    return v && *v;
}

int mt_radix_set(struct mt_radix *t, uint64_t mfn, uint32_t rd, uint32_t wr)
{
    uint64_t *v = mt_slot(t, mfn, true);

    if (!v)
        return -ENOMEM;
    if (!*v)
        t->nr_keys++;
    *v = (uint64_t)(rd & MT_COUNTER_MAX) |
         ((uint64_t)(wr & MT_COUNTER_MAX) << MT_WR_SHIFT);
    if (!*v)
        t->nr_keys--;
    return 0;
}

void mt_radix_delete(struct mt_radix *t, uint64_t mfn)
{
    uint64_t *v = mt_slot(t, mfn, false);

    if (v && *v) {
        *v = 0;
        t->nr_keys--;
    }
}

static int mt_walk(void *node, unsigned level, uint64_t prefix,
                   int (*fn)(void *, uint64_t, uint32_t, uint32_t), void *ctx)
{
    struct mt_node *n = node;
    int rc;

    for (unsigned i = 0; n && i < MT_SLOTS; i++) {
        uint64_t key = (prefix << MT_BITS) | i;

        if (level == MT_LEVELS - 1) {
            uint64_t v = n->val[i];

            rc = v ? fn(ctx, key, (uint32_t)(v & MT_COUNTER_MAX),
                        (uint32_t)((v >> MT_WR_SHIFT) & MT_COUNTER_MAX))
                   : 0;
        } else {
            rc = mt_walk(n->slot[i], level + 1, key, fn, ctx);
        }
        if (rc)
            return rc;
    }
    return 0;
}

int mt_radix_for_each(const struct mt_radix *t,
                      int (*fn)(void *ctx, uint64_t mfn, uint32_t rd, uint32_t wr),
                      void *ctx)
{
    return mt_walk(t->root, 0, 0, fn, ctx);
}

static void mt_free(void *node, unsigned level)
{
    struct mt_node *n = node;

    if (!n)
        return;
    if (level < MT_LEVELS - 1)
        for (unsigned i = 0; i < MT_SLOTS; i++)
            mt_free(n->slot[i], level + 1);
    free(n);
}

void mt_radix_fini(struct mt_radix *t)
{
    mt_free(t->root, 0);
    *t = (struct mt_radix){0};
}
