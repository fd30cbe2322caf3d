/* SPDX-License-Identifier: MIT */
/*
 * What each part of dom0 touches on the PV network path, as Linux does it:
 * the bridge reads only the linear header of a forwarded skb (its grant-
 * mapped frags reach the wire by the NIC's DMA alone), and dom0's own stack
 * reads a local packet whole.
 */
#include <stdlib.h>

#include "net_fixture.h"

#include "hw/cache.h"
#include "hw/nic.h"
#include "linux/net.h"

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

    assert_int_equal(net_frame_build(&f, len, to_dom0, to_dom0, net_pkt_new(w, 0)), 0);
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
    int notify;

    *RING_GET_REQUEST(&v->ftx, v->ftx.req_prod_pvt) =
        (netif_tx_request_t){.gref = ref, .offset = off, .id = 300, .size = len};
    v->ftx.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&v->ftx, notify);
    (void)notify;
    net_kick(w, v, netback_interrupt);
    assert_true(gntsim_net_run(w) >= 0);
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
    struct net_vif *v = net_vif(w, vif);
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
    struct net_vif *v = net_vif(w, vif);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_forward_reads_header_only),
        cmocka_unit_test(path_local_reads_whole),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
