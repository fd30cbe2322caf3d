/* SPDX-License-Identifier: MIT */
/*
 * sim_grow() (src/env/grow.c): the room it gives, the capacities it steps through,
 * the contents it keeps, and its refusals (a byte count past SIZE_MAX) that leave the
 * array and its capacity as they were.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "env/grow.h"

/* From nothing: the first capacity, then doublings; elements kept across moves. */
static void grow_doubles_and_keeps(void **state)
{
    uint32_t *a = NULL;
    size_t cap = 0;

    (void)state;
    for (uint32_t i = 0; i < 100; i++) {
        uint32_t *n = sim_grow(a, &cap, i + 1, sizeof(*n), 16);

        assert_non_null(n);
        a = n;
        a[i] = i * 7u;
        assert_true(cap >= i + 1);
        assert_int_equal(cap, i < 16 ? 16 : i < 32 ? 32 : i < 64 ? 64 : 128);
    }
    for (uint32_t i = 0; i < 100; i++)
        assert_int_equal(a[i], i * 7u);
    free(a);
}

/* Room already there: the same array and capacity; a need far past it: one step. */
static void grow_in_place_and_in_one_step(void **state)
{
    size_t cap = 0;
    char *a = sim_grow(NULL, &cap, 1, 1, 4), *b;

    (void)state;
    assert_non_null(a);
    assert_int_equal(cap, 4);
    b = sim_grow(a, &cap, 4, 1, 4);
    assert_ptr_equal(a, b);
    assert_int_equal(cap, 4);
    b = sim_grow(a, &cap, 1000, 1, 4);
    assert_non_null(b);
    assert_int_equal(cap, 1024);
    free(b);
}

/* A byte count past SIZE_MAX: NULL, the array and its capacity untouched. */
static void grow_refuses_overflow(void **state)
{
    size_t cap = 0;
    uint64_t *a = sim_grow(NULL, &cap, 2, sizeof(*a), 2), *n;

    (void)state;
    assert_non_null(a);
    a[0] = 0x1122334455667788ull;
    n = sim_grow(a, &cap, SIZE_MAX / sizeof(*a) + 1, sizeof(*a), 2);
    assert_null(n);
    assert_int_equal(cap, 2);
    n = sim_grow(a, &cap, SIZE_MAX, 1, 2); /* the doubling itself would wrap */
    assert_null(n);
    assert_int_equal(cap, 2);
    assert_int_equal(a[0], 0x1122334455667788ull); /* still ours, still valid */
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grow_doubles_and_keeps),
        cmocka_unit_test(grow_in_place_and_in_one_step),
        cmocka_unit_test(grow_refuses_overflow),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
