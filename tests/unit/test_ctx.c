/* SPDX-License-Identifier: MIT */
/*
 * The simulated vCPUs' context switch (src/env/ctx.h) and the state hash's word hash
 * (src/env/hash.h): a coroutine runs on its own stack, 16-byte aligned as the ABI
 * wants, with its argument; the registers a caller keeps across a call survive every
 * switch; and sim_hash_words() tells apart any one changed, moved or added word.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "env/ctx.h"
#include "env/hash.h"

#define STACK_SIZE (64u * 1024)

struct co {
    struct sim_ctx main, self;
    unsigned char *stack;
    void *arg_seen;
    uintptr_t aligned_local; /* the address of a 16-aligned local of the coroutine */
    uint64_t got[64];        /* what main handed over before each resumption */
    uint64_t handover;
    unsigned n;
};

static void co_body(void *arg)
{
    struct co *c = arg;
    _Alignas(16) volatile unsigned char aligned[16] = {0};

    c->arg_seen = arg;
    c->aligned_local = (uintptr_t)aligned;
    for (;;) { /* every resumption: note what main set, give control back */
        c->got[c->n % 64] = c->handover;
        c->n++;
        sim_ctx_switch(&c->self, &c->main);
    }
}

static struct co *co_new(void)
{
    struct co *c = calloc(1, sizeof(*c));

    assert_non_null(c);
    c->stack = malloc(STACK_SIZE);
    assert_non_null(c->stack);
    assert_int_equal(sim_ctx_make(&c->self, c->stack, STACK_SIZE, co_body, c), 0);
    return c;
}

static void co_free(struct co *c)
{
    free(c->stack);
    free(c);
}

/* The coroutine gets its argument, runs on its stack, 16-aligned, and resumes where
 * it left off (its loop counter goes on). */
static void ctx_runs_on_its_stack(void **state)
{
    struct co *c = co_new();

    (void)state;
    for (uint64_t i = 0; i < 10; i++) {
        c->handover = i * 7 + 1;
        sim_ctx_switch(&c->main, &c->self);
    }
    assert_ptr_equal(c->arg_seen, c);
    assert_true(c->aligned_local >= (uintptr_t)c->stack &&
                c->aligned_local < (uintptr_t)c->stack + STACK_SIZE);
    assert_int_equal(c->aligned_local % 16, 0);
    assert_int_equal(c->n, 10);
    for (unsigned i = 0; i < 10; i++)
        assert_int_equal(c->got[i], i * 7 + 1);
    co_free(c);
}

/* A mix of many values live across each switch: the compiler keeps them in the
 * registers a callee must preserve, so a switch that lost one changes the sum. */
static uint64_t mix_across(struct co *c, unsigned rounds, bool do_switch)
{
    uint64_t a = 1, b = 2, d = 3, e = 5, f = 7, g = 11, h = 13;

    for (unsigned i = 0; i < rounds; i++) {
        a = a * 31 + b;
        b ^= d << 3;
        d += e * 17;
        e = e * 13 + f;
        f ^= g >> 1;
        g += h * 3;
        h = h * 7 + a;
        if (do_switch)
            sim_ctx_switch(&c->main, &c->self);
    }
    return a ^ b ^ d ^ e ^ f ^ g ^ h;
}

static void ctx_keeps_callee_saved(void **state)
{
    struct co *c = co_new();
    uint64_t without = mix_across(c, 40, false);

    (void)state;
    assert_int_equal(mix_across(c, 40, true), without);
    assert_int_equal(c->n, 40);
    co_free(c);
}

/* Two coroutines, switched to in turn: each keeps its own place. */
static void ctx_two_interleave(void **state)
{
    struct co *c[2] = {co_new(), co_new()};

    (void)state;
    for (unsigned i = 0; i < 6; i++) {
        struct co *x = c[i % 2];

        x->handover = 100 + i;
        sim_ctx_switch(&x->main, &x->self);
    }
    assert_int_equal(c[0]->n, 3);
    assert_int_equal(c[1]->n, 3);
    assert_int_equal(c[0]->got[2], 104);
    assert_int_equal(c[1]->got[2], 105);
    co_free(c[0]);
    co_free(c[1]);
}

/* Every single word change in a page (each offset, a low and a high bit), a word moved
 * to the next slot, and the length change the hash; equal bytes do not. */
static void hash_words_tells_changes(void **state)
{
    enum { WORDS = 512 };
    uint64_t *page = calloc(WORDS, sizeof(*page)), *copy = calloc(WORDS, sizeof(*copy));
    uint64_t base;

    (void)state;
    assert_non_null(page);
    assert_non_null(copy);
    for (unsigned i = 0; i < WORDS; i += 3)
        page[i] = 0x1000u + i;
    memcpy(copy, page, WORDS * sizeof(*page));
    base = sim_hash_words(42, page, WORDS * 8);
    assert_true(sim_hash_words(42, copy, WORDS * 8) == base);
    assert_true(sim_hash_words(43, page, WORDS * 8) != base);
    for (unsigned i = 0; i < WORDS; i++)
        for (unsigned bit = 0; bit < 64; bit += 63) {
            page[i] ^= 1ull << bit;
            assert_true(sim_hash_words(42, page, WORDS * 8) != base);
            page[i] ^= 1ull << bit;
        }
    for (unsigned i = 0; i + 1 < WORDS; i += 3) { /* a word moved up one slot */
        page[i + 1] = page[i], page[i] = 0;
        assert_true(sim_hash_words(42, page, WORDS * 8) != base);
        page[i] = page[i + 1], page[i + 1] = 0;
    }
    assert_true(sim_hash_words(42, page, WORDS * 8) == base);
    assert_true(sim_hash_words(42, page, WORDS * 8 - 8) != base);
    memset(page, 0, WORDS * 8);
    assert_true(sim_hash_words(42, page, 64) != sim_hash_words(42, page, 128));
    free(page);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ctx_runs_on_its_stack),
        cmocka_unit_test(ctx_keeps_callee_saved),
        cmocka_unit_test(ctx_two_interleave),
        cmocka_unit_test(hash_words_tells_changes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
