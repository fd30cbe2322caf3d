/* SPDX-License-Identifier: MIT */
/* Scenario steps on the Linux kernel model: boot, grant API, DMA API. */
#include <stdio.h>
#include <string.h>

#include "scenario/scenario.h"

#define DOM(key) ((gntsim_domid_t)sc_int(r, s, key, 0))

/* The xsaN=vulnerable options of @s into @o->xsa_vulnerable. */
static void sc_boot_xsa(const struct sc_stmt *s, struct gntsim_linux_boot_opts *o)
{
    unsigned xsa, n = 0;
    char key[16];

    for (size_t i = 0; (xsa = gntsim_linux_xsa_knob_at(i)) && n < GNTSIM_LINUX_MAX_XSA;
         i++) {
        snprintf(key, sizeof(key), "xsa%u", xsa);
        if (sc_arg(s, key) && !strcmp(sc_str(s, key, ""), "vulnerable"))
            o->xsa_vulnerable[n++] = xsa;
    }
}

int sc_exec_linux_boot(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_linux_boot_opts o = {0};
    int rc;

    if (sc_arg(s, "swiotlb"))
        o.swiotlb_xen = sc_int(r, s, "swiotlb", 0) ? 1 : -1;
    if (sc_arg(s, "cflush"))
        o.cache_flush = sc_int(r, s, "cflush", 0) ? 1 : -1;
    if (sc_arg(s, "policy-aware"))
        o.policy_aware = sc_int(r, s, "policy-aware", 0) ? 1 : -1;
    sc_boot_xsa(s, &o);
    rc = gntsim_linux_boot_opts(r->w, DOM("dom"), &o);
    sc_set_int(r, "rc", rc);
    sc_set_int(r, "swiotlb", gntsim_linux_swiotlb_xen(r->w, DOM("dom")));
    sc_set_int(r, "cflush", gntsim_linux_cache_flush(r->w, DOM("dom")));
    if (rc && !s->checked)
        return sc_setup_failed(r, rc);
    return rc;
}

int sc_exec_linux_grant(struct sc_run *r, const struct sc_stmt *s)
{
    uint32_t ref = 0;
    int rc = gntsim_linux_grant(r->w, DOM("dom"), DOM("to"),
                                (uint64_t)sc_int(r, s, "gfn", 0), sc_flag(s, "ro"), &ref);

    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "ref", ref);
    return 0;
}

int sc_exec_linux_end_access(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(
        r, "rc",
        gntsim_linux_end_access(r->w, DOM("dom"), (uint32_t)sc_int(r, s, "ref", 0)));
    return 0;
}

int sc_exec_linux_map(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_linux_map m = {.granter = DOM("granter"),
                                 .ref = (uint32_t)sc_int(r, s, "ref", 0),
                                 .readonly = sc_flag(s, "ro"),
                                 .pfn = (uint64_t)sc_int(r, s, "host", 0)};
    int rc = gntsim_linux_map_refs(r->w, DOM("dom"), &m, 1);

    sc_set_int(r, "rc", rc);
    sc_set_int(r, "granter", m.granter);
    sc_set_int(r, "ref", m.ref);
    sc_set_int(r, "ro", m.readonly);
    if (rc)
        return 0;
    sc_set_int(r, "status", m.status);
    sc_set_int(r, "handle", m.handle);
    sc_set_int(r, "bus", (int64_t)m.bus_addr);
    sc_set_int(r, "pfn", (int64_t)m.pfn);
    return 0;
}

int sc_exec_linux_unmap(struct sc_run *r, const struct sc_stmt *s)
{
    const struct sc_arg *a = sc_arg(s, "map");
    const struct sc_result *res = sc_result_arg(r, s, "map");
    const struct sc_stmt *o = a ? &r->sc->stmts[a->v.ref_stmt] : NULL;
    struct gntsim_linux_map m;
    int rc;

    if (!res || o->cmd->exec != sc_exec_linux_map)
        return sc_run_error(r, "the argument must name a linux-map step that ran");
    m = (struct gntsim_linux_map){.granter =
                                      (gntsim_domid_t)sc_result_int(o, res, "granter", 0),
                                  .ref = (uint32_t)sc_result_int(o, res, "ref", 0),
                                  .readonly = sc_result_int(o, res, "ro", 0) != 0,
                                  .pfn = (uint64_t)sc_result_int(o, res, "pfn", 0),
                                  .handle = (uint32_t)sc_result_int(o, res, "handle", 0),
                                  .bus_addr = (uint64_t)sc_result_int(o, res, "bus", 0)};
    rc = gntsim_linux_unmap_refs(r->w, DOM("dom"), &m, 1);
    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "status", m.status);
    return 0;
}

static enum gntsim_dma_dir dma_dir(const struct sc_stmt *s)
{
    if (sc_flag(s, "to-device"))
        return GNTSIM_DMA_TO_DEVICE;
    if (sc_flag(s, "from-device"))
        return GNTSIM_DMA_FROM_DEVICE;
    return GNTSIM_DMA_BIDIRECTIONAL;
}

static int dma_dev(struct sc_run *r, const struct sc_stmt *s, unsigned *id)
{
    const char *name = sc_str(s, "dev", "");

    if (gntsim_device_find(r->w, name, id))
        return sc_run_error(r, "no device called '%s'", name);
    return 0;
}

int sc_exec_dma_map(struct sc_run *r, const struct sc_stmt *s)
{
    uint64_t dma = 0;
    unsigned id;
    int rc;

    if (dma_dev(r, s, &id))
        return -1;
    rc = gntsim_linux_dma_map(r->w, DOM("dom"), id, (uint64_t)sc_int(r, s, "addr", 0),
                              (size_t)sc_int(r, s, "len", 0), dma_dir(s), &dma);
    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "addr", (int64_t)dma);
    return 0;
}

int sc_exec_dma_unmap(struct sc_run *r, const struct sc_stmt *s)
{
    unsigned id;

    if (dma_dev(r, s, &id))
        return -1;
    sc_set_int(r, "rc",
               gntsim_linux_dma_unmap(r->w, DOM("dom"), id,
                                      (uint64_t)sc_int(r, s, "addr", 0),
                                      (size_t)sc_int(r, s, "len", 0), dma_dir(s)));
    return 0;
}

int sc_exec_dma_sync(struct sc_run *r, const struct sc_stmt *s)
{
    unsigned id;

    if (dma_dev(r, s, &id))
        return -1;
    sc_set_int(r, "rc",
               gntsim_linux_dma_sync(
                   r->w, DOM("dom"), id, (uint64_t)sc_int(r, s, "addr", 0),
                   (size_t)sc_int(r, s, "len", 0), dma_dir(s), !sc_flag(s, "for-cpu")));
    return 0;
}
