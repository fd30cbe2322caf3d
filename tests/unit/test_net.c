/* SPDX-License-Identifier: MIT */
/* netfront -> netback -> bridge -> NIC/peer and back: the seed's ping vs wget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One's complement sum of @len bytes at @p (big-endian words), folded (RFC 1071). */
static uint32_t nx_csum(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i += 2)
        sum += (uint32_t)p[i] << 8 | (i + 1 < len ? p[i + 1] : 0);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

/* @f is the peer's datagram to d1's discard port, its checksums right. */
static void nx_assert_peer_frame(const uint8_t *f, uint32_t len)
{
    static const uint8_t macs[12] = {0x00, 0x16, 0x3e, 0, 0, 1, 0x02, 0, 0, 0, 0, 3};
    static const uint8_t addrs[8] = {10, 0, 0, 3, 10, 0, 0, 2};
    const uint8_t *ip = f + 14, *udp = ip + 20;
    uint32_t ulen = len - 34;

    assert_memory_equal(f, macs, sizeof(macs));
    assert_memory_equal(ip + 12, addrs, sizeof(addrs));
    assert_int_equal(ip[9], 17);                  /* UDP */
    assert_int_equal(udp[2] << 8 | udp[3], 9);    /* to the discard port */
    assert_int_equal(nx_csum(0, ip, 20), 0xffff); /* IPv4 header */
    assert_int_equal(nx_csum(nx_csum(17 + ulen, ip + 12, 8), udp, ulen), 0xffff);
}

/* The frames of pcap capture @cap (@len bytes) are the @n frames of @want, in order. */
static void nx_assert_capture(const uint8_t *cap, size_t len, unsigned n,
                              const uint8_t (*want)[1500])
{
    size_t at = 24;

    for (unsigned i = 0; i < n; i++, at += 16 + 1500) {
        assert_true(at + 16 + 1500 <= len);
        assert_int_equal(nx_le32(cap + at + 8), 1500);
        assert_memory_equal(cap + at + 16, want[i], 1500);
    }
    assert_int_equal(at, len);
}

/*
 * The peer host's own frames, RX only: a burst of 64 (the wire's room: the 65th is
 * refused) crosses the NIC's receive DMA and netback's grant copies into d1's RX
 * buffers, more than d1 posted at once (32), so netback waits for netfront's refill;
 * the wire and the vif carry exactly the bytes the peer sent, each received once,
 * with no grant map and no fault, in the seed's release too.
 */
static void net_peer_rx(const char *release)
{
    unsigned vif;
    struct gntsim_world *w = nx_world(release, &vif);
    uint8_t(*sent)[1500] = malloc(64 * sizeof(*sent));
    uint32_t pkt[64];
    struct gntsim_vif_stats st;
    struct gntsim_stats gs[2];
    char *cap[2] = {NULL, NULL};
    size_t cap_len[2] = {0, 0};
    FILE *wire = open_memstream(&cap[0], &cap_len[0]);
    FILE *vifc = open_memstream(&cap[1], &cap_len[1]);

    assert_true(sent && wire && vifc);
    assert_int_equal(gntsim_net_pcap(w, GNTSIM_CAPTURE_WIRE, wire), 0);
    assert_int_equal(gntsim_net_pcap(w, GNTSIM_CAPTURE_VIF, vifc), 0);
    gntsim_stats_get(w, &gs[0]);
    for (unsigned i = 0; i < 64; i++)
        assert_int_equal(gntsim_net_peer_send(w, vif, 1500, sent[i], &pkt[i]), 0);
    assert_int_equal(gntsim_net_peer_send(w, vif, 1500, NULL, NULL), -EBUSY);
    assert_true(gntsim_net_run(w) >= 0);
    st = nx_stats(w, vif);
    assert_int_equal(st.rx_ok, 64);
    assert_int_equal(st.copy_ops, 64);
    assert_int_equal(st.map_ops + st.rx_dropped + st.tx_ok, 0);
    for (unsigned i = 0; i < 64; i++) {
        struct gntsim_net_packet p = nx_pkt(w, pkt[i]);

        assert_true(p.delivered && !p.replied && !p.dropped);
        assert_int_equal(p.rx_len, 1500);
        nx_assert_peer_frame(sent[i], 1500);
    }
    gntsim_stats_get(w, &gs[1]);
    assert_int_equal(gs[1].smmu_faults + gs[1].iommu_map + gs[1].bounce_bytes,
                     gs[0].smmu_faults + gs[0].iommu_map + gs[0].bounce_bytes);
    for (int c = 0; c < 2; c++)
        assert_int_equal(
            gntsim_net_pcap(w, c ? GNTSIM_CAPTURE_VIF : GNTSIM_CAPTURE_WIRE, NULL), 0);
    assert_int_equal(fclose(wire) | fclose(vifc), 0);
    for (int c = 0; c < 2; c++) {
        nx_assert_capture((const uint8_t *)cap[c], cap_len[c], 64, sent);
        free(cap[c]);
    }
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    gntsim_world_destroy(w);
    free(sent);
}

static void net_peer_rx_all(void **state)
{
    (void)state;
    net_peer_rx("4.14.1");
    net_peer_rx("master");
}

/* Refused peer frames: outside 60 .. 1514 bytes, no vif, a vif without a NIC. */
static void net_peer_refused(void **state)
{
    unsigned vif, local;
    struct gntsim_world *w = nx_world("master", &vif);
    struct gntsim_vif_opts vo = {.front = FX_DOMU, .back = 0};

    (void)state;
    assert_int_equal(gntsim_net_vif_create(w, &vo, &local), 0);
    assert_int_equal(gntsim_net_peer_send(w, vif, 59, NULL, NULL), -EINVAL);
    assert_int_equal(gntsim_net_peer_send(w, vif, 1515, NULL, NULL), -EINVAL);
    assert_int_equal(gntsim_net_peer_send(w, 7, 64, NULL, NULL), -EINVAL);
    assert_int_equal(gntsim_net_peer_send(w, local, 64, NULL, NULL), -EINVAL);
    assert_non_null(strstr(gntsim_world_error(w), "has no NIC"));
    assert_true(gntsim_net_run(w) >= 0);
    assert_int_equal(nx_stats(w, vif).rx_ok + nx_stats(w, local).rx_ok, 0);
    assert_int_equal(nx_stats(w, vif).copy_ops, 0);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(net_seed_4_14_1),        cmocka_unit_test(net_seed_fixed),
        cmocka_unit_test(net_batches_hypercalls), cmocka_unit_test(net_discard),
        cmocka_unit_test(net_peer_rx_all),        cmocka_unit_test(net_peer_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
