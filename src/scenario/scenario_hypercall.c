/* SPDX-License-Identifier: MIT */
/*
 * The `hypercall` step: a raw HYPERVISOR_grant_table_op(cmd, uop, count) whose
 * ops the scenario writes, field by field in the layout of Xen's public
 * <xen/grant_table.h> structs (ops="ref=8 dom=1; ref=9 dom=1") or as raw bytes
 * (data=hex:...), and whose written-back ops (status, handle, dev_bus_addr, ...)
 * become results. Guest handles (the frame_list of setup_table and
 * get_status_frames) are host pointers in gntsim: a non-zero one the scenario
 * gives is replaced by a list gntsim owns, so no content reaches memory outside
 * the op array and that list.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <stdlib.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "scenario/scenario.h"
#include "scenario/scenario_parser.h"

#define SC_MAX_BATCH    64     /* ops gntsim passes */
#define SC_OP_MAX_BYTES 48     /* the largest op struct (gnttab_copy: 40) */
#define SC_CMD_MASK     0xfffu /* GNTTABOP_CMD_MASK: below the continuation bits */

/* One field of an op struct: its name in ops=, offset, size, signedness. */
struct sc_opfield {
    const char *name;
    uint8_t off, size;
    bool is_signed, handle; /* handle: a guest handle, replaced when non-zero */
};

#define F(type, name, member)                                                            \
    {                                                                                    \
        name, (uint8_t)offsetof(type, member), (uint8_t)sizeof(((type *)0)->member),     \
            false, false                                                                 \
    }
#define S(type, name, member)                                                            \
    {                                                                                    \
        name, (uint8_t)offsetof(type, member), (uint8_t)sizeof(((type *)0)->member),     \
            true, false                                                                  \
    }
#define H(type, name, member)                                                            \
    {                                                                                    \
        name, (uint8_t)offsetof(type, member), (uint8_t)sizeof(((type *)0)->member),     \
            false, true                                                                  \
    }
#define FEND                                                                             \
    {                                                                                    \
        NULL, 0, 0, false, false                                                         \
    }

typedef struct gnttab_map_grant_ref sc_map_t;
typedef struct gnttab_unmap_grant_ref sc_unmap_t;
typedef struct gnttab_setup_table sc_setup_t;
typedef struct gnttab_dump_table sc_dump_t;
typedef struct gnttab_transfer sc_transfer_t;
typedef struct gnttab_copy sc_copy_t;
typedef struct gnttab_query_size sc_qsize_t;
typedef struct gnttab_unmap_and_replace sc_replace_t;
typedef struct gnttab_set_version sc_setver_t;
typedef struct gnttab_get_status_frames sc_status_t;
typedef struct gnttab_get_version sc_getver_t;
typedef struct gnttab_swap_grant_ref sc_swap_t;
typedef struct gnttab_cache_flush sc_flush_t;

static const struct sc_opfield map_f[] = {F(sc_map_t, "host_addr", host_addr),
                                          F(sc_map_t, "flags", flags),
                                          F(sc_map_t, "ref", ref),
                                          F(sc_map_t, "dom", dom),
                                          S(sc_map_t, "status", status),
                                          F(sc_map_t, "handle", handle),
                                          F(sc_map_t, "dev_bus_addr", dev_bus_addr),
                                          FEND};
static const struct sc_opfield unmap_f[] = {
    F(sc_unmap_t, "host_addr", host_addr), F(sc_unmap_t, "dev_bus_addr", dev_bus_addr),
    F(sc_unmap_t, "handle", handle), S(sc_unmap_t, "status", status), FEND};
static const struct sc_opfield setup_f[] = {
    F(sc_setup_t, "dom", dom), F(sc_setup_t, "nr_frames", nr_frames),
    S(sc_setup_t, "status", status), H(sc_setup_t, "frame_list", frame_list), FEND};
static const struct sc_opfield dump_f[] = {F(sc_dump_t, "dom", dom),
                                           S(sc_dump_t, "status", status), FEND};
static const struct sc_opfield transfer_f[] = {
    F(sc_transfer_t, "mfn", mfn), F(sc_transfer_t, "domid", domid),
    F(sc_transfer_t, "ref", ref), S(sc_transfer_t, "status", status), FEND};
static const struct sc_opfield copy_f[] = {F(sc_copy_t, "src_ref", source.u.ref),
                                           F(sc_copy_t, "src_gmfn", source.u.gmfn),
                                           F(sc_copy_t, "src_domid", source.domid),
                                           F(sc_copy_t, "src_offset", source.offset),
                                           F(sc_copy_t, "dst_ref", dest.u.ref),
                                           F(sc_copy_t, "dst_gmfn", dest.u.gmfn),
                                           F(sc_copy_t, "dst_domid", dest.domid),
                                           F(sc_copy_t, "dst_offset", dest.offset),
                                           F(sc_copy_t, "len", len),
                                           F(sc_copy_t, "flags", flags),
                                           S(sc_copy_t, "status", status),
                                           FEND};
static const struct sc_opfield qsize_f[] = {
    F(sc_qsize_t, "dom", dom), F(sc_qsize_t, "nr_frames", nr_frames),
    F(sc_qsize_t, "max_nr_frames", max_nr_frames), S(sc_qsize_t, "status", status), FEND};
static const struct sc_opfield replace_f[] = {
    F(sc_replace_t, "host_addr", host_addr), F(sc_replace_t, "new_addr", new_addr),
    F(sc_replace_t, "handle", handle), S(sc_replace_t, "status", status), FEND};
static const struct sc_opfield setver_f[] = {F(sc_setver_t, "version", version), FEND};
static const struct sc_opfield status_f[] = {
    F(sc_status_t, "nr_frames", nr_frames), F(sc_status_t, "dom", dom),
    S(sc_status_t, "status", status), H(sc_status_t, "frame_list", frame_list), FEND};
static const struct sc_opfield getver_f[] = {F(sc_getver_t, "dom", dom),
                                             F(sc_getver_t, "pad", pad),
                                             F(sc_getver_t, "version", version), FEND};
static const struct sc_opfield swap_f[] = {F(sc_swap_t, "ref_a", ref_a),
                                           F(sc_swap_t, "ref_b", ref_b),
                                           S(sc_swap_t, "status", status), FEND};
static const struct sc_opfield flush_f[] = {F(sc_flush_t, "dev_bus_addr", a.dev_bus_addr),
                                            F(sc_flush_t, "ref", a.ref),
                                            F(sc_flush_t, "offset", offset),
                                            F(sc_flush_t, "length", length),
                                            F(sc_flush_t, "op", op),
                                            FEND};

/* The op struct of each GNTTABOP_* (xen/include/public/grant_table.h). */
static const struct {
    size_t size;
    const struct sc_opfield *fields;
} sc_optypes[] = {
    [GNTTABOP_map_grant_ref] = {sizeof(sc_map_t), map_f},
    [GNTTABOP_unmap_grant_ref] = {sizeof(sc_unmap_t), unmap_f},
    [GNTTABOP_setup_table] = {sizeof(sc_setup_t), setup_f},
    [GNTTABOP_dump_table] = {sizeof(sc_dump_t), dump_f},
    [GNTTABOP_transfer] = {sizeof(sc_transfer_t), transfer_f},
    [GNTTABOP_copy] = {sizeof(sc_copy_t), copy_f},
    [GNTTABOP_query_size] = {sizeof(sc_qsize_t), qsize_f},
    [GNTTABOP_unmap_and_replace] = {sizeof(sc_replace_t), replace_f},
    [GNTTABOP_set_version] = {sizeof(sc_setver_t), setver_f},
    [GNTTABOP_get_status_frames] = {sizeof(sc_status_t), status_f},
    [GNTTABOP_get_version] = {sizeof(sc_getver_t), getver_f},
    [GNTTABOP_swap_grant_ref] = {sizeof(sc_swap_t), swap_f},
    [GNTTABOP_cache_flush] = {sizeof(sc_flush_t), flush_f},
};

#define SC_NOPTYPES (sizeof(sc_optypes) / sizeof(sc_optypes[0]))
_Static_assert(sizeof(sc_copy_t) <= SC_OP_MAX_BYTES, "the largest op fits");

/* Constants an ops= value may name (xen/include/public/grant_table.h). */
static const struct {
    const char *name;
    int64_t v;
} sc_opconsts[] = {
    {"GNTMAP_device_map", GNTMAP_device_map},
    {"GNTMAP_host_map", GNTMAP_host_map},
    {"GNTMAP_readonly", GNTMAP_readonly},
    {"GNTMAP_application_map", GNTMAP_application_map},
    {"GNTMAP_contains_pte", GNTMAP_contains_pte},
    {"GNTCOPY_source_gref", GNTCOPY_source_gref},
    {"GNTCOPY_dest_gref", GNTCOPY_dest_gref},
    {"GNTTAB_CACHE_CLEAN", GNTTAB_CACHE_CLEAN},
    {"GNTTAB_CACHE_INVAL", GNTTAB_CACHE_INVAL},
    {"DOMID_SELF", DOMID_SELF},
};

const char *sc_hypercall_const_name(size_t i)
{
    return i < sizeof(sc_opconsts) / sizeof(sc_opconsts[0]) ? sc_opconsts[i].name : NULL;
}

/* The op type of cmd value @cmd, or NULL when gntsim knows no layout for it. */
static const struct sc_opfield *optype(uint64_t cmd, size_t *size)
{
    uint64_t op = cmd & SC_CMD_MASK;

    if (op >= SC_NOPTYPES || !sc_optypes[op].fields)
        return NULL;
    *size = sc_optypes[op].size;
    return sc_optypes[op].fields;
}

/* One value: a number, a constant, or constants joined by '|'. 0 or -1. */
static int op_value(const char *w, size_t n, int64_t *out)
{
    char buf[64], *end;

    *out = 0;
    while (n) {
        const char *bar = memchr(w, '|', n);
        size_t len = bar ? (size_t)(bar - w) : n;
        bool found = false;
        int64_t v = 0;

        for (size_t k = 0; k < sizeof(sc_opconsts) / sizeof(sc_opconsts[0]); k++)
            if (strlen(sc_opconsts[k].name) == len &&
                !memcmp(sc_opconsts[k].name, w, len))
                v = sc_opconsts[k].v, found = true;
        if (!found && !sc_const_lookup(w, len, &v)) {
            if (!len || len >= sizeof(buf))
                return -1;
            memcpy(buf, w, len);
            buf[len] = '\0';
            errno = 0;
            v = buf[0] == '-' ? strtoll(buf, &end, 0) : (int64_t)strtoull(buf, &end, 0);
            if (*end || errno)
                return -1;
        }
        *out |= v;
        w += len + (bar != NULL);
        n -= len + (bar != NULL);
        if (bar && !n)
            return -1; /* "A|" */
    }
    return 0;
}

/* Whether @v fits field @f (its unsigned range, or its signed one). */
static bool op_fits(const struct sc_opfield *f, int64_t v)
{
    unsigned bits = f->size * 8u;

    if (bits == 64)
        return true;
    if (v < 0)
        return v >= -(INT64_C(1) << (bits - 1));
    return (uint64_t)v < (UINT64_C(1) << bits);
}

/*
 * Walk the ops string @str (@len bytes): ops separated by ';', fields by blanks, each
 * NAME=VALUE of layout @fields. With @buf, write each value at op index * @size +
 * the field's offset (little-endian, the host's and Arm's order). Returns the number
 * of ops, or -1 with *@bad the offset of the error and @why its reason.
 */
static int walk_ops(const char *str, size_t len, const struct sc_opfield *fields,
                    size_t size, uint8_t *buf, size_t *bad, const char **why)
{
    size_t i = 0;
    int op = 0;

    while (i <= len) {
        size_t k = i;

        if (i == len || str[i] == ';') { /* the end of an op */
            if (++op > SC_MAX_BATCH) {
                *bad = i;
                *why = "more ops than the 64 gntsim passes";
                return -1;
            }
            i++;
            continue;
        }
        if (str[i] == ' ' || str[i] == '\t') {
            i++;
            continue;
        }
        while (k < len && str[k] != ' ' && str[k] != '\t' && str[k] != ';')
            k++;
        {
            const char *eq = memchr(str + i, '=', k - i);
            const struct sc_opfield *f = NULL;
            int64_t v;

            for (const struct sc_opfield *g = fields; eq && g->name; g++)
                if (strlen(g->name) == (size_t)(eq - str - i) &&
                    !memcmp(g->name, str + i, (size_t)(eq - str - i)))
                    f = g;
            if (!f) {
                *bad = i;
                *why = eq ? "no such field in this op's struct" : "expected FIELD=VALUE";
                return -1;
            }
            if (op >= SC_MAX_BATCH) { /* the parser refused it: never written */
                *bad = i;
                *why = "more ops than the 64 gntsim passes";
                return -1;
            }
            if (op_value(eq + 1, (size_t)(str + k - eq - 1), &v) || !op_fits(f, v)) {
                *bad = (size_t)(eq + 1 - str);
                *why = "not a number or constant that fits the field";
                return -1;
            }
            if (buf)
                for (unsigned b = 0; b < f->size; b++)
                    buf[(size_t)op * size + f->off + b] =
                        (uint8_t)((uint64_t)v >> (8 * b));
        }
        i = k;
    }
    return op;
}

int sc_check_hypercall(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *cmd = sc_arg(s, "cmd");
    const struct sc_arg *ops = sc_arg(s, "ops"), *data = sc_arg(s, "data");
    const struct sc_arg *any = ops ? ops : data;
    const struct sc_opfield *fields;
    size_t size = 0, bad = 0;
    const char *why = "";

    if (!any)
        return 0;
    if (sc_flag(s, "null")) {
        sc_perr(p, any->col, "null passes no ops: not with %s=", any->spec->name);
        return -1;
    }
    if (!cmd || cmd->v.kind != SV_INT || !(fields = optype((uint64_t)cmd->v.i, &size))) {
        sc_perr(p, cmd ? cmd->col : s->col,
                "%s= needs CMD as the number of a GNTTABOP with ops (0..12)",
                any->spec->name);
        return -1;
    }
    if (data && data->v.kind == SV_BYTES && data->v.len > SC_MAX_BATCH * size) {
        sc_perr(p, data->col, "data= holds %zu bytes, more than 64 ops of %zu",
                data->v.len, size);
        return -1;
    }
    if (ops && ops->v.s &&
        walk_ops(ops->v.s, ops->v.len, fields, size, NULL, &bad, &why) < 0) {
        sc_perr(p, ops->col + 5 + (unsigned)bad, "ops: %s", why); /* after ops=" */
        return -1;
    }
    return 0;
}

/* The results of the ops Xen wrote back: op @at's status, handle and dev_bus_addr,
 * the last op's status, how many say GNTST_okay, and every op's bytes. */
static void op_results(struct sc_run *r, const struct sc_opfield *fields, size_t size,
                       const uint8_t *buf, uint32_t n, uint32_t at)
{
    int64_t ok = 0;

    for (const struct sc_opfield *f = fields; f->name; f++) {
        bool status = !strcmp(f->name, "status");

        for (uint32_t i = 0; i < n; i++) {
            uint64_t v = 0;

            for (unsigned b = 0; b < f->size; b++)
                v |= (uint64_t)buf[(size_t)i * size + f->off + b] << (8 * b);
            if (status && (int16_t)v == GNTST_okay)
                ok++;
            if (status && i + 1 == n)
                sc_set_int(r, "last", (int16_t)v);
            if (i != at)
                continue;
            if (status)
                sc_set_int(r, "status", (int16_t)v);
            else if (!strcmp(f->name, "handle"))
                sc_set_int(r, "handle", (int64_t)v);
            else if (!strcmp(f->name, "dev_bus_addr") && fields == map_f)
                sc_set_int(r, "bus", (int64_t)v);
        }
    }
    sc_set_int(r, "ok", ok);
    sc_set_bytes(r, "out", buf, (size_t)n * size);
}

/*
 * A raw HYPERVISOR_grant_table_op(cmd, uop, count): ops zeroed, or as data= and ops=
 * write them; `null` passes no array. A count Xen would read beyond the 64 ops gntsim
 * holds is a run error; Xen refuses a negative (int)count before reading any op.
 */
int sc_exec_hypercall(struct sc_run *r, const struct sc_stmt *s)
{
    static const uint64_t unwritten = 0xfefefefefefefefeull;
    uint8_t buf[SC_MAX_BATCH * SC_OP_MAX_BYTES];
    uint64_t handles[SC_MAX_BATCH] = {0}; /* what the scenario gave, restored after */
    uint32_t count = (uint32_t)sc_int(r, s, "count", 1);
    uint32_t cmd = (uint32_t)sc_int(r, s, "cmd", 0);
    uint32_t at = (uint32_t)sc_int(r, s, "at", 0); /* whose status, handle, bus */
    bool null = sc_flag(s, "null");
    size_t size = SC_OP_MAX_BYTES, len = 0, bad;
    const struct sc_opfield *fields = optype(cmd, &size);
    const uint8_t *data = sc_data(r, s, "data", &len);
    const char *why;
    uint64_t *list = NULL;
    long rc;

    memset(buf, 0, sizeof(buf));
    if (!null && (int32_t)count >= 0 && count > SC_MAX_BATCH)
        return sc_run_error(r, "count %" PRIu32 " above %d with a buffer", count,
                            SC_MAX_BATCH);
    if (sc_arg(s, "at") && ((int32_t)count <= 0 || at >= count))
        return sc_run_error(r, "at=%" PRIu32 " is not one of the %" PRIu32 " ops", at,
                            count);
    if (data && len > SC_MAX_BATCH * size)
        return sc_run_error(r, "data holds %zu bytes, more than 64 ops", len);
    if (data)
        memcpy(buf, data, len);
    if (fields && sc_arg(s, "ops"))
        walk_ops(sc_str(s, "ops", ""), strlen(sc_str(s, "ops", "")), fields, size, buf,
                 &bad, &why);
    /* guest handles: a non-zero one becomes a list gntsim owns, as long as Xen can
     * write (at most GNTSIM_GNTTAB_MAX_FRAMES frames, see scenario_gnttab.c) */
    for (const struct sc_opfield *f = fields; f && f->name; f++) {
        if (!f->handle)
            continue;
        for (uint32_t i = 0; i < SC_MAX_BATCH; i++) {
            uint8_t *h = buf + (size_t)i * size + f->off;
            void *p;

            memcpy(&handles[i], h, sizeof(handles[i]));
            if (!handles[i])
                continue;
            if (!list && !(list = malloc(GNTSIM_GNTTAB_MAX_FRAMES * sizeof(*list))))
                return sc_run_error(r, "out of memory for a frame list");
            for (size_t k = 0; k < GNTSIM_GNTTAB_MAX_FRAMES; k++)
                list[k] = unwritten;
            p = list;
            memcpy(h, &p, sizeof(p));
        }
    }
    rc = gntsim_grant_table_op(r->w, (gntsim_domid_t)sc_int(r, s, "dom", 0), 0, cmd,
                               null ? NULL : (void *)buf, count);
    sc_set_int(r, "rc", rc);
    for (const struct sc_opfield *f = fields; f && f->name; f++)
        for (uint32_t i = 0; f->handle && i < SC_MAX_BATCH; i++)
            memcpy(buf + (size_t)i * size + f->off, &handles[i], sizeof(handles[i]));
    if (list && list[0] != unwritten)
        sc_set_int(r, "frame", (int64_t)list[0]);
    free(list);
    if (fields && !null && (int32_t)count > 0 && rc != -ESRCH && rc != -EIO)
        op_results(r, fields, size, buf, count, at);
    return 0;
}
