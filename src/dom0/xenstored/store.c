/* SPDX-License-Identifier: MIT */
/*
 * The store's lifetime and the toolstack's seeding (tools/xenstored/core.c
 * setup_structure, xenstored_domain.c domain_init for the special paths;
 * libxl_create.c libxl__domain_make for a domain's home).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom0/xenstored/xs_private.h"
#include "env/grow.h"

int xenstore_create(struct trace *trace, struct sched *sched, struct xenstore **out)
{
    static const struct xs_perm n0 = {.id = 0, .perms = XS_PERM_NONE};
    struct xenstore *xs = calloc(1, sizeof(*xs));
    struct xs_node *local;

    *out = NULL;
    if (!xs)
        return -ENOMEM;
    xs->trace = trace;
    xs->sched = sched;
    xs->root = xs_node_new("/", &n0, 1);
    if (!xs->root || xs_special_create(xs) ||
        xs_node_create(xs, xs->root, 0, "/local", "", 0, &local) ||
        xs_node_create(xs, xs->root, 0, "/tool", "", 0, &local)) {
        xenstore_destroy(xs);
        return -ENOMEM;
    }
    *out = xs;
    return 0;
}

void xenstore_destroy(struct xenstore *xs)
{
    if (!xs)
        return;
    for (size_t i = 0; i < xs->nr_tx; i++)
        xs_tx_free(xs->tx[i]);
    free(xs->tx);
    for (size_t i = 0; i < xs->nr_watch; i++) {
        free(xs->watch[i].path);
        free(xs->watch[i].token);
    }
    free(xs->watch);
    for (size_t i = xs->ev_head; i < xs->nr_ev; i++) {
        free(xs->ev[i].path);
        free(xs->ev[i].token);
    }
    free(xs->ev);
    free(xs->sink);
    for (unsigned i = 0; i < XS_NR_SPECIAL; i++)
        xs_node_free(xs->special[i]);
    xs_node_free(xs->root);
    free(xs);
}

void xenstore_set_sink(struct xenstore *xs, uint16_t domid, xenstore_event_fn fn,
                       void *ctx)
{
    size_t i = 0;

    while (i < xs->nr_sink && xs->sink[i].domid != domid)
        i++;
    if (i == xs->nr_sink) {
        struct xs_sink *s =
            fn ? sim_grow(xs->sink, &xs->cap_sink, i + 1, sizeof(*s), 4) : NULL;

        if (!s)
            return;
        xs->sink = s;
        xs->nr_sink++;
    }
    xs->sink[i] = (struct xs_sink){.domid = domid, .fn = fn, .ctx = ctx};
}

int xenstore_seed(struct xenstore *xs, const char *path, const char *value,
                  const char *perms)
{
    char buf[256];
    size_t len = perms ? strlen(perms) + 1 : 0;
    int rc;

    if (path[0] != '/' || len > sizeof(buf))
        return -EINVAL;
    rc = xs_do_write(xs, xs->root, 0, path, value, strlen(value), true);
    if (!rc && perms) {
        memcpy(buf, perms, len);
        for (size_t i = 0; i < len; i++)
            buf[i] = buf[i] == ',' ? '\0' : buf[i];
        rc = xs_do_set_perms(xs, xs->root, path, buf, len, true);
    }
    return -rc;
}

void xenstore_set_domains(struct xenstore *xs, xenstore_domain_fn fn, void *ctx)
{
    xs->dom_exists = fn;
    xs->dom_ctx = ctx;
}

int xenstore_domain_home(struct xenstore *xs, uint16_t domid)
{
    char path[64], perms[32], val[16];
    int rc;

    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    if (xs_lookup(xs->root, path))
        return 0;
    /* libxl: the home is dom0's, readable by the domain; device/ and data/ are its own */
    snprintf(perms, sizeof(perms), "n0,r%u", domid);
    rc = xenstore_seed(xs, path, "", perms);
    snprintf(val, sizeof(val), "%u", domid);
    snprintf(path, sizeof(path), "/local/domain/%u/domid", domid);
    if (!rc)
        rc = xenstore_seed(xs, path, val, perms);
    snprintf(perms, sizeof(perms), "n%u", domid);
    snprintf(path, sizeof(path), "/local/domain/%u/device", domid);
    if (!rc)
        rc = xenstore_seed(xs, path, "", perms);
    snprintf(path, sizeof(path), "/local/domain/%u/data", domid);
    if (!rc)
        rc = xenstore_seed(xs, path, "", perms);
    return rc;
}
