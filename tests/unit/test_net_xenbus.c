/* SPDX-License-Identifier: MIT */
/*
 * The vif handshake (src/linux/net_xenbus.c) as the store, Xen's event
 * channels and the trace see it: the keys netfront and netback write and
 * who may touch them, both ends Connected (4), one port bound interdomain
 * on each side, every notification an EVTCHNOP_send on it, and the
 * Closing -> Closed walk leaving the nodes as Linux leaves them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net_fixture.h"

#include <xen/event_channel.h>

#include "board/world.h"
#include "linux/net.h"

#define FE "/local/domain/1/device/vif/0"
#define BE "/local/domain/0/backend/vif/1/0"

/* @dir/@key read as domain @as must be @want. */
static void xs_is(struct gntsim_world *w, gntsim_domid_t as, const char *dir,
                  const char *key, const char *want)
{
    char path[160], buf[64];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    assert_int_equal(gntsim_xs_read(w, as, path, buf, sizeof(buf)), 0);
    assert_string_equal(buf, want);
}

/* @dir/@key read as domain @as as an unsigned number. */
static unsigned xs_num(struct gntsim_world *w, gntsim_domid_t as, const char *dir,
                       const char *key)
{
    char path[160], buf[64];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    assert_int_equal(gntsim_xs_read(w, as, path, buf, sizeof(buf)), 0);
    return (unsigned)strtoul(buf, NULL, 10);
}

/* EVTCHNOP_status of @dom's own @port. */
static struct evtchn_status ev_status(struct gntsim_world *w, gntsim_domid_t dom,
                                      uint32_t port)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = port};

    assert_int_equal(gntsim_evtchn_op(w, dom, EVTCHNOP_status, &st), 0);
    return st;
}

/* Lines of @buf with "d@dom EVTCHNOP_send port @port ->". */
static unsigned sends(const char *buf, gntsim_domid_t dom, uint32_t port)
{
    char pat[64];
    unsigned n = 0;

    snprintf(pat, sizeof(pat), "d%u EVTCHNOP_send port %u ->", dom, port);
    for (const char *p = strstr(buf, pat); p; p = strstr(p + 1, pat))
        n++;
    return n;
}

static struct net_vif *vif_of(struct gntsim_world *w, unsigned id)
{
    struct net_vif *v = net_vif(w->net, id);

    assert_non_null(v);
    return v;
}

static void handshake_nodes(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = vif_of(w, vif);
    char buf[64];

    (void)state;
    /* both ends Connected, in the store and in the drivers */
    xs_is(w, 0, FE, "state", "4");
    xs_is(w, 0, BE, "state", "4");
    assert_int_equal(v->fdev.state, XenbusStateConnected);
    assert_int_equal(v->bdev.state, XenbusStateConnected);
    /* talk_to_netback's keys, as the backend reads them */
    assert_int_equal(xs_num(w, 0, FE, "tx-ring-ref"), v->tx_ring_ref);
    assert_int_equal(xs_num(w, 0, FE, "rx-ring-ref"), v->rx_ring_ref);
    assert_int_equal(xs_num(w, 0, FE, "event-channel"), v->fport);
    xs_is(w, 0, FE, "request-rx-copy", "1");
    xs_is(w, 0, FE, "feature-sg", "1");
    /* netback_probe's features, the hotplug script's report */
    xs_is(w, 1, BE, "feature-rx-copy", "1");
    xs_is(w, 1, BE, "feature-sg", "1");
    xs_is(w, 1, BE, "feature-split-event-channels", "0");
    xs_is(w, 1, BE, "hotplug-status", "connected");
    /* perms: each end reads the other's directory, writes only its own */
    assert_int_equal(gntsim_xs_write(w, 1, BE "/state", "6"), -EACCES);
    assert_int_equal(gntsim_xs_write(w, 1, BE "/hotplug-status", "x"), -EACCES);
    assert_int_equal(gntsim_xs_read(w, 1, "/local/domain/0", buf, sizeof(buf)), -EACCES);
    /* one port each side, bound to the other */
    assert_int_not_equal(v->fport, 0);
    assert_int_not_equal(v->bport, 0);
    assert_int_equal(ev_status(w, 1, v->fport).status, EVTCHNSTAT_interdomain);
    assert_int_equal(ev_status(w, 1, v->fport).u.interdomain.dom, 0);
    assert_int_equal(ev_status(w, 1, v->fport).u.interdomain.port, v->bport);
    assert_int_equal(ev_status(w, 0, v->bport).status, EVTCHNSTAT_interdomain);
    assert_int_equal(ev_status(w, 0, v->bport).u.interdomain.dom, 1);
    assert_int_equal(ev_status(w, 0, v->bport).u.interdomain.port, v->fport);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    gntsim_world_destroy(w);
}

/* A second vif with the trace on: its kick, then every ring notification. */
static void notify_counts(void **state)
{
    unsigned vif0, vif;
    struct gntsim_world *w = nx_world("master", &vif0);
    struct gntsim_vif_opts vo = {.front = FX_DOMU, .back = 0};
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct net_vif *v;
    uint64_t tx0;

    (void)state;
    gntsim_trace_open(w, out, GNTSIM_TRACE_TEXT);
    assert_int_equal(gntsim_net_vif_create(w, &vo, &vif), 0);
    v = vif_of(w, vif);
    assert_int_equal(v->devid, 1);
    xs_is(w, 0, "/local/domain/1/device/vif/1", "state", "4");
    xs_is(w, 0, "/local/domain/0/backend/vif/1/1", "state", "4");
    tx0 = v->st.notify_tx;
    assert_int_equal(tx0, 1); /* the first RX buffers */
    for (unsigned i = 0; i < 5; i++) {
        nx_send(w, vif, 64, GNTSIM_NET_DOM0, true);
        assert_true(gntsim_net_run(w) >= 0);
    }
    assert_int_equal(nx_stats(w, vif).rx_ok, 5);
    gntsim_trace_close(w);
    fflush(out);
    /* xennet_connect's kick (to a port not yet bound) + the ring macros' */
    assert_int_equal(sends(buf, 1, v->fport), v->st.notify_tx + 1);
    assert_int_equal(sends(buf, 0, v->bport), v->st.notify_rx);
    assert_true(v->st.notify_tx > tx0 && v->st.notify_rx > 0);
    assert_non_null(strstr(buf, "EVTCHNOP_bind_interdomain"));
    fclose(out);
    free(buf);
    gntsim_world_destroy(w);
}

static void close_walk(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = vif_of(w, vif);
    uint32_t fport = v->fport, bport = v->bport;
    char buf[64];

    (void)state;
    nx_send(w, vif, 1500, GNTSIM_NET_PEER, false);
    assert_true(gntsim_net_run(w) >= 0);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    xs_is(w, 0, FE, "state", "6");
    xs_is(w, 0, BE, "state", "6");
    assert_int_equal(v->fdev.state, XenbusStateClosed);
    assert_int_equal(v->bdev.state, XenbusStateClosed);
    /* backend_disconnect removes hotplug-status; the frontend's keys stay */
    assert_int_equal(gntsim_xs_read(w, 0, BE "/hotplug-status", buf, sizeof(buf)),
                     -ENOENT);
    xs_is(w, 0, BE, "online", "1");
    assert_true(xs_num(w, 0, FE, "event-channel") == fport);
    /* both ports closed, every grant revoked */
    assert_int_equal(v->fport, 0);
    assert_int_equal(v->bport, 0);
    assert_int_equal(ev_status(w, 1, fport).status, EVTCHNSTAT_closed);
    assert_int_equal(ev_status(w, 0, bport).status, EVTCHNSTAT_closed);
    assert_int_equal(nx_stats(w, vif).grants_out, 0);
    assert_int_equal(gntsim_net_send(w, vif, &(struct gntsim_net_send){.size = 64}, NULL),
                     -EIO);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(handshake_nodes),
        cmocka_unit_test(notify_counts),
        cmocka_unit_test(close_walk),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
