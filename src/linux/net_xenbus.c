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
static void nf_irq(struct linux_kernel *k, uint32_t port, void *ctx)
{
    struct net_vif *v = ctx;

    (void)k;
    (void)port;
    net_kick(v, netfront_interrupt); /* tolerates a spurious event */
}

/* xenvif_interrupt(): wake netback's TX NAPI and RX thread. */
static void nb_irq(struct linux_kernel *k, uint32_t port, void *ctx)
{
    struct net_vif *v = ctx;

    (void)k;
    (void)port;
    net_kick(v, netback_interrupt); /* the bind's pending event lands here */
}

void net_notify(struct net_vif *v, bool to_back)
{
    struct linux_kernel *k = to_back ? v->kf : v->kb;
    uint32_t port = to_back ? v->fport : v->bport;

    if (k && port) /* notify_remote_via_irq() */
        linux_evtchn_notify(k, port);
}

/* The watch events and upcalls the handshake queued (no virtual time passes). */
static void net_settle(struct net_world *nw)
{
    sched_run_due(nw->sched, 0);
}

/* ---- netfront ---- */

/* setup_netfront_single(): an unbound port for the backend, xennet_interrupt on it. */
static int nf_setup_evtchn(struct linux_kernel *k, struct net_vif *v)
{
    int rc = linux_evtchn_alloc_unbound(k, v->back, &v->fport);

    if (rc)
        return rc;
    rc = linux_evtchn_bind_handler(k, v->fport, nf_irq, v);
    if (rc) {
        linux_evtchn_close(k, v->fport);
        v->fport = 0;
    }
    return rc;
}

/* write_queue_xenstore_keys() and the device's features, inside @t. */
static int nf_write_keys(struct linux_kernel *k, struct net_vif *v,
                         struct xenbus_transaction t)
{
    const char *d = v->fdev.nodename;
    int rc = xenbus_printf(k, t, d, "tx-ring-ref", "%u", v->tx_ring_ref);

    if (!rc)
        rc = xenbus_printf(k, t, d, "rx-ring-ref", "%u", v->rx_ring_ref);
    if (!rc)
        rc = xenbus_printf(k, t, d, "event-channel", "%u", v->fport);
    if (!rc)
        rc = xenbus_write(k, t, d, "request-rx-copy", "1");
    if (!rc)
        rc = xenbus_write(k, t, d, "feature-rx-notify", "1");
    if (!rc)
        rc = xenbus_write(k, t, d, "feature-sg", "1");
    return rc;
}

/* talk_to_netback(): rings and port, then the keys in one transaction. */
static int nf_talk_to_netback(struct linux_kernel *k, struct net_vif *v)
{
    struct xenbus_transaction t;
    int rc = netfront_connect(v);

    if (!rc)
        rc = nf_setup_evtchn(k, v);
    while (!rc) {
        rc = xenbus_transaction_start(k, &t);
        if (rc)
            break;
        rc = nf_write_keys(k, v, t);
        if (rc) {
            xenbus_transaction_end(k, t, true);
            break;
        }
        rc = xenbus_transaction_end(k, t, false);
        if (rc != -EAGAIN)
            break;
        rc = 0; /* "again": the whole transaction once more */
    }
    return rc;
}

/* xennet_connect(): the backend must copy; talk, kick, post RX buffers. */
static int nf_connect(struct linux_kernel *k, struct net_vif *v)
{
    unsigned copy = 0;
    int rc;

    if (xenbus_scanf(k, XBT_NIL, v->fdev.otherend, "feature-rx-copy", "%u", &copy) != 1 ||
        !copy) {
        linux_log(k, "vif%u: backend does not support copying receive path", v->id);
        return -ENODEV;
    }
    rc = nf_talk_to_netback(k, v);
    if (rc)
        return rc;
    linux_evtchn_notify(k, v->fport); /* the backend has not bound yet: dropped */
    netfront_start(v);                /* xennet_alloc_rx_buffers() */
    return 0;
}

/* netback_changed(): the frontend follows the backend's state. */
static void nf_backend_changed(struct linux_kernel *k, const char *path,
                               const char *token, void *ctx)
{
    struct net_vif *v = ctx;
    enum xenbus_state s = xenbus_read_driver_state(k, v->fdev.otherend);

    (void)path;
    (void)token;
    if (s == XenbusStateInitWait && v->fdev.state == XenbusStateInitialising) {
        v->conn_err = nf_connect(k, v);
        if (!v->conn_err)
            v->conn_err = xenbus_switch_state(k, &v->fdev, XenbusStateConnected);
    } else if (s == XenbusStateClosing ||
               (s == XenbusStateClosed && v->fdev.state != XenbusStateClosed)) {
        xenbus_switch_state(k, &v->fdev, XenbusStateClosed); /* frontend_closed */
    }
}

/* netfront_probe() and the xenbus core's talk_to_otherend/watch_otherend. */
static int nf_probe(struct linux_kernel *k, struct net_vif *v)
{
    char node[XENBUS_PATH_MAX];
    int rc;

    snprintf(node, sizeof(node), "device/vif/%u", v->devid);
    rc = xenbus_device_init(&v->fdev, node);
    if (!rc)
        rc = xenbus_read_otherend_details(k, &v->fdev, "backend-id", "backend");
    if (!rc)
        rc = xenbus_watch_otherend(k, &v->fdev, nf_backend_changed, v, &v->fwatch);
    return rc;
}

/* ---- netback ---- */

/* backend_switch_state(): written now unless the hotplug script is awaited. */
static void nb_switch(struct linux_kernel *k, struct net_vif *v, enum xenbus_state s)
{
    v->be_state = s;
    if (!v->hpwatch)
        xenbus_switch_state(k, &v->bdev, s);
}

/* hotplug_status_changed(): "connected" completes the deferred state change. */
static void nb_hotplug_changed(struct linux_kernel *k, const char *path,
                               const char *token, void *ctx)
{
    struct net_vif *v = ctx;
    char buf[16];

    (void)path;
    (void)token;
    if (xenbus_read(k, XBT_NIL, v->bdev.nodename, "hotplug-status", buf, sizeof(buf)) ||
        strcmp(buf, "connected"))
        return;
    xenbus_switch_state(k, &v->bdev, v->be_state);
    xenbus_unregister_watch(k, v->hpwatch);
    v->hpwatch = 0;
}

/* backend_disconnect() -> xenvif_disconnect_data(): unbind, unmap, drop hotplug-status.
 */
static void nb_disconnect(struct linux_kernel *k, struct net_vif *v)
{
    v->connected = false; /* xenvif_carrier_off */
    if (v->bport)
        linux_evtchn_close(k, v->bport);
    v->bport = 0;
    netback_disconnect(v);
    xenbus_rm(k, XBT_NIL, v->bdev.nodename, "hotplug-status");
}

/* connect_data_rings(): the frontend's keys; request-rx-copy is required. */
static int nb_read_keys(struct linux_kernel *k, struct net_vif *v, unsigned key[3])
{
    const char *fe = v->bdev.otherend;
    unsigned copy = 0;

    if (xenbus_scanf(k, XBT_NIL, fe, "tx-ring-ref", "%u", &key[0]) != 1 ||
        xenbus_scanf(k, XBT_NIL, fe, "rx-ring-ref", "%u", &key[1]) != 1 ||
        xenbus_scanf(k, XBT_NIL, fe, "event-channel", "%u", &key[2]) != 1)
        return -ENOENT;
    if (xenbus_scanf(k, XBT_NIL, fe, "request-rx-copy", "%u", &copy) != 1)
        copy = 0;
    return copy ? 0 : -EOPNOTSUPP;
}

/* connect(): map the rings, bind the port, then watch hotplug-status. */
static int nb_connect(struct linux_kernel *k, struct net_vif *v)
{
    char node[XENBUS_PATH_MAX + 32];
    unsigned key[3];
    int rc = nb_read_keys(k, v, key);

    if (!rc)
        rc = netback_connect(v, key[0], key[1]);
    if (!rc) /* the local port is left pending: nb_irq runs once, spuriously */
        rc = linux_evtchn_bind_interdomain(k, v->front, key[2], &v->bport);
    if (!rc)
        rc = linux_evtchn_bind_handler(k, v->bport, nb_irq, v);
    if (rc) {
        linux_log(k, "vif%u: mapping shared-frames %u/%u port %u failed (%d)", v->id,
                  key[0], key[1], key[2], rc);
        nb_disconnect(k, v);
        return rc;
    }
    v->connected = true; /* xenvif_carrier_on */
    snprintf(node, sizeof(node), "%s/hotplug-status", v->bdev.nodename);
    return xenbus_watch_path(k, node, nb_hotplug_changed, v, &v->hpwatch);
}

/* One step of set_backend_state()'s shortest path towards @to. */
static void nb_step(struct linux_kernel *k, struct net_vif *v, enum xenbus_state to)
{
    switch (v->be_state) {
    case XenbusStateInitialising:
        nb_switch(k, v, to == XenbusStateClosed ? to : XenbusStateInitWait);
        break;
    case XenbusStateClosed:
        nb_switch(k, v, to == XenbusStateClosing ? to : XenbusStateInitWait);
        break;
    case XenbusStateInitWait:
        if (to != XenbusStateConnected) {
            nb_switch(k, v, XenbusStateClosing);
            break;
        }
        v->conn_err = nb_connect(k, v);
        /* xenbus_dev_fatal() on failure: the device closes */
        nb_switch(k, v, v->conn_err ? XenbusStateClosing : XenbusStateConnected);
        break;
    case XenbusStateConnected:
        nb_disconnect(k, v);
        nb_switch(k, v, XenbusStateClosing);
        break;
    default: /* Closing */
        nb_switch(k, v, XenbusStateClosed);
        break;
    }
}

/* frontend_changed(): the backend walks towards the state the frontend implies. */
static void nb_frontend_changed(struct linux_kernel *k, const char *path,
                                const char *token, void *ctx)
{
    struct net_vif *v = ctx;
    enum xenbus_state s = xenbus_read_driver_state(k, v->bdev.otherend), to;

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
        nb_step(k, v, to);
}

/* netback_probe(): the features (one transaction), then the optional ones. */
static int nb_write_features(struct linux_kernel *k, struct net_vif *v)
{
    static const char *const on[] = {"feature-sg", "feature-gso-tcpv4",
                                     "feature-gso-tcpv6", "feature-ipv6-csum-offload",
                                     "feature-rx-copy"};
    const char *d = v->bdev.nodename;
    struct xenbus_transaction t;
    int rc;

    do {
        rc = xenbus_transaction_start(k, &t);
        for (unsigned i = 0; !rc && i < sizeof(on) / sizeof(on[0]); i++)
            rc = xenbus_write(k, t, d, on[i], "1");
        if (!rc)
            rc = xenbus_write(k, t, d, "feature-rx-flip", "0");
        if (rc) {
            xenbus_transaction_end(k, t, true);
            return rc;
        }
        rc = xenbus_transaction_end(k, t, false);
    } while (rc == -EAGAIN);
    if (!rc)
        rc = xenbus_write(k, XBT_NIL, d, "feature-split-event-channels", "0");
    return rc;
}

/* netback_probe() and the xenbus core's talk_to_otherend/watch_otherend. */
static int nb_probe(struct linux_kernel *k, struct net_vif *v)
{
    char node[XENBUS_PATH_MAX];
    int rc;

    snprintf(node, sizeof(node), "backend/vif/%u/%u", v->front, v->devid);
    rc = xenbus_device_init(&v->bdev, node);
    v->be_state = XenbusStateInitialising;
    if (!rc)
        rc = xenbus_read_otherend_details(k, &v->bdev, "frontend-id", "frontend");
    if (!rc)
        rc = nb_write_features(k, v);
    if (!rc)
        rc = xenbus_watch_otherend(k, &v->bdev, nb_frontend_changed, v, &v->bwatch);
    return rc;
}

/* ---- the vif's life ---- */

int net_vif_connect(struct net_vif *v)
{
    struct linux_kernel *kf = v->kf, *kb = v->kb;
    char path[XENBUS_PATH_MAX + 64];
    int rc;

    if (!kf || !kb)
        return -ESRCH;
    rc = v->nw->ops->vif_create(v->nw->board, v->front, v->back, v->devid); /* libxl */
    if (!rc)
        rc = nb_probe(kb, v);
    /* backend_create_xenvif's uevent runs vif-bridge, which reports back */
    snprintf(path, sizeof(path), "/local/domain/%u/%s/hotplug-status", v->back,
             v->bdev.nodename);
    if (!rc)
        rc = v->nw->ops->xs_write(v->nw->board, v->back, path, "connected");
    if (!rc)
        rc = nf_probe(kf, v);
    if (rc)
        return rc;
    net_settle(v->nw); /* libxl waits for the backend's Connected */
    if (v->conn_err)
        return v->conn_err;
    return v->fdev.state == XenbusStateConnected && v->bdev.state == XenbusStateConnected
               ? 0
               : -EIO;
}

int net_vif_disconnect(struct net_vif *v)
{
    struct linux_kernel *kf = v->kf, *kb = v->kb;

    if (!kf || !kb)
        return -ESRCH;
    if (v->fwatch) { /* xennet_remove -> xennet_bus_close */
        xenbus_switch_state(kf, &v->fdev, XenbusStateClosing);
        net_settle(v->nw);
        xenbus_switch_state(kf, &v->fdev, XenbusStateClosed);
        net_settle(v->nw);
        xenbus_unregister_watch(kf, v->fwatch); /* free_otherend_watch */
        v->fwatch = 0;
    } else {
        netback_disconnect(v); /* a repeated call: what the backend lets go now */
    }
    if (v->fport) /* xennet_disconnect_backend: unbind, then end foreign access */
        linux_evtchn_close(kf, v->fport);
    v->fport = 0;
    return netfront_disconnect(v);
}

void net_vif_abandon(struct net_vif *v)
{
    struct linux_kernel *kb = v->kb;
    char path[XENBUS_PATH_MAX];

    net_vif_disconnect(v);
    if (kb && v->hpwatch)
        xenbus_unregister_watch(kb, v->hpwatch);
    if (kb && v->bwatch)
        xenbus_unregister_watch(kb, v->bwatch);
    if (kb)
        nb_disconnect(kb, v);
    v->hpwatch = v->bwatch = 0;
    /* libxl__device_destroy: the toolstack removes both directories */
    snprintf(path, sizeof(path), "/local/domain/%u/device/vif/%u", v->front, v->devid);
    v->nw->ops->xs_rm(v->nw->board, 0, path);
    snprintf(path, sizeof(path), "/local/domain/%u/backend/vif/%u/%u", v->back, v->front,
             v->devid);
    v->nw->ops->xs_rm(v->nw->board, 0, path);
}
