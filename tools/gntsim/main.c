/* SPDX-License-Identifier: MIT */
/* The gntsim command: a thin client of the public API. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "compare.h"
#include "gntsim/explore.h"
#include "gntsim/gntsim.h"

static const char usage[] =
    "Usage: gntsim [-h|--help] [-V|--version] COMMAND [ARGS]\n"
    "Deterministic model of Xen grant tables, the Arm IOMMU path and dom0 DMA.\n\n"
    "Commands:\n"
    "  run FILE|DIR...  run scenario files (docs/scenario-language.md)\n"
    "  demo             the seed bug (Xen 91d4eca7ad) reproduced, buggy and fixed\n"
    "                   side by side\n"
    "  releases         the Xen release profiles and the behaviours that differ\n"
    "  decode [LINE...] explain SMMU fault reports in a log (Xen's or Linux's)\n"
    "  compare-policies dom0 DMA policies x Xen releases x workloads: what each\n"
    "                   costs in IOMMU maps, IOTLB invalidations, bounces, locks\n"
    "  explore FILE     every interleaving of the file's parallel blocks: races\n"
    "                   found as replayable counterexamples (docs/explore.md)\n"
    "  attach           run a program as a domain of a gntsimd world (its\n"
    "                   xenstore and /dev/xen devices reach the model)\n"
    "  help COMMAND     the same as 'gntsim COMMAND --help'\n\n"
    "Every command takes --help and --version. Exit status: 0 success, 1 a failed\n"
    "expectation or step, 2 a usage error, a broken input file or an I/O error.\n";

static const char releases_usage[] =
    "Usage: gntsim releases\n"
    "List the Xen release profiles gntsim models, in order, with the behaviours\n"
    "that differ between them. A release can be named as in the first column\n"
    "(4.14.1, 4.17, master), by its tag (RELEASE-4.17.0) or its version (4.17.0).\n"
    "Columns: era, how a grant map decides its 1:1 IOMMU entry (A: from this entry's\n"
    "pin transitions and mapkind(); B: mapkind(), a scan of the maptrack; C: per-mfn\n"
    "counters, 9781b51efd, XSA-380); self-map, whether a domain mapping its own grant\n"
    "skips the IOMMU step (e8185c5f01); xsa-394, whether era C's counter underflow on\n"
    "partial unmaps is fixed (975a8fb45c); then the Arm gnttab_need_iommu_mapping()\n"
    "predicate.\n\n"
    "  -h, --help     show this help and exit\n"
    "  -V, --version  show the version and exit\n";

int cli_releases(int argc, char **argv)
{
    struct cli c = {.cmd = "releases", .usage = releases_usage};
    struct gntsim_release_info r;
    int ch;

    while ((ch = cli_next(&c, argc, argv)) != CLI_END)
        if (ch == CLI_EXIT)
            return c.rc;
    if (cli_no_operands(&c, argc, argv))
        return CLI_EXIT_USAGE;
    printf("%-8s %-16s %-4s %-9s %-8s %s\n", "release", "tag", "era", "self-map",
           "xsa-394", "Arm gnttab_need_iommu_mapping()");
    for (size_t i = 0; i < gntsim_release_count(); i++) {
        gntsim_release_get(i, &r);
        printf("%-8s %-16s %-4c %-9s %-8s %s\n", r.name, r.tag, r.era,
               r.self_map_bypass ? "bypass" : "-",
               r.era == 'C' ? (r.xsa394_fixed ? "fixed" : "BUG") : "n/a",
               r.arm_predicate);
    }
    return fflush(stdout) ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} commands[] = {
    {"run", cli_run},
    {"demo", cli_demo},
    {"releases", cli_releases},
    {"decode", cli_decode},
    {"compare-policies", cli_compare_policies},
    {"attach", cli_attach},
    {"explore", cli_explore},
};

/* The subcommand called @name, or NULL. */
static int (*command(const char *name))(int, char **)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(commands[i].name, name))
            return commands[i].fn;
    return NULL;
}

/* `gntsim help [COMMAND]`. */
static int help(int argc, char **argv)
{
    char *help_argv[] = {NULL, "--help", NULL};

    if (argc == 1 || (argc == 2 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") ||
                                    !strcmp(argv[1], "--help")))) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    if (argc > 2 || !command(argv[1])) {
        fprintf(stderr, "gntsim help: %s '%s'\nTry 'gntsim --help'.\n",
                argc > 2 ? "unexpected argument" : "unknown command",
                argv[argc > 2 ? 2 : 1]);
        return CLI_EXIT_USAGE;
    }
    help_argv[0] = argv[1];
    return command(argv[1])(2, help_argv);
}

/*
 * Give stdout its buffer now, before the first search: glibc allocates it at the first
 * output otherwise, between two releases' searches, and that block moves where the
 * later searches' worlds land (the state hash reads pointers into them): three vCPUs
 * counted 828 states first in the process, 830 after another release. A terminal keeps
 * line buffering (the buffer stays).
 */
static void explore_stdout_buffer(void)
{
    if (setvbuf(stdout, NULL, _IOFBF, BUFSIZ) == 0 && isatty(STDOUT_FILENO))
        (void)setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
}

int main(int argc, char **argv)
{
    int (*fn)(int, char **);

    if (argc < 2) {
        fprintf(stderr, "gntsim: missing command\nTry 'gntsim --help'.\n");
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
        printf("gntsim %s\n", GNTSIM_VERSION);
        return CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "help"))
        return help(argc - 1, argv + 1);
    fn = command(argv[1]);
    if (fn == cli_explore) { /* one state, one hash (include/gntsim/explore.h) */
        (void)gntsim_explore_exec_tcache_off(argv);
        explore_stdout_buffer();
    }
    if (fn)
        return fn(argc - 1, argv + 1);
    fprintf(stderr, "gntsim: unknown %s '%s'\nTry 'gntsim --help'.\n",
            argv[1][0] == '-' ? "option" : "command", argv[1]);
    return CLI_EXIT_USAGE;
}
