/* SPDX-License-Identifier: MIT */
/*
 * bench_explore: gntsim explore on the era A IOMMU bookkeeping race space (N dom0 vCPUs
 * map one ref under Xen 4.11, vCPU 0 writable, the rest read-only; N = 2..6) and on
 * XSA-218's two unmaps, beside the same race space written in Promela
 * (bench/spin/era_a.pml) and checked by SPIN in the same run: states, seconds,
 * states per second, memory. SPIN comes from Debian's `spin` package, fetched by
 * `make bench` into build-debs/spin (never installed); without it the SPIN figures
 * are skipped with the reason.
 *
 * Usage: bench_explore [SECONDS]   the budget per explore and per SPIN run (default 60)
 * Target (issue 17): the 6-vCPU space in under 10 s and 1 GiB.
 * Two series: era_a, the space of SPIN's abstraction (each vCPU's maptrack free list
 * filled before the block), and era_a_growth, where the block's maps also allocate the
 * maptrack frames (2 to 5 vCPUs: six are out of reach, docs/explore.md).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gntsim/explore.h"
#include "bench_util.h"

struct ex_fig {
    double seconds;
    uint64_t states, runs;
    bool exhaustive, found;
    size_t bytes;
};

/*
 * The era A space with @n vCPUs, as scenarios/races/era-a-iommu.gsc writes it. With
 * @warm, each vCPU first maps and unmaps another ref, so its maptrack free list holds
 * entries when the block starts: the space bench/spin/era_a.pml abstracts (a vCPU's
 * handle from its own list). Without, each vCPU's first map also allocates its maptrack
 * frame under dom0's maptrack lock (get_maptrack_handle(), RELEASE-4.11.0): which vCPU
 * takes which frame is state the abstraction does not have.
 */
static void era_a_text(unsigned n, bool warm, char *buf, size_t len)
{
    size_t o = (size_t)snprintf(buf, len,
                                "releases 4.11\n"
                                "domain d0 hwdom iommu arch=x86-pv vcpus=%u pages=256\n"
                                "domain d1 arch=x86-pv mfn=0x842400 pages=256\n"
                                "grant d1 8 to=d0 gfn=0x8424cb\n"
                                "grant d1 9 to=d0 gfn=0x8424cc\n",
                                n);

    for (unsigned i = 0; warm && i < n && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o,
                              "map d0 d1 9 host=%#x vcpu=%u ro as w%u\n"
                              "unmap d0 $w%u.handle host=%#x vcpu=%u\n",
                              0x200000u + 0x1000u * i, i, i, i, 0x200000u + 0x1000u * i,
                              i);
    if (o < len)
        o += (size_t)snprintf(buf + o, len - o, "parallel {\n");
    for (unsigned i = 0; i < n && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "map d0 d1 8 host=%#x vcpu=%u%s\n",
                              0x100000u + 0x1000u * i, i, i ? " ro" : "");
    if (o < len)
        snprintf(
            buf + o, len - o,
            "}\niommu d0 0x8424cb expect perm == \"rw\"\ncheck expect findings == 0\n");
}

static int explore_text(const char *text, const char *rel, double budget,
                        struct ex_fig *f)
{
    struct gntsim_scenario *sc;
    struct gntsim_explore_result *r = calloc(1, sizeof(*r));
    struct gntsim_explore_opts o = {.release = rel, .hash = true, .max_seconds = budget};
    uint64_t t0;
    int rc;

    if (!r || gntsim_scenario_parse("bench", text, strlen(text), stderr, &sc)) {
        free(r);
        return -1;
    }
    t0 = bench_now_ns();
    rc = gntsim_explore(sc, &o, r);
    f->seconds = (double)(bench_now_ns() - t0) * 1e-9;
    f->states = r->states;
    f->runs = r->runs;
    f->exhaustive = r->exhaustive;
    f->found = r->found > 0;
    f->bytes = r->state_bytes;
    gntsim_scenario_free(sc);
    free(r);
    return rc;
}

/* SPIN on @pml with the -D options @defs, in a scratch directory: 0 or -1. */
static int spin_run(const char *spin, const char *pml, const char *defs, double budget,
                    struct ex_fig *f)
{
    char cmd[1024], line[256];
    FILE *p;
    double mb = 0;
    bool cut = false;

    memset(f, 0, sizeof(*f));
    /* SIGINT at the budget: pan prints what it stored before it stops */
    snprintf(cmd, sizeof(cmd),
             "d=$(mktemp -d) && cd \"$d\" && '%s' %s -a '%s' >/dev/null && "
             "cc -O2 -DSAFETY -DMEMLIM=16384 -o pan pan.c 2>/dev/null && "
             "timeout -s INT %.0f ./pan -m10000000 2>&1; rc=$?; cd / && rm -rf \"$d\"; "
             "echo \"exit $rc\"",
             spin, defs, pml, budget);
    p = popen(cmd, "r");
    if (!p)
        return -1;
    while (fgets(line, sizeof(line), p)) {
        double v;
        int rc;

        if (strstr(line, "states, stored") && sscanf(line, " %lf", &v) == 1)
            f->states = (uint64_t)v; /* past 10^8 pan writes 1.3587575e+08 */
        else if (strstr(line, "total actual memory usage") &&
                 sscanf(line, " %lf", &v) == 1)
            mb = v;
        else if (sscanf(line, "pan: elapsed time %lf", &v) == 1)
            f->seconds = v;
        else if (strstr(line, "errors: ") &&
                 sscanf(strstr(line, "errors: "), "errors: %d", &rc) == 1)
            f->found = rc > 0; /* pan stops at the first (an assertion) */
        else if (strstr(line, "reached -DMEMLIM bound") ||
                 strstr(line, "max search depth too small"))
            cut = true; /* pan stops short and still exits 0 */
        else if (sscanf(line, "exit %d", &rc) == 1)
            f->exhaustive = rc == 0 && f->states && !cut && !f->found;
    }
    f->bytes = (size_t)(mb * 1024 * 1024);
    return pclose(p) == 0 ? 0 : -1;
}

static void report_n(struct bench_report *rep, const char *series, unsigned n,
                     const struct ex_fig *g, const struct ex_fig *s, bool have_spin)
{
    char name[64], base[64];
    struct bench_fig *f;

    snprintf(name, sizeof(name), "explore_%s_%u_vcpus_s%s", series, n,
             g->exhaustive ? "" : "_CUT");
    snprintf(base, sizeof(base), "spin_era_a_%u_s%s", n, s->exhaustive ? "" : "_CUT");
    f = bench_add(rep, name, g->seconds, "s", have_spin ? base : NULL, s->seconds);
    if (n == 6 && !strcmp(series, "era_a"))
        bench_target(f, "< 10 s, exhaustive, < 1 GiB",
                     g->exhaustive && g->seconds < 10 && g->bytes < (1ull << 30));
    snprintf(name, sizeof(name), "explore_%s_%u_states", series, n);
    snprintf(base, sizeof(base), "spin_era_a_%u_states", n);
    bench_add(rep, name, (double)g->states, "states", have_spin ? base : NULL,
              (double)s->states);
    snprintf(name, sizeof(name), "explore_%s_%u_states_per_s", series, n);
    snprintf(base, sizeof(base), "spin_era_a_%u_states_per_s", n);
    bench_add(rep, name, g->seconds > 0 ? (double)g->states / g->seconds : 0, "1/s",
              have_spin ? base : NULL,
              s->seconds > 0 ? (double)s->states / s->seconds : 0);
    snprintf(name, sizeof(name), "explore_%s_%u_MiB", series, n);
    snprintf(base, sizeof(base), "spin_era_a_%u_MiB", n);
    bench_add(rep, name, (double)g->bytes / 1048576.0, "MiB", have_spin ? base : NULL,
              (double)s->bytes / 1048576.0);
}

/* SPIN's figures when it ran: a note otherwise. */
struct spin_ctx {
    struct bench_report *rep;
    char *spin, *era_a, *xsa218; /* the binary, the two models (NULL: no SPIN) */
    double budget;
};

static void spin_fig(struct spin_ctx *c, const char *pml, const char *defs,
                     struct ex_fig *s)
{
    /* three budgets: at six vCPUs SPIN runs into its 16 GiB bound (MEMLIM) after some
     * 165 s, where the budget would cut it at 60 */
    if (c->spin && spin_run(c->spin, pml, defs, 3 * c->budget, s))
        bench_note(c->rep, "a SPIN run failed (its figures are 0)");
}

/* The era A space, both series, 2 to 6 (growth: 5) vCPUs. 0, or 1 (explore failed). */
static int bench_era_a(struct spin_ctx *c)
{
    static char text[4096];
    struct ex_fig spins[7] = {{0}};

    for (unsigned growth = 0; growth < 2; growth++)
        for (unsigned n = 2; n <= (growth ? 5u : 6u); n++) { /* growth 6: hours, docs */
            struct ex_fig g = {0};
            char defs[16];

            era_a_text(n, !growth, text, sizeof(text));
            if (explore_text(text, "4.11", c->budget, &g)) {
                fprintf(stderr, "bench_explore: explore failed for %u vCPUs\n", n);
                return 1;
            }
            snprintf(defs, sizeof(defs), "-DN=%u", n);
            if (!growth)
                spin_fig(c, c->era_a, defs, &spins[n]);
            report_n(c->rep, growth ? "era_a_growth" : "era_a", n, &g, &spins[n],
                     c->spin != NULL);
            printf("n=%u%s: gntsim %llu states in %.2f s%s; SPIN %llu states in %.2f "
                   "s%s\n",
                   n, growth ? ", maptrack frames allocated in the block" : "",
                   (unsigned long long)g.states, g.seconds, g.exhaustive ? "" : " (cut)",
                   (unsigned long long)spins[n].states, spins[n].seconds,
                   spins[n].exhaustive ? "" : " (cut)");
            fflush(stdout);
        }
    return 0;
}

/* XSA-218 part (a), vulnerable (to the race) and fixed (exhaustive), beside SPIN on
 * bench/spin/xsa218.pml (-DFIXED for the fix). */
static void bench_xsa218(struct spin_ctx *c)
{
    static const char *const knob[2] = {"vulnerable", "fixed"};
    char text[1024], name[64];

    for (unsigned fixed = 0; fixed < 2; fixed++) {
        struct ex_fig g = {0}, s = {0};

        snprintf(text, sizeof(text),
                 "releases 4.11\nworld strict=off xsa218=%s\n"
                 "domain d0 hwdom iommu arch=x86-pv vcpus=2 pages=256\n"
                 "domain d1 arch=x86-pv mfn=0x842400 pages=256\n"
                 "grant d1 8 to=d0 gfn=0x8424cb ro\n"
                 "map d0 d1 8 host=0x100000 dev ro as m\n"
                 "parallel {\nunmap d0 $m.handle host=0x100000 vcpu=0\n"
                 "unmap d0 $m.handle bus=0x8424cb000 vcpu=1\n}\n"
                 "check expect findings == 0\n",
                 knob[fixed]);
        if (explore_text(text, "4.11", c->budget, &g))
            continue;
        spin_fig(c, c->xsa218, fixed ? "-DFIXED" : "", &s);
        snprintf(name, sizeof(name), "explore_xsa218_%s_s", fixed ? "fixed" : "to_race");
        bench_add(c->rep, name, g.seconds, "s",
                  c->spin ? (fixed ? "spin_xsa218_fixed_s" : "spin_xsa218_to_race_s")
                          : NULL,
                  s.seconds);
        snprintf(name, sizeof(name), "explore_xsa218_%s_states",
                 fixed ? "fixed" : "to_race");
        bench_add(
            c->rep, name, (double)g.states, "states",
            c->spin ? (fixed ? "spin_xsa218_fixed_states" : "spin_xsa218_to_race_states")
                    : NULL,
            (double)s.states);
        printf("xsa218=%s: gntsim %s, %llu states in %.4f s; SPIN %s, %llu states\n",
               knob[fixed],
               g.found        ? "race"
               : g.exhaustive ? "none, exhaustive"
                              : "cut",
               (unsigned long long)g.states, g.seconds,
               s.found        ? "assertion violated"
               : s.exhaustive ? "none, exhaustive"
                              : "-",
               (unsigned long long)s.states);
    }
}

static int bench(int argc, char **argv)
{
    struct bench_report rep = {0};
    struct spin_ctx c = {&rep, realpath("build-debs/spin/usr/bin/spin", NULL),
                         realpath("bench/spin/era_a.pml", NULL),
                         realpath("bench/spin/xsa218.pml", NULL),
                         argc > 1 ? atof(argv[1]) : 60};
    int rc;

    if (c.budget <= 0)
        c.budget = 60;
    if (!c.spin || !c.era_a || !c.xsa218 || system("command -v cc >/dev/null")) {
        bench_note(&rep,
                   "SPIN figures skipped: build-debs/spin/usr/bin/spin missing "
                   "(make bench fetches Debian's spin; see build-debs/spin.failed)");
        free(c.spin);
        c.spin = NULL;
    }
    rc = bench_era_a(&c);
    if (!rc)
        bench_xsa218(&c);
    bench_note(&rep, "_CUT: the budget (argv[1] seconds; SPIN three) ran out before the "
                     "space was covered; gntsim's states are whole steps of the model's "
                     "own code, SPIN's the abstraction's statements (bench/spin/*.pml)");
    bench_note(&rep, "era_a: each vCPU's maptrack free list filled before the block, the "
                     "space SPIN's abstraction has; era_a_growth: each vCPU's first map "
                     "also allocates its maptrack frame (a larger space; the same SPIN "
                     "figures beside it)");
    bench_print(&rep, stdout);
    free(c.spin);
    free(c.era_a);
    free(c.xsa218);
    return rc;
}

int main(int argc, char **argv)
{
    (void)gntsim_explore_exec_tcache_off(argv); /* as gntsim explore does */
    /* and stdout's buffer before the first search, as gntsim's main() gives it (then
     * line by line: the figures show as they come) */
    if (setvbuf(stdout, NULL, _IOFBF, BUFSIZ) == 0)
        (void)setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
    return bench(argc, argv);
}
