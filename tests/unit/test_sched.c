/* SPDX-License-Identifier: MIT */
/* The deferred-work queue: time order, FIFO ties, nested queuing, the livelock valve. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "env/sched.h"

struct rec {
    struct sched *s;
    uint64_t order[16];
    unsigned n;
};

static void note(void *ctx, uint64_t arg)
{
    struct rec *r = ctx;

    r->order[r->n++] = arg * 1000 + r->s->now_ns;
}

static void requeue(void *ctx, uint64_t arg)
{
    struct rec *r = ctx;

    note(ctx, arg);
    if (arg < 3)
        sched_at(r->s, 0, requeue, ctx, arg + 1);
}

static void forever(void *ctx, uint64_t arg)
{
    sched_at(ctx, 1, forever, ctx, arg);
}

static void order_by_time_then_fifo(void **state)
{
    struct sched s = {0};
    struct rec r = {.s = &s};

    (void)state;
    assert_int_equal(sched_at(&s, 5, note, &r, 1), 0);
    assert_int_equal(sched_at(&s, 0, note, &r, 2), 0);
    assert_int_equal(sched_at(&s, 5, note, &r, 3), 0);
    assert_int_equal(sched_at(&s, 0, requeue, &r, 1), 0);
    assert_int_equal(sched_run(&s, 0), 6);
    /* time 0: 2, requeue 1 (queues 2 at t0), requeue 2, requeue 3; time 5: 1, 3 */
    const uint64_t want[] = {2000, 1000, 2000, 3000, 1005, 3005};
    assert_int_equal(r.n, 6);
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(r.order[i], want[i]);
    assert_int_equal(s.now_ns, 5);
    sched_fini(&s);
}

static void livelock_is_reported(void **state)
{
    struct sched s = {0};

    (void)state;
    sched_at(&s, 0, forever, &s, 0);
    assert_int_equal(sched_run(&s, 100), -ELOOP);
    assert_int_equal(s.ran, 100);
    assert_int_equal(s.nr, 1);
    sched_fini(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(order_by_time_then_fifo),
        cmocka_unit_test(livelock_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
