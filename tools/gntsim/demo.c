/* SPDX-License-Identifier: MIT */
/*
 * `gntsim demo`: the seed bug end to end, buggy and fixed side by side. The
 * steps are a scenario (the short form of scenarios/seed.gsc) run by the
 * scenario runner under 4.14.1, 4.15.0 and master; this file only reports.
 */
#include <errno.h> /* program_invocation_name (GNU) */
#include <stdio.h>
#include <string.h>

#include "gntsim/scenario.h"
#include "cli.h"

static const char demo_scenario[] =
    "smmu\n"
    "domain d0 hwdom direct iommu mfn=0x40000\n"
    "domain d1 mfn=0x842400\n"
    "device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0\n"
    "linux-boot d0\n"
    "linux-boot d1\n"
    "write d1 0x400cb148 \"GET / HTTP/1.1\\r\\nHost: example.org\\r\\n\\r\\n\"\n"
    "linux-grant d1 to=d0 gfn=0x400cb ro as g\n"
    "linux-map d0 d1 $g.ref ro host=0x100000 as m\n"
    "  expect status == GNTST_okay and bus == 0x8424cb000\n"
    "iommu d0 0x8424cb as i\n"
    "  expect[4.14.1] entry == none\n"
    "  expect[!4.14.1] type == p2m_iommu_map_ro and mfn == 0x8424cb\n"
    "dma-map d0 nic0 0x100000148 37 to-device as d\n"
    "  expect addr == 0x8424cb148\n"
    "dma-read nic0 $d.addr 37 as r\n"
    "  expect[4.14.1] rc == -EIO\n"
    "  expect[!4.14.1] rc == 0 and bytes == "
    "\"GET / HTTP/1.1\\r\\nHost: example.org\\r\\n\\r\\n\"\n"
    "fault\n"
    "  expect[4.14.1] fsr == 0x402 and far == 0x8424cb148 and cb == 0\n"
    "  expect[!4.14.1] fault == none\n"
    "expect[4.14.1] log contains \"DMA bus error: HRESP not OK\"\n";

/* The first console line containing @needle, or NULL. */
static const char *demo_log(struct gntsim_world *w, const char *needle)
{
    for (size_t i = 0; i < gntsim_log_count(w); i++)
        if (strstr(gntsim_log_line(w, i), needle))
            return gntsim_log_line(w, i);
    return NULL;
}

static void demo_text(const char *s)
{
    putchar('"');
    for (; *s; s++)
        fputs(*s == '\r' ? "\\r" : *s == '\n' ? "\\n" : (char[2]){*s, 0}, stdout);
    putchar('"');
}

static void demo_report(void *ctx, struct gntsim_world *w,
                        const struct gntsim_scenario_run *r)
{
    char st[32] = "?", bus[32] = "?", entry[96] = "?", dma[32] = "?", rc[16] = "?",
         bytes[128] = "";
    const char *fault = demo_log(w, "Unhandled context fault");
    const char *macb = demo_log(w, "HRESP");

    gntsim_scenario_value(r, "m", "status", st, sizeof(st));
    gntsim_scenario_value(r, "m", "bus", bus, sizeof(bus));
    gntsim_scenario_value(r, "i", "entry", entry, sizeof(entry));
    gntsim_scenario_value(r, "d", "addr", dma, sizeof(dma));
    gntsim_scenario_value(r, "r", "rc", rc, sizeof(rc));
    gntsim_scenario_value(r, "r", "bytes", bytes, sizeof(bytes));
    printf("Xen %s: %s\n", (const char *)ctx,
           fault ? "the NIC's DMA FAULTS" : "clean DMA");
    printf("  grant map    %s, dev_bus_addr %s; IOMMU at dfn 0x8424cb: %s\n", st, bus,
           strcmp(entry, "none") ? entry : "NO 1:1 ENTRY");
    printf("  NIC reads    bus address %s (swiotlb-xen: pfn_to_bfn = the mfn): ", dma);
    if (strcmp(rc, "0")) {
        printf("%s\n    %s\n    %s\n", rc, fault ? fault : "(no SMMU fault line)",
               macb ? macb : "(no NIC error line)");
        return;
    }
    demo_text(bytes);
    printf("\n");
}

static const char demo_usage[] =
    "Usage: gntsim demo\n"
    "The seed bug (Xen 91d4eca7ad, fixed by 04085ec1ac) end to end under 4.14.1,\n"
    "4.15.0 and master: a domU's read-only grant, mapped by the Arm direct-mapped\n"
    "dom0, read by dom0's NIC through the SMMU. Its steps are scenarios/seed.gsc,\n"
    "shortened. Exit status 0 when each release shows what it should (the\n"
    "fault under 4.14.1, the bytes under 4.15.0 and master), 1 otherwise.\n\n"
    "  -h, --help     show this help and exit\n"
    "  -V, --version  show the version and exit\n";

int cli_demo(int argc, char **argv)
{
    static const char *const releases[] = {"4.14.1", "4.15.0", "master"};
    struct cli c = {.cmd = "demo", .usage = demo_usage};
    struct gntsim_scenario_stats st;
    struct gntsim_scenario *sc;
    unsigned checked = 0;
    int failed = 0, ch;

    while ((ch = cli_next(&c, argc, argv)) != CLI_END)
        if (ch == CLI_EXIT)
            return c.rc;
    if (cli_no_operands(&c, argc, argv))
        return CLI_EXIT_USAGE;
    if (gntsim_scenario_parse("demo", demo_scenario, sizeof(demo_scenario) - 1, stderr,
                              &sc))
        return 1;
    printf(
        "Seed bug, Xen 91d4eca7ad (fixed by 04085ec1ac). domU d1 grants its TX buffer\n"
        "(gfn 0x400cb = mfn 0x8424cb) read-only; the Arm direct-mapped dom0 (IOMMU on)\n"
        "maps it at gfn 0x100000 and sends it out through a non-coherent macb NIC\n"
        "behind the SMMU (/smmu@fd800000, dom0 = context bank 0).\n\n");
    for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]); i++) {
        struct gntsim_scenario_opts o = {.report = stderr,
                                         .done = demo_report,
                                         .ctx = (void *)(uintptr_t)releases[i],
                                         .stats = &st};

        failed += gntsim_scenario_run(sc, releases[i], &o) != 0;
        checked += st.checked;
    }
    gntsim_scenario_free(sc);
    printf("\nWhy: under 4.12.0-4.14.1 Arm's gnttab_need_iommu_mapping(d) is\n"
           "is_domain_direct_mapped(d) && need_iommu_pt_sync(d), and need_sync is false\n"
           "on Arm because the SMMU shares the P2M. So the map adds no 1:1 entry at\n"
           "dfn = mfn, and the SMMU's walk of dom0's P2M finds nothing at the iova\n"
           "swiotlb-xen used. 04085ec1ac tests is_iommu_enabled(d) instead (4.13.3,\n"
           "4.14.2, 4.15.0). Next: %s decode '<the fault line>', %s run\n"
           "scenarios/seed.gsc (every release).\n",
           program_invocation_name, program_invocation_name);
    printf("\nChecked: %u expectations over the 3 releases, %s.\n", checked,
           failed ? "SOME FAILED (see above)" : "all held");
    return failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
