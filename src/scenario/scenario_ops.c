/* SPDX-License-Identifier: MIT */
/* Scenario steps on domains, guest memory and grant tables (public API only). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "scenario/scenario.h"
#include "scenario/scenario_parser.h"

#define DOM(key) ((gntsim_domid_t)sc_int(r, s, key, 0))

/* Record @rc; a failed setup step without expectations is a run error. */
static int setup_rc(struct sc_run *r, const struct sc_stmt *s, int rc)
{
    sc_set_int(r, "rc", rc);
    if (rc && !s->checked)
        return sc_setup_failed(r, rc);
    return rc;
}

/* arch=NAME: the architecture, and whether the x86 PV guest is 32-bit. */
static int domain_arch(struct sc_run *r, const char *a, struct gntsim_domain_opts *d)
{
    static const char *const names[] = {"arm", "x86-pv", "x86-hvm", "x86-pv32"};
    static const enum gntsim_arch arches[] = {GNTSIM_ARCH_ARM, GNTSIM_ARCH_X86_PV,
                                              GNTSIM_ARCH_X86_HVM, GNTSIM_ARCH_X86_PV};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(a, names[i])) {
            d->arch = arches[i];
            d->pv32 = i == 3;
            return 0;
        }
    return sc_run_error(r, "unknown arch '%s' (arm, x86-pv, x86-pv32, x86-hvm)", a);
}

int sc_exec_domain(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_domain_opts d;

    gntsim_domain_opts_default(&d, DOM("dom"));
    if (domain_arch(r, sc_str(s, "arch", "arm"), &d))
        return -1;
    d.hwdom = sc_flag(s, "hwdom");
    d.direct_mapped = sc_flag(s, "direct");
    d.iommu = sc_flag(s, "iommu");
    d.no_swiotlb_xen = sc_flag(s, "no-swiotlb-xen");
    d.vcpus = (unsigned)sc_int(r, s, "vcpus", d.vcpus);
    d.mem_pages = (uint64_t)sc_int(r, s, "pages", (int64_t)d.mem_pages);
    d.mfn_base = (uint64_t)sc_int(r, s, "mfn", (int64_t)d.mfn_base);
    d.ram_gfn = (uint64_t)sc_int(r, s, "gfn", (int64_t)d.ram_gfn);
    d.gnttab_gfn = (uint64_t)sc_int(r, s, "gnttab", (int64_t)d.gnttab_gfn);
    d.max_grant_frames = (unsigned)sc_int(r, s, "grant-frames", d.max_grant_frames);
    d.max_maptrack_frames =
        (unsigned)sc_int(r, s, "maptrack-frames", d.max_maptrack_frames);
    d.max_grant_version = (unsigned)sc_int(r, s, "max-version", d.max_grant_version);
    d.machine_addr_bits = (unsigned)sc_int(r, s, "machine-addr-bits", 0);
    return setup_rc(r, s, gntsim_domain_create(r->w, &d));
}

int sc_exec_write(struct sc_run *r, const struct sc_stmt *s)
{
    size_t len = 0;
    const uint8_t *b = sc_data(r, s, "data", &len);

    sc_set_int(
        r, "rc",
        gntsim_guest_write(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "addr", 0), b, len));
    return 0;
}

int sc_exec_read(struct sc_run *r, const struct sc_stmt *s)
{
    uint8_t buf[SC_MAX_DATA];
    int64_t len = sc_int(r, s, "len", 0);
    int rc;

    if (len < 0 || len > SC_MAX_DATA)
        return sc_run_error(r, "len %" PRId64 " outside 0..%d", len, SC_MAX_DATA);
    rc = gntsim_guest_read(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "addr", 0), buf,
                           (size_t)len);
    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_bytes(r, "bytes", buf, (size_t)len);
    return 0;
}

int sc_check_grant(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *gfn = sc_arg(s, "gfn"), *tdom = sc_arg(s, "trans-dom");
    const struct sc_arg *tref = sc_arg(s, "trans-ref"), *ro = sc_arg(s, "ro");

    if (!gfn == !tdom) {
        sc_perr(p, gfn ? tdom->col : s->col,
                "grant needs either gfn= (a page) or trans-dom= and trans-ref= (a v2 "
                "transitive entry)");
        return -1;
    }
    if (!tdom != !tref) {
        sc_perr(p, (tdom ? tdom : tref)->col, "trans-dom= and trans-ref= go together");
        return -1;
    }
    if (tdom && ro) {
        sc_perr(p, ro->col, "a transitive entry has no 'ro' (its inner grant decides)");
        return -1;
    }
    return 0;
}

int sc_exec_grant(struct sc_run *r, const struct sc_stmt *s)
{
    uint32_t ref = (uint32_t)sc_int(r, s, "ref", 0);

    if (sc_arg(s, "trans-dom"))
        sc_set_int(r, "rc",
                   gntsim_guest_grant_transitive(r->w, DOM("dom"), ref, DOM("to"),
                                                 DOM("trans-dom"),
                                                 (uint32_t)sc_int(r, s, "trans-ref", 0)));
    else
        sc_set_int(r, "rc",
                   gntsim_guest_grant(r->w, DOM("dom"), ref, DOM("to"),
                                      (uint64_t)sc_int(r, s, "gfn", 0),
                                      sc_flag(s, "ro")));
    return 0;
}

int sc_exec_end_access(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(
        r, "rc",
        gntsim_guest_end_access(r->w, DOM("dom"), (uint32_t)sc_int(r, s, "ref", 0)));
    return 0;
}

#define SC_MAX_MAPS 256 /* ops of one `map ... count=N` hypercall */

/* Record a map hypercall of @n ops: status, handle and bus of the last op, ok = okays. */
static void map_results(struct sc_run *r, long rc, const struct gnttab_map_grant_ref *ops,
                        unsigned n)
{
    int64_t ok = 0;

    sc_set_int(r, "rc", rc);
    if (rc)
        return;
    for (unsigned i = 0; i < n; i++)
        ok += ops[i].status == GNTST_okay;
    sc_set_int(r, "ok", ok);
    sc_set_int(r, "status", ops[n - 1].status);
    sc_set_int(r, "handle", ops[n - 1].handle);
    sc_set_int(r, "bus", (int64_t)ops[n - 1].dev_bus_addr);
}

/* GNTTABOP_map_grant_ref of one op, or count=N ops of the same ref at host, host+1, ...
 */
int sc_exec_map(struct sc_run *r, const struct sc_stmt *s)
{
    /* a few ops on the stack: in a parallel block the stack below is a vCPU's, which
     * gntsim explore zeroes and hashes (src/env/par.c) */
    struct gnttab_map_grant_ref few[4], *ops = few;
    int64_t n = sc_int(r, s, "count", 1);
    uint64_t host = (uint64_t)sc_int(r, s, "host", 0);

    if (n < 1 || n > SC_MAX_MAPS)
        return sc_run_error(r, "count %" PRId64 " outside 1..%d", n, SC_MAX_MAPS);
    if (n > (int64_t)(sizeof(few) / sizeof(few[0])) &&
        !(ops = calloc((size_t)n, sizeof(*ops))))
        return sc_run_error(r, "out of memory");
    for (int64_t i = 0; i < n; i++) {
        struct gnttab_map_grant_ref *op = &ops[i];

        *op = (struct gnttab_map_grant_ref){0};
        op->host_addr = (host + (uint64_t)i) << 12;
        op->flags = (sc_flag(s, "nohost") ? 0 : GNTMAP_host_map) |
                    (sc_flag(s, "dev") ? GNTMAP_device_map : 0) |
                    (sc_flag(s, "ro") ? GNTMAP_readonly : 0);
        op->ref = (grant_ref_t)sc_int(r, s, "ref", 0);
        op->dom = DOM("granter");
    }
    map_results(r,
                gntsim_grant_table_op(r->w, DOM("dom"), (unsigned)sc_int(r, s, "vcpu", 0),
                                      GNTTABOP_map_grant_ref, ops, (unsigned)n),
                ops, (unsigned)n);
    if (ops != few)
        free(ops);
    return 0;
}

int sc_exec_unmap(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_unmap_grant_ref op = {0};
    long rc;

    op.host_addr = (uint64_t)sc_int(r, s, "host", 0) << 12;
    op.dev_bus_addr = (uint64_t)sc_int(r, s, "bus", 0);
    op.handle = (grant_handle_t)sc_int(r, s, "handle", 0);
    rc = gntsim_grant_table_op(r->w, DOM("dom"), (unsigned)sc_int(r, s, "vcpu", 0),
                               GNTTABOP_unmap_grant_ref, &op, 1);
    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "status", op.status);
    return 0;
}

static void copy_ptr(struct sc_run *r, const struct sc_stmt *s, const char *side,
                     struct gnttab_copy_ptr *p, uint16_t *flags, uint16_t gref_flag)
{
    char k[16];

    snprintf(k, sizeof(k), "%s-ref", side);
    if (sc_arg(s, k)) {
        p->u.ref = (grant_ref_t)sc_int(r, s, k, 0);
        *flags |= gref_flag;
    } else {
        snprintf(k, sizeof(k), "%s-gfn", side);
        p->u.gmfn = (xen_pfn_t)sc_int(r, s, k, 0);
    }
    snprintf(k, sizeof(k), "%s-off", side);
    p->offset = (uint16_t)sc_int(r, s, k, 0);
    p->domid = (domid_t)sc_int(r, s, side, 0);
}

int sc_exec_copy(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_copy op = {0};
    long rc;

    copy_ptr(r, s, "src", &op.source, &op.flags, GNTCOPY_source_gref);
    copy_ptr(r, s, "dst", &op.dest, &op.flags, GNTCOPY_dest_gref);
    op.len = (uint16_t)sc_int(r, s, "len", 0);
    rc = gntsim_grant_table_op(r->w, DOM("dom"), (unsigned)sc_int(r, s, "vcpu", 0),
                               GNTTABOP_copy, &op, 1);
    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "status", op.status);
    return 0;
}

int sc_exec_cache_flush(struct sc_run *r, const struct sc_stmt *s)
{
    struct gnttab_cache_flush op = {0};

    if (sc_arg(s, "ref")) {
        op.a.ref = (grant_ref_t)sc_int(r, s, "ref", 0);
        op.op |= GNTTAB_CACHE_SOURCE_GREF;
    } else {
        op.a.dev_bus_addr = (uint64_t)sc_int(r, s, "bus", 0);
    }
    op.offset = (uint16_t)sc_int(r, s, "off", 0);
    op.length = (uint16_t)sc_int(r, s, "len", 0);
    op.op |= (sc_flag(s, "clean") ? GNTTAB_CACHE_CLEAN : 0) |
             (sc_flag(s, "inval") ? GNTTAB_CACHE_INVAL : 0);
    sc_set_int(r, "rc",
               gntsim_grant_table_op(r->w, DOM("dom"), 0, GNTTABOP_cache_flush, &op, 1));
    return 0;
}
