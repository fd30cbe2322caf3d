/* SPDX-License-Identifier: MIT */
/*
 * The PV path's public entries: xenstore as a domain or as the toolstack
 * (libxl_device.c libxl__device_generic_add, libxl_nic.c for a vif's
 * keys and permissions), event-channel hypercalls, running deferred work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/events.h"
#include "linux/xenbus.h"
#include "board/pv.h"
#include "xen/evtchn.h"
#include "xen/hypercall.h"
#include "dom0/xenstored/xenstore.h"

/* What XS_INTRODUCE asks of Xen: a live domain with that id (xenstore_domain_fn). */
static bool pv_domain_exists(void *ctx, uint16_t domid)
{
    struct gntsim_world *w = ctx;

    return xen_domain(&w->xen, domid) != NULL;
}

struct xenstore *world_xenstore(struct gntsim_world *w)
{
    if (w->xs)
        return w->xs;
    if (xenstore_create(&w->trace, &w->sched, &w->xs)) {
        world_fail(w, -ENOMEM, "xenstore: out of memory");
        return NULL;
    }
    xenstore_set_domains(w->xs, pv_domain_exists, w);
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->xen.dom[i] && world_xs_domain_created(w, w->xen.dom[i]->domid))
            return NULL;
    return w->xs;
}

int world_xs_domain_created(struct gntsim_world *w, gntsim_domid_t dom)
{
    if (!w->xs)
        return 0; /* the store, when it comes, introduces every domain there is */
    /* libxl__domain_make writes the home; libxl__build_post introduces the domain */
    if (xenstore_domain_home(w->xs, dom))
        return world_fail(w, -ENOMEM, "xenstore: out of memory");
    xenstore_introduce(w->xs, dom);
    return 0;
}

void world_xs_domain_destroyed(struct gntsim_world *w, gntsim_domid_t dom)
{
    if (w->xs) /* VIRQ_DOM_EXC: check_domains() finds it dying, destroy_domain() */
        xenstore_release(w->xs, dom);
}

void world_pv_free(struct gntsim_world *w)
{
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->kern[i]) {
            linux_xenbus_free(w->kern[i]);
            linux_events_free(w->kern[i]);
        }
    xenstore_destroy(w->xs);
    w->xs = NULL;
}

/* One request as domain @as: @a then (optionally) @b as payload strings. */
static int pv_xs(struct gntsim_world *w, gntsim_domid_t as, uint32_t type, const char *a,
                 const char *b, size_t blen, struct xenstore_reply *rep)
{
    char payload[XENSTORE_PAYLOAD_MAX];
    struct xenstore *xs = world_xenstore(w);
    size_t alen = strlen(a) + 1;
    struct xsd_sockmsg hdr = {.type = type};
    int rc;

    if (!xs)
        return -ENOMEM;
    if (alen + blen > sizeof(payload))
        return world_fail(w, -EINVAL, "xenstore: request too long");
    memcpy(payload, a, alen);
    if (blen)
        memcpy(payload + alen, b, blen);
    hdr.len = (uint32_t)(alen + blen);
    rc = xenstore_request(xs, as, &hdr, payload, rep);
    if (rc)
        world_fail(w, -rc, "xenstore: d%u %s: %s", as, a, rep->body);
    return -rc;
}

int gntsim_xs_read(struct gntsim_world *w, gntsim_domid_t as, const char *path, char *buf,
                   size_t len)
{
    struct xenstore_reply rep;
    int rc = pv_xs(w, as, XS_READ, path, NULL, 0, &rep);

    if (rc)
        return rc;
    if (rep.hdr.len >= len)
        return world_fail(w, -ERANGE, "xenstore: %s: value longer than the buffer", path);
    memcpy(buf, rep.body, rep.hdr.len + 1);
    return 0;
}

int gntsim_xs_write(struct gntsim_world *w, gntsim_domid_t as, const char *path,
                    const char *value)
{
    struct xenstore_reply rep;

    return pv_xs(w, as, XS_WRITE, path, value, strlen(value), &rep);
}

int gntsim_xs_rm(struct gntsim_world *w, gntsim_domid_t as, const char *path)
{
    struct xenstore_reply rep;

    return pv_xs(w, as, XS_RM, path, NULL, 0, &rep);
}

int gntsim_xs_set_perms(struct gntsim_world *w, gntsim_domid_t as, const char *path,
                        const char *perms)
{
    char buf[256];
    size_t len = strlen(perms) + 1;
    struct xenstore_reply rep;

    if (len > sizeof(buf))
        return world_fail(w, -EINVAL, "xenstore: permission list too long");
    memcpy(buf, perms, len);
    for (size_t i = 0; i < len; i++)
        buf[i] = buf[i] == ',' ? '\0' : buf[i];
    return pv_xs(w, as, XS_SET_PERMS, path, buf, len, &rep);
}

int gntsim_xs_request(struct gntsim_world *w, gntsim_domid_t as, const void *msg,
                      size_t len, void *reply, size_t cap, size_t *reply_len)
{
    struct xenstore *xs = world_xenstore(w);
    struct xenstore_reply *rep;
    struct xsd_sockmsg hdr;

    if (!xs)
        return -ENOMEM;
    if (len < sizeof(hdr) || cap < sizeof(hdr) + XENSTORE_PAYLOAD_MAX)
        return world_fail(w, -EINVAL, "xenstore: message of %zu bytes", len);
    memcpy(&hdr, msg, sizeof(hdr));
    if (hdr.len > XENSTORE_PAYLOAD_MAX || hdr.len != len - sizeof(hdr))
        return world_fail(w, -EINVAL, "xenstore: length %u in a message of %zu bytes",
                          hdr.len, len);
    rep = malloc(sizeof(*rep));
    if (!rep)
        return world_fail(w, -ENOMEM, "xenstore: out of memory");
    xenstore_request(xs, as, &hdr, (const char *)msg + sizeof(hdr), rep);
    *reply_len = sizeof(rep->hdr) + rep->hdr.len;
    memcpy(reply, rep, *reply_len);
    free(rep);
    return 0;
}

static void pv_sink_event(void *ctx, uint16_t domid, const char *path, const char *token)
{
    const struct pv_sink *s = ctx;

    s->fn(s->ctx, domid, path, token);
}

int gntsim_xs_watch_sink(struct gntsim_world *w, gntsim_domid_t dom,
                         void (*fn)(void *ctx, gntsim_domid_t dom, const char *path,
                                    const char *token),
                         void *ctx)
{
    struct xenstore *xs = world_xenstore(w);
    struct pv_sink *s = NULL;

    if (!xs)
        return -ENOMEM;
    if (!world_domain(w, dom))
        return world_fail(w, -ESRCH, "xenstore: no domain d%u", dom);
    for (unsigned i = 0; i < XEN_MAX_DOMAINS && !s; i++) /* its entry, else a free one */
        if (w->xs_sink[i].fn && w->xs_sink[i].dom == dom)
            s = &w->xs_sink[i];
    for (unsigned i = 0; i < XEN_MAX_DOMAINS && !s; i++)
        if (!w->xs_sink[i].fn)
            s = &w->xs_sink[i];
    if (!s) /* one per live domain: cannot happen */
        return world_fail(w, -ENOMEM, "xenstore: no sink left");
    *s = (struct pv_sink){.fn = fn, .ctx = ctx, .dom = dom};
    xenstore_set_sink(xs, dom, fn ? pv_sink_event : NULL, fn ? s : NULL);
    return 0;
}

/* Seed @dir/@key = @val. */
static int pv_seed(struct xenstore *xs, const char *dir, const char *key, const char *val)
{
    char path[160];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xenstore_seed(xs, path, val, NULL);
}

/* The keys libxl writes for a vif on one side; @peer_dir/@peer the other end. */
static int pv_vif_keys(struct xenstore *xs, const char *dir, const char *peer_key,
                       const char *peer_dir, gntsim_domid_t peer, unsigned devid,
                       bool backend)
{
    char id[16], mac[24], key[24];
    int rc;

    snprintf(id, sizeof(id), "%u", peer);
    snprintf(key, sizeof(key), "%s-id", peer_key);
    /* libxl generates 00:16:3e:xx:xx:xx at random; gntsim derives it */
    snprintf(mac, sizeof(mac), "00:16:3e:00:%02x:%02x", backend ? peer & 0xff : 0,
             devid & 0xff);
    rc = pv_seed(xs, dir, peer_key, peer_dir);
    if (!rc)
        rc = pv_seed(xs, dir, key, id);
    if (!rc)
        rc = pv_seed(xs, dir, "state", "1"); /* XenbusStateInitialising */
    snprintf(id, sizeof(id), "%u", devid);
    if (!rc)
        rc = pv_seed(xs, dir, "handle", id);
    if (!rc)
        rc = pv_seed(xs, dir, "mac", mac);
    if (!rc && backend)
        rc = pv_seed(xs, dir, "online", "1");
    if (!rc && backend)
        rc = pv_seed(xs, dir, "type", "vif");
    if (!rc && backend)
        rc = pv_seed(xs, dir, "script", "/etc/xen/scripts/vif-bridge");
    return rc;
}

int gntsim_xs_create_vif(struct gntsim_world *w, gntsim_domid_t frontend,
                         gntsim_domid_t backend, unsigned devid)
{
    char fe[96], be[96], fperm[32], bperm[32];
    struct xenstore *xs;
    int rc;

    if (!world_domain(w, frontend) || !world_domain(w, backend))
        return -ESRCH;
    xs = world_xenstore(w);
    if (!xs)
        return -ENOMEM;
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vif/%u", frontend, devid);
    snprintf(be, sizeof(be), "/local/domain/%u/backend/vif/%u/%u", backend, frontend,
             devid);
    /* frontend_perms: owned by the frontend, read by the backend; backend_perms alike */
    snprintf(fperm, sizeof(fperm), "n%u,r%u", frontend, backend);
    snprintf(bperm, sizeof(bperm), "n%u,r%u", backend, frontend);
    rc = xenstore_domain_home(xs, frontend);
    if (!rc)
        rc = xenstore_domain_home(xs, backend);
    if (!rc)
        rc = xenstore_seed(xs, fe, "", fperm);
    if (!rc)
        rc = xenstore_seed(xs, be, "", bperm);
    if (!rc)
        rc = pv_vif_keys(xs, fe, "backend", be, backend, devid, false);
    if (!rc)
        rc = pv_vif_keys(xs, be, "frontend", fe, frontend, devid, true);
    return rc ? world_fail(w, rc, "xenstore: cannot create vif %u", devid) : 0;
}

long gntsim_evtchn_op(struct gntsim_world *w, gntsim_domid_t dom, int cmd, void *arg)
{
    struct domain *d = world_domain(w, dom);

    if (!d)
        return -ESRCH;
    return xen_hypercall(&w->xen, dom, 0, __HYPERVISOR_event_channel_op,
                         (unsigned long)cmd, arg, 0);
}

long gntsim_run_pending(struct gntsim_world *w)
{
    return sched_run(&w->sched, 0);
}
