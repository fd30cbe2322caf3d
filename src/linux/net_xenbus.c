/* SPDX-License-Identifier: MIT */
/*
 * The vif's xenbus handshake and event channel, both drivers' halves.
 * netback (drivers/net/xen-netback/xenbus.c): netback_probe writes its
 * features in one transaction; the first firing of the watch on the
 * frontend's state (Initialising) moves it to InitWait (frontend_changed ->
 * set_backend_state); on the frontend's Connected, connect() reads the ring
 * refs and the port (connect_data_rings), maps the rings and binds the port
 * (xenvif_connect_data), and the switch to Connected waits for the hotplug
 * script's hotplug-status = "connected" (backend_switch_state,
 * hotplug_status_changed); on Closing, backend_disconnect unbinds, unmaps
 * and removes hotplug-status; Closed leaves the device (online = 1).
 * netfront (drivers/net/xen-netfront.c): on the backend's InitWait,
 * xennet_connect -> talk_to_netback (setup_netfront: rings granted, an
 * unbound port bound to xennet_interrupt; the keys in one transaction,
 * retried on EAGAIN), a kick, the first RX buffers, then Connected directly
 * (Linux netfront never writes Initialised). On the backend's Closing it
 * goes Closed (xenbus_frontend_closed).
 * Simplified: one queue, one port for both directions (netback advertises
 * feature-split-event-channels = 0, as with separate_tx_rx_irq=0; Linux's
 * default is split), no ctrl ring, multicast control or rate limit.
 */
#include <stdio.h>
#include <string.h>

#include "linux/events.h"
#include "linux/net.h"

/* xennet_interrupt(): TX gc and RX poll, the frontend's queued work. */
static void nf_irq(struct gntsim_world *w, struct linux_kernel *k, uint32_t port,
                   void *ctx)
{
    (void)k;
    (void)port;
    net_kick(w, ctx, netfront_interrupt); /* tolerates a spurious event */
}

/* xenvif_interrupt(): wake netback's TX NAPI and RX thread. */
static void nb_irq(struct gntsim_world *w, struct linux_kernel *k, uint32_t port,
                   void *ctx)
{
    (void)k;
    (void)port;
    net_kick(w, ctx, netback_interrupt); /* the bind's pending event lands here */
}

void net_notify(struct gntsim_world *w, struct net_vif *v, bool to_back)
{
    struct linux_kernel *k = linux_kernel(w, to_back ? v->front : v->back);
    uint32_t port = to_back ? v->fport : v->bport;

    if (k && port) /* notify_remote_via_irq() */
        linux_evtchn_notify(w, k, port);
}

/* The watch events and upcalls the handshake queued (no virtual time passes). */
static void net_settle(struct gntsim_world *w)
{
    sched_run_due(&w->sched, 0);
}

/* ---- netfront ---- */

/* setup_netfront_single(): an unbound port for the backend, xennet_interrupt on it. */
static int nf_setup_evtchn(struct gntsim_world *w, struct linux_kernel *k,
                           struct net_vif *v)
{
    int rc = linux_evtchn_alloc_unbound(w, k, v->back, &v->fport);

    if (rc)
        return rc;
    rc = linux_evtchn_bind_handler(w, k, v->fport, nf_irq, v);
    if (rc) {
        linux_evtchn_close(w, k, v->fport);
        v->fport = 0;
    }
    return rc;
}

/* write_queue_xenstore_keys() and the device's features, inside @t. */
static int nf_write_keys(struct gntsim_world *w, struct linux_kernel *k,
                         struct net_vif *v, struct xenbus_transaction t)
{
    const char *d = v->fdev.nodename;
    int rc = xenbus_printf(w, k, t, d, "tx-ring-ref", "%u", v->tx_ring_ref);

    if (!rc)
        rc = xenbus_printf(w, k, t, d, "rx-ring-ref", "%u", v->rx_ring_ref);
    if (!rc)
        rc = xenbus_printf(w, k, t, d, "event-channel", "%u", v->fport);
    if (!rc)
        rc = xenbus_write(w, k, t, d, "request-rx-copy", "1");
    if (!rc)
        rc = xenbus_write(w, k, t, d, "feature-rx-notify", "1");
    if (!rc)
        rc = xenbus_write(w, k, t, d, "feature-sg", "1");
    return rc;
}

/* talk_to_netback(): rings and port, then the keys in one transaction. */
static int nf_talk_to_netback(struct gntsim_world *w, struct linux_kernel *k,
                              struct net_vif *v)
{
    struct xenbus_transaction t;
    int rc = netfront_connect(w, v);

    if (!rc)
        rc = nf_setup_evtchn(w, k, v);
    while (!rc) {
        rc = xenbus_transaction_start(w, k, &t);
        if (rc)
            break;
        rc = nf_write_keys(w, k, v, t);
        if (rc) {
            xenbus_transaction_end(w, k, t, true);
            break;
        }
        rc = xenbus_transaction_end(w, k, t, false);
        if (rc != -EAGAIN)
            break;
        rc = 0; /* "again": the whole transaction once more */
    }
    return rc;
}

/* xennet_connect(): the backend must copy; talk, kick, post RX buffers. */
static int nf_connect(struct gntsim_world *w, struct linux_kernel *k, struct net_vif *v)
{
    unsigned copy = 0;
    int rc;

    if (xenbus_scanf(w, k, XBT_NIL, v->fdev.otherend, "feature-rx-copy", "%u", &copy) !=
            1 ||
        !copy) {
        linux_log(w, k, "vif%u: backend does not support copying receive path", v->id);
        return -ENODEV;
    }
    rc = nf_talk_to_netback(w, k, v);
    if (rc)
        return rc;
    linux_evtchn_notify(w, k, v->fport); /* the backend has not bound yet: dropped */
    netfront_start(w, v);                /* xennet_alloc_rx_buffers() */
    return 0;
}

/* netback_changed(): the frontend follows the backend's state. */
static void nf_backend_changed(struct gntsim_world *w, struct linux_kernel *k,
                               const char *path, const char *token, void *ctx)
{
    struct net_vif *v = ctx;
    enum xenbus_state s = xenbus_read_driver_state(w, k, v->fdev.otherend);

    (void)path;
    (void)token;
    if (s == XenbusStateInitWait && v->fdev.state == XenbusStateInitialising) {
        v->conn_err = nf_connect(w, k, v);
        if (!v->conn_err)
            v->conn_err = xenbus_switch_state(w, k, &v->fdev, XenbusStateConnected);
    } else if (s == XenbusStateClosing ||
               (s == XenbusStateClosed && v->fdev.state != XenbusStateClosed)) {
        xenbus_switch_state(w, k, &v->fdev, XenbusStateClosed); /* frontend_closed */
    }
}

/* netfront_probe() and the xenbus core's talk_to_otherend/watch_otherend. */
static int nf_probe(struct gntsim_world *w, struct linux_kernel *k, struct net_vif *v)
{
    char node[XENBUS_PATH_MAX];
    int rc;

    snprintf(node, sizeof(node), "device/vif/%u", v->devid);
    rc = xenbus_device_init(&v->fdev, node);
    if (!rc)
        rc = xenbus_read_otherend_details(w, k, &v->fdev, "backend-id", "backend");
    if (!rc)
        rc = xenbus_watch_otherend(w, k, &v->fdev, nf_backend_changed, v, &v->fwatch);
    return rc;
}

/* ---- netback ---- */

/* backend_switch_state(): written now unless the hotplug script is awaited. */
static void nb_switch(struct gntsim_world *w, struct linux_kernel *k, struct net_vif *v,
                      enum xenbus_state s)
{
    v->be_state = s;
    if (!v->hpwatch)
        xenbus_switch_state(w, k, &v->bdev, s);
}

/* hotplug_status_changed(): "connected" completes the deferred state change. */
static void nb_hotplug_changed(struct gntsim_world *w, struct linux_kernel *k,
                               const char *path, const char *token, void *ctx)
{
    struct net_vif *v = ctx;
    char buf[16];

    (void)path;
    (void)token;
    if (xenbus_read(w, k, XBT_NIL, v->bdev.nodename, "hotplug-status", buf,
                    sizeof(buf)) ||
        strcmp(buf, "connected"))
        return;
    xenbus_switch_state(w, k, &v->bdev, v->be_state);
    xenbus_unregister_watch(w, k, v->hpwatch);
    v->hpwatch = 0;
}

/* backend_disconnect() -> xenvif_disconnect_data(): unbind, unmap, drop hotplug-status.
 */
static void nb_disconnect(struct gntsim_world *w, struct linux_kernel *k,
                          struct net_vif *v)
{
    v->connected = false; /* xenvif_carrier_off */
    if (v->bport)
        linux_evtchn_close(w, k, v->bport);
    v->bport = 0;
    netback_disconnect(w, v);
    xenbus_rm(w, k, XBT_NIL, v->bdev.nodename, "hotplug-status");
}

/* connect_data_rings(): the frontend's keys; request-rx-copy is required. */
static int nb_read_keys(struct gntsim_world *w, struct linux_kernel *k, struct net_vif *v,
                        unsigned key[3])
{
    const char *fe = v->bdev.otherend;
    unsigned copy = 0;

    if (xenbus_scanf(w, k, XBT_NIL, fe, "tx-ring-ref", "%u", &key[0]) != 1 ||
        xenbus_scanf(w, k, XBT_NIL, fe, "rx-ring-ref", "%u", &key[1]) != 1 ||
        xenbus_scanf(w, k, XBT_NIL, fe, "event-channel", "%u", &key[2]) != 1)
        return -ENOENT;
    if (xenbus_scanf(w, k, XBT_NIL, fe, "request-rx-copy", "%u", &copy) != 1)
        copy = 0;
    return copy ? 0 : -EOPNOTSUPP;
}

/* connect(): map the rings, bind the port, then watch hotplug-status. */
static int nb_connect(struct gntsim_world *w, struct linux_kernel *k, struct net_vif *v)
{
    char node[XENBUS_PATH_MAX + 32];
    unsigned key[3];
    int rc = nb_read_keys(w, k, v, key);

    if (!rc)
        rc = netback_connect(w, v, key[0], key[1]);
    if (!rc) /* the local port is left pending: nb_irq runs once, spuriously */
        rc = linux_evtchn_bind_interdomain(w, k, v->front, key[2], &v->bport);
    if (!rc)
        rc = linux_evtchn_bind_handler(w, k, v->bport, nb_irq, v);
    if (rc) {
        linux_log(w, k, "vif%u: mapping shared-frames %u/%u port %u failed (%d)", v->id,
                  key[0], key[1], key[2], rc);
        nb_disconnect(w, k, v);
        return rc;
    }
    v->connected = true; /* xenvif_carrier_on */
    snprintf(node, sizeof(node), "%s/hotplug-status", v->bdev.nodename);
    return xenbus_watch_path(w, k, node, nb_hotplug_changed, v, &v->hpwatch);
}

/* One step of set_backend_state()'s shortest path towards @to. */
static void nb_step(struct gntsim_world *w, struct linux_kernel *k, struct net_vif *v,
                    enum xenbus_state to)
{
    switch (v->be_state) {
    case XenbusStateInitialising:
        nb_switch(w, k, v, to == XenbusStateClosed ? to : XenbusStateInitWait);
        break;
    case XenbusStateClosed:
        nb_switch(w, k, v, to == XenbusStateClosing ? to : XenbusStateInitWait);
        break;
    case XenbusStateInitWait:
        if (to != XenbusStateConnected) {
            nb_switch(w, k, v, XenbusStateClosing);
            break;
        }
        v->conn_err = nb_connect(w, k, v);
        /* xenbus_dev_fatal() on failure: the device closes */
        nb_switch(w, k, v, v->conn_err ? XenbusStateClosing : XenbusStateConnected);
        break;
    case XenbusStateConnected:
        nb_disconnect(w, k, v);
        nb_switch(w, k, v, XenbusStateClosing);
        break;
    default: /* Closing */
        nb_switch(w, k, v, XenbusStateClosed);
        break;
    }
}

/* frontend_changed(): the backend walks towards the state the frontend implies. */
static void nb_frontend_changed(struct gntsim_world *w, struct linux_kernel *k,
                                const char *path, const char *token, void *ctx)
{
    struct net_vif *v = ctx;
    enum xenbus_state s = xenbus_read_driver_state(w, k, v->bdev.otherend), to;

    (void)path;
    (void)token;
    switch (s) {
    case XenbusStateInitialising:
        to = XenbusStateInitWait;
        break;
    case XenbusStateConnected:
    case XenbusStateClosing:
        to = s;
        break;
    case XenbusStateClosed:
    case XenbusStateUnknown:
        to = XenbusStateClosed;
        break;
    default: /* Initialised and the rest: nothing to do */
        return;
    }
    for (unsigned i = 0; i < 4 && v->be_state != to; i++)
        nb_step(w, k, v, to);
}

/* netback_probe(): the features (one transaction), then the optional ones. */
static int nb_write_features(struct gntsim_world *w, struct linux_kernel *k,
                             struct net_vif *v)
{
    static const char *const on[] = {"feature-sg", "feature-gso-tcpv4",
                                     "feature-gso-tcpv6", "feature-ipv6-csum-offload",
                                     "feature-rx-copy"};
    const char *d = v->bdev.nodename;
    struct xenbus_transaction t;
    int rc;

    do {
        rc = xenbus_transaction_start(w, k, &t);
        for (unsigned i = 0; !rc && i < sizeof(on) / sizeof(on[0]); i++)
            rc = xenbus_write(w, k, t, d, on[i], "1");
        if (!rc)
            rc = xenbus_write(w, k, t, d, "feature-rx-flip", "0");
        if (rc) {
            xenbus_transaction_end(w, k, t, true);
            return rc;
        }
        rc = xenbus_transaction_end(w, k, t, false);
    } while (rc == -EAGAIN);
    if (!rc)
        rc = xenbus_write(w, k, XBT_NIL, d, "feature-split-event-channels", "0");
    return rc;
}

/* netback_probe() and the xenbus core's talk_to_otherend/watch_otherend. */
static int nb_probe(struct gntsim_world *w, struct linux_kernel *k, struct net_vif *v)
{
    char node[XENBUS_PATH_MAX];
    int rc;

    snprintf(node, sizeof(node), "backend/vif/%u/%u", v->front, v->devid);
    rc = xenbus_device_init(&v->bdev, node);
    v->be_state = XenbusStateInitialising;
    if (!rc)
        rc = xenbus_read_otherend_details(w, k, &v->bdev, "frontend-id", "frontend");
    if (!rc)
        rc = nb_write_features(w, k, v);
    if (!rc)
        rc = xenbus_watch_otherend(w, k, &v->bdev, nb_frontend_changed, v, &v->bwatch);
    return rc;
}

/* ---- the vif's life ---- */

int net_vif_connect(struct gntsim_world *w, struct net_vif *v)
{
    struct linux_kernel *kf = linux_kernel(w, v->front), *kb = linux_kernel(w, v->back);
    char path[XENBUS_PATH_MAX + 64];
    int rc;

    if (!kf || !kb)
        return -ESRCH;
    rc = gntsim_xs_create_vif(w, v->front, v->back, v->devid); /* libxl */
    if (!rc)
        rc = nb_probe(w, kb, v);
    /* backend_create_xenvif's uevent runs vif-bridge, which reports back */
    snprintf(path, sizeof(path), "/local/domain/%u/%s/hotplug-status", v->back,
             v->bdev.nodename);
    if (!rc)
        rc = gntsim_xs_write(w, v->back, path, "connected");
    if (!rc)
        rc = nf_probe(w, kf, v);
    if (rc)
        return rc;
    net_settle(w); /* libxl waits for the backend's Connected */
    if (v->conn_err)
        return v->conn_err;
    return v->fdev.state == XenbusStateConnected && v->bdev.state == XenbusStateConnected
               ? 0
               : -EIO;
}

int net_vif_disconnect(struct gntsim_world *w, struct net_vif *v)
{
    struct linux_kernel *kf = linux_kernel(w, v->front), *kb = linux_kernel(w, v->back);

    if (!kf || !kb)
        return -ESRCH;
    if (v->fwatch) { /* xennet_remove -> xennet_bus_close */
        xenbus_switch_state(w, kf, &v->fdev, XenbusStateClosing);
        net_settle(w);
        xenbus_switch_state(w, kf, &v->fdev, XenbusStateClosed);
        net_settle(w);
        xenbus_unregister_watch(w, kf, v->fwatch); /* free_otherend_watch */
        v->fwatch = 0;
    } else {
        netback_disconnect(w, v); /* a repeated call: what the backend lets go now */
    }
    if (v->fport) /* xennet_disconnect_backend: unbind, then end foreign access */
        linux_evtchn_close(w, kf, v->fport);
    v->fport = 0;
    return netfront_disconnect(w, v);
}

void net_vif_abandon(struct gntsim_world *w, struct net_vif *v)
{
    struct linux_kernel *kb = linux_kernel(w, v->back);
    char path[XENBUS_PATH_MAX];

    net_vif_disconnect(w, v);
    if (kb && v->hpwatch)
        xenbus_unregister_watch(w, kb, v->hpwatch);
    if (kb && v->bwatch)
        xenbus_unregister_watch(w, kb, v->bwatch);
    if (kb)
        nb_disconnect(w, kb, v);
    v->hpwatch = v->bwatch = 0;
    /* libxl__device_destroy: the toolstack removes both directories */
    snprintf(path, sizeof(path), "/local/domain/%u/device/vif/%u", v->front, v->devid);
    gntsim_xs_rm(w, 0, path);
    snprintf(path, sizeof(path), "/local/domain/%u/backend/vif/%u/%u", v->back, v->front,
             v->devid);
    gntsim_xs_rm(w, 0, path);
}
