/* SPDX-License-Identifier: MIT */
/* The gntsim command: a thin client of the public API. */
#include <stdio.h>
#include <string.h>

#include "gntsim/gntsim.h"
#include "gntsim_cli.h"

static const char usage[] =
    "Usage: gntsim COMMAND [ARGS]\n"
    "Deterministic model of Xen grant tables, the Arm IOMMU path and dom0 DMA.\n\n"
    "Commands:\n"
    "  run FILE... run scenario files (docs/scenario-language.md); 'gntsim run --help'\n"
    "  demo        the seed bug (Xen 91d4eca7ad) reproduced, buggy and fixed side by "
    "side\n"
    "  releases    the Xen release profiles and the behaviours that differ\n"
    "  decode LINE explain an SMMU context-fault line as Xen prints it\n\n"
    "Options:\n"
    "  -h, --help     show this help and exit\n"
    "  -V, --version  show the version and exit\n";

int cli_releases(int argc, char **argv)
{
    struct gntsim_release_info r;

    (void)argc;
    (void)argv;
    printf("%-8s %-16s %-4s %-9s %-8s %s\n", "release", "tag", "era", "self-map",
           "xsa-394", "Arm gnttab_need_iommu_mapping()");
    for (size_t i = 0; i < gntsim_release_count(); i++) {
        gntsim_release_get(i, &r);
        printf("%-8s %-16s %-4c %-9s %-8s %s\n", r.name, r.tag, r.era,
               r.self_map_bypass ? "bypass" : "-",
               r.era == 'C' ? (r.xsa394_fixed ? "fixed" : "BUG") : "n/a",
               r.arm_predicate);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "gntsim: missing command\nTry 'gntsim --help'.\n");
        return 2;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
        printf("gntsim %s\n", GNTSIM_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "demo"))
        return cli_demo(argc - 1, argv + 1);
    if (!strcmp(argv[1], "run"))
        return cli_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "decode"))
        return cli_decode(argc - 1, argv + 1);
    if (!strcmp(argv[1], "releases"))
        return cli_releases(argc - 1, argv + 1);
    fprintf(stderr, "gntsim: unknown command '%s'\nTry 'gntsim --help'.\n", argv[1]);
    return 2;
}
