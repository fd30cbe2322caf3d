/* SPDX-License-Identifier: MIT */
/*
 * `gntsim run FILE|DIR...`: parse every file first (syntax errors: exit 2),
 * then run each under its releases (or --release), and say what was
 * checked: per file (per release with -v) the steps run, the expectations
 * checked and failed. Failed expectations are printed as "file:line:
 * release: expected X, got Y" and give exit 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "run.h"

static const char run_usage[] =
    "Usage: gntsim run [OPTIONS] FILE|DIR...\n"
    "Run scenario files (docs/scenario-language.md) under their releases. A DIR\n"
    "runs every *.gsc file under it, recursively, in name order; '-' reads a\n"
    "scenario from standard input.\n\n"
    "  -r, --release=R    run under R instead of the file's releases; R is a name\n"
    "                     as 'gntsim releases' lists it (4.14.1, 4.17, master), a\n"
    "                     tag (RELEASE-4.17.0), a version (4.17.0) or 'all'; give\n"
    "                     several as R1,R2 or by repeating the option\n"
    "  -t, --trace=FILE   write every model event to FILE ('-': standard output,\n"
    "                     which then carries the trace alone)\n"
    "  -f, --format=F     trace format: text (default), json (JSON lines),\n"
    "                     chrome (Chrome trace JSON, for Perfetto) or steps (each\n"
    "                     scenario line, then its events); needs --trace\n"
    "  -c, --console      print the console (Xen and guest kernel lines) of each run\n"
    "      --pcap=FILE    capture the wire (NIC <-> peer) as a pcap file (one run:\n"
    "                     one scenario file under one release)\n"
    "      --pcap-vif=FILE  capture the vif (netfront <-> netback) likewise\n"
    "  -s, --strict       warnings are errors: a file or release that checks\n"
    "                     nothing, an expect[...] no release run reaches, a\n"
    "                     --release the file does not name\n"
    "  -v, --verbose      a summary line for every release (without it, only for\n"
    "                     the releases that failed, stopped or checked nothing)\n"
    "      --oom-sweep    run each file under each release once per allocation of\n"
    "                     the modelled Xen, that allocation failing (N = 1, 2, ...\n"
    "                     until a run makes fewer than N): a crash or a gntsim\n"
    "                     invariant aborts; expectations are not checked\n"
    "      --no-invariants  do not check the invariants (docs/invariants.md) after\n"
    "                     every step; by default they are, and the summary counts\n"
    "                     the findings (properties the modelled Xen broke)\n"
    "  -h, --help         show this help and exit\n"
    "  -V, --version      show the version and exit\n\n"
    "Exit status: 0 every expectation held, 1 an expectation or a step failed (or a\n"
    "warning under --strict), 2 a usage error, a broken scenario file or an I/O\n"
    "error (a trace or capture that could not be written).\n";

static const struct option run_longopts[] = {{"release", required_argument, NULL, 'r'},
                                             {"trace", required_argument, NULL, 't'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"console", no_argument, NULL, 'c'},
                                             {"pcap", required_argument, NULL, 'P'},
                                             {"pcap-vif", required_argument, NULL, 'Q'},
                                             {"strict", no_argument, NULL, 's'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"no-invariants", no_argument, NULL, 'I'},
                                             {"oom-sweep", no_argument, NULL, 'O'},
                                             {0}};

static int parse_format(const struct cli *c, const char *s, struct run_opts *o)
{
    static const char *const names[] = {"text", "json", "chrome", "steps"};
    static const enum gntsim_trace_format fmts[] = {
        GNTSIM_TRACE_TEXT, GNTSIM_TRACE_JSON, GNTSIM_TRACE_CHROME, GNTSIM_TRACE_STEPS};

    if (o->format_set)
        return cli_usage_error(c, "--format given twice");
    for (size_t i = 0; i < 4; i++)
        if (!strcmp(s, names[i])) {
            o->format = fmts[i];
            o->format_set = true;
            return 0;
        }
    return cli_usage_error(c, "unknown trace format '%s' (text, json, chrome, steps)", s);
}

/* Set the path option @slot once. Returns 0 or 2. */
static int set_path(const struct cli *c, const char **slot, const char *name,
                    const char *v)
{
    if (*slot)
        return cli_usage_error(c, "--%s given twice", name);
    if (!*v)
        return cli_usage_error(c, "--%s needs a file name", name);
    *slot = v;
    return 0;
}

static int run_option(struct cli *c, int ch, struct run_opts *o)
{
    switch (ch) {
    case 'r':
        return run_releases_add(c, o, c->optarg);
    case 't':
        return set_path(c, &o->trace_path, "trace", c->optarg);
    case 'f':
        return parse_format(c, c->optarg, o);
    case 'P':
        return set_path(c, &o->pcap_path, "pcap", c->optarg);
    case 'Q':
        return set_path(c, &o->pcap_vif_path, "pcap-vif", c->optarg);
    case 'c':
        o->console = true;
        return 0;
    case 's':
        o->strict = true;
        return 0;
    case 'v':
        o->verbose = true;
        return 0;
    case 'I':
        o->no_invariants = true;
        return 0;
    case 'O':
        o->oom_sweep = true;
        return 0;
    default:
        return cli_usage_error(c, "internal: unhandled option %d", ch);
    }
}

/* Options, then operands into @o->files. Returns 0, -1 (help printed: exit 0) or 2. */
static int run_args(struct cli *c, int argc, char **argv, struct run_opts *o)
{
    int ch;

    while ((ch = cli_next(c, argc, argv)) != CLI_END) {
        if (ch == CLI_EXIT)
            return c->rc ? c->rc : -1;
        if (run_option(c, ch, o))
            return CLI_EXIT_USAGE;
    }
    if (o->format_set && !o->trace_path)
        return cli_usage_error(c, "--format needs --trace FILE");
    if (c->optind == argc)
        return cli_usage_error(c, "no scenario file given");
    for (int i = c->optind; i < argc; i++)
        if (run_files_add(c, &o->files, argv[i]))
            return CLI_EXIT_USAGE;
    if (!o->files.n)
        return cli_usage_error(c, "no *.gsc file found under the directories given");
    return run_outputs_check(c, o);
}

int cli_run(int argc, char **argv)
{
    struct cli c = {.cmd = "run",
                    .usage = run_usage,
                    .shortopts = "r:t:f:csv",
                    .longopts = run_longopts};
    struct run_opts o = {.format = GNTSIM_TRACE_TEXT};
    struct gntsim_scenario **sc = NULL;
    int rc = run_args(&c, argc, argv, &o);

    if (rc == 0) {
        sc = calloc(o.files.n, sizeof(*sc));
        rc = !sc ? CLI_EXIT_USAGE : run_load_all(&c, &o, sc);
    }
    if (rc == 0)
        rc = run_with_outputs(&c, &o, sc);
    for (size_t i = 0; sc && i < o.files.n; i++)
        gntsim_scenario_free(sc[i]);
    free(sc);
    run_files_free(&o.files);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* Append release @name once. Returns 0 or 2. */
static int run_release_push(const struct cli *c, struct run_opts *o, const char *name)
{
    for (size_t i = 0; i < o->nrels; i++)
        if (!strcmp(o->rels[i], name))
            return 0;
    if (o->nrels == RUN_MAX_RELS)
        return cli_usage_error(c, "more than %d releases", RUN_MAX_RELS);
    o->rels[o->nrels++] = name;
    return 0;
}

int run_releases_add(const struct cli *c, struct run_opts *o, const char *list)
{
    const char *p = list;

    size_t n = strlen(list);

    if (!*p || list[0] == ',' || list[n - 1] == ',' || strstr(list, ",,"))
        return cli_usage_error(c, "--release '%s': an empty release name", list);
    while (*p) {
        size_t len = strcspn(p, ", "), idx;
        char err[1024];
        struct gntsim_release_info ri;

        if (len == 3 && !strncmp(p, "all", 3)) {
            for (size_t i = 0; i < gntsim_release_count(); i++)
                if (!gntsim_release_get(i, &ri) && run_release_push(c, o, ri.name))
                    return CLI_EXIT_USAGE;
        } else if (len) {
            if (gntsim_release_find(p, len, &idx, err, sizeof(err)))
                return cli_usage_error(c, "%s", err);
            gntsim_release_get(idx, &ri);
            if (run_release_push(c, o, ri.name))
                return CLI_EXIT_USAGE;
        }
        p += len + (p[len] != '\0');
    }
    return 0;
}
