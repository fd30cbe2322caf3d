/* SPDX-License-Identifier: MIT */
/*
 * Test fixture for tests that drive netback's TX ring by hand, as a netfront
 * (well-behaved or malicious) would: the vif's internals from linux/net.h.
 */
#ifndef GNTSIM_TEST_NET_RING_FIXTURE_H
#define GNTSIM_TEST_NET_RING_FIXTURE_H

#include "net_fixture.h"

#include "board/world.h"
#include "linux/net.h"

/* Post @n raw requests on @v's TX ring, notify the backend if asked, and run. */
static inline void nx_push_tx(struct gntsim_world *w, struct net_vif *v,
                              const netif_tx_request_t *r, unsigned n)
{
    int notify;

    for (unsigned i = 0; i < n; i++) {
        *RING_GET_REQUEST(&v->ftx, v->ftx.req_prod_pvt) = r[i];
        v->ftx.req_prod_pvt++;
    }
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&v->ftx, notify);
    (void)notify;
    net_kick(v, netback_interrupt);
    assert_true(gntsim_net_run(w) >= 0);
}

#endif
