/* SPDX-License-Identifier: MIT */
/*
 * `gntsim explore FILE`: every interleaving of the file's parallel blocks under each of
 * its releases (or seeded random ones); a counterexample is printed as the file with
 * the schedule that breaks it, which `gntsim run` replays.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gntsim/explore.h"

static const char explore_usage[] =
    "Usage: gntsim explore [OPTIONS] FILE\n"
    "Run every interleaving of FILE's `parallel { ... }` blocks (each statement on its\n"
    "own vCPU, switching at the modelled locks) under each release FILE names, every\n"
    "expectation checked after each run. A run that fails one is a counterexample:\n"
    "its schedule is printed, and with --out written into a copy of FILE that\n"
    "`gntsim run` replays. A `races RELEASES` line in FILE says where one must be\n"
    "found (and nowhere else); without it any counterexample fails. docs/explore.md.\n\n"
    "  -r, --release=R     only release R (repeatable)\n"
    "      --no-hash       no state hashing: a state reached again is explored again\n"
    "      --no-por        no sleep sets: every order of steps on different locks\n"
    "      --random=N      N seeded random schedules instead of all of them\n"
    "      --seed=S        the seed of --random (default 1)\n"
    "      --max-runs=N    stop after N runs (the result says it is not exhaustive)\n"
    "      --max-seconds=S stop after S seconds (likewise)\n"
    "      --all           go on after the first counterexample and count them\n"
    "  -o, --out=FILE      write the first counterexample, as a scenario, to FILE\n"
    "  -q, --quiet         no progress on stderr\n"
    "  -h, --help          show this help and exit\n"
    "  -V, --version       show the version and exit\n\n"
    "Exit status: 0 when every release behaved as `races` says (or, without it, no\n"
    "counterexample), 1 otherwise, 2 a usage error or a broken file.\n";

struct ex_cli {
    struct gntsim_explore_opts o;
    const char *rels[64];
    unsigned nrels;
    const char *out;
    bool quiet;
};

static int ex_parse_u64(const struct cli *c, const char *opt, const char *v,
                        uint64_t *out)
{
    char *end;

    errno = 0;
    *out = strtoull(v, &end, 0);
    if (errno || end == v || *end || v[0] == '-')
        return cli_usage_error(c, "--%s=%s: not a number", opt, v);
    return 0;
}

static int ex_options(struct cli *c, struct ex_cli *x, int argc, char **argv)
{
    uint64_t secs;
    int ch;

    while ((ch = cli_next(c, argc, argv)) != CLI_END) {
        if (ch == CLI_EXIT)
            return c->rc ? c->rc : -1;
        if (ch == 'r' && x->nrels < 64)
            x->rels[x->nrels++] = c->optarg;
        else if (ch == 'r')
            return cli_usage_error(c, "more than 64 --release options");
        else if (ch == 'H')
            x->o.hash = false;
        else if (ch == 'P')
            x->o.no_por = true;
        else if (ch == 'n' && ex_parse_u64(c, "random", c->optarg, &x->o.random))
            return CLI_EXIT_USAGE;
        else if (ch == 's' && ex_parse_u64(c, "seed", c->optarg, &x->o.seed))
            return CLI_EXIT_USAGE;
        else if (ch == 'm' && ex_parse_u64(c, "max-runs", c->optarg, &x->o.max_runs))
            return CLI_EXIT_USAGE;
        else if (ch == 'T' && ex_parse_u64(c, "max-seconds", c->optarg, &secs))
            return CLI_EXIT_USAGE;
        else if (ch == 'T')
            x->o.max_seconds = (double)secs;
        else if (ch == 'a')
            x->o.all = true;
        else if (ch == 'o')
            x->out = c->optarg;
        else if (ch == 'q')
            x->quiet = true;
    }
    if (c->optind != argc - 1)
        return cli_usage_error(c, "expected one FILE");
    return 0;
}

/* "0 1 1" for the decisions of block @line in @r. */
static void ex_sched_text(const struct gntsim_explore_result *r, unsigned line, char *buf,
                          size_t len)
{
    size_t o = 0;

    buf[0] = '\0';
    for (unsigned i = 0; i < r->nsched && o + 5 < len; i++)
        if (r->sched_line[i] == line)
            o += (size_t)snprintf(buf + o, len - o, "%s%u", o ? " " : "", r->sched[i]);
}

/* FILE again, each block's `parallel` line with the counterexample's schedule. */
static int ex_write_counterexample(const char *file, const char *release,
                                   const struct gntsim_explore_result *r, const char *out)
{
    FILE *in = fopen(file, "r"), *o = fopen(out, "w");
    char line[4096], sched[GNTSIM_EXPLORE_MAX_POINTS * 2 + 8];
    unsigned n = 0;

    if (!in || !o) {
        fprintf(stderr, "gntsim explore: %s: %s\n", in ? out : file, strerror(errno));
        if (in)
            fclose(in);
        if (o)
            fclose(o);
        return -1;
    }
    fprintf(o,
            "# gntsim explore: a counterexample under %s; replay it with\n"
            "#   gntsim run --release %s %s\n",
            release, release, out);
    while (fgets(line, sizeof(line), in)) {
        const char *p = line + strspn(line, " \t");

        n++;
        ex_sched_text(r, n, sched, sizeof(sched));
        if (!strncmp(p, "parallel", 8) && strchr(p, '{'))
            fprintf(o, "parallel schedule=\"%s\" {\n", sched);
        else if (!strncmp(p, "releases", 8) && (p[8] == ' ' || p[8] == '\t'))
            fprintf(o, "releases %s\n", release);
        else
            fputs(line, o);
    }
    fclose(in);
    return fclose(o) ? -1 : 0;
}

/* One release: explore, print the outcome. Returns 1 as `races` expects, 0 if not, or
 * -1 after an error. */
static int ex_release(struct ex_cli *x, const struct gntsim_scenario *sc,
                      const char *file, const char *rel)
{
    struct gntsim_explore_result *r = calloc(1, sizeof(*r));
    struct gntsim_explore_opts o = x->o;
    bool want = gntsim_scenario_race_expected(sc, rel);
    int rc, ok;

    if (!r)
        return -1;
    o.release = rel;
    o.progress = x->quiet ? NULL : stderr;
    rc = gntsim_explore(sc, &o, r);
    if (rc) {
        fprintf(stderr, "gntsim explore: %s: %s: %s\n", file, rel,
                rc == -E2BIG    ? "a run passed more than 4096 decision points"
                : rc == -EINVAL ? "a run did not replay the same way (nondeterminism)"
                                : strerror(-rc));
        free(r);
        return -1;
    }
    ok = (r->found > 0) == want || (!gntsim_scenario_races_declared(sc) && !r->found);
    printf("%s: %s: %s in %llu runs (%llu complete, %llu pruned at a known state), "
           "%llu states, depth %u, %u expectations checked per complete run%s%s\n",
           file, rel, r->found ? "RACE" : "no race", (unsigned long long)r->runs,
           (unsigned long long)r->complete, (unsigned long long)r->pruned,
           (unsigned long long)r->states, r->max_depth, r->checked,
           r->exhaustive ? ", exhaustive" : ", NOT exhaustive",
           ok     ? ""
           : want ? " -- a race was expected"
                  : " -- unexpected");
    if (r->found) {
        char sched[GNTSIM_EXPLORE_MAX_POINTS * 2 + 8];

        ex_sched_text(r, r->sched_line[0], sched, sizeof(sched));
        printf("  counterexample: line %u parallel schedule=\"%s\"\n", r->sched_line[0],
               sched);
        gntsim_explore_replay(sc, rel, r->sched, r->nsched, stdout);
        if (x->out && ex_write_counterexample(file, rel, r, x->out))
            ok = -1;
        x->out = NULL; /* the first one only */
    }
    free(r);
    return ok;
}

int cli_explore(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"release", required_argument, NULL, 'r'},
        {"no-hash", no_argument, NULL, 'H'},
        {"no-por", no_argument, NULL, 'P'},
        {"random", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"max-runs", required_argument, NULL, 'm'},
        {"max-seconds", required_argument, NULL, 'T'},
        {"all", no_argument, NULL, 'a'},
        {"out", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {0}};
    struct cli c = {.cmd = "explore",
                    .usage = explore_usage,
                    .shortopts = "r:o:q",
                    .longopts = longopts};
    struct ex_cli x = {.o = {.hash = true, .seed = 1}};
    struct gntsim_scenario *sc;
    int rc = ex_options(&c, &x, argc, argv), bad = 0;
    const char *file;

    if (rc)
        return rc < 0 ? CLI_EXIT_OK : rc;
    file = argv[c.optind];
    if (gntsim_scenario_load(file, stderr, &sc))
        return CLI_EXIT_USAGE;
    if (!gntsim_scenario_has_parallel(sc)) {
        fprintf(stderr, "gntsim explore: %s: no parallel block to explore\n", file);
        gntsim_scenario_free(sc);
        return CLI_EXIT_USAGE;
    }
    for (size_t i = 0; !x.nrels && i < gntsim_scenario_release_count(sc); i++)
        if (i < 64)
            x.rels[i] = gntsim_scenario_release(sc, i);
    if (!x.nrels)
        x.nrels = (unsigned)gntsim_scenario_release_count(sc);
    for (unsigned i = 0; i < x.nrels && i < 64; i++) {
        int r = ex_release(&x, sc, file, x.rels[i]);

        bad |= r < 0 ? 2 : r == 0 ? 1 : 0;
    }
    gntsim_scenario_free(sc);
    return bad & 2 ? CLI_EXIT_USAGE : bad ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
