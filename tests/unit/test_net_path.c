/* SPDX-License-Identifier: MIT */
/*
 * What each part of dom0 touches on the PV network path, as Linux does it:
 * the bridge reads only the linear header of a forwarded skb (its grant-
 * mapped frags reach the wire by the NIC's DMA alone), and dom0's own stack
 * reads a local packet whole; netback answers a slot only copied as soon as
 * the copy is done and a mapped one once its grant is released; macb's
 * receive buffers are mapped for bp->rx_buffer_size bytes.
 */
#include <stdlib.h>

#include "net_ring_fixture.h"

#include "hw/cache.h"
#include "hw/nic.h"

#define PX_GFN 0x40010ull /* a low d1 page the test grants by hand */

/*
 * A @len-byte frame (to dom0 or to the peer) at @off of PX_GFN, granted to
 * d0, with every line of the page written back and dropped from the CPU
 * caches; its ref. *@pa: the page's machine address.
 */
static uint32_t px_grant_frame(struct gntsim_world *w, uint32_t len, uint16_t off,
                               bool to_dom0, uint64_t *pa)
{
    struct net_frame f;
    uint32_t ref;

    assert_int_equal(net_frame_build(&f, len, to_dom0 ? NET_PROTO_ICMP : NET_PROTO_TCP,
                                     to_dom0, net_pkt_new(w->net, 0)),
                     0);
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, (PX_GFN << 12) + off, f.data, len),
                     0);
    free(f.data);
    assert_int_equal(gntsim_linux_grant(w, FX_DOMU, 0, PX_GFN, true, &ref), 0);
    *pa = gntsim_gfn_to_mfn(w, FX_DOMU, PX_GFN) << 12;
    hw_cache_maint(&w->cache, *pa, PAGE_SIZE, HW_CACHE_CLEAN_INVAL);
    return ref;
}

/* Post one request of @len bytes at @off of @ref on @v's TX ring and run. */
static void px_push(struct gntsim_world *w, struct net_vif *v, uint32_t ref, uint16_t off,
                    uint16_t len)
{
    netif_tx_request_t r = {.gref = ref, .offset = off, .id = 300, .size = len};

    nx_push_tx(w, v, &r, 1);
}

/* The response netback put at ring index @idx: its id and status. */
static void px_assert_rsp(struct net_vif *v, RING_IDX idx, uint16_t id, int16_t status)
{
    const netif_tx_response_t *rsp = RING_GET_RESPONSE(&v->btx, idx);

    assert_int_equal(rsp->id, id);
    assert_int_equal(rsp->status, status);
}

/*
 * A 1500-byte frame to another host: 128 bytes copied, the rest a mapped
 * frag. Forwarding reads the header only; the frag's lines are never
 * brought into dom0's CPU caches, the NIC DMA-reads them (br_forward,
 * macb_start_xmit).
 */
static void path_forward_reads_header_only(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = net_vif(w->net, vif);
    uint64_t pa;
    uint32_t ref = px_grant_frame(w, 1500, 0x40, false, &pa);
    uint64_t rd = w->dev[0]->bytes_rd;

    (void)state;
    px_push(w, v, ref, 0x40, 1500);
    assert_int_equal(v->st.map_ops, 1);
    assert_int_equal(v->st.tx_dropped_fault, 0);
    assert_true(w->dev[0]->bytes_rd - rd >= 1500);
    for (uint64_t at = 0x40 + NETBACK_TX_COPY_LEN + 64; at < 0x40 + 1500; at += 64)
        assert_int_equal(hw_cache_line_state(&w->cache, (pa + at) & ~63ull),
                         HW_LINE_UNTRACKED);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, ref), 0);
    gntsim_world_destroy(w);
}

/* The same frame addressed to dom0: its stack reads every byte by CPU. */
static void path_local_reads_whole(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = net_vif(w->net, vif);
    uint64_t pa;
    uint32_t ref = px_grant_frame(w, 1500, 0x40, true, &pa);
    uint64_t rd = w->dev[0]->bytes_rd;

    (void)state;
    px_push(w, v, ref, 0x40, 1500);
    assert_int_equal(v->st.tx_ok, 1);
    assert_int_equal(w->dev[0]->bytes_rd, rd);
    for (uint64_t at = 0x40 + NETBACK_TX_COPY_LEN + 64; at < 0x40 + 1500; at += 64)
        assert_int_equal(hw_cache_line_state(&w->cache, (pa + at) & ~63ull),
                         HW_LINE_CLEAN);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, ref), 0);
    gntsim_world_destroy(w);
}

/*
 * xenvif_tx_check_gop: a slot only grant-copied (a 64-byte ping) is
 * answered as soon as the copy is done, before the skb is submitted; a
 * mapped slot (the 1500-byte frame's head copied, rest mapped: sharedslot)
 * only after its unmap in the dealloc. One poll takes both, so the ping's
 * response is on the ring first although it was posted second.
 */
static void path_copy_only_answered_before_dealloc(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = net_vif(w->net, vif);
    RING_IDX start = v->btx.rsp_prod_pvt;
    uint16_t big, ping;

    (void)state;
    nx_send(w, vif, 1500, GNTSIM_NET_PEER, false);
    nx_send(w, vif, 64, GNTSIM_NET_DOM0, true);
    big = RING_GET_REQUEST(&v->ftx, start)->id;
    ping = RING_GET_REQUEST(&v->ftx, start + 1)->id;
    assert_true(gntsim_net_run(w) >= 0);
    px_assert_rsp(v, start, ping, NETIF_RSP_OKAY);
    px_assert_rsp(v, start + 1, big, NETIF_RSP_OKAY);
    assert_int_equal(nx_stats(w, vif).rx_ok, 2);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    gntsim_world_destroy(w);
}

/*
 * Each slot gets its own op's status: slot 0 only copied (100 bytes, good
 * ref) is answered OKAY at the check, slot 1 (its head copied, the rest
 * mapped, bad ref) with an error.
 */
static void path_copied_slot_keeps_its_status(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = net_vif(w->net, vif);
    RING_IDX start = v->btx.rsp_prod_pvt;
    uint64_t pa;
    netif_tx_request_t r[2] = {
        {.offset = 0x40, .id = 310, .size = 1000, .flags = NETTXF_more_data},
        {.gref = 60000, .id = 311, .size = 900}};

    (void)state;
    r[0].gref = px_grant_frame(w, 100, 0x40, true, &pa);
    nx_push_tx(w, v, r, 2);
    px_assert_rsp(v, start, 310, NETIF_RSP_OKAY);
    px_assert_rsp(v, start + 1, 311, NETIF_RSP_ERROR);
    assert_int_equal(v->st.refused[GNTSIM_NET_BAD_REF], 1);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, r[0].gref), 0);
    gntsim_world_destroy(w);
}

/* XSA-448 (xenvif_get_requests): a zero-length slot is answered at once. */
static void path_zero_slot_answered_first(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = net_vif(w->net, vif);
    RING_IDX start = v->btx.rsp_prod_pvt;
    uint64_t pa;
    netif_tx_request_t r[2] = {
        {.offset = 0x40, .id = 320, .size = 64, .flags = NETTXF_more_data},
        {.gref = 60000, .id = 321, .size = 0}};

    (void)state;
    r[0].gref = px_grant_frame(w, 64, 0x40, true, &pa);
    nx_push_tx(w, v, r, 2);
    px_assert_rsp(v, start, 321, NETIF_RSP_OKAY);
    px_assert_rsp(v, start + 1, 320, NETIF_RSP_OKAY);
    assert_int_equal(v->st.tx_ok, 1);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    assert_int_equal(gntsim_linux_end_access(w, FX_DOMU, r[0].gref), 0);
    gntsim_world_destroy(w);
}

/*
 * gem_rx_refill/gem_rx: macb maps and unmaps its receive buffer for
 * bp->rx_buffer_size bytes (1536 at MTU 1500) from the skb's data, not the
 * whole page: cache maintenance covers lines 1..24 of the page; the
 * headroom line and the lines past the buffer stay as the CPU left them.
 */
static void path_rx_buffer_is_rx_buffer_size(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    const struct nic_rx_buf *b;
    uint64_t pa;

    (void)state;
    assert_int_equal(NET_MACB_RX_BUF_SIZE, 1536);
    nx_send(w, vif, 1500, GNTSIM_NET_PEER, false);
    assert_true(gntsim_net_run(w) >= 0);
    assert_int_equal(nx_stats(w, vif).rx_ok, 1);
    b = &w->net->nic_rx[0][0];
    pa = gntsim_gfn_to_mfn(w, 0, b->pfn) << 12;
    assert_int_equal(b->dma, pa + NET_SKB_PAD); /* dom0 is direct-mapped */
    assert_int_equal(w->dev[0]->bytes_wr, 1500);
    assert_int_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_DIRTY);
    assert_int_equal(hw_cache_line_state(&w->cache, pa + NET_SKB_PAD), HW_LINE_CLEAN);
    assert_int_equal(hw_cache_line_state(&w->cache, pa + NET_SKB_PAD + 1536),
                     HW_LINE_DIRTY);
    assert_int_equal(gntsim_net_vif_destroy(w, vif), 0);
    gntsim_world_destroy(w);
}

/*
 * netfront writes only the frame into its slot's page (trusted backend: no XSA-403
 * bounce into a zeroed page): the lines around the frame are not written by the CPU.
 */
static void path_netfront_writes_frame_only(void **state)
{
    unsigned vif;
    struct gntsim_world *w = nx_world("master", &vif);
    struct net_vif *v = net_vif(w->net, vif);
    struct gntsim_net_send s = {.size = 64, .to = GNTSIM_NET_PEER, .icmp = true};
    const struct nf_tx_slot *t = NULL;
    uint64_t pa;

    (void)state;
    assert_int_equal(gntsim_net_send(w, vif, &s, NULL), 0);
    for (unsigned i = 0; i < NET_TX_RING_SIZE && !t; i++)
        t = v->tx[i].used ? &v->tx[i] : NULL;
    assert_non_null(t);
    pa = gntsim_gfn_to_mfn(w, FX_DOMU, t->gfn) << 12;
    assert_int_equal(hw_cache_line_state(&w->cache, pa + 0x40), HW_LINE_DIRTY); /* 0x42 */
    assert_int_equal(hw_cache_line_state(&w->cache, pa + 0x80), HW_LINE_DIRTY);
    assert_int_not_equal(hw_cache_line_state(&w->cache, pa), HW_LINE_DIRTY);
    assert_int_not_equal(hw_cache_line_state(&w->cache, pa + 0xc0), HW_LINE_DIRTY);
    assert_int_not_equal(hw_cache_line_state(&w->cache, pa + 0xfc0), HW_LINE_DIRTY);
    assert_true(gntsim_net_run(w) >= 0);
    gntsim_world_destroy(w);
}

/* RFC 1071 the plain way: big-endian 16-bit words one by one, folded, complemented. */
static uint16_t px_ref_csum(uint32_t sum, const uint8_t *p, uint32_t len)
{
    for (uint32_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* The IPv4 and ICMP/TCP/UDP checksums of @d (len @len) verify with px_ref_csum. */
static void px_check_csums(const uint8_t *d, uint32_t len)
{
    const uint8_t *ip = d + 14, *l4 = ip + 20;
    uint32_t l4len = len - 34, pseudo;

    if (len < 42 || d[12] != 0x08 || d[13] != 0x00)
        return; /* a raw frame: no checksums */
    pseudo = ip[9] + l4len;
    assert_int_equal(px_ref_csum(0, ip, 20), 0);
    if (ip[9] == 1)
        pseudo = 0;
    else
        for (unsigned i = 12; i < 20; i += 2)
            pseudo += (uint32_t)ip[i] << 8 | ip[i + 1];
    if (ip[9] == 17) {
        assert_int_equal(l4[2] << 8 | l4[3], 9);     /* the discard port */
        assert_int_equal(l4[4] << 8 | l4[5], l4len); /* the UDP length */
        assert_int_not_equal(l4[6] << 8 | l4[7], 0); /* 0 would mean "no checksum" */
    }
    assert_int_equal(px_ref_csum(pseudo, l4, l4len), 0);
}

/*
 * Every frame length, odd and even, TCP, ICMP and UDP to each destination:
 * built and echoed checksums verify; a discard datagram is left as it was.
 */
static void path_frame_checksums_verify(void **state)
{
    (void)state;
    for (uint32_t len = 14; len <= 9000; len += len < 300 ? 1 : 37)
        for (unsigned kind = 0; kind < 6; kind++) {
            enum net_proto proto = (enum net_proto)(kind % 3);
            struct net_frame f;
            uint8_t *before = malloc(len);

            assert_non_null(before);
            assert_int_equal(net_frame_build(&f, len, proto, kind >= 3, len * 7 + kind),
                             0);
            px_check_csums(f.data, len);
            memcpy(before, f.data, len);
            assert_int_equal(net_frame_echo(&f),
                             proto != NET_PROTO_UDP_DISCARD || len < 42);
            if (proto == NET_PROTO_UDP_DISCARD && len >= 42)
                assert_memory_equal(f.data, before, len);
            px_check_csums(f.data, len);
            free(before);
            free(f.data);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_forward_reads_header_only),
        cmocka_unit_test(path_local_reads_whole),
        cmocka_unit_test(path_copy_only_answered_before_dealloc),
        cmocka_unit_test(path_copied_slot_keeps_its_status),
        cmocka_unit_test(path_zero_slot_answered_first),
        cmocka_unit_test(path_rx_buffer_is_rx_buffer_size),
        cmocka_unit_test(path_netfront_writes_frame_only),
        cmocka_unit_test(path_frame_checksums_verify),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
