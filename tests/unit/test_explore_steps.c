/* SPDX-License-Identifier: MIT */
/*
 * gntsim explore's whole steps (a vCPU runs its acquisitions, then its releases, and
 * stops at the next acquisition) lose no outcome of the finer model that stops before
 * every acquisition: for each race file of scenarios/, under a release with the race
 * and one without, both models are explored and must end in the same set of outcomes
 * (the world left, its findings, its failed expectations; a run stops only at a state
 * whose continuations an earlier run explored, so every reachable outcome is seen). A
 * racy access the model does not declare (sim_lock_point()) shows up here as an
 * outcome only the finer model reaches. Then the whole steps must need fewer points.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gntsim/explore.h"

#if defined(__SANITIZE_ADDRESS__)
#define STEPS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STEPS_ASAN 1
#endif
#endif

struct outcomes {
    uint64_t *v;
    size_t n, cap;
};

static void outcome_add(void *ctx, uint64_t h)
{
    struct outcomes *o = ctx;

    for (size_t i = 0; i < o->n; i++)
        if (o->v[i] == h)
            return;
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 16;
        o->v = realloc(o->v, o->cap * sizeof(*o->v));
        assert_non_null(o->v);
    }
    o->v[o->n++] = h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* Explore @sc under @rel: the finer model without sleep sets (the reference), or whole
 * steps with them; its outcomes, sorted. */
static void explore_outcomes(const struct gntsim_scenario *sc, const char *rel,
                             bool lock_steps, struct outcomes *out,
                             struct gntsim_explore_result *r)
{
    struct gntsim_explore_opts o = {.release = rel,
                                    .hash = true,
                                    .no_por = lock_steps,
                                    .all = true,
                                    .lock_steps = lock_steps,
                                    .complete = outcome_add,
                                    .complete_ctx = out};

    assert_int_equal(gntsim_explore(sc, &o, r), 0);
    assert_true(r->exhaustive);
    qsort(out->v, out->n, sizeof(*out->v), cmp_u64);
}

struct race_file {
    const char *path; /* under scenarios/ */
    const char *rel[2];
    /* over a minute under AddressSanitizer, whose frames defeat the state hash: the
     * gcc build explores it */
    bool heavy;
};

static const struct race_file race_files[] = {
    {"races/era-a-iommu.gsc", {"4.11", "master"}, false},
    {"races/maptrack-lockfree.gsc", {"4.11", "master"}, true},
    {"xsa/xsa-218.gsc", {"4.11", "master"}, false},
    {"xsa/xsa-218-fixed.gsc", {"4.11", "master"}, false},
    {"xsa/xsa-228-race.gsc", {"4.11", "master"}, true},
    {"xsa/xsa-236.gsc", {"4.11", "master"}, false},
    {"xsa/xsa-379.gsc", {"4.17", "4.11"}, false},
    {"xsa/xsa-379-arm.gsc", {"4.12.0", "master"}, false},
    {"xsa/xsa-379-three.gsc", {"4.15.1", "master"}, false},
    {"xsa/xsa-384.gsc", {"4.11", "master"}, false},
    {"xsa/xsa-396.gsc", {"4.15.0", "master"}, false},
    {"xsa/xsa-411.gsc", {"4.11", "master"}, true},
    {"xsa/xsa-486.gsc", {"4.11", "master"}, false},
    {"xsa/xsa-501.gsc", {"4.11", "master"}, false},
};

static void whole_steps_keep_outcomes(void **state)
{
    struct gntsim_explore_result *fine = calloc(1, sizeof(*fine));
    struct gntsim_explore_result *whole = calloc(1, sizeof(*whole));
    uint64_t points_fine = 0, points_whole = 0;

    (void)state;
    assert_non_null(fine);
    assert_non_null(whole);
    for (size_t i = 0; i < sizeof(race_files) / sizeof(race_files[0]); i++) {
        char path[512];
        struct gntsim_scenario *sc;

#ifdef STEPS_ASAN
        if (race_files[i].heavy) {
            printf("%s: skipped under AddressSanitizer (its stack frames defeat the "
                   "state hash: minutes); the gcc build explores it\n",
                   race_files[i].path);
            continue;
        }
#endif
        snprintf(path, sizeof(path), "%s/scenarios/%s", GNTSIM_SOURCE_DIR,
                 race_files[i].path);
        assert_int_equal(gntsim_scenario_load(path, stderr, &sc), 0);
        for (int k = 0; k < 2; k++) {
            struct outcomes a = {0}, b = {0};

            explore_outcomes(sc, race_files[i].rel[k], true, &a, fine);
            explore_outcomes(sc, race_files[i].rel[k], false, &b, whole);
            printf("%s %s: %zu outcomes; points %llu (lock steps) %llu (whole)\n",
                   race_files[i].path, race_files[i].rel[k], a.n,
                   (unsigned long long)fine->points, (unsigned long long)whole->points);
            assert_true(a.n >= 1);
            assert_int_equal(a.n, b.n);
            assert_memory_equal(a.v, b.v, a.n * sizeof(*a.v));
            assert_int_equal(fine->found > 0, whole->found > 0);
            points_fine += fine->points, points_whole += whole->points;
            free(a.v);
            free(b.v);
        }
        gntsim_scenario_free(sc);
    }
    assert_true(points_whole < points_fine);
    free(fine);
    free(whole);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_steps_keep_outcomes),
    };

    (void)argc;
    (void)gntsim_explore_exec_tcache_off(argv); /* counts as gntsim explore's */

    return cmocka_run_group_tests(tests, NULL, NULL);
}
