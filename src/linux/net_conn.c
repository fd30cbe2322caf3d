/* SPDX-License-Identifier: MIT */
/*
 * The vifs' shared state: the net world's set-up and teardown, refusal
 * accounting, driver work and packet records. Connection, teardown and
 * the event channel are in net_xenbus.c. An event's handler queues the
 * driver's work (NAPI poll, netback's thread) on the world scheduler with
 * the vif's latency, once while it is queued (napi_schedule).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "env/fmt.h"
#include "linux/net.h"

#define NET_PKT_SLOTS 65536u /* packet ids travel in the 16-bit IPv4 identification */

static const char *const refusal_names[GNTSIM_NET_NR_REFUSALS] = {
    "bad_ref",    "cross_page",    "too_many_slots", "slot_size",
    "short",      "zero_frag",     "bad_id",         "bad_rx",
    "grant_busy", "ring_overflow", "legacy_slots",   "need_more"};

const char *gntsim_net_refusal_name(enum gntsim_net_refusal r)
{
    return (unsigned)r < GNTSIM_NET_NR_REFUSALS ? refusal_names[r] : "?";
}

void net_world_init(struct net_world *nw, const struct net_board_ops *ops, void *board,
                    struct sched *sched, struct trace *trace)
{
    nw->ops = ops;
    nw->board = board;
    nw->sched = sched;
    nw->trace = trace;
    nw->wire_delay_ns = 10000; /* 10 us to the peer and back */
}

int net_fail(struct net_world *nw, int rc, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    sim_vfmt(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return nw->ops->fail(nw->board, rc, buf);
}

int net_frame_alloc(struct net_world *nw, struct net_frame *f, uint32_t len)
{
    f->len = len;
    if (len <= NET_FRAME_BUF && nw && nw->nr_frame_spare)
        f->data = nw->frame_spare[--nw->nr_frame_spare];
    else
        f->data = malloc(len <= NET_FRAME_BUF ? NET_FRAME_BUF : len);
    return f->data ? 0 : -ENOMEM;
}

void net_frame_release(struct net_world *nw, struct net_frame *f)
{
    if (f->data && f->len <= NET_FRAME_BUF && nw && nw->nr_frame_spare < NET_FRAME_KEEP)
        nw->frame_spare[nw->nr_frame_spare++] = f->data;
    else
        free(f->data);
    f->data = NULL;
}

static void net_vif_free(struct net_vif *v)
{
    for (unsigned i = 0; v->rxq && i < v->rxq_nr; i++)
        free(v->rxq[(v->rxq_head + i) % v->rxq_max].data);
    free(v->rxq);
    free(v);
}

void net_world_fini(struct net_world *nw)
{
    for (unsigned i = 0; i < NET_MAX_VIFS; i++)
        if (nw->vif[i])
            net_vif_free(nw->vif[i]);
    for (unsigned i = 0; i < nw->wq_nr; i++)
        free(nw->wireq[(nw->wq_head + i) % 64].data);
    for (unsigned i = 0; i < nw->nr_frame_spare; i++)
        free(nw->frame_spare[i]);
    free(nw->send_buf);
    free(nw->pkt);
}

struct net_vif *net_vif(struct net_world *nw, unsigned id)
{
    if (id >= NET_MAX_VIFS || !nw->vif[id]) {
        net_fail(nw, -EINVAL, "no vif %u", id);
        return NULL;
    }
    return nw->vif[id];
}

void net_refuse(struct net_vif *v, enum gntsim_net_refusal r, const char *why)
{
    v->st.refused[r]++;
    TRACE(v->nw->trace, NET_REFUSE, TA_U(v->id), TA_U(v->front), TA_U(v->back),
          TA_S(refusal_names[r]), TA_S(why));
}

void net_kick(struct net_vif *v, sched_fn fn)
{
    if (fn == netback_interrupt) {
        if (v->back_work_queued)
            return;
        v->back_work_queued = true;
        sched_at(v->nw->sched, v->delay_ns, fn, v->nw, v->id);
        return;
    }
    if (v->front_work_queued)
        return;
    v->front_work_queued = true;
    if (v->front_held)
        return; /* pending until netfront_poll() */
    sched_at(v->nw->sched, 1000, fn, v->nw, v->id);
}

struct net_pkt *net_pkt(struct net_world *nw, uint32_t pkt)
{
    if (!nw->pkt || pkt >= NET_PKT_SLOTS)
        return NULL;
    return &nw->pkt[pkt];
}

void net_pkt_drop(struct net_world *nw, uint32_t pkt, const char *why)
{
    struct net_pkt *p = net_pkt(nw, pkt);

    if (p) {
        p->info.dropped = true;
        snprintf(p->info.reason, sizeof(p->info.reason), "%s", why);
    }
}

/* A new packet record for @vif: its id (wraps at 65536), or UINT32_MAX. */
uint32_t net_pkt_new(struct net_world *nw, unsigned vif)
{
    uint32_t id;

    if (!nw->pkt) {
        nw->pkt = calloc(NET_PKT_SLOTS, sizeof(*nw->pkt));
        if (!nw->pkt)
            return UINT32_MAX;
    }
    id = nw->nr_pkt++ % NET_PKT_SLOTS;
    nw->pkt[id] = (struct net_pkt){.vif = vif};
    return id;
}
