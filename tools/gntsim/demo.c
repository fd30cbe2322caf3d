/* SPDX-License-Identifier: MIT */
/*
 * `gntsim demo`: the seed bug side by side. A domU grants a TX buffer
 * read-only, the Arm direct-mapped dom0 (IOMMU on) grant-maps it, and we
 * print what Xen left in dom0's P2M and IOMMU under each release.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "gntsim/gntsim.h"
#include "gntsim_cli.h"

#define DEMO_DOMU     1
#define DEMO_GFN      0x400cbull
#define DEMO_HOST_GFN 0x100000ull
#define DEMO_REF      8u

struct demo_result {
    int16_t status;
    uint64_t bus;
    struct gntsim_p2m_info host, iommu, host_after;
    int host_rc, iommu_rc, after_unmap_rc;
    size_t findings;
    char finding[200];
};

static int demo_world(const char *release, struct gntsim_world **w)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = release;
    if (gntsim_world_create(&o, w, err, sizeof(err))) {
        fprintf(stderr, "gntsim: %s\n", err);
        return -1;
    }
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.direct_mapped = d0.iommu = true;
    d0.mfn_base = 0x40000;
    gntsim_domain_opts_default(&du, DEMO_DOMU);
    du.mfn_base =
        0x842400; /* domU gfn 0x400cb = mfn 0x8424cb, the frame of the seed report */
    if (gntsim_domain_create(*w, &d0) || gntsim_domain_create(*w, &du) ||
        gntsim_guest_grant(*w, DEMO_DOMU, DEMO_REF, 0, DEMO_GFN, true)) {
        fprintf(stderr, "gntsim: %s\n", gntsim_world_error(*w));
        return -1;
    }
    return 0;
}

static int demo_run(const char *release, struct demo_result *r)
{
    struct gntsim_world *w;
    struct gnttab_map_grant_ref op = {.host_addr = DEMO_HOST_GFN << 12,
                                      .flags = GNTMAP_host_map | GNTMAP_readonly,
                                      .ref = DEMO_REF,
                                      .dom = DEMO_DOMU};
    struct gnttab_unmap_grant_ref un = {.host_addr = DEMO_HOST_GFN << 12};
    const struct gntsim_finding *f;

    if (demo_world(release, &w))
        return -1;
    gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1);
    r->status = op.status;
    r->bus = op.dev_bus_addr;
    r->host_rc = gntsim_p2m_lookup(w, 0, DEMO_HOST_GFN, &r->host);
    r->iommu_rc = gntsim_iommu_lookup(w, 0, op.dev_bus_addr >> 12, &r->iommu);
    gntsim_check_invariants(w);
    f = gntsim_findings(w, &r->findings);
    snprintf(r->finding, sizeof(r->finding), "%s", r->findings ? f[0].what : "");
    un.handle = op.handle;
    gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, &un, 1);
    r->after_unmap_rc = gntsim_iommu_lookup(w, 0, op.dev_bus_addr >> 12, &r->host_after);
    gntsim_world_destroy(w);
    return 0;
}

static void demo_entry(const char *what, int rc, const struct gntsim_p2m_info *p)
{
    if (rc)
        printf("  %-26s (none)\n", what);
    else
        printf("  %-26s mfn %#" PRIx64 " %s %s\n", what, p->mfn, p->type_name,
               p->write ? "rw" : "r-");
}

static void demo_print(const char *release, const struct demo_result *r)
{
    printf("Xen %s:\n", release);
    printf("  map status                 %s, dev_bus_addr %#" PRIx64 "\n",
           r->status ? "failed" : "GNTST_okay", r->bus);
    demo_entry("dom0 P2M at host gfn", r->host_rc, &r->host);
    demo_entry("dom0 IOMMU at dfn=mfn", r->iommu_rc, &r->iommu);
    printf("  after unmap, IOMMU dfn     %s\n",
           r->after_unmap_rc ? "(none)" : "still mapped");
    if (r->findings)
        printf("  FINDING: %s\n", r->finding);
    else
        printf("  no findings: a device DMA to dev_bus_addr is translated\n");
}

int cli_demo(int argc, char **argv)
{
    static const char *const releases[] = {"4.14.1", "4.15.0", "master"};
    struct demo_result r;

    (void)argc;
    (void)argv;
    printf("Seed bug, Xen 91d4eca7ad (fixed by 04085ec1ac): domU d1 grants gfn %#llx\n"
           "(mfn %#llx) read-only; the Arm direct-mapped dom0 with IOMMU maps it with\n"
           "GNTMAP_host_map|GNTMAP_readonly at gfn %#llx. swiotlb-xen will hand the NIC\n"
           "dev_bus_addr, so the SMMU needs a 1:1 entry at dfn = mfn.\n\n",
           DEMO_GFN, 0x8424cbull, DEMO_HOST_GFN);
    for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]); i++) {
        if (demo_run(releases[i], &r))
            return 1;
        demo_print(releases[i], &r);
        printf("\n");
    }
    printf(
        "Under 4.14.1 gnttab_need_iommu_mapping() is is_domain_direct_mapped(d) &&\n"
        "need_iommu_pt_sync(d), and need_sync is false on Arm because the SMMU shares\n"
        "the P2M: no 1:1 entry, so the NIC's DMA to dev_bus_addr faults in the SMMU.\n");
    return 0;
}
