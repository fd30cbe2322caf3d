/* SPDX-License-Identifier: MIT */
/*
 * The `xenver` step: HYPERVISOR_xen_version issued by a domain through the
 * hypercall entry (xen/common/kernel.c do_xen_version), public API only.
 */
#include <errno.h>
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <string.h>

#include <xen/xen.h>
#include <xen/version.h>

#include "scenario/scenario.h"
#include "scenario/scenario_parser.h"

static const struct {
    const char *name;
    int cmd;
    bool buffer; /* passes an argument buffer unless `null` */
} xenver_cmds[] = {
    {"version", XENVER_version, false},
    {"pagesize", XENVER_pagesize, false},
    {"get_features", XENVER_get_features, true},
};

#define XENVER_NCMDS (sizeof(xenver_cmds) / sizeof(xenver_cmds[0]))

/* The table index of @name, or -1. */
static int xenver_find(const char *name)
{
    for (unsigned i = 0; i < XENVER_NCMDS; i++)
        if (!strcmp(xenver_cmds[i].name, name))
            return (int)i;
    return -1;
}

int sc_check_xenver(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *cmd = sc_arg(s, "cmd");

    if (!cmd || !cmd->v.s || xenver_find(cmd->v.s) >= 0) {
        if (cmd && cmd->v.s && sc_arg(s, "null") && sc_arg(s, "buffer")) {
            sc_perr(p, sc_arg(s, "buffer")->col, "xenver: null or buffer, not both");
            return -1;
        }
        return 0;
    }
    sc_perr(p, cmd->col, "no XENVER_ command '%s' (version, pagesize, get_features)",
            cmd->v.s);
    return -1;
}

int sc_exec_xenver(struct sc_run *r, const struct sc_stmt *s)
{
    int i = xenver_find(sc_str(s, "cmd", ""));
    struct xen_feature_info fi = {.submap_idx = (unsigned)sc_int(r, s, "submap", 0)};
    bool buffer = (xenver_cmds[i].buffer || sc_flag(s, "buffer")) && !sc_flag(s, "null");
    const uint32_t canary = 0xdeadbeefu; /* what Xen did not write stays visible */
    long rc;

    fi.submap = canary;
    rc = gntsim_xen_version(r->w, (gntsim_domid_t)sc_int(r, s, "dom", 0),
                            (unsigned)sc_int(r, s, "vcpu", 0), xenver_cmds[i].cmd,
                            buffer ? &fi : NULL);
    sc_set_int(r, "rc", rc);
    if (xenver_cmds[i].cmd == XENVER_version && rc >= 0) {
        sc_set_int(r, "major", rc >> 16);
        sc_set_int(r, "minor", rc & 0xffff);
    }
    if (xenver_cmds[i].cmd == XENVER_get_features && buffer && rc != -ESRCH && rc != -EIO)
        sc_set_int(r, "submap", fi.submap); /* written back only on success */
    return 0;
}
