/* SPDX-License-Identifier: MIT */
/*
 * Scenario steps for the grant-table operations beyond map/unmap/copy:
 * versions and status frames, setup_table/query_size, swap_grant_ref,
 * transfer, domain destruction and the crash state (public API only; the raw
 * hypercall is scenario_hypercall.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "scenario/scenario.h"

#define DOM(key) ((gntsim_domid_t)sc_int(r, s, key, 0))
_Static_assert(sizeof(xen_pfn_t) == sizeof(uint64_t), "one list type for both ops");
/* What Xen did not write in a frame list stays this (no gfn is that large). */
#define SC_LIST_UNWRITTEN 0xfefefefefefefefeull

/* The target of dom=: DOMID_SELF unless given. */
static domid_t target_dom(struct sc_run *r, const struct sc_stmt *s)
{
    return sc_arg(s, "target") ? (domid_t)sc_int(r, s, "target", 0) : DOMID_SELF;
}

/*
 * A frame list for nr= (default 1, any 32-bit count) of a setup-table or status-frames
 * step, every entry SC_LIST_UNWRITTEN. Xen writes nr entries only when the table
 * holds nr frames, which gntsim bounds by GNTSIM_GNTTAB_MAX_FRAMES (status frames are
 * fewer), so that many entries are room for every list Xen can write. NULL (a run
 * error) when out of memory; *@nr receives the count.
 */
static uint64_t *frame_list(struct sc_run *r, const struct sc_stmt *s, uint32_t *nr,
                            size_t *len)
{
    uint64_t *list;

    *nr = (uint32_t)sc_int(r, s, "nr", 1);
    *len = *nr < GNTSIM_GNTTAB_MAX_FRAMES ? *nr : GNTSIM_GNTTAB_MAX_FRAMES;
    list = malloc((*len ? *len : 1) * sizeof(*list));
    if (!list) {
        sc_run_error(r, "out of memory for a list of %zu frames", *len);
        return NULL;
    }
    for (size_t i = 0; i < *len; i++)
        list[i] = SC_LIST_UNWRITTEN;
    return list;
}

/* The results of a frame list Xen filled: status, the first and last entries written,
 * how many it wrote. */
static void frame_results(struct sc_run *r, int16_t status, const uint64_t *list,
                          size_t len)
{
    size_t count = 0;

    sc_set_int(r, "status", status);
    for (size_t i = 0; i < len; i++)
        if (list[i] != SC_LIST_UNWRITTEN) {
            if (!count)
                sc_set_int(r, "gfn", (int64_t)list[i]);
            sc_set_int(r, "last", (int64_t)list[i]);
            count++;
        }
    sc_set_int(r, "count", (int64_t)count);
}

int sc_exec_set_version(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_set_version op = {.version = (uint32_t)sc_int(r, s, "version", 0)};
    long rc = gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_set_version, &op, 1);

    sc_set_int(r, "rc", rc);
    if (rc != -ESRCH && rc != -EIO)
        sc_set_int(r, "version", op.version); /* written back on success and failure */
    return 0;
}

int sc_exec_get_version(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_get_version op = {.dom = target_dom(r, s)};
    long rc = gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_get_version, &op, 1);

    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "version", op.version);
    return 0;
}

int sc_exec_status_frames(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_get_status_frames op = {.dom = target_dom(r, s)};
    size_t len;
    uint64_t *list = frame_list(r, s, &op.nr_frames, &len);
    long rc;

    if (!list)
        return -1;
    if (!sc_flag(s, "nolist"))
        set_xen_guest_handle(op.frame_list, list);
    rc = gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_get_status_frames, &op, 1);
    sc_set_int(r, "rc", rc);
    if (!rc)
        frame_results(r, op.status, list, len);
    free(list);
    return 0;
}

int sc_exec_setup_table(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_setup_table op = {.dom = target_dom(r, s)};
    size_t len;
    uint64_t *list = frame_list(r, s, &op.nr_frames, &len); /* xen_pfn_t: 64 bits */
    long rc;

    if (!list)
        return -1;
    if (!sc_flag(s, "nolist"))
        set_xen_guest_handle(op.frame_list, (xen_pfn_t *)list);
    rc = gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_setup_table, &op, 1);
    sc_set_int(r, "rc", rc);
    if (!rc)
        frame_results(r, op.status, list, len);
    free(list);
    return 0;
}

int sc_exec_query_size(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_query_size op = {.dom = target_dom(r, s)};
    long rc = gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_query_size, &op, 1);

    sc_set_int(r, "rc", rc);
    if (rc)
        return 0;
    sc_set_int(r, "status", op.status);
    if (op.status == GNTST_okay) {
        sc_set_int(r, "nr", op.nr_frames);
        sc_set_int(r, "max", op.max_nr_frames);
    }
    return 0;
}

/* GNTTABOP_unmap_and_replace: the host mapping at host= goes, new= (a gfn) is zapped. */
int sc_exec_unmap_replace(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_unmap_and_replace op = {
        .host_addr = (uint64_t)sc_int(r, s, "host", 0) << 12,
        .new_addr = (uint64_t)sc_int(r, s, "new", 0) << 12,
        .handle = (grant_handle_t)sc_int(r, s, "handle", 0)};
    long rc = gntsim_grant_table_op(r->w, DOM("dom"), (unsigned)sc_int(r, s, "vcpu", 0),
                                    GNTTABOP_unmap_and_replace, &op, 1);

    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "status", op.status);
    return 0;
}

int sc_exec_swap(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_swap_grant_ref op = {.ref_a = (grant_ref_t)sc_int(r, s, "a", 0),
                                       .ref_b = (grant_ref_t)sc_int(r, s, "b", 0)};
    long rc = gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_swap_grant_ref, &op, 1);

    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "status", op.status);
    return 0;
}

int sc_exec_transfer(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_transfer op = {.mfn = (xen_pfn_t)sc_int(r, s, "gfn", 0),
                                 .domid = (domid_t)sc_int(r, s, "to", 0),
                                 .ref = (grant_ref_t)sc_int(r, s, "ref", 0),
                                 .status = 1}; /* not written by Xen: visible as 1 */
    long rc = gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_transfer, &op, 1);

    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "status", op.status);
    return 0;
}

int sc_exec_domain_destroy(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(r, "rc", gntsim_domain_destroy(r->w, DOM("dom")));
    return 0;
}

/* inject WHAT [dom=D] [nth=N] [times=N] [rc=E]: from the Nth next such operation
 * (default the next), N in a row fail (sc_check_inject() checks the combination). */
int sc_exec_inject(struct sc_run *r, const struct sc_stmt *s)
{
    static const char *const kinds[] = {"alloc", "iommu-map", "iommu-unmap",
                                        "iotlb-flush", "linux-map"};
    const char *what = sc_str(s, "what", "");
    struct gntsim_inject f = {.dom = DOM("dom"),
                              .nth = (uint64_t)sc_int(r, s, "nth", 1),
                              .times = (uint32_t)sc_int(r, s, "times", 1),
                              .rc = (int)sc_int(r, s, "rc", 0)};

    for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
        if (!strcmp(what, kinds[k]))
            f.what = (enum gntsim_inject_what)k;
    sc_set_int(r, "rc", gntsim_inject(r->w, &f));
    return 0;
}

int sc_exec_crashed(struct sc_run *r, const struct sc_stmt *s)
{
    const char *where = NULL;

    sc_set_int(r, "xen", gntsim_xen_crashed(r->w, &where));
    sc_set_int(r, "domain", gntsim_domain_crashed(r->w, DOM("dom")));
    sc_set_int(r, "kernel", gntsim_linux_bugged(r->w, DOM("dom"), NULL));
    return 0;
}
