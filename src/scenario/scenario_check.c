/* SPDX-License-Identifier: MIT */
/*
 * Checks across a step's arguments that need no run, reported at parse time
 * in the scenario's own words (file:line:col).
 */
#include <stdio.h>
#include <string.h>

#include "scenario/scenario_parser.h"

/* domain machine-addr-bits=N: an x86 domain's allocation width, 13..64 bits. */
static int sc_check_machine_addr_bits(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *bits = sc_arg(s, "machine-addr-bits");
    const struct sc_arg *arch = sc_arg(s, "arch");

    if (!bits || bits->v.kind == SV_REF)
        return 0;
    if (bits->v.i < 13 || bits->v.i > 64) {
        sc_perr(p, bits->col,
                "machine-addr-bits=%lld: an address width of 13..64 bits (a page "
                "frame needs at least one)",
                (long long)bits->v.i);
        return -1;
    }
    if (!arch || !arch->v.s || !strncmp(arch->v.s, "arm", 3)) {
        sc_perr(p, bits->col,
                "machine-addr-bits is x86's XEN_DOMCTL_set_machine_address_size: "
                "needs arch=x86-pv, x86-pv32 or x86-hvm");
        return -1;
    }
    return 0;
}

/* domain: `direct` places RAM at gfn == mfn, from mfn= (Xen's Arm dom0 1:1 map). */
int sc_check_domain(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *direct = sc_arg(s, "direct");
    const struct sc_arg *arch = sc_arg(s, "arch");
    const struct sc_arg *gfn = sc_arg(s, "gfn");

    if (sc_check_machine_addr_bits(p, s))
        return -1;
    if (!direct)
        return 0;
    if (!sc_arg(s, "mfn")) {
        sc_perr(p, direct->col,
                "'direct' needs mfn=FRAME: the machine frame where the domain's RAM "
                "starts (a direct-mapped domain's gfns equal its mfns)");
        return -1;
    }
    if (arch && arch->v.s && strcmp(arch->v.s, "arm")) {
        sc_perr(p, arch->col, "'direct' is for arch=arm domains (Arm's 1:1 dom0)");
        return -1;
    }
    if (gfn) {
        sc_perr(p, gfn->col,
                "gfn= does not apply with 'direct': its RAM is at gfn = mfn");
        return -1;
    }
    return 0;
}

/* world (@linux false) or linux-boot: every xsaN= is `vulnerable` or `fixed`. */
static int sc_check_xsa(struct sc_parser *p, const struct sc_stmt *s, bool linux)
{
    unsigned xsa;
    char key[16];

    for (size_t i = 0;
         (xsa = linux ? gntsim_linux_xsa_knob_at(i) : gntsim_xsa_knob_at(i)); i++) {
        const struct sc_arg *a;

        snprintf(key, sizeof(key), "xsa%u", xsa);
        a = sc_arg(s, key);
        if (a && a->v.s && strcmp(a->v.s, "vulnerable") && strcmp(a->v.s, "fixed")) {
            sc_perr(p, a->col, "%s=%s: expected vulnerable or fixed", key, a->v.s);
            return -1;
        }
    }
    return 0;
}

/* world: dma-policy= is one of the table's policies (gntsim_dma_policy_at()); xsaN=
 * as sc_check_xsa(). */
int sc_check_world(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *pol = sc_arg(s, "dma-policy");
    const struct gntsim_dma_policy_info *pi;
    char list[200] = "";

    if (sc_check_xsa(p, s, false))
        return -1;
    if (!pol || !pol->v.s || gntsim_dma_policy_find(pol->v.s))
        return 0;
    for (size_t i = 0; (pi = gntsim_dma_policy_at(i)); i++)
        strcat(strcat(list, i ? ", " : ""), pi->name);
    sc_perr(p, pol->col, "no dma-policy '%s' (one of %s)", pol->v.s, list);
    return -1;
}

int sc_check_linux_boot(struct sc_parser *p, const struct sc_stmt *s)
{
    return sc_check_xsa(p, s, true);
}

/* inject: WHAT is a failure gntsim injects; the IOMMU ones name a domain. */
int sc_check_inject(struct sc_parser *p, const struct sc_stmt *s)
{
    static const char *const kinds[] = {"alloc", "iommu-map", "iommu-unmap",
                                        "iotlb-flush", "linux-map"};
    const struct sc_arg *what = sc_arg(s, "what");

    if (!what || !what->v.s)
        return 0;
    const struct sc_arg *rc = sc_arg(s, "rc"), *nth = sc_arg(s, "nth");

    for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
        if (!strcmp(what->v.s, kinds[k])) {
            if (k && !sc_arg(s, "dom")) {
                sc_perr(p, what->col, "inject %s needs dom=", kinds[k]);
                return -1;
            }
            if (k == 4 && (nth || sc_arg(s, "times"))) {
                sc_perr(p, what->col, "inject linux-map fails the next call only");
                return -1;
            }
            if (rc && (k == 0 || k == 3)) {
                sc_perr(p, rc->col, "rc= is for iommu-map and iommu-unmap");
                return -1;
            }
            if (rc && rc->v.kind == SV_INT && (rc->v.i < -4095 || rc->v.i >= 0)) {
                sc_perr(p, rc->col, "rc= must be a -errno (-1 .. -4095, e.g. -ENOMEM)");
                return -1;
            }
            if (nth && k == 3) {
                sc_perr(p, nth->col, "iotlb-flush skips the next ones: use times=");
                return -1;
            }
            return 0;
        }
    sc_perr(p, what->col, "no failure '%s' (alloc, iommu-map, iommu-unmap, iotlb-flush)",
            what->v.s);
    return -1;
}

/* net-attack: KIND names one of gntsim_net_attack_name()'s attacks. */
int sc_check_net_attack(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *kind = sc_arg(s, "kind");
    char list[400] = "";

    if (!kind || !kind->v.s)
        return 0;
    for (unsigned k = 0; k < GNTSIM_ATTACK_NR; k++) {
        if (!strcmp(kind->v.s, gntsim_net_attack_name((enum gntsim_net_attack_kind)k)))
            return 0;
        strcat(strcat(list, k ? ", " : ""),
               gntsim_net_attack_name((enum gntsim_net_attack_kind)k));
    }
    sc_perr(p, kind->col, "no attack '%s' (one of %s)", kind->v.s, list);
    return -1;
}
