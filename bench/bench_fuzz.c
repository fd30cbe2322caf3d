/* SPDX-License-Identifier: MIT */
/*
 * bench_fuzz: fuzz-style throughput of the grant-sequence program
 * (tests/fuzz/fz_gnttab.h, what fuzz_gnttab runs) over its seed corpus:
 * executions per second with every invariant checked after each operation,
 * beside the same executions without invariants, measured in the same run.
 *
 * Usage: bench_fuzz [CORPUS-DIR]   (default tests/fuzz/corpus/gnttab)
 *        bench_fuzz --passes K CHECK CORPUS-DIR   (the child callgrind counts)
 * Target: >= 10 000 executions/s with invariants on one core, and a ratio
 * (with / without invariants) >= 0.5.
 */
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/fuzz/fz_gnttab.h"
#include "bench_util.h"

#define ROUNDS    7
#define MAX_SEEDS 64
#define SEED_MAX  4096

struct corpus {
    uint8_t *data[MAX_SEEDS];
    size_t len[MAX_SEEDS];
    unsigned n;
};

/* Read every regular file of @dir (at most MAX_SEEDS, SEED_MAX bytes each). */
static int corpus_load(struct corpus *c, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    while (d && (e = readdir(d)) && c->n < MAX_SEEDS) {
        char path[1024];
        FILE *f;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        f = fopen(path, "rb");
        c->data[c->n] = f ? malloc(SEED_MAX) : NULL;
        if (c->data[c->n])
            c->len[c->n] = fread(c->data[c->n], 1, SEED_MAX, f), c->n++;
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
    return c->n ? 0 : -1;
}

/* @passes passes over the corpus (callgrind counts the instructions in here). */
__attribute__((noinline)) void bench_fuzz_passes(const struct corpus *c,
                                                 struct gntsim_pool *pool, bool check,
                                                 unsigned passes);
__attribute__((noinline)) void bench_fuzz_passes(const struct corpus *c,
                                                 struct gntsim_pool *pool, bool check,
                                                 unsigned passes)
{
    for (unsigned p = 0; p < passes; p++)
        for (unsigned i = 0; i < c->n; i++)
            fz_gnttab_run(c->data[i], c->len[i], pool, check);
}

/* Median executions per second over ROUNDS passes of @passes over the corpus. */
static double execs_per_s(const struct corpus *c, struct gntsim_pool *pool, bool check,
                          unsigned passes)
{
    double v[ROUNDS];

    for (int k = 0; k < ROUNDS; k++) {
        uint64_t t0 = bench_now_ns();

        bench_fuzz_passes(c, pool, check, passes);
        v[k] = (double)passes * c->n * 1e9 / (double)(bench_now_ns() - t0);
    }
    return bench_median(v, ROUNDS);
}

/* Instructions per execution with and without invariants (callgrind), and their ratio. */
static void fuzz_instructions(struct bench_report *r, const char *dir, unsigned nseeds)
{
    const char *vg = bench_valgrind(r, "instructions per execution");
    double ir[2];
    char rest[160]; /* bench_callgrind_per() puts it in 256 bytes */

    if (vg && strlen(dir) > sizeof(rest) - 8) {
        bench_note(r, "instructions per execution skipped: corpus path too long");
        return;
    }
    for (int check = 0; vg && check < 2; check++) {
        snprintf(rest, sizeof(rest), " %d '%s'", check, dir);
        ir[check] = bench_callgrind_per(vg, "bench_fuzz_passes", "--passes", 4, rest);
        if (ir[check] < 0)
            return;
        ir[check] /= nseeds;
    }
    if (!vg)
        return;
    bench_add(r, "fuzz_gnttab_instr_per_exec_no_invariants", ir[0], "instr", NULL, 0);
    bench_add(r, "fuzz_gnttab_instr_per_exec", ir[1], "instr", "no_invariants", ir[0]);
    bench_note(r, "instructions: callgrind Ir inside bench_fuzz_passes, (Ir(8 passes) - "
                  "Ir(4 passes)) / (4 x seeds); the ratio printed is with / without");
}

/* Child mode for callgrind: --passes K CHECK DIR. */
static int fuzz_child(char **argv)
{
    struct corpus c = {0};
    struct gntsim_pool *pool = NULL;

    if (corpus_load(&c, argv[4]) || gntsim_pool_create(&pool))
        return 1;
    bench_fuzz_passes(&c, pool, atoi(argv[3]) != 0, (unsigned)atoi(argv[2]));
    gntsim_pool_destroy(pool);
    for (unsigned i = 0; i < c.n; i++)
        free(c.data[i]);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/fuzz/corpus/gnttab";

    if (argc == 5 && !strcmp(argv[1], "--passes"))
        return fuzz_child(argv);
    struct bench_report *r = calloc(1, sizeof(*r));
    struct corpus c = {0};
    struct gntsim_pool *pool = NULL;
    double with, without;
    struct bench_fig *f;

    mallopt(M_TRIM_THRESHOLD, 64 << 20); /* as a long fuzzing process keeps its heap */
    if (!r || corpus_load(&c, dir) || gntsim_pool_create(&pool)) {
        fprintf(stderr,
                "bench_fuzz: cannot load the corpus %s (run from the source tree)\n",
                dir);
        return 1;
    }
    printf("bench_fuzz: fuzz_gnttab's program over its %u seeds, one core\n", c.n);
    without = execs_per_s(&c, pool, false, 20);
    with = execs_per_s(&c, pool, true, 20);
    bench_add(r, "fuzz_gnttab_execs_per_s_no_invariants", without, "1/s", NULL, 0);
    f = bench_add(r, "fuzz_gnttab_execs_per_s", with, "1/s", "no_invariants", without);
    bench_target(f, ">= 10000/s, ratio >= 0.5", with >= 10000 && with >= 0.5 * without);
    bench_note(r, "each execution: a world with 3 domains (release chosen by the input), "
                  "then up to 64 grant operations; invariants after every operation "
                  "(gntsim_check_invariants_step(), a full check every 16 operations "
                  "and at the end)");
    fuzz_instructions(r, dir, c.n);
    bench_print(r, stdout);
    gntsim_pool_destroy(pool);
    for (unsigned i = 0; i < c.n; i++)
        free(c.data[i]);
    free(r);
    return 0;
}
