/* SPDX-License-Identifier: MIT */
/*
 * bench_scenario: wall time of the whole seed scenario (world setup to the
 * NIC's DMA, every expectation checked) per release, and complete seed
 * scenarios per second, beside an empty scenario (world create + destroy
 * only) measured in the same run. The file is parsed once; "parse+run" also
 * times parsing it every time.
 *
 * Usage: bench_scenario [SEED.gsc]   (default scenarios/seed.gsc)
 * Target: at least 10 000 complete seed scenarios per second on one core.
 */
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "gntsim/scenario.h"
#include "bench_util.h"

#define ROUNDS 7

struct bench_job {
    const struct gntsim_scenario *sc; /* NULL: parse @text each time */
    const char *text;
    size_t len;
    const char *release;
    unsigned n;
    struct gntsim_pool *pool; /* machine memory reused across runs */
};

/* Median nanoseconds per run of @j over ROUNDS batches; -1 on a failing run. */
static double time_runs(const struct bench_job *j)
{
    double ns[ROUNDS];

    for (int k = 0; k < ROUNDS; k++) {
        uint64_t t0 = bench_now_ns();

        for (unsigned i = 0; i < j->n; i++) {
            struct gntsim_scenario *own = NULL;
            const struct gntsim_scenario *sc = j->sc;

            if (!sc && gntsim_scenario_parse("seed", j->text, j->len, stderr, &own))
                return -1;
            struct gntsim_scenario_opts o = {.pool = j->pool};

            if (gntsim_scenario_run(sc ? sc : own, j->release, &o) != 0)
                return -1;
            gntsim_scenario_free(own);
        }
        ns[k] = (double)(bench_now_ns() - t0) / j->n;
    }
    return bench_median(ns, ROUNDS);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = f ? malloc(1 << 16) : NULL;

    *len = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    if (f)
        fclose(f);
    return buf;
}

static int bench_release(struct bench_report *r, struct bench_job *j,
                         const struct gntsim_scenario *sc, double empty_ns)
{
    char name[64];
    double run_ns, parse_ns;
    struct bench_fig *f;

    j->sc = sc;
    run_ns = time_runs(j);
    j->sc = NULL;
    parse_ns = time_runs(j);
    if (run_ns < 0 || parse_ns < 0) {
        fprintf(stderr, "bench_scenario: the seed scenario fails under %s\n", j->release);
        return -1;
    }
    snprintf(name, sizeof(name), "seed_scenario_%s", j->release);
    bench_add(r, name, run_ns, "ns", "empty_scenario", empty_ns);
    snprintf(name, sizeof(name), "seed_parse_run_%s", j->release);
    bench_add(r, name, parse_ns, "ns", "empty_scenario", empty_ns);
    snprintf(name, sizeof(name), "seed_scenarios_per_s_%s", j->release);
    f = bench_add(r, name, 1e9 / run_ns, "1/s", "empty_scenarios_per_s", 1e9 / empty_ns);
    bench_target(f, ">= 10000/s on one core", 1e9 / run_ns >= 10000);
    return 0;
}

static int run_all(struct bench_report *r, const char *path)
{
    static const char *const releases[] = {"4.14.1", "4.15.0", "master"};
    static const char empty[] = "# nothing\n";
    struct gntsim_scenario *sc = NULL, *esc = NULL;
    struct bench_job j = {.n = 100};
    double empty_ns;
    int rc = 0;

    j.text = read_all(path, &j.len);
    if (gntsim_pool_create(&j.pool) || !j.text ||
        gntsim_scenario_parse(path, j.text, j.len, stderr, &sc) ||
        gntsim_scenario_parse("empty", empty, sizeof(empty) - 1, stderr, &esc)) {
        fprintf(stderr, "bench_scenario: cannot load %s (run from the source tree)\n",
                path);
        free((char *)j.text);
        gntsim_scenario_free(sc);
        gntsim_pool_destroy(j.pool);
        return -1;
    }
    empty_ns = time_runs(
        &(struct bench_job){.sc = esc, .release = "master", .n = 2000, .pool = j.pool});
    bench_add(r, "empty_scenario", empty_ns, "ns", NULL, 0);
    for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]) && !rc; i++) {
        j.release = releases[i];
        rc = bench_release(r, &j, sc, empty_ns);
    }
    bench_note(
        r, "runs share a gntsim_pool, so worlds recycle one zeroed memfd instead of "
           "creating, faulting in and tearing down a 4 GiB mapping each; main() raises "
           "glibc's trim threshold so the ~300 KiB of heap a world frees is not returned "
           "to the kernel and refaulted by the next world.");
    gntsim_scenario_free(sc);
    gntsim_scenario_free(esc);
    gntsim_pool_destroy(j.pool);
    free((char *)j.text);
    return rc;
}

int main(int argc, char **argv)
{
    struct bench_report *r = calloc(1, sizeof(*r));
    int rc;

    /* Keep freed heap for the next world rather than trimming and refaulting it. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);

    if (!r)
        return 1;
    printf("bench_scenario: the seed scenario (world setup to the NIC's DMA, all\n"
           "expectations) per release, beside an empty scenario; one core\n");
    rc = run_all(r, argc > 1 ? argv[1] : "scenarios/seed.gsc");
    if (!rc)
        bench_print(r, stdout);
    free(r);
    return rc ? 1 : 0;
}
