/* SPDX-License-Identifier: MIT */
/*
 * Hostile peers on the PV network path: a frontend that posts bad refs,
 * changes requests after posting (XSA-155), claims impossible slot counts
 * or producer indexes, crosses pages or sends zero-length fragments
 * (XSA-448); a backend that answers with ids it was never given or never
 * releases a grant (XSA-396). Neither end may crash, loop or leak: each
 * refusal is counted and traced, and after teardown no maptrack entry, pin
 * or extra page reference is left.
 */
#include <stdlib.h>

#include "net_ring_fixture.h"

#define HX_GFN 0x40010ull /* a low d1 page the test grants by hand */

static struct net_vif *hx_vif(struct gntsim_world *w, unsigned id)
{
    struct net_vif *v = net_vif(w->net, id);

    assert_non_null(v);
    return v;
}

/* A valid 64-byte ping in a page granted by hand: its ref. */
static uint32_t hx_grant_frame(struct gntsim_world *w, uint32_t len, uint16_t off)
{
    struct net_frame f;
    uint32_t ref;

    assert_int_equal(
        net_frame_build(&f, len, NET_PROTO_ICMP, true, net_pkt_new(w->net, 0)), 0);
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, (HX_GFN << 12) + off, f.data, len),
                     0);
    free(f.data);
    assert_int_equal(gntsim_linux_grant(w, FX_DOMU, 0, HX_GFN, true, &ref), 0);
    return ref;
}

/* After teardown: no dom0 maptrack entry in use, the domU frame unpinned. */
static void hx_assert_clean(struct gntsim_world *w, unsigned vif)
{
    uint32_t limit = gntsim_maptrack_limit(w, 0);

    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    for (uint32_t h = 0; h < limit; h++) {
        struct gntsim_maptrack_info mi;

        assert_int_equal(gntsim_maptrack_info(w, 0, h, &mi), 0);
        assert_int_equal(mi.flags, 0);
    }
    assert_int_equal(gntsim_page_refs(w, gntsim_gfn_to_mfn(w, FX_DOMU, HX_GFN)), 1);
    assert_int_equal(nx_stats(w, vif).grants_out, 0);
}

static void hostile_bad_ref(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = hx_vif(w, vif);
    netif_tx_request_t r = {.gref = 60000, .offset = 0, .id = 200, .size = 64};

    (void)state;
    nx_push_tx(w, v, &r, 1);
    assert_int_equal(v->st.refused[GNTSIM_NET_BAD_REF], 1);
    assert_false(v->st.back_disabled);
    assert_int_equal(gntsim_trace_count(w, "net_refuse"), 2); /* + the front's bad id */
    hx_assert_clean(w, vif);
    gntsim_world_destroy(w);
}

static void hx_change_after_fetch(void *ctx, struct net_vif *v, RING_IDX idx)
{
    netif_tx_request_t *shared = RING_GET_REQUEST(&v->ftx, idx);

    (void)ctx;
    shared->offset = 4000; /* the double fetch would now see a page crossing */
    shared->size = 4000;
}

/* XSA-155: the backend acts on its snapshot, not on the changed ring. */
static void hostile_change_after_post(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = hx_vif(w, vif);
    netif_tx_request_t r = {.offset = 0x40, .id = 201, .size = 64};

    (void)state;
    r.gref = hx_grant_frame(w, 64, 0x40);
    v->after_fetch = hx_change_after_fetch;
    nx_push_tx(w, v, &r, 1);
    assert_int_equal(v->st.refused[GNTSIM_NET_CROSS_PAGE], 0);
    assert_false(v->st.back_disabled);
    assert_int_equal(v->st.tx_ok, 1); /* the ping reached dom0 intact */
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, r.gref), 0);
    hx_assert_clean(w, vif);
    gntsim_world_destroy(w);
}

static void hostile_slot_counts(void **state)
{
    static const char *const what[] = {"too many", "chain past prod", "cross page",
                                       "overflow"};

    (void)state;
    for (unsigned c = 0; c < 4; c++) {
        unsigned vif;
        struct gntsim_world *w = nx_world("master", &vif);
        struct net_vif *v = hx_vif(w, vif);
        netif_tx_request_t r[24];
        unsigned n = c == 0 ? 22 : 2;

        for (unsigned i = 0; i < n; i++)
            r[i] = (netif_tx_request_t){.gref = 9,
                                        .id = (uint16_t)(100 + i),
                                        .size = 64,
                                        .flags = NETTXF_more_data};
        if (c == 2)
            r[1] =
                (netif_tx_request_t){.gref = 9, .id = 101, .offset = 4000, .size = 200};
        if (c == 3) {
            v->ftx.sring->req_prod += 1000; /* an impossible producer index */
            net_kick(v, netback_interrupt);
            assert_true(gntsim_net_run(w) >= 0);
        } else {
            nx_push_tx(w, v, r, n);
        }
        print_message("case %s\n", what[c]);
        assert_true(v->st.back_disabled);
        assert_int_equal(v->st.refused[GNTSIM_NET_TOO_MANY_SLOTS] +
                             v->st.refused[GNTSIM_NET_NEED_MORE] +
                             v->st.refused[GNTSIM_NET_CROSS_PAGE] +
                             v->st.refused[GNTSIM_NET_RING_OVERFLOW],
                         1);
        assert_int_equal(v->st.map_ops + v->st.copy_ops, 0);
        assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
        gntsim_world_destroy(w);
    }
}

/* XSA-448: a zero-length fragment gets no grant op, even with a bad ref. */
static void hostile_zero_fragment(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("4.14.1", &vif);
    struct net_vif *v = hx_vif(w, vif);
    netif_tx_request_t r[2] = {
        {.offset = 0x40, .id = 210, .size = 64, .flags = NETTXF_more_data},
        {.gref = 60000, .id = 211, .size = 0}};

    (void)state;
    r[0].gref = hx_grant_frame(w, 64, 0x40);
    nx_push_tx(w, v, r, 2);
    assert_int_equal(v->st.refused[GNTSIM_NET_ZERO_FRAG], 1);
    assert_int_equal(v->st.refused[GNTSIM_NET_BAD_REF], 0);
    assert_int_equal(v->st.copy_ops, 2); /* the TX copy and the reply's RX copy */
    assert_int_equal(v->st.tx_ok, 1);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, r[0].gref), 0);
    hx_assert_clean(w, vif);
    gntsim_world_destroy(w);
}

/* A backend answering with ids never given: netfront refuses, stops, survives. */
static void hostile_backend_bad_id(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = hx_vif(w, vif);
    int notify;

    (void)state;
    *RING_GET_RESPONSE(&v->btx, v->btx.rsp_prod_pvt) =
        (netif_tx_response_t){.id = 5000, .status = NETIF_RSP_OKAY};
    v->btx.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->btx, notify);
    (void)notify;
    net_kick(v, netfront_interrupt);
    assert_true(gntsim_net_run(w) >= 0);
    assert_int_equal(v->st.refused[GNTSIM_NET_BAD_ID], 1);
    assert_true(v->st.front_broken);
    assert_int_equal(gntsim_net_send(w, vif, &(struct gntsim_net_send){.size = 64}, NULL),
                     -EIO);
    hx_assert_clean(w, vif);
    gntsim_world_destroy(w);
}

/* XSA-396: a backend that keeps its mapping; the page is never freed meanwhile. */
static void hostile_backend_keeps_grant(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = hx_vif(w, vif);
    uint32_t pkt;
    struct nf_deferred d;

    (void)state;
    v->back_never_unmaps = true;
    pkt = nx_send(w, vif, 1500, GNTSIM_NET_DOM0, false);
    assert_true(gntsim_net_run(w) >= 0);
    assert_true(nx_pkt(w, pkt).delivered);
    assert_int_equal(v->st.refused[GNTSIM_NET_GRANT_BUSY], 1);
    assert_true(v->st.front_broken);
    assert_int_equal(v->nr_deferred, 1);
    d = v->deferred[0];
    /* teardown cannot revoke it: the page stays out of use, still granted */
    assert_int_equal(gntsim_net_vif_destroy(w, vif), -EBUSY);
    assert_int_equal(gntsim_page_refs(w, gntsim_gfn_to_mfn(w, FX_DOMU, d.gfn)), 2);
    /* once the backend lets go, the retry succeeds and nothing is left */
    v->back_never_unmaps = false;
    hx_assert_clean(w, vif);
    assert_int_equal(gntsim_page_refs(w, gntsim_gfn_to_mfn(w, FX_DOMU, d.gfn)), 1);
    gntsim_world_destroy(w);
}

/* The public attack API: legacy-slot drop, RX id not trusted, release. */
static void hostile_api(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("4.14.1", &vif);
    struct net_vif *v = hx_vif(w, vif);
    struct gntsim_net_attack a = {.kind = GNTSIM_ATTACK_SLOTS, .slots = 20};

    (void)state;
    assert_int_equal(gntsim_net_hostile(w, vif, &a), 0);
    assert_int_equal(v->st.refused[GNTSIM_NET_LEGACY_SLOTS], 1);
    assert_int_equal(v->st.tx_errors, 20);
    assert_false(v->st.back_disabled);
    a = (struct gntsim_net_attack){.kind = GNTSIM_ATTACK_RX_BAD_ID, .id = 300};
    assert_int_equal(gntsim_net_hostile(w, vif, &a), 0);
    assert_int_equal(v->st.rx_ok, 1); /* delivered: the id is not used */
    assert_false(v->st.front_broken);
    a.kind = GNTSIM_ATTACK_NR;
    assert_int_equal(gntsim_net_hostile(w, vif, &a), -EINVAL);
    a = (struct gntsim_net_attack){.kind = GNTSIM_ATTACK_BACK_KEEPS_GRANT};
    assert_int_equal(gntsim_net_hostile(w, vif, &a), 0);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), -EBUSY);
    a.kind = GNTSIM_ATTACK_BACK_RELEASE;
    assert_int_equal(gntsim_net_hostile(w, vif, &a), 0);
    hx_assert_clean(w, vif);
    assert_string_equal(gntsim_net_attack_name(GNTSIM_ATTACK_REVOKE),
                        "revoke-mid-flight");
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_bad_ref),
        cmocka_unit_test(hostile_change_after_post),
        cmocka_unit_test(hostile_slot_counts),
        cmocka_unit_test(hostile_zero_fragment),
        cmocka_unit_test(hostile_backend_bad_id),
        cmocka_unit_test(hostile_backend_keeps_grant),
        cmocka_unit_test(hostile_api),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
