/* SPDX-License-Identifier: MIT */
/*
 * The kernel's xenbus (src/linux/xenbus.c): a frontend (d1) and backend
 * (d0) pair driven only by watches on each other's state, walking
 * Initialising -> InitWait -> Initialised -> Connected -> Closing -> Closed
 * the way netfront and netback do, with the vif keys written in one
 * transaction (retried on EAGAIN).
 */
#include <stdio.h>
#include <stdlib.h>

#include "world_fixture.h"

#include "board/world.h"
#include "linux/xenbus.h"

struct pair {
    struct linux_kernel *kf, *kb;
    struct xenbus_device fe, be;
    char log[16][32];
    unsigned n;
    unsigned tx_tries;
    bool conflict_once; /* make the first key transaction conflict */
};

static void note(struct pair *p, const char *who, enum xenbus_state s)
{
    snprintf(p->log[p->n++], sizeof(p->log[0]), "%s %d", who, (int)s);
}

/* talk_to_netback(): the ring keys in one transaction, retried on EAGAIN. */
static void front_publish(struct pair *p)
{
    struct xenbus_transaction t;
    int rc;

    do {
        p->tx_tries++;
        assert_int_equal(xenbus_transaction_start(p->kf, &t), 0);
        assert_int_equal(xenbus_printf(p->kf, t, p->fe.nodename, "tx-ring-ref", "%u", 8u),
                         0);
        assert_int_equal(xenbus_printf(p->kf, t, p->fe.nodename, "rx-ring-ref", "%u", 9u),
                         0);
        assert_int_equal(
            xenbus_printf(p->kf, t, p->fe.nodename, "event-channel", "%u", 1u), 0);
        assert_int_equal(xenbus_write(p->kf, t, p->fe.nodename, "request-rx-copy", "1"),
                         0);
        if (p->conflict_once) { /* someone else touches the device dir meanwhile */
            p->conflict_once = false;
            assert_int_equal(
                xenbus_write(p->kf, XBT_NIL, p->fe.nodename, "feature-x", "1"), 0);
        }
        rc = xenbus_transaction_end(p->kf, t, false);
    } while (rc == -EAGAIN);
    assert_int_equal(rc, 0);
    note(p, "fe", XenbusStateInitialised);
    assert_int_equal(xenbus_switch_state(p->kf, &p->fe, XenbusStateInitialised), 0);
}

/* netback_changed(): the frontend follows the backend. */
static void front_changed(struct linux_kernel *k, const char *path, const char *token,
                          void *ctx)
{
    struct pair *p = ctx;
    enum xenbus_state s = xenbus_read_driver_state(k, p->fe.otherend);

    (void)path;
    (void)token;
    if (s == XenbusStateInitWait && p->fe.state == XenbusStateInitialising)
        front_publish(p);
    else if (s == XenbusStateConnected && p->fe.state == XenbusStateInitialised) {
        note(p, "fe", XenbusStateConnected);
        assert_int_equal(xenbus_switch_state(k, &p->fe, XenbusStateConnected), 0);
    } else if (s == XenbusStateClosing && p->fe.state == XenbusStateClosing) {
        note(p, "fe", XenbusStateClosed);
        assert_int_equal(xenbus_switch_state(k, &p->fe, XenbusStateClosed), 0);
    }
}

/* frontend_changed() in netback. */
static void back_changed(struct linux_kernel *k, const char *path, const char *token,
                         void *ctx)
{
    struct pair *p = ctx;
    enum xenbus_state s = xenbus_read_driver_state(k, p->be.otherend);
    unsigned tx = 0, rx = 0, evtchn = 0;

    (void)path;
    (void)token;
    if (s == XenbusStateInitialised && p->be.state == XenbusStateInitWait) {
        /* connect_data_rings(): the frontend's keys, readable by the backend */
        assert_int_equal(
            xenbus_scanf(k, XBT_NIL, p->be.otherend, "tx-ring-ref", "%u", &tx), 1);
        assert_int_equal(
            xenbus_scanf(k, XBT_NIL, p->be.otherend, "rx-ring-ref", "%u", &rx), 1);
        assert_int_equal(
            xenbus_scanf(k, XBT_NIL, p->be.otherend, "event-channel", "%u", &evtchn), 1);
        assert_int_equal(tx + rx + evtchn, 18);
        note(p, "be", XenbusStateConnected);
        assert_int_equal(xenbus_switch_state(k, &p->be, XenbusStateConnected), 0);
    } else if (s == XenbusStateClosing && p->be.state != XenbusStateClosing) {
        note(p, "be", XenbusStateClosing);
        assert_int_equal(xenbus_switch_state(k, &p->be, XenbusStateClosing), 0);
    } else if (s == XenbusStateClosed && p->be.state == XenbusStateClosing) {
        note(p, "be", XenbusStateClosed);
        assert_int_equal(xenbus_switch_state(k, &p->be, XenbusStateClosed), 0);
    }
}

static void setup_pair(struct gntsim_world *w, struct pair *p)
{
    assert_int_equal(gntsim_linux_boot(w, 0), 0);
    assert_int_equal(gntsim_linux_boot(w, 1), 0);
    assert_int_equal(gntsim_xs_create_vif(w, 1, 0, 0), 0);
    p->kb = world_kernel(w, 0);
    p->kf = world_kernel(w, 1);
    assert_int_equal(xenbus_device_init(&p->fe, "device/vif/0"), 0);
    assert_int_equal(xenbus_device_init(&p->be, "backend/vif/1/0"), 0);
    assert_int_equal(xenbus_read_otherend_details(p->kf, &p->fe, "backend-id", "backend"),
                     0);
    assert_int_equal(
        xenbus_read_otherend_details(p->kb, &p->be, "frontend-id", "frontend"), 0);
    assert_int_equal(p->fe.otherend_id, 0);
    assert_string_equal(p->fe.otherend, "/local/domain/0/backend/vif/1/0");
    assert_int_equal(p->be.otherend_id, 1);
    assert_int_equal(xenbus_watch_otherend(p->kf, &p->fe, front_changed, p, NULL), 0);
    assert_int_equal(xenbus_watch_otherend(p->kb, &p->be, back_changed, p, NULL), 0);
}

static void state_walk(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct pair p = {.conflict_once = true};
    static const char *const want[] = {"be 2", "fe 3", "be 4", "fe 4",
                                       "fe 5", "be 5", "fe 6", "be 6"};

    (void)state;
    setup_pair(w, &p);
    /* netback_probe(): InitWait (hotplug done); the watches do the rest */
    note(&p, "be", XenbusStateInitWait);
    assert_int_equal(xenbus_switch_state(p.kb, &p.be, XenbusStateInitWait), 0);
    assert_true(gntsim_run_pending(w) > 0);
    assert_int_equal(p.fe.state, XenbusStateConnected);
    assert_int_equal(p.be.state, XenbusStateConnected);
    assert_int_equal(p.tx_tries, 2); /* the first transaction hit EAGAIN */
    /* xennet_remove(): the frontend closes */
    note(&p, "fe", XenbusStateClosing);
    assert_int_equal(xenbus_switch_state(p.kf, &p.fe, XenbusStateClosing), 0);
    assert_true(gntsim_run_pending(w) > 0);
    assert_int_equal(p.fe.state, XenbusStateClosed);
    assert_int_equal(p.be.state, XenbusStateClosed);
    assert_int_equal(p.n, 8);
    for (unsigned i = 0; i < 8; i++)
        assert_string_equal(p.log[i], want[i]);
    assert_int_equal(xenbus_read_driver_state(p.kb, "/local/domain/1/device/vif/0"),
                     XenbusStateClosed);
    gntsim_world_destroy(w);
}

static void client_calls(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct pair p = {0};
    char buf[64];
    unsigned num;
    uint32_t id;

    (void)state;
    setup_pair(w, &p);
    assert_int_equal(xenbus_read(p.kf, XBT_NIL, p.fe.nodename, "mac", buf, sizeof(buf)),
                     0);
    assert_string_equal(buf, "00:16:3e:00:00:00");
    assert_int_equal(xenbus_read(p.kf, XBT_NIL, p.fe.nodename, "mac", buf, 4), -ERANGE);
    assert_int_equal(xenbus_read(p.kf, XBT_NIL, "/local/domain/0", "", buf, 64), -EACCES);
    assert_int_equal(xenbus_write(p.kf, XBT_NIL, p.fe.otherend, "state", "4"), -EACCES);
    assert_false(xenbus_exists(p.kf, XBT_NIL, p.fe.nodename, "nope"));
    assert_int_equal(xenbus_mkdir(p.kf, XBT_NIL, p.fe.nodename, "queue-0"), 0);
    assert_true(xenbus_exists(p.kf, XBT_NIL, p.fe.nodename, "queue-0"));
    assert_int_equal(xenbus_rm(p.kf, XBT_NIL, p.fe.nodename, "queue-0"), 0);
    assert_int_equal(xenbus_directory(p.kb, XBT_NIL, "backend/vif/1", "", buf, 64, &num),
                     0);
    assert_int_equal(num, 1);
    assert_string_equal(buf, "0");
    /* a watch fires first, then on changes; unregistered ones stay quiet */
    assert_int_equal(xenbus_watch_path(p.kf, "data", front_changed, &p, &id), 0);
    assert_int_equal(xenbus_unregister_watch(p.kf, id), 0);
    assert_int_equal(xenbus_unregister_watch(p.kf, id), -ENOENT);
    assert_true(gntsim_run_pending(w) >= 0);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(state_walk),
        cmocka_unit_test(client_calls),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
