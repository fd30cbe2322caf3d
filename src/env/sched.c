/* SPDX-License-Identifier: MIT */
/* The deferred-work queue (see sched.h): a binary min-heap on (time, seq). */
#include <stdbool.h>
#include <stdlib.h>

#include "env/compiler.h"
#include "env/sched.h"
#include "env/grow.h"

static int item_before(const struct sched_item *a, const struct sched_item *b)
{
    return a->when_ns < b->when_ns || (a->when_ns == b->when_ns && a->seq < b->seq);
}

int sched_at(struct sched *s, uint64_t delay_ns, sched_fn fn, void *ctx, uint64_t arg)
{
    struct sched_item it = {
        .when_ns = s->now_ns + delay_ns, .seq = s->seq, .fn = fn, .ctx = ctx, .arg = arg};
    size_t i;

    if (s->nr == s->cap) {
        struct sched_item *h = sim_grow(s->heap, &s->cap, s->nr + 1, sizeof(*h), 64);

        if (!h)
            return -ENOMEM;
        s->heap = h;
    }
    s->seq++;
    /* sift up with a hole: each parent moved down once (the swaps' end state) */
    for (i = s->nr++; i && item_before(&it, &s->heap[(i - 1) / 2]); i = (i - 1) / 2)
        s->heap[i] = s->heap[(i - 1) / 2];
    s->heap[i] = it;
    return 0;
}

static struct sched_item heap_pop(struct sched *s)
{
    struct sched_item top = s->heap[0], last = s->heap[--s->nr];
    size_t i = 0;

    /* sift the last item down from the root with a hole (the swaps' end state) */
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = l;

        if (l >= s->nr)
            break;
        if (r < s->nr && item_before(&s->heap[r], &s->heap[l]))
            m = r;
        if (!item_before(&s->heap[m], &last))
            break;
        s->heap[i] = s->heap[m];
        i = m;
    }
    if (s->nr)
        s->heap[i] = last;
    return top;
}

/* Run items until none is left (or, with @due_only, none is due now). */
static long sched_run_items(struct sched *s, uint64_t limit, bool due_only)
{
    uint64_t max = limit ? limit : s->max_run ? s->max_run : 1000000;
    long n = 0;

    while (s->nr && (!due_only || s->heap[0].when_ns <= s->now_ns)) {
        struct sched_item it;

        if ((uint64_t)n >= max)
            return -ELOOP;
        it = heap_pop(s);
        if (it.when_ns > s->now_ns)
            s->now_ns = it.when_ns;
        it.fn(it.ctx, it.arg);
        s->ran++;
        n++;
    }
    return n;
}

long sched_run(struct sched *s, uint64_t limit)
{
    return sched_run_items(s, limit, false);
}

long sched_run_due(struct sched *s, uint64_t limit)
{
    return sched_run_items(s, limit, true);
}

void sched_fini(struct sched *s)
{
    free(s->heap);
    *s = (struct sched){0};
}
