/* SPDX-License-Identifier: MIT */
/* Scenario queries: P2M and IOMMU entries, grant entries, pages, invariants. */
#include <errno.h>
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

/* Era C per-mfn counters of a mapping domain (Xen's maptrack_tree node). */
int sc_exec_counters(struct sc_run *r, const struct sc_stmt *s)
{
    uint32_t rd = 0, wr = 0;
    int rc = gntsim_iommu_counters(r->w, DOM("dom"), (uint64_t)sc_int(r, s, "mfn", 0),
                                   &rd, &wr);

    if (rc == -ESRCH)
        return sc_run_error(r, "%s", gntsim_world_error(r->w));
    sc_set_str(r, "node", rc ? "none" : "present");
    sc_set_int(r, "rd", rd);
    sc_set_int(r, "wr", wr);
    return 0;
}

/* Era A/B mapkind() of a frame: "none", "r", "w" or "rw". */
int sc_exec_mapkind(struct sc_run *r, const struct sc_stmt *s)
{
    static const char *const names[] = {"none", "r", "w", "rw"};
    unsigned kind = 0;

    if (gntsim_mapkind(r->w, DOM("dom"), DOM("rd"), (uint64_t)sc_int(r, s, "mfn", 0),
                       &kind))
        return sc_run_error(r, "%s", gntsim_world_error(r->w));
    sc_set_str(r, "kind", names[kind & 3]);
    return 0;
}

/* A vCPU's free list as text, head first: "3 2 1", cut with " ..." where a string
 * field (80 bytes) ends. */
static void freelist_text(const uint32_t *h, size_t nr, char *buf, size_t len)
{
    size_t o = 0, i;

    buf[0] = '\0';
    for (i = 0; i < nr && o + 16 < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%u", i ? " " : "", h[i]);
    if (i < nr)
        snprintf(buf + o, len - o, " ...");
}

/* Maptrack state: limit, live handles, a vCPU's free list, one handle's entry. */
int sc_exec_maptrack(struct sc_run *r, const struct sc_stmt *s)
{
    uint32_t h[32];
    size_t nr = 0;
    char text[80]; /* a string field's room */
    gntsim_domid_t dom = DOM("dom");
    int rc = gntsim_maptrack_freelist(r->w, dom, (unsigned)sc_int(r, s, "vcpu", 0), h, 32,
                                      &nr);

    if (rc == -ESRCH)
        return sc_run_error(r, "%s", gntsim_world_error(r->w));
    sc_set_int(r, "limit", gntsim_maptrack_limit(r->w, dom));
    sc_set_int(r, "live", gntsim_maptrack_live(r->w, dom));
    freelist_text(h, nr < 32 ? nr : 32, text, sizeof(text));
    sc_set_str(r, "free", rc ? "none" : text);
    sc_set_int(r, "nfree", (int64_t)nr);
    if (sc_arg(s, "handle")) {
        struct gntsim_maptrack_info m;

        if (gntsim_maptrack_info(r->w, dom, (uint32_t)sc_int(r, s, "handle", 0), &m))
            return sc_run_error(r, "%s", gntsim_world_error(r->w));
        sc_set_int(r, "ref", m.ref);
        sc_set_int(r, "flags", m.flags);
        sc_set_int(r, "domid", m.domid);
        sc_set_int(r, "vcpu", m.vcpu);
    }
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
