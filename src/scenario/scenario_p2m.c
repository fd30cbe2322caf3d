/* SPDX-License-Identifier: MIT */
/*
 * P2M knobs: `p2m-set` places MMIO, foreign and RAM entries as Xen's other P2M
 * writers do, `p2m-remove` is XENMEM_remove_from_physmap, `add-to-physmap` is
 * XENMEM_add_to_physmap of a grant-table frame, `iomem` gives a frame to DOMID_IO
 * (src/xen/physmap.c, physmap_gnttab.c).
 */
#include <string.h>

#include "scenario/scenario_parser.h"

#define DOM(key) ((gntsim_domid_t)sc_int(r, s, key, 0))

/* p2m-set's type= names, as Xen spells them, and their p2m_type_t values. */
static const struct {
    const char *name;
    unsigned type;
} p2m_set_types[] = {
    {"p2m_ram_rw", 1},         {"p2m_ram_ro", 2},        {"p2m_mmio_direct_dev", 3},
    {"p2m_mmio_direct_nc", 4}, {"p2m_mmio_direct_c", 5}, {"p2m_map_foreign_rw", 6},
    {"p2m_map_foreign_ro", 7},
};
#define P2M_SET_NR_TYPES (sizeof(p2m_set_types) / sizeof(p2m_set_types[0]))

const char *sc_p2m_set_type_name(size_t i)
{
    return i < P2M_SET_NR_TYPES ? p2m_set_types[i].name : NULL;
}

/* The p2m_type_t value of @name, or 0. */
static unsigned p2m_set_type(const char *name)
{
    for (unsigned i = 0; name && i < P2M_SET_NR_TYPES; i++)
        if (!strcmp(name, p2m_set_types[i].name))
            return p2m_set_types[i].type;
    return 0;
}

int sc_check_p2m_set(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *type = sc_arg(s, "type");
    char list[200] = "";

    if (!type || !type->v.s || p2m_set_type(type->v.s))
        return 0;
    for (unsigned i = 0; i < P2M_SET_NR_TYPES; i++)
        strcat(strcat(list, i ? ", " : ""), p2m_set_types[i].name);
    sc_perr(p, type->col, "no p2m-set type '%s' (one of %s)", type->v.s, list);
    return -1;
}

int sc_exec_p2m_set(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(r, "rc",
               gntsim_p2m_set(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "gfn", 0),
                              (uint64_t)sc_int(r, s, "mfn", 0),
                              p2m_set_type(sc_str(s, "type", ""))));
    return 0;
}

int sc_exec_decrease_reservation(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(
        r, "rc",
        gntsim_decrease_reservation(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "gfn", 0)));
    return 0;
}

int sc_exec_p2m_remove(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(r, "rc",
               gntsim_p2m_remove(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "gfn", 0)));
    return 0;
}

int sc_exec_iomem(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(r, "rc", gntsim_page_assign_io(r->w, (uint64_t)sc_int(r, s, "mfn", 0)));
    return 0;
}

int sc_check_add_to_physmap(struct sc_parser *p, const struct sc_stmt *s)
{
    const struct sc_arg *space = sc_arg(s, "space");

    if (!space || !space->v.s || !strcmp(space->v.s, "grant-table"))
        return 0;
    sc_perr(p, space->col,
            "add-to-physmap: no space '%s' (grant-table, XENMAPSPACE_grant_table)",
            space->v.s);
    return -1;
}

int sc_exec_add_to_physmap(struct sc_run *r, const struct sc_stmt *s)
{
    uint32_t idx = (uint32_t)sc_int(r, s, "idx", 0);

    if (sc_flag(s, "status"))
        idx |= GNTSIM_MAPIDX_STATUS;
    sc_set_int(r, "rc",
               gntsim_add_to_physmap_grant_table(r->w, DOM("dom"),
                                                 (unsigned)sc_int(r, s, "vcpu", 0), idx,
                                                 (uint64_t)sc_int(r, s, "gfn", 0)));
    return 0;
}
