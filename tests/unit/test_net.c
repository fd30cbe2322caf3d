/* SPDX-License-Identifier: MIT */
/* netfront -> netback -> bridge -> NIC/peer and back: the seed's ping vs wget. */
#include <stdio.h>
#include <stdlib.h>

#include "linux/net.h"
#include "net_fixture.h"

static void net_ping_vs_wget(const char *release, bool affected)
{
    unsigned vif;
    struct gntsim_world *w = nx_world(release, &vif);
    uint32_t ping = nx_send(w, vif, 64, GNTSIM_NET_DOM0, true);
    uint32_t big;
    struct gntsim_vif_stats st;

    assert_true(gntsim_net_run(w) >= 0);
    assert_true(nx_pkt(w, ping).delivered);
    assert_true(nx_pkt(w, ping).replied);
    big = nx_send(w, vif, 1500, GNTSIM_NET_PEER, false);
    assert_true(gntsim_net_run(w) >= 0);
    st = nx_stats(w, vif);
    assert_int_equal(nx_pkt(w, big).delivered, !affected);
    assert_int_equal(nx_pkt(w, big).replied, !affected);
    assert_int_equal(st.tx_dropped_fault, affected);
    assert_int_equal(st.tx_ok, affected ? 1 : 2);
    assert_int_equal(st.rx_ok, affected ? 1 : 2);
    assert_int_equal(st.tx_errors, 0);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    assert_int_equal(nx_stats(w, vif).grants_out, 0);
    assert_int_equal(gntsim_maptrack_info(w, 0, 0, &(struct gntsim_maptrack_info){0}), 0);
    gntsim_world_destroy(w);
}

static void net_seed_4_14_1(void **state)
{
    (void)state;
    net_ping_vs_wget("4.14.1", true);
}

static void net_seed_fixed(void **state)
{
    (void)state;
    net_ping_vs_wget("4.15.0", false);
    net_ping_vs_wget("master", false);
}

/*
 * netback batches like Linux's xenvif_tx_action: the copy ops of a whole
 * poll go in one GNTTABOP_copy (and RX copies in one per COPY_BATCH_SIZE),
 * so a burst of 8 frames costs the same grant hypercalls as a single frame.
 */
static void net_batches_hypercalls(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    uint64_t before, one, burst;

    (void)state;
    nx_send(w, vif, 64, GNTSIM_NET_DOM0, true); /* warm up: RX buffers, pages */
    assert_true(gntsim_net_run(w) >= 0);
    before = gntsim_trace_count(w, "hypercall");
    nx_send(w, vif, 64, GNTSIM_NET_DOM0, true);
    assert_true(gntsim_net_run(w) >= 0);
    one = gntsim_trace_count(w, "hypercall") - before;
    before = gntsim_trace_count(w, "hypercall");
    for (int i = 0; i < 8; i++)
        nx_send(w, vif, 64, GNTSIM_NET_DOM0, true);
    assert_true(gntsim_net_run(w) >= 0);
    burst = gntsim_trace_count(w, "hypercall") - before;
    assert_true(one > 0);
    assert_int_equal(burst, one);
    assert_int_equal(nx_stats(w, vif).rx_ok, 10);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    gntsim_world_destroy(w);
}

/* Little-endian 32-bit field of a pcap header. */
static uint32_t nx_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/*
 * The wire capture @cap (@len bytes) holds exactly @n frames: @sizes[i] bytes each,
 * the bytes netfront's application built for packet @pkts[i] (the NIC's DMA read them
 * through the SMMU from the skb's pages).
 */
static void nx_assert_wire(const uint8_t *cap, size_t len, unsigned n,
                           const uint32_t *sizes, const uint32_t *pkts)
{
    size_t at = 24; /* the global header */

    for (unsigned i = 0; i < n; i++) {
        uint8_t *want = malloc(sizes[i]);

        assert_non_null(want);
        assert_true(at + 16 <= len);
        assert_int_equal(nx_le32(cap + at + 8), sizes[i]);
        assert_true(at + 16 + sizes[i] <= len);
        assert_int_equal(
            net_frame_write(want, sizes[i], NET_PROTO_UDP_DISCARD, false, pkts[i]), 0);
        assert_memory_equal(cap + at + 16, want, sizes[i]);
        at += 16 + sizes[i];
        free(want);
    }
    assert_int_equal(at, len);
}

/*
 * A UDP datagram to the discard port is delivered and never answered, by
 * the peer and by dom0 alike; nothing comes back through netback's RX path,
 * and the wire carries exactly the bytes sent. Under 4.14.1 the peer-bound
 * 1500-byte one dies at the seed's SMMU fault and never reaches the wire.
 */
static void net_discard_one_way(const char *release, bool affected)
{
    unsigned vif;
    struct gntsim_world *w = nx_world(release, &vif);
    struct gntsim_net_send s = {.size = 1500, .to = GNTSIM_NET_PEER, .discard = true};
    uint32_t pkt[3];
    struct gntsim_vif_stats st;
    char *cap = NULL;
    size_t cap_len = 0;
    FILE *wire = open_memstream(&cap, &cap_len);

    assert_non_null(wire);
    assert_int_equal(gntsim_net_pcap(w, GNTSIM_CAPTURE_WIRE, wire), 0);
    assert_int_equal(gntsim_net_send(w, vif, &s, &pkt[0]), 0);
    s.size = 64;
    assert_int_equal(gntsim_net_send(w, vif, &s, &pkt[1]), 0);
    s.to = GNTSIM_NET_DOM0;
    assert_int_equal(gntsim_net_send(w, vif, &s, &pkt[2]), 0);
    s.icmp = true; /* a frame is one or the other */
    assert_int_equal(gntsim_net_send(w, vif, &s, NULL), -EINVAL);
    assert_true(gntsim_net_run(w) >= 0);
    st = nx_stats(w, vif);
    assert_int_equal(nx_pkt(w, pkt[0]).delivered, !affected);
    assert_true(nx_pkt(w, pkt[1]).delivered);
    assert_true(nx_pkt(w, pkt[2]).delivered);
    for (int i = 0; i < 3; i++)
        assert_false(nx_pkt(w, pkt[i]).replied);
    assert_int_equal(st.tx_ok, affected ? 2 : 3);
    assert_int_equal(st.tx_dropped_fault, affected);
    assert_int_equal(st.rx_ok, 0);
    assert_int_equal(st.rx_dropped, 0);
    assert_int_equal(gntsim_net_pcap(w, GNTSIM_CAPTURE_WIRE, NULL), 0);
    assert_int_equal(fclose(wire), 0);
    nx_assert_wire((const uint8_t *)cap, cap_len, affected ? 1 : 2,
                   affected ? (const uint32_t[]){64} : (const uint32_t[]){1500, 64},
                   affected ? &pkt[1] : pkt);
    free(cap);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    assert_int_equal(nx_stats(w, vif).grants_out, 0);
    gntsim_world_destroy(w);
}

static void net_discard(void **state)
{
    (void)state;
    net_discard_one_way("4.14.1", true);
    net_discard_one_way("master", false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(net_seed_4_14_1),
        cmocka_unit_test(net_seed_fixed),
        cmocka_unit_test(net_batches_hypercalls),
        cmocka_unit_test(net_discard),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
