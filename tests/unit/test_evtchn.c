/* SPDX-License-Identifier: MIT */
/*
 * Event channels (src/xen/evtchn.c, src/linux/events.c): each EVTCHNOP and
 * its errno, pending/mask bits in the shared_info bytes as the guest reads
 * them, upcall delivery through the world scheduler, unmask re-raise,
 * close leaving the peer unbound.
 */
#include "world_fixture.h"

#include <xen/event_channel.h>

#include "board/world.h"
#include "linux/events.h"
#include "xen/evtchn.h"

#define SI_IPA     (EVTCHN_SHARED_INFO_GFN << 12)
#define SI_UPCALL  (SI_IPA + 0)
#define SI_SEL     (SI_IPA + 8)
#define SI_PENDING (SI_IPA + 48)
#define SI_MASK    (SI_IPA + 48 + 512)

static uint64_t si_word(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa)
{
    uint64_t v = 0;

    assert_int_equal(gntsim_guest_read(w, dom, ipa, &v, sizeof(v)), 0);
    return v;
}

static uint8_t si_upcall(struct gntsim_world *w, gntsim_domid_t dom)
{
    uint8_t v = 0;

    assert_int_equal(gntsim_guest_read(w, dom, SI_UPCALL, &v, 1), 0);
    return v;
}

static long alloc_unbound(struct gntsim_world *w, gntsim_domid_t as, domid_t dom,
                          domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = {.dom = dom, .remote_dom = remote};
    long rc = gntsim_evtchn_op(w, as, EVTCHNOP_alloc_unbound, &a);

    *port = a.port;
    return rc;
}

static long bind(struct gntsim_world *w, gntsim_domid_t as, domid_t rdom,
                 evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn_bind_interdomain b = {.remote_dom = rdom, .remote_port = rport};
    long rc = gntsim_evtchn_op(w, as, EVTCHNOP_bind_interdomain, &b);

    *lport = b.local_port;
    return rc;
}

static struct evtchn_status status(struct gntsim_world *w, gntsim_domid_t as,
                                   evtchn_port_t port)
{
    struct evtchn_status s = {.dom = DOMID_SELF, .port = port};

    assert_int_equal(gntsim_evtchn_op(w, as, EVTCHNOP_status, &s), 0);
    return s;
}

static void ops_and_errnos(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    evtchn_port_t p1, p0, px;
    struct evtchn_send send = {.port = 5};
    struct evtchn_close cl;
    struct evtchn_status s;

    (void)state;
    assert_int_equal(alloc_unbound(w, 1, 9, 0, &px), -ESRCH); /* no such domain */
    assert_int_equal(alloc_unbound(w, 1, 0, 1, &px), -EPERM); /* not privileged */
    assert_int_equal(alloc_unbound(w, 1, DOMID_SELF, 0, &p1), 0);
    assert_int_equal(p1, 1); /* port 0 is reserved */
    s = status(w, 1, p1);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 0);
    assert_int_equal(bind(w, 0, 1, 7, &px), -EINVAL); /* not an unbound port */
    assert_int_equal(bind(w, 0, 9, p1, &px), -ESRCH); /* no such remote */
    assert_int_equal(alloc_unbound(w, 1, DOMID_SELF, 1, &px), 0);
    assert_int_equal(bind(w, 0, 1, px, &p0), -EINVAL); /* unbound for d1, not d0 */
    assert_int_equal(bind(w, 0, 1, p1, &p0), 0);
    s = status(w, 0, p0);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 1);
    assert_int_equal(s.u.interdomain.port, p1);
    assert_int_equal(gntsim_evtchn_op(w, 1, EVTCHNOP_send, &send), -EINVAL); /* free */
    send.port = 0;
    assert_int_equal(gntsim_evtchn_op(w, 1, EVTCHNOP_send, &send),
                     -EINVAL); /* reserved */
    send.port = px;            /* unbound: silently dropped */
    assert_int_equal(gntsim_evtchn_op(w, 1, EVTCHNOP_send, &send), 0);
    /* close of one end: the peer goes back to unbound, for the closer */
    cl.port = p0;
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_close, &cl), 0);
    assert_int_equal(status(w, 0, p0).status, EVTCHNSTAT_closed);
    s = status(w, 1, p1);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 0);
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_close, &cl), -EINVAL);
    assert_int_equal(gntsim_evtchn_op(w, 0, 99, &cl), -ENOSYS);
    gntsim_world_destroy(w);
}

struct upcalls {
    unsigned n;
    uint16_t dom[8];
};

static void note_upcall(void *ctx, uint16_t domid)
{
    struct upcalls *u = ctx;

    u->dom[u->n++] = domid;
}

static void pending_mask_and_unmask(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    evtchn_port_t p1, p0;
    struct upcalls u = {0};
    struct evtchn_send send;
    struct evtchn_unmask um;
    uint64_t mask;

    (void)state;
    assert_int_equal(alloc_unbound(w, 1, DOMID_SELF, 0, &p1), 0);
    assert_int_equal(bind(w, 0, 1, p1, &p0), 0);
    evtchn_set_upcall(&w->xen, xen_domain(&w->xen, 1), note_upcall, &u);
    /* d0's local port was left pending by the bind (Xen's conservative notification) */
    assert_true(si_word(w, 0, SI_PENDING) & (1ull << p0));
    assert_int_equal(si_upcall(w, 0), 1);
    /* d1 masks its port, then d0 sends: pending but no upcall */
    mask = 1ull << p1;
    assert_int_equal(gntsim_guest_write(w, 1, SI_MASK, &mask, sizeof(mask)), 0);
    send.port = p0;
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_send, &send), 0);
    assert_int_equal(si_word(w, 1, SI_PENDING), 1ull << p1);
    assert_int_equal(si_word(w, 1, SI_SEL), 0);
    assert_int_equal(si_upcall(w, 1), 0);
    assert_int_equal(gntsim_run_pending(w), 1); /* d0's upcall from the bind */
    assert_int_equal(u.n, 0);
    /* EVTCHNOP_unmask re-raises: mask cleared, sel and upcall set, upcall queued */
    um.port = p1;
    assert_int_equal(gntsim_evtchn_op(w, 1, EVTCHNOP_unmask, &um), 0);
    assert_int_equal(si_word(w, 1, SI_MASK), 0);
    assert_int_equal(si_word(w, 1, SI_SEL), 1);
    assert_int_equal(si_upcall(w, 1), 1);
    assert_int_equal(gntsim_run_pending(w), 1);
    assert_int_equal(u.n, 1);
    assert_int_equal(u.dom[0], 1);
    /* a second send while upcall_pending is still set queues nothing more */
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_send, &send), 0);
    assert_int_equal(gntsim_run_pending(w), 0);
    assert_int_equal(gntsim_trace_count(w, "evtchn_upcall"), 1);
    gntsim_world_destroy(w);
}

struct order {
    struct gntsim_world *w;
    char log[16][24];
    unsigned n;
    uint32_t back_port; /* d0 answers each event once on this port */
    unsigned answered;
};

static void on_event(struct linux_kernel *k, uint32_t port, void *ctx)
{
    struct order *o = ctx;

    snprintf(o->log[o->n++], sizeof(o->log[0]), "d%u:%u", k->domid, port);
    if (k->domid == 0 && port == o->back_port && o->answered++ == 0)
        assert_int_equal(linux_evtchn_notify(k, port), 0);
}

static void kernel_upcall_order(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct order o = {.w = w};
    struct linux_kernel *k0, *k1;
    uint32_t a1, b1, a0, b0;

    (void)state;
    assert_int_equal(gntsim_linux_boot(w, 0), 0);
    assert_int_equal(gntsim_linux_boot(w, 1), 0);
    k0 = world_kernel(w, 0);
    k1 = world_kernel(w, 1);
    assert_int_equal(linux_evtchn_alloc_unbound(k1, 0, &a1), 0);
    assert_int_equal(linux_evtchn_alloc_unbound(k1, 0, &b1), 0);
    assert_int_equal(linux_evtchn_bind_interdomain(k0, 1, a1, &a0), 0);
    assert_int_equal(linux_evtchn_bind_interdomain(k0, 1, b1, &b0), 0);
    /* ports start masked: the bind's pending events wait for the handlers */
    assert_int_equal(gntsim_run_pending(w), 0);
    o.back_port = b0;
    assert_int_equal(linux_evtchn_bind_handler(k0, b0, on_event, &o), 0);
    assert_int_equal(linux_evtchn_bind_handler(k0, a0, on_event, &o), 0);
    assert_int_equal(linux_evtchn_bind_handler(k1, a1, on_event, &o), 0);
    assert_int_equal(linux_evtchn_bind_handler(k1, b1, on_event, &o), 0);
    assert_int_equal(linux_evtchn_bind_handler(k1, b1, on_event, &o), -EBUSY);
    /* d1 sends on b1 while d0's b0 is still pending from the bind: coalesced. One
     * upcall runs d0's ports in ascending order; d0 answers on b0 once, d1 sees it */
    assert_int_equal(linux_evtchn_notify(k1, b1), 0);
    assert_int_equal(gntsim_run_pending(w), 2);
    assert_int_equal(o.n, 3);
    assert_string_equal(o.log[0], "d0:1");
    assert_string_equal(o.log[1], "d0:2");
    assert_string_equal(o.log[2], "d1:2");
    assert_int_equal(linux_evtchn_notify(k1, b1), 0);
    assert_int_equal(gntsim_run_pending(w), 1);
    assert_int_equal(o.n, 4);
    assert_string_equal(o.log[3], "d0:2");
    /* pending bits were acked */
    assert_int_equal(si_word(w, 0, SI_PENDING), 0);
    assert_int_equal(si_word(w, 1, SI_PENDING), 0);
    /* close from d1: d0's end is unbound (for d1), sending there is dropped */
    assert_int_equal(linux_evtchn_close(k1, a1), 0);
    assert_int_equal(status(w, 0, a0).status, EVTCHNSTAT_unbound);
    assert_int_equal(linux_evtchn_notify(k0, a0), 0);
    assert_int_equal(linux_evtchn_notify(k1, a1), -EINVAL);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ops_and_errnos),
        cmocka_unit_test(pending_mask_and_unmask),
        cmocka_unit_test(kernel_upcall_order),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
