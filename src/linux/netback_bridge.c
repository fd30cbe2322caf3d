/* SPDX-License-Identifier: MIT */
/*
 * The backend domain's bridge and stack, and its NIC driver's data path.
 * The bridge decides on the Ethernet header in the skb's linear area (the
 * 128 bytes netback copied), read by the CPU. A TX skb addressed to the
 * backend's own MAC goes to its stack (read whole by the CPU, no DMA; the
 * stack answers with the echo); any other goes out of the physical NIC with
 * its frags untouched by the CPU: macb_start_xmit dma-maps the linear page and every
 * grant-mapped frag (swiotlb-xen: dev_addr = pfn_to_bfn, i.e. the machine
 * frame of a foreign page), the NIC reads them through its SMMU stream,
 * and a terminated read drops the frame (macb's HRESP error is logged by
 * the interrupt handler). Frames arriving from the wire are DMA-written by
 * the NIC into receive buffers the driver mapped FROM_DEVICE, unmapped
 * (cache invalidated for the CPU) and bridged to the vif they belong to.
 * Simplified: the bridge forwards by destination MAC without learning; the
 * vif of a reply is found from the packet record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/cache.h"
#include "hw/nic.h"
#include "linux/net.h"

/* Read @len bytes at @pfn:@off of @k's memory through the CPU. */
static int br_cpu_read(const struct linux_kernel *k, uint64_t pfn, uint32_t off,
                       uint8_t *buf, uint32_t len)
{
    uint64_t pa;

    if (linux_ipa_to_pa(k, (pfn << PAGE_SHIFT) + off, &pa))
        return -EFAULT;
    return hw_cpu_read(k->env.cache, pa, buf, len) ? -EFAULT : 0;
}

/* The backend's own stack receives @f (by the CPU) and answers it, unless discarded. */
static void br_local(struct net_vif *v, struct net_frame *f)
{
    struct net_pkt *p = net_pkt(v->nw, net_frame_pkt(f->data, f->len));

    if (p)
        p->info.delivered = true;
    v->st.tx_ok++;
    if (net_frame_echo(f))
        netback_rx_queue(v, f);
    else
        net_frame_release(v->nw, f);
}

/*
 * The header bytes the bridge decides on: netback put the first
 * XEN_NETBACK_TX_COPY_LEN bytes in the linear area, and the stack reads only
 * those (xenvif_tx_submit: eth_type_trans, checksum_setup; then
 * br_handle_frame's eth_hdr). The mapped frags stay untouched by the CPU.
 */
static int br_read_header(const struct linux_kernel *k, const struct nb_skb *s,
                          uint8_t hdr[NETBACK_TX_COPY_LEN])
{
    return br_cpu_read(k, s->lin_pfn, 0, hdr, s->lin_len);
}

/*
 * Local delivery: dom0's stack reads the whole skb by CPU, the linear area
 * (@hdr, already read) and every mapped frag. 0 or -errno.
 */
static int br_linearize(const struct linux_kernel *k, const struct net_vif *v,
                        const struct nb_skb *s, const uint8_t *hdr, struct net_frame *f)
{
    uint32_t pos = s->lin_len;

    if (net_frame_alloc(v->nw, f, s->len))
        return -ENOMEM;
    memcpy(f->data, hdr, s->lin_len);
    for (unsigned i = 0; i < s->nr_frags; i++) {
        const struct nb_pending *e = &v->pend[s->frag[i].pend];

        if (br_cpu_read(k, e->pfn, s->frag[i].off, f->data + pos, s->frag[i].len))
            return -EFAULT;
        pos += s->frag[i].len;
    }
    return pos == s->len ? 0 : -EINVAL;
}

/* macb_start_xmit(): dma map every part, the NIC reads it. 0 or -EIO (dropped). */
static int br_nic_xmit(struct net_vif *v, const struct nb_skb *s, struct net_frame *f)
{
    uint64_t dma[NETBACK_FATAL_SLOTS + 1], phys;
    uint32_t len[NETBACK_FATAL_SLOTS + 1], pos = 0;
    unsigned n = 0;
    int rc = 0;

    for (unsigned i = 0; !rc && i <= s->nr_frags; i++, n++) {
        const struct nb_pending *e = i ? &v->pend[s->frag[i - 1].pend] : NULL;

        phys = i ? (e->pfn << PAGE_SHIFT) + s->frag[i - 1].off : s->lin_pfn << PAGE_SHIFT;
        len[i] = i ? s->frag[i - 1].len : s->lin_len;
        rc = linux_dma_map(v->kb, (unsigned)v->nic, phys, len[i], GNTSIM_DMA_TO_DEVICE,
                           &dma[i]);
    }
    if (rc)
        n--;                                  /* the failed map holds nothing */
    for (unsigned i = 0; !rc && i < n; i++) { /* the NIC's descriptor fetches */
        rc = v->nw->ops->nic_dma(v->nw->board, (unsigned)v->nic, dma[i], f->data + pos,
                                 len[i], false);
        pos += len[i];
    }
    for (unsigned i = 0; i < n; i++)
        linux_dma_unmap(v->kb, (unsigned)v->nic, dma[i], len[i], GNTSIM_DMA_TO_DEVICE);
    return rc ? -EIO : 0;
}

/* dom0's own stack takes @s (read whole by its CPU) and answers it; frees @s. */
static void br_tx_local(struct net_vif *v, const struct linux_kernel *k, struct nb_skb *s,
                        const uint8_t *hdr)
{
    struct net_frame f = {0};
    int rc = br_linearize(k, v, s, hdr, &f);

    netback_skb_free(v, s);
    if (rc) {
        net_frame_release(v->nw, &f);
        return;
    }
    br_local(v, &f);
}

/*
 * br_forward -> dev_queue_xmit -> macb_start_xmit: the bytes on the wire are
 * those the NIC's DMA read; no CPU copy of the frags. Frees @s.
 */
static void br_tx_nic(struct net_vif *v, struct nb_skb *s, uint32_t pkt)
{
    struct net_frame f;

    if (net_frame_alloc(v->nw, &f, s->len)) {
        net_pkt_drop(v->nw, pkt, "out of memory");
    } else if (v->nic < 0) {
        net_pkt_drop(v->nw, pkt, "no uplink");
    } else if (br_nic_xmit(v, s, &f)) {
        v->st.tx_dropped_fault++;
        net_pkt_drop(v->nw, pkt, "NIC DMA fault");
    } else {
        v->st.tx_ok++; /* on the wire: the peer has it */
        netback_skb_free(v, s);
        v->nw->ops->wire_tx(v->nw->board, (unsigned)v->nic, &f);
        return;
    }
    net_frame_release(v->nw, &f);
    netback_skb_free(v, s);
}

void bridge_tx(struct net_vif *v, struct nb_skb *s)
{
    struct linux_kernel *k = v->kb;
    uint8_t hdr[NETBACK_TX_COPY_LEN];

    if (!k || br_read_header(k, s, hdr)) {
        netback_skb_free(v, s);
        return;
    }
    if (net_frame_to_dom0(hdr, s->lin_len))
        br_tx_local(v, k, s, hdr);
    else
        br_tx_nic(v, s, net_frame_pkt(hdr, s->lin_len));
}

/*
 * The driver's receive buffer @b of NIC @nic (gem_rx_refill): an skb whose
 * data starts NET_SKB_PAD into its page (netdev_alloc_skb), dma-mapped
 * FROM_DEVICE for bp->rx_buffer_size bytes, not the page. 0 or -errno.
 */
static int br_rx_buf_map(struct linux_kernel *k, unsigned nic, struct nic_rx_buf *b)
{
    if (!b->pfn)
        b->pfn = linux_page_alloc(k);
    if (!b->pfn)
        return -ENOMEM;
    if (linux_dma_map(k, nic, (b->pfn << PAGE_SHIFT) + NET_SKB_PAD, NET_MACB_RX_BUF_SIZE,
                      GNTSIM_DMA_FROM_DEVICE, &b->dma))
        return -EIO;
    b->mapped = true;
    return 0;
}

/*
 * gem_rx(): the NIC writes @f NET_IP_ALIGN bytes into the next buffer (RBOF,
 * macb_init_hw); a frame that does not fit one buffer is dropped ("not whole
 * frame pointed by descriptor"); the driver unmaps rx_buffer_size bytes and
 * takes the frame.
 */
int nic_receive(struct net_world *nw, unsigned nic, struct net_frame *f)
{

    struct nic_rx_buf *b = &nw->nic_rx[nic][nw->nic_rx_next[nic]];
    struct linux_kernel *k = nw->ops->nic_driver(nw->board, nic);
    int rc = !k ? -ESRCH : b->mapped ? 0 : br_rx_buf_map(k, nic, b);

    if (rc || f->len + NET_IP_ALIGN > NET_MACB_RX_BUF_SIZE)
        return rc ? rc : -EMSGSIZE;
    nw->nic_rx_next[nic] = (nw->nic_rx_next[nic] + 1) % NET_NIC_RX_BUFS;
    rc = nw->ops->nic_dma(nw->board, nic, b->dma + NET_IP_ALIGN, f->data, f->len, true);
    linux_dma_unmap(k, nic, b->dma, NET_MACB_RX_BUF_SIZE, GNTSIM_DMA_FROM_DEVICE);
    b->mapped = false;
    if (!rc)
        rc = br_cpu_read(k, b->pfn, NET_DEFAULT_OFFSET, f->data, f->len);
    return rc;
}

void bridge_from_nic(struct net_world *nw, unsigned nic, struct net_frame *f)
{
    uint32_t pkt = net_frame_pkt(f->data, f->len);
    struct net_pkt *p = net_pkt(nw, pkt);
    struct net_vif *v = p ? net_vif(nw, p->vif) : NULL;
    int rc = nic_receive(nw, nic, f);

    if (rc)
        net_pkt_drop(nw, pkt,
                     rc == -EMSGSIZE ? "NIC RX: frame too long" : "NIC RX failed");
    if (rc || !v || !net_frame_to_front(f->data, f->len)) {
        net_frame_release(nw, f);
        return;
    }
    netback_rx_queue(v, f);
}
