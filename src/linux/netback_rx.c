/* SPDX-License-Identifier: MIT */
/*
 * netback's RX half (drivers/net/xen-netback/rx.c xenvif_rx_action,
 * xenvif_rx_ring_slots_available, xenvif_rx_copy_*): a frame for the guest
 * is copied into the buffers the frontend posted, by GNTTABOP_copy with
 * the destination a grant ref (no foreign mapping, no IOMMU), one response
 * per slot, then RING_PUSH_RESPONSES_AND_CHECK_NOTIFY. Frames wait in a
 * bounded queue while the guest has not posted enough buffers; beyond it
 * they are dropped (XSA-392: netback must not hoard dom0 memory). Also the
 * connection: the ring pages grant-mapped read-write
 * (xenvif_map_frontend_data_rings) and everything undone on disconnect.
 * The copies are batched (xenvif_rx_copy_add/_flush): up to COPY_BATCH_SIZE
 * ops per GNTTABOP_copy, across skbs, flushed when full and at the end of
 * each xenvif_rx_action() (RX_BATCH_SIZE skbs); a flush pushes the responses
 * of completed skbs. Simplified: each slot's bytes are staged in a dom0 page
 * of the batch (the skb's data) and copied from offset 0; a failed copy
 * answers NETIF_RSP_ERROR (Linux stores the GNTST_* code); no GSO, no hash
 * or extra info.
 */
#include <stdlib.h>

#include "hw/cache.h"
#include "linux/net.h"

/*
 * xenvif_start_xmit() (interface.c): a vif that is not connected drops the skb;
 * xenvif_rx_queue_tail() drops it beyond rx_queue_max (XSA-392).
 */
void netback_rx_queue(struct net_vif *v, struct net_frame *f)
{
    struct net_frame *q;

    if (!v->connected || v->st.back_disabled || v->rxq_nr >= v->rxq_max) {
        v->st.rx_dropped++;
        net_pkt_drop(v->nw, net_frame_pkt(f->data, f->len),
                     !v->connected         ? "netback: vif not connected"
                     : v->st.back_disabled ? "netback: vif disabled"
                                           : "netback: RX queue full");
        net_frame_release(v->nw, f);
        return;
    }
    q = &v->rxq[(v->rxq_head + v->rxq_nr++) % v->rxq_max];
    *q = *f;
    f->data = NULL;
    if (!v->back_work_queued) {
        v->back_work_queued = true;
        sched_at(v->nw->sched, v->delay_ns, netback_interrupt, v->nw, v->id);
    }
}

/* xenvif_rx_ring_slots_available(): @need requests posted, else arm req_event. */
static bool nb_rx_slots(struct net_vif *v, unsigned need)
{
    RING_IDX prod = v->brx.sring->req_prod;

    if (prod - v->brx.req_cons >= need)
        return true;
    v->brx.sring->req_event = prod + 1;
    xen_mb();
    return v->brx.sring->req_prod - v->brx.req_cons >= need;
}

/*
 * xenvif_rx_copy_flush(): one GNTTABOP_copy for the batch; a failed op
 * turns its slot's response into an error; then the responses are pushed
 * and the skbs whose copies are done complete (their pages are reused).
 */
static void nb_rx_flush(struct net_vif *v, struct linux_kernel *k)
{
    struct nb_rx_batch *b = &v->rxb;
    bool ok = !b->num || !linux_gnttab_op(k, GNTTABOP_copy, b->op, b->num);
    int notify;

    v->st.copy_ops += b->num;
    for (unsigned i = 0; i < b->num; i++)
        if (!ok || b->op[i].status != GNTST_okay) {
            net_refuse(v, GNTSIM_NET_BAD_REF, "RX grant copy failed");
            RING_GET_RESPONSE(&v->brx, b->rsp[i])->status = NETIF_RSP_ERROR;
        }
    b->num = 0;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->brx, notify);
    if (notify) {
        v->st.notify_rx++;
        net_notify(v, false);
    }
}

/*
 * xenvif_rx_copy_add(): stage @len bytes of @data (the skb's data, written
 * by the CPU) and queue their copy into request @req's buffer, flushing
 * first when the batch is full. The response @rsp gets the status.
 */
static int nb_rx_copy_add(struct net_vif *v, struct linux_kernel *k,
                          const netif_rx_request_t *req, const uint8_t *data,
                          uint32_t len, RING_IDX rsp)
{
    struct nb_rx_batch *b = &v->rxb;
    struct gnttab_copy *c;
    uint64_t pa;

    if (b->num == NETBACK_COPY_BATCH)
        nb_rx_flush(v, k);
    if (!b->stage[b->num])
        b->stage[b->num] = linux_page_alloc_raw(k);
    if (!b->stage[b->num]) /* no page for another skb: complete those queued */
        nb_rx_flush(v, k);
    if (linux_ipa_to_pa(k, b->stage[b->num] << PAGE_SHIFT, &pa) ||
        hw_cpu_write(k->env.cache, pa, data, len))
        return -EFAULT;
    c = &b->op[b->num];
    *c = (struct gnttab_copy){.flags = GNTCOPY_dest_gref, .len = (uint16_t)len};
    c->source.u.gmfn = b->stage[b->num];
    c->source.domid = DOMID_SELF;
    c->dest.u.ref = req->gref;
    c->dest.domid = v->front;
    b->rsp[b->num++] = rsp;
    return 0;
}

/*
 * xenvif_rx_skb(): one response per slot, each slot's bytes queued for copy;
 * rsp_prod_pvt moves past them once the skb is done (xenvif_rx_complete), so
 * a flush in between pushes only completed skbs.
 */
static void nb_rx_frame(struct net_vif *v, struct linux_kernel *k,
                        const struct net_frame *f, unsigned need)
{
    for (unsigned i = 0; i < need; i++) {
        netif_rx_request_t req;
        RING_IDX r = v->brx.rsp_prod_pvt + i;
        uint32_t off = i * PAGE_SIZE, len = f->len - off;

        len = len < PAGE_SIZE ? len : PAGE_SIZE;
        RING_COPY_REQUEST(&v->brx, v->brx.req_cons, &req);
        v->brx.req_cons++;
        *RING_GET_RESPONSE(&v->brx, r) = (netif_rx_response_t){
            .id = req.id,
            .offset = 0,
            .flags = (uint16_t)(i + 1 < need ? NETRXF_more_data : 0),
            .status = (int16_t)len};
        if (nb_rx_copy_add(v, k, &req, f->data + off, len, r)) {
            net_refuse(v, GNTSIM_NET_BAD_REF, "RX grant copy failed");
            RING_GET_RESPONSE(&v->brx, r)->status = NETIF_RSP_ERROR;
        }
    }
    v->brx.rsp_prod_pvt += need;
}

/*
 * xenvif_rx_action(), as often as the kthread finds work: up to
 * RX_BATCH_SIZE skbs while the guest posted enough buffers, then the
 * pending copies are flushed (and the responses pushed).
 */
void netback_rx_action(struct net_vif *v)
{
    struct linux_kernel *k = v->kb;
    unsigned done = 0;

    while (k && v->rxq_nr && !v->st.back_disabled) {
        struct net_frame *f = &v->rxq[v->rxq_head];
        unsigned need = (f->len + PAGE_SIZE - 1) / PAGE_SIZE;

        if (v->brx.sring->req_prod - v->brx.req_cons > NET_RX_RING_SIZE) {
            net_refuse(v, GNTSIM_NET_RING_OVERFLOW, "impossible number of RX requests");
            v->st.back_disabled = true;
            break;
        }
        if (!nb_rx_slots(v, need))
            break; /* wait for the frontend to post buffers */
        nb_rx_frame(v, k, f, need);
        net_frame_release(v->nw, f);
        v->rxq_head = (v->rxq_head + 1) % v->rxq_max;
        v->rxq_nr--;
        if (++done % NETBACK_COPY_BATCH == 0)
            nb_rx_flush(v, k);
    }
    if (k && done % NETBACK_COPY_BATCH)
        nb_rx_flush(v, k);
}

int netback_connect(struct net_vif *v, grant_ref_t tx_ref, grant_ref_t rx_ref)
{
    struct linux_kernel *k = v->kb;
    void *tx, *rx;

    if (!k)
        return -ESRCH;
    v->ring_map[0] = (struct gntsim_linux_map){.granter = v->front, .ref = tx_ref};
    v->ring_map[1] = (struct gntsim_linux_map){.granter = v->front, .ref = rx_ref};
    if (linux_map_refs(v->kb, v->ring_map, 2))
        return -EIO;
    tx = v->ring_map[0].status ? NULL : linux_page_ptr(k, v->ring_map[0].pfn);
    rx = v->ring_map[1].status ? NULL : linux_page_ptr(k, v->ring_map[1].pfn);
    v->rxb = (struct nb_rx_batch){.num = 0};
    v->rxb.stage[0] = linux_page_alloc(k);
    v->rxq = calloc(v->rxq_max, sizeof(*v->rxq));
    if (!tx || !rx || !v->rxb.stage[0] || !v->rxq) {
        netback_disconnect(v);
        return -EIO;
    }
    BACK_RING_INIT(&v->btx, (netif_tx_sring_t *)tx, PAGE_SIZE);
    BACK_RING_INIT(&v->brx, (netif_rx_sring_t *)rx, PAGE_SIZE);
    return 0;
}

void netback_disconnect(struct net_vif *v)
{
    struct linux_kernel *k = v->kb;

    for (unsigned i = 0; i < NETBACK_MAX_PENDING && !v->back_never_unmaps; i++)
        if (v->pend[i].mapped) {
            linux_unmap_refs(v->kb, &v->pend[i].map, 1);
            v->pend[i].mapped = false;
        }
    for (unsigned i = 0; i < 2; i++)
        if (v->ring_map[i].handle || v->ring_map[i].pfn) {
            if (v->ring_map[i].status == GNTST_okay && v->ring_map[i].pfn)
                linux_unmap_refs(v->kb, &v->ring_map[i], 1);
            v->ring_map[i] = (struct gntsim_linux_map){0};
        }
    for (unsigned i = 0; v->rxq && i < v->rxq_nr; i++)
        free(v->rxq[(v->rxq_head + i) % v->rxq_max].data);
    free(v->rxq);
    v->rxq = NULL;
    v->rxq_nr = 0;
    for (unsigned i = 0; k && i < NETBACK_COPY_BATCH; i++)
        if (v->rxb.stage[i])
            linux_page_free(k, v->rxb.stage[i]);
    v->rxb = (struct nb_rx_batch){.num = 0};
}
