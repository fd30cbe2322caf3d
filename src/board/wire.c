/* SPDX-License-Identifier: MIT */
/*
 * The other side of the physical NIC: a wire with a fixed latency and a
 * peer host that echoes what it receives (ICMP echo reply, TCP-like echo),
 * so that both directions flow, and consumes datagrams to its discard port; it also
 * sends a frontend datagrams of its own (wire_peer_send). Frames on the
 * wire and on the vifs are captured in classic pcap files (env/pcap.h) with virtual
 * timestamps.
 */
#include <stdlib.h>

#include "board/world.h"
#include "linux/net.h"

/* sim_pcap_frame() when the capture is open (it does nothing otherwise). */
static inline void wire_capture(struct sim_pcap *p, uint64_t now_ns, const uint8_t *data,
                                uint32_t len)
{
    if (p->out)
        sim_pcap_frame(p, now_ns, data, len);
}

void wire_vif_capture(struct gntsim_world *w, const uint8_t *data, uint32_t len)
{
    if (w->net)
        wire_capture(&w->net->pcap_vif, w->sched.now_ns, data, len);
}

/* The peer's reply, or a frame of its own, reaches NIC @arg after the wire latency. */
static void wire_deliver(void *ctx, uint64_t arg)
{
    struct gntsim_world *w = ctx;
    struct net_world *nw = w->net;
    struct net_frame f;

    if (!nw || !nw->wq_nr)
        return;
    f = nw->wireq[nw->wq_head];
    nw->wireq[nw->wq_head].data = NULL;
    nw->wq_head = (nw->wq_head + 1) % 64;
    nw->wq_nr--;
    wire_capture(&nw->pcap_wire, w->sched.now_ns, f.data, f.len);
    TRACE(&w->trace, NET_WIRE, TA_U(arg), TA_U(f.len), TA_S("in"));
    bridge_from_nic(nw, (unsigned)arg, &f);
    net_frame_release(nw, &f);
}

int wire_peer_send(struct gntsim_world *w, unsigned nic, struct net_frame *f)
{
    struct net_world *nw = w->net;

    if (nw->wq_nr == 64 || sched_at(&w->sched, nw->wire_delay_ns, wire_deliver, w, nic))
        return -EBUSY;
    nw->wireq[(nw->wq_head + nw->wq_nr++) % 64] = *f;
    f->data = NULL;
    return 0;
}

void wire_tx(struct gntsim_world *w, unsigned nic, struct net_frame *f)
{
    struct net_world *nw = w->net;
    struct net_pkt *p = net_pkt(nw, net_frame_pkt(f->data, f->len));

    wire_capture(&nw->pcap_wire, w->sched.now_ns, f->data, f->len);
    TRACE(&w->trace, NET_WIRE, TA_U(nic), TA_U(f->len), TA_S("out"));
    if (p)
        p->info.delivered = true; /* the peer's stack has it */
    if (!net_frame_echo(f) || wire_peer_send(w, nic, f))
        net_frame_release(nw, f); /* discarded, or the peer too busy to answer */
}
