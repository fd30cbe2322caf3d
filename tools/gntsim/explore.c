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

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "gntsim/explore.h"
#include "run.h"

static const char explore_usage[] =
    "Usage: gntsim explore [OPTIONS] FILE\n"
    "Run every interleaving of FILE's `parallel { ... }` blocks (each statement on its\n"
    "own vCPU, switching between whole steps on the modelled locks) under each\n"
    "release FILE names, every expectation checked after each run. A run that fails\n"
    "one is a counterexample: its schedule is printed, and with --out written into a\n"
    "copy of FILE that `gntsim run` replays. A `races RELEASES` line in FILE says\n"
    "where one must be found (and nowhere else); without it any counterexample fails.\n"
    "docs/explore.md.\n\n"
    "  -r, --release=R     under R instead of the file's releases (repeatable; R as\n"
    "                      gntsim run takes it: a name, tag, version, a,b or all)\n"
    "      --no-hash       no state hashing: a state reached again is explored again\n"
    "      --no-por        no sleep sets: every order of steps on different locks\n"
    "      --lock-steps    a point before every lock acquisition, not only after a\n"
    "                      release or at a wait (the finer model, as `parallel\n"
    "                      lock-steps`: slower, the same outcomes)\n"
    "      --random=N      N seeded random schedules instead of all of them\n"
    "      --seed=S        the seed of --random (at least 1; default 1)\n"
    "      --max-runs=N    stop after N runs (the result says it is not exhaustive)\n"
    "      --max-seconds=S stop after S seconds (likewise)\n"
    "      --all           go on after the first counterexample and count them\n"
    "  -o, --out=FILE      write the first counterexample, as a scenario, to FILE\n"
    "                      (- : standard output)\n"
    "  -q, --quiet         no progress on stderr\n"
    "  -h, --help          show this help and exit\n"
    "  -V, --version       show the version and exit\n\n"
    "Exit status: 0 when every release behaved as `races` says (or, without it, no\n"
    "counterexample), 1 otherwise (also when a run checks no expectation), 2 a\n"
    "usage error, a broken file or a step a run refused. A search cut short\n"
    "(--max-runs, --max-seconds, --random) that finds none says NOT exhaustive: its\n"
    "0 means none found, not none there.\n";

struct ex_cli {
    struct gntsim_explore_opts o;
    struct run_opts ro; /* --release, as gntsim run parses it */
    const char *out;
    FILE *outf; /* opened before the search: a bad path fails at once */
    bool quiet, seed_set;
};

/* --OPT=@v as a count of at least 1 (0 would mean "no limit" to the library). */
static int ex_parse_u64(const struct cli *c, const char *opt, const char *v,
                        uint64_t *out)
{
    char *end;

    errno = 0;
    *out = strtoull(v, &end, 0);
    if (errno || end == v || *end || v[0] == '-' || !*out)
        return cli_usage_error(c, "--%s=%s: not a whole number of at least 1", opt, v);
    return 0;
}

static int ex_parse_seconds(const struct cli *c, const char *v, double *out)
{
    char *end;

    errno = 0;
    *out = strtod(v, &end);
    if (errno || end == v || *end || !(*out > 0) || *out > 1e9)
        return cli_usage_error(c, "--max-seconds=%s: not a positive number of seconds",
                               v);
    return 0;
}

static int ex_options(struct cli *c, struct ex_cli *x, int argc, char **argv)
{
    int ch;

    while ((ch = cli_next(c, argc, argv)) != CLI_END) {
        if (ch == CLI_EXIT)
            return c->rc ? c->rc : -1;
        if (ch == 'r' && run_releases_add(c, &x->ro, c->optarg))
            return CLI_EXIT_USAGE;
        else if (ch == 'H')
            x->o.hash = false;
        else if (ch == 'P')
            x->o.no_por = true;
        else if (ch == 'L')
            x->o.lock_steps = true;
        else if (ch == 'n' && ex_parse_u64(c, "random", c->optarg, &x->o.random))
            return CLI_EXIT_USAGE;
        else if (ch == 's' && ex_parse_u64(c, "seed", c->optarg, &x->o.seed))
            return CLI_EXIT_USAGE;
        else if (ch == 's')
            x->seed_set = true;
        else if (ch == 'm' && ex_parse_u64(c, "max-runs", c->optarg, &x->o.max_runs))
            return CLI_EXIT_USAGE;
        else if (ch == 'T' && ex_parse_seconds(c, c->optarg, &x->o.max_seconds))
            return CLI_EXIT_USAGE;
        else if (ch == 'a')
            x->o.all = true;
        else if (ch == 'o')
            x->out = c->optarg;
        else if (ch == 'q')
            x->quiet = true;
    }
    if (c->optind != argc - 1)
        return cli_usage_error(c, "expected one FILE");
    if (x->seed_set && !x->o.random)
        return cli_usage_error(c, "--seed is for --random");
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

/* FILE again into @o, each block's `parallel` line with the counterexample's schedule
 * and `releases` with @release alone. 0, or -1 (reported). */
static int ex_write_counterexample(const char *file, const char *release,
                                   const struct gntsim_explore_result *r, bool lock_steps,
                                   FILE *o)
{
    FILE *in = fopen(file, "r");
    char line[4096], sched[GNTSIM_EXPLORE_MAX_POINTS * 2 + 8];
    unsigned n = 0;

    if (!in) {
        fprintf(stderr, "gntsim explore: %s: %s\n", file, strerror(errno));
        return -1;
    }
    fprintf(o,
            "# gntsim explore: a counterexample under %s; replay it with\n"
            "#   gntsim run THIS-FILE\n",
            release);
    while (fgets(line, sizeof(line), in)) {
        const char *p = line + strspn(line, " \t");

        n++;
        ex_sched_text(r, n, sched, sizeof(sched));
        if (!strncmp(p, "parallel", 8) && strchr(p, '{'))
            fprintf(o, "parallel %sschedule=\"%s\" {\n",
                    lock_steps || strstr(p, "lock-steps") ? "lock-steps " : "", sched);
        else if (!strncmp(p, "releases", 8) && (p[8] == ' ' || p[8] == '\t'))
            fprintf(o, "releases %s\n", release);
        else if (!strncmp(p, "races", 5) && (p[5] == ' ' || p[5] == '\t' || p[5] == '\n'))
            fprintf(o, "races %s\n", release);
        else
            fputs(line, o);
    }
    fclose(in);
    return fflush(o) ? -1 : 0;
}

/* The library's error @rc for @rel, reported; a refused step is replayed to show it. */
static void ex_report_error(const struct gntsim_scenario *sc, const char *file,
                            const char *rel, int rc,
                            const struct gntsim_explore_result *r)
{
    if (rc == -ENOEXEC) {
        fprintf(stderr, "gntsim explore: %s: %s: a run refused a step:\n", file, rel);
        gntsim_explore_replay(sc, rel, r, stderr);
        return;
    }
    fprintf(stderr, "gntsim explore: %s: %s: %s\n", file, rel,
            rc == -E2BIG    ? "a run passed more than 4096 decision points"
            : rc == -EPROTO ? "a run did not replay the same way (nondeterminism)"
                            : strerror(-rc));
}

/* Where results go: standard output, unless the counterexample does (-o -). */
static FILE *ex_rep(const struct ex_cli *x)
{
    return x->out && !strcmp(x->out, "-") ? stderr : stdout;
}

/* The result line of @rel; returns whether it agrees with the `races` line. */
static bool ex_print_result(const struct ex_cli *x, const struct gntsim_scenario *sc,
                            const char *file, const char *rel,
                            const struct gntsim_explore_result *r)
{
    bool want = gntsim_scenario_race_expected(sc, rel);
    bool ok =
        (r->found > 0) == want || (!gntsim_scenario_races_declared(sc) && !r->found);
    char states[48], found[48] = "", bound[96] = "";

    if (!r->checked && r->complete)
        ok = false;
    if (x->o.hash && !x->o.random)
        snprintf(states, sizeof(states), "%llu states", (unsigned long long)r->states);
    else
        snprintf(states, sizeof(states), "states not hashed");
    if (r->bounded) /* a livelock of restarting copies, cut (docs/explore.md) */
        snprintf(bound, sizeof(bound), ", %llu cut at a copy's restart bound (%u)",
                 (unsigned long long)r->bounded, r->restart_bound);
    if (x->o.all && r->found)
        snprintf(found, sizeof(found), " (%llu counterexamples)",
                 (unsigned long long)r->found);
    fprintf(
        ex_rep(x),
        "%s: %s: %s%s in %llu run%s (%llu complete, %llu stopped at a known state%s), "
        "%s, depth %u, %u expectations checked per complete run, %s%s%s\n",
        file, rel,
        r->found        ? "RACE"
        : r->exhaustive ? "no race"
                        : "no race found",
        found, (unsigned long long)r->runs, r->runs == 1 ? "" : "s",
        (unsigned long long)r->complete, (unsigned long long)(r->pruned - r->bounded),
        bound, states, r->max_depth, r->checked,
        r->exhaustive           ? "exhaustive"
        : r->found && !x->o.all ? "stopped at the first counterexample"
                                : "NOT exhaustive (the search was cut)",
        r->exhaustive && r->bounded ? " within that bound" : "",
        !r->checked && r->complete ? " -- NOTHING CHECKED: no run can fail"
        : ok                       ? ""
        : want                     ? " -- a race was expected"
                                   : " -- unexpected");
    return ok;
}

/* One release: explore, print the outcome. Returns 1 as `races` expects, 0 if not, or
 * -1 after an error. */
static int ex_release(struct ex_cli *x, const struct gntsim_scenario *sc,
                      const char *file, const char *rel)
{
    struct gntsim_explore_result *r = calloc(1, sizeof(*r));
    struct gntsim_explore_opts o = x->o;
    int rc, ok;

    if (!r)
        return -1;
    o.release = rel;
    o.progress = x->quiet ? NULL : stderr;
    rc = gntsim_explore(sc, &o, r);
    if (rc) {
        ex_report_error(sc, file, rel, rc, r);
        free(r);
        return -1;
    }
    ok = ex_print_result(x, sc, file, rel, r);
    if (r->found) {
        char sched[GNTSIM_EXPLORE_MAX_POINTS * 2 + 8];

        ex_sched_text(r, r->sched_line[0], sched, sizeof(sched));
        fprintf(ex_rep(x), "  counterexample: line %u parallel %sschedule=\"%s\"\n",
                r->sched_line[0], r->lock_steps ? "lock-steps " : "", sched);
        gntsim_explore_replay(sc, rel, r, ex_rep(x));
        if (x->outf && ex_write_counterexample(file, rel, r, x->o.lock_steps, x->outf))
            ok = -1;
        if (x->outf && x->outf != stdout)
            fclose(x->outf);
        x->outf = NULL; /* the first one only */
    }
    free(r);
    return ok;
}

/* The releases to explore: --release's, else the file's. Warns about a `races` release
 * the file does not run, unless `races` names them all (`races all`). */
static void ex_releases(struct ex_cli *x, const struct gntsim_scenario *sc,
                        const char *file)
{
    struct gntsim_release_info ri;
    size_t named = 0;
    bool own = !x->ro.nrels;

    for (size_t i = 0; own && i < gntsim_scenario_release_count(sc); i++)
        if (i < RUN_MAX_RELS)
            x->ro.rels[x->ro.nrels++] = gntsim_scenario_release(sc, i);
    for (size_t i = 0; i < gntsim_release_count(); i++)
        named +=
            !gntsim_release_get(i, &ri) && gntsim_scenario_race_expected(sc, ri.name);
    for (size_t i = 0; named < gntsim_release_count() && i < gntsim_release_count(); i++)
        if (!gntsim_release_get(i, &ri) && gntsim_scenario_race_expected(sc, ri.name) &&
            !gntsim_scenario_has_release(sc, ri.name))
            fprintf(stderr,
                    "gntsim explore: %s: warning: `races` names %s, which the file "
                    "does not run\n",
                    file, ri.name);
}

/* Open -o FILE before the search (a bad path fails at once); "-" is standard output. */
static int ex_open_out(struct ex_cli *x, const struct cli *c)
{
    if (!x->out)
        return 0;
    x->outf = strcmp(x->out, "-") ? fopen(x->out, "w") : stdout;
    if (!x->outf) {
        cli_error(c, "%s: %s", x->out, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* Load FILE (a directory or a broken file: reported, NULL). */
static struct gntsim_scenario *ex_load(const struct cli *c, const char *file)
{
    struct gntsim_scenario *sc = NULL;
    struct stat st;

    if (!stat(file, &st) && S_ISDIR(st.st_mode)) {
        cli_error(c, "%s: a directory; explore takes one scenario file", file);
        return NULL;
    }
    if (gntsim_scenario_load(file, stderr, &sc))
        return NULL;
    if (!gntsim_scenario_has_parallel(sc)) {
        cli_error(c, "%s: no parallel block to explore", file);
        gntsim_scenario_free(sc);
        return NULL;
    }
    return sc;
}

int cli_explore(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"release", required_argument, NULL, 'r'},
        {"no-hash", no_argument, NULL, 'H'},
        {"no-por", no_argument, NULL, 'P'},
        {"lock-steps", no_argument, NULL, 'L'},
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
    if (!(sc = ex_load(&c, file)))
        return CLI_EXIT_USAGE;
    if (ex_open_out(&x, &c)) {
        gntsim_scenario_free(sc);
        return CLI_EXIT_USAGE;
    }
    ex_releases(&x, sc, file);
    for (size_t i = 0; i < x.ro.nrels; i++) {
        int r = ex_release(&x, sc, file, x.ro.rels[i]);

        bad |= r < 0 ? 2 : r == 0 ? 1 : 0;
    }
    if (x.outf) { /* no counterexample: nothing written, no file left behind */
        if (x.outf != stdout) {
            fclose(x.outf);
            unlink(x.out);
        }
        fprintf(stderr, "gntsim explore: no counterexample: %s not written (removed)\n",
                x.out);
    }
    gntsim_scenario_free(sc);
    return bad & 2 ? CLI_EXIT_USAGE : bad ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
