/* SPDX-License-Identifier: MIT */
/* Scenario queries: P2M and IOMMU entries, grant entries, pages, invariants. */
#include <inttypes.h>
#include <stdio.h>

#include "scenario/scenario.h"

#define DOM(key) ((gntsim_domid_t)sc_int(r, s, key, 0))

static void entry_fields(struct sc_run *r, int rc, const struct gntsim_p2m_info *p)
{
    char e[80];
    const char *perm = p->read ? (p->write ? "rw" : "r") : (p->write ? "w" : "-");

    if (rc) {
        sc_set_str(r, "entry", "none");
        return;
    }
    snprintf(e, sizeof(e), "mfn %#" PRIx64 " %s %s", p->mfn, p->type_name, perm);
    sc_set_str(r, "entry", e);
    sc_set_int(r, "mfn", (int64_t)p->mfn);
    sc_set_str(r, "type", p->type_name);
    sc_set_str(r, "perm", perm);
}

int sc_exec_p2m(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_p2m_info p = {0};

    entry_fields(
        r, gntsim_p2m_lookup(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "gfn", 0), &p), &p);
    return 0;
}

int sc_exec_iommu(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_p2m_info p = {0};

    entry_fields(
        r, gntsim_iommu_lookup(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "gfn", 0), &p),
        &p);
    return 0;
}

int sc_exec_grant_info(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_grant_info g;

    if (gntsim_grant_info(r->w, DOM("dom"), (uint32_t)sc_int(r, s, "ref", 0), &g))
        return sc_run_error(r, "%s", gntsim_world_error(r->w));
    sc_set_int(r, "flags", g.flags);
    sc_set_int(r, "domid", g.domid);
    sc_set_int(r, "frame", g.frame);
    sc_set_int(r, "pin", g.pin);
    sc_set_int(r, "hstw", g.hstw);
    sc_set_int(r, "hstr", g.hstr);
    sc_set_int(r, "devw", g.devw);
    sc_set_int(r, "devr", g.devr);
    if (g.pin)
        sc_set_int(r, "mfn", (int64_t)g.mfn);
    return 0;
}

int sc_exec_page(struct sc_run *r, const struct sc_stmt *s)
{
    uint64_t mfn = (uint64_t)sc_int(r, s, "mfn", 0);

    sc_set_int(r, "refs", gntsim_page_refs(r->w, mfn));
    sc_set_int(r, "owner", gntsim_page_owner(r->w, mfn));
    sc_set_int(r, "types", gntsim_page_type_count(r->w, mfn));
    return 0;
}

int sc_exec_check(struct sc_run *r, const struct sc_stmt *s)
{
    size_t n = 0;
    const struct gntsim_finding *f;

    (void)s;
    gntsim_check_invariants(r->w);
    f = gntsim_findings(r->w, &n);
    sc_set_int(r, "findings", (int64_t)gntsim_findings_total(r->w));
    sc_set_str(r, "first", n ? f[0].id : "none");
    return 0;
}
