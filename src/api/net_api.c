/* SPDX-License-Identifier: MIT */
/* The public PV network API (gntsim.h "PV network") over src/linux/net.h. */
#include <stdlib.h>
#include <string.h>

#include "board/world.h"
#include "hw/nic.h"
#include "linux/net.h"

/* Vif @id, or NULL with -EINVAL set (also when no vif was ever made). */
static struct net_vif *api_vif(struct gntsim_world *w, unsigned id)
{
    if (!w->net) {
        world_fail(w, -EINVAL, "no vif %u", id);
        return NULL;
    }
    return net_vif(w->net, id);
}

static int vif_opts_check(struct gntsim_world *w, const struct gntsim_vif_opts *o,
                          int *nic)
{
    unsigned id;

    *nic = -1;
    if (!world_kernel(w, o->front) || !world_kernel(w, o->back))
        return -ESRCH;
    if (o->front == o->back || o->rx_bufs > NET_RX_RING_SIZE || o->rxq_max > 4096)
        return world_fail(w, -EINVAL, "bad vif options");
    if (o->nic) {
        if (gntsim_device_find(w, o->nic, &id))
            return world_fail(w, -EINVAL, "no device called '%s'", o->nic);
        if (w->dev[id]->owner != o->back)
            return world_fail(w, -EINVAL, "%s is not d%u's device", o->nic, o->back);
        *nic = (int)id;
    }
    return 0;
}

int gntsim_net_vif_create(struct gntsim_world *w, const struct gntsim_vif_opts *o,
                          unsigned *vif)
{
    struct net_world *nw;
    struct net_vif *v;
    int nic, rc = vif_opts_check(w, o, &nic);

    if (rc)
        return rc;
    nw = world_net(w);
    if (!nw)
        return -ENOMEM;
    if (nw->nr_vif == NET_MAX_VIFS)
        return world_fail(w, -ENOSPC, "at most %u vifs", NET_MAX_VIFS);
    v = calloc(1, sizeof(*v));
    if (!v)
        return world_fail(w, -ENOMEM, "out of memory");
    *v = (struct net_vif){.nw = nw,
                          .id = nw->nr_vif,
                          .front = o->front,
                          .back = o->back,
                          .kf = world_kernel(w, o->front),
                          .kb = world_kernel(w, o->back),
                          .nic = nic,
                          .delay_ns = o->backend_delay_ns ? o->backend_delay_ns : 1000,
                          .rxq_max = o->rxq_max ? o->rxq_max : 64,
                          .rx_bufs = o->rx_bufs ? o->rx_bufs : 32};
    for (unsigned i = 0; i < nw->nr_vif; i++)
        v->devid += nw->vif[i]->front == o->front; /* libxl's next free devid */
    nw->vif[nw->nr_vif] = v;
    rc = net_vif_connect(v);
    if (rc) {
        net_vif_abandon(v);
        nw->vif[nw->nr_vif] = NULL;
        free(v);
        return world_fail(w, rc, "vif: connection failed (%d)", rc);
    }
    *vif = nw->nr_vif++;
    return 0;
}

int gntsim_net_vif_destroy(struct gntsim_world *w, unsigned vif)
{
    struct net_vif *v = api_vif(w, vif);

    if (!v)
        return -EINVAL;
    return net_vif_disconnect(v);
}

int gntsim_net_send(struct gntsim_world *w, unsigned vif, const struct gntsim_net_send *s,
                    uint32_t *pkt)
{
    struct net_vif *v = api_vif(w, vif);
    uint8_t *buf;
    uint32_t id;
    int rc;

    if (!v)
        return -EINVAL;
    if (s->size < NET_ETH_HLEN || s->size > NET_MAX_FRAME || s->offset >= PAGE_SIZE)
        return world_fail(w, -EINVAL, "bad packet size or offset");
    if (s->icmp && s->discard)
        return world_fail(w, -EINVAL, "a frame is ICMP or a discard datagram, not both");
    id = net_pkt_new(w->net, vif);
    if (id == UINT32_MAX)
        return world_fail(w, -ENOMEM, "out of memory");
    if (!w->net->send_buf) /* the application's buffer, kept for the next send */
        w->net->send_buf = malloc(NET_MAX_FRAME);
    buf = w->net->send_buf;
    rc = buf ? net_frame_write(buf, s->size,
                               s->icmp      ? NET_PROTO_ICMP
                               : s->discard ? NET_PROTO_UDP_DISCARD
                                            : NET_PROTO_TCP,
                               s->to == GNTSIM_NET_DOM0, id)
             : -ENOMEM;
    if (rc)
        return world_fail(w, rc, "cannot build the frame");
    if (s->hold)
        v->front_held = true;
    rc = netfront_xmit(v, buf, s->size, s->offset ? s->offset : NET_DEFAULT_OFFSET,
                       s->slot_max, s->gfn);
    if (rc)
        return world_fail(w, rc, "vif%u: xmit refused (%d)", vif, rc);
    if (pkt)
        *pkt = id;
    return 0;
}

/* The peer's frame of @size bytes for @vif, id @id, into @f (a wire buffer). */
static int peer_frame(struct gntsim_world *w, unsigned vif, uint32_t size,
                      struct net_frame *f, uint32_t *id)
{
    struct net_pkt *p;

    *id = net_pkt_new(w->net, vif);
    p = *id == UINT32_MAX ? NULL : net_pkt(w->net, *id);
    if (!p || net_frame_alloc(w->net, f, size))
        return world_fail(w, -ENOMEM, "out of memory");
    p->from_peer = true;
    return net_frame_write_peer(f->data, size, *id);
}

/*
 * The peer's frame takes the path of its echoes: wire, macb's gem_rx (receive DMA into
 * an skb mapped FROM_DEVICE), the bridge, xenvif_start_xmit, netback's
 * xenvif_rx_action grant copy (GNTCOPY_dest_gref) into netfront's posted buffer.
 */
int gntsim_net_peer_send(struct gntsim_world *w, unsigned vif, uint32_t size,
                         uint8_t *sent, uint32_t *pkt)
{
    struct net_vif *v = api_vif(w, vif);
    struct net_frame f = {0};
    uint32_t id;
    int rc;

    if (!v)
        return -EINVAL;
    if (v->nic < 0)
        return world_fail(w, -EINVAL, "vif%u: d%u has no NIC for the peer to reach", vif,
                          v->back);
    if (size < NET_ETH_ZLEN || size > NET_PEER_MAX_FRAME)
        return world_fail(w, -EINVAL, "size %u: the peer's frames are %u .. %u bytes",
                          size, NET_ETH_ZLEN, NET_PEER_MAX_FRAME);
    if (w->net->wq_nr == 64)
        return world_fail(w, -EBUSY, "the wire holds 64 frames already");
    rc = peer_frame(w, vif, size, &f, &id);
    if (!rc && sent)
        memcpy(sent, f.data, size);
    if (!rc && wire_peer_send(w, (unsigned)v->nic, &f))
        rc = world_fail(w, -EBUSY, "the wire holds 64 frames already");
    net_frame_release(w->net, &f); /* on the wire, f.data is NULL */
    if (rc)
        return rc;
    if (pkt)
        *pkt = id;
    return 0;
}

static const char *const attack_names[GNTSIM_ATTACK_NR] = {"bad-ref",
                                                           "slots",
                                                           "endless-chain",
                                                           "size-mismatch",
                                                           "change-after-post",
                                                           "zero-frag",
                                                           "cross-page",
                                                           "prod-overrun",
                                                           "revoke-mid-flight",
                                                           "backend-bad-id",
                                                           "backend-double-answer",
                                                           "backend-keeps-grant",
                                                           "backend-release",
                                                           "rx-bad-id",
                                                           "rx-bad-size"};

const char *gntsim_net_attack_name(enum gntsim_net_attack_kind k)
{
    return (unsigned)k < GNTSIM_ATTACK_NR ? attack_names[k] : NULL;
}

int gntsim_net_hostile(struct gntsim_world *w, unsigned vif,
                       const struct gntsim_net_attack *a)
{
    struct net_vif *v = api_vif(w, vif);
    int rc;

    if (!v || !a || (unsigned)a->kind >= GNTSIM_ATTACK_NR)
        return world_fail(w, -EINVAL, "bad vif or attack");
    if ((a->size && (a->size < NET_ETH_HLEN || a->size > 4000)) || a->slots > 64)
        return world_fail(w, -EINVAL, "size is 14 .. 4000, slots at most 64");
    if ((!v->connected && a->kind != GNTSIM_ATTACK_BACK_RELEASE) || !v->kf || !v->kb)
        return world_fail(w, -EIO, "vif%u is not connected", vif);
    rc = net_hostile(v, a);
    if (rc)
        return world_fail(w, rc, "vif%u: %s not mounted (%d)", vif, attack_names[a->kind],
                          rc);
    return 0;
}

long gntsim_net_run(struct gntsim_world *w)
{
    return sched_run(&w->sched, 0);
}

int gntsim_net_poll(struct gntsim_world *w, unsigned vif)
{
    struct net_vif *v = api_vif(w, vif);

    if (!v)
        return -EINVAL;
    netfront_poll(v);
    return 0;
}

int gntsim_net_packet_info(struct gntsim_world *w, uint32_t pkt,
                           struct gntsim_net_packet *out)
{
    struct net_pkt *p = w->net ? net_pkt(w->net, pkt) : NULL;

    if (!p || pkt >= w->net->nr_pkt)
        return world_fail(w, -EINVAL, "no packet %u", pkt);
    *out = p->info;
    return 0;
}

int gntsim_net_vif_stats(struct gntsim_world *w, unsigned vif,
                         struct gntsim_vif_stats *out)
{
    struct net_vif *v = api_vif(w, vif);

    if (!v)
        return -EINVAL;
    *out = v->st;
    return 0;
}

int gntsim_net_pcap(struct gntsim_world *w, enum gntsim_net_capture point, FILE *out)
{
    struct net_world *nw = world_net(w);

    if (!nw)
        return -ENOMEM;
    if (point != GNTSIM_CAPTURE_WIRE && point != GNTSIM_CAPTURE_VIF)
        return world_fail(w, -EINVAL, "bad capture point");
    return sim_pcap_open(point == GNTSIM_CAPTURE_WIRE ? &nw->pcap_wire : &nw->pcap_vif,
                         out);
}
