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
 * Simplified: the frame's bytes are staged in one dom0 page per vif (the
 * skb's data) and copied from there; no GSO, no hash or extra info.
 */
#include <stdlib.h>

#include "hw/cache.h"
#include "linux/net.h"

void netback_rx_queue(struct gntsim_world *w, struct net_vif *v, struct net_frame *f)
{
    struct net_frame *q;

    if (!v->connected || v->st.back_disabled || v->rxq_nr >= v->rxq_max) {
        v->st.rx_dropped++;
        free(f->data);
        f->data = NULL;
        return;
    }
    q = &v->rxq[(v->rxq_head + v->rxq_nr++) % v->rxq_max];
    *q = *f;
    f->data = NULL;
    if (!v->back_work_queued) {
        v->back_work_queued = true;
        sched_at(&w->sched, v->delay_ns, netback_interrupt, w, v->id);
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

/* Copy one slot's bytes (@len at @off of the staged frame) into request @req. */
static int16_t nb_rx_copy(struct gntsim_world *w, struct net_vif *v,
                          struct linux_kernel *k, const netif_rx_request_t *req,
                          uint32_t off, uint32_t len)
{
    struct gnttab_copy c = {.flags = GNTCOPY_dest_gref, .len = (uint16_t)len};

    c.source.u.gmfn = v->stage_pfn;
    c.source.domid = DOMID_SELF;
    c.source.offset = (uint16_t)off;
    c.dest.u.ref = req->gref;
    c.dest.domid = v->front;
    c.dest.offset = 0;
    v->st.copy_ops++;
    if (linux_gnttab_op(w, k, GNTTABOP_copy, &c, 1) || c.status != GNTST_okay) {
        net_refuse(w, v, GNTSIM_NET_BAD_REF, "RX grant copy failed");
        return NETIF_RSP_ERROR;
    }
    return (int16_t)len;
}

/* Stage the frame in the skb page, then fill the guest's buffers. */
static void nb_rx_frame(struct gntsim_world *w, struct net_vif *v, struct linux_kernel *k,
                        const struct net_frame *f, unsigned need)
{
    uint64_t pa;

    if (linux_ipa_to_pa(w, k, v->stage_pfn << PAGE_SHIFT, &pa) ||
        hw_cpu_write(&w->cache, pa, f->data, f->len))
        return;
    for (unsigned i = 0; i < need; i++) {
        netif_rx_request_t req;
        netif_rx_response_t *rsp;
        uint32_t off = i * PAGE_SIZE, len = f->len - off;

        len = len < PAGE_SIZE ? len : PAGE_SIZE;
        RING_COPY_REQUEST(&v->brx, v->brx.req_cons, &req);
        v->brx.req_cons++;
        rsp = RING_GET_RESPONSE(&v->brx, v->brx.rsp_prod_pvt);
        v->brx.rsp_prod_pvt++;
        *rsp = (netif_rx_response_t){.id = req.id,
                                     .offset = 0,
                                     .flags =
                                         (uint16_t)(i + 1 < need ? NETRXF_more_data : 0),
                                     .status = nb_rx_copy(w, v, k, &req, off, len)};
    }
}

void netback_rx_action(struct gntsim_world *w, struct net_vif *v)
{
    struct linux_kernel *k = linux_kernel(w, v->back);
    int notify;
    bool any = false;

    while (k && v->rxq_nr && !v->st.back_disabled) {
        struct net_frame *f = &v->rxq[v->rxq_head];
        unsigned need = (f->len + PAGE_SIZE - 1) / PAGE_SIZE;

        if (v->brx.sring->req_prod - v->brx.req_cons > NET_RX_RING_SIZE) {
            net_refuse(w, v, GNTSIM_NET_RING_OVERFLOW,
                       "impossible number of RX requests");
            v->st.back_disabled = true;
            break;
        }
        if (!nb_rx_slots(v, need))
            break; /* wait for the frontend to post buffers */
        nb_rx_frame(w, v, k, f, need);
        free(f->data);
        f->data = NULL;
        v->rxq_head = (v->rxq_head + 1) % v->rxq_max;
        v->rxq_nr--;
        any = true;
    }
    if (!any)
        return;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->brx, notify);
    if (notify) {
        v->st.notify_rx++;
        net_notify(w, v, false);
    }
}

int netback_connect(struct gntsim_world *w, struct net_vif *v, grant_ref_t tx_ref,
                    grant_ref_t rx_ref)
{
    struct linux_kernel *k = linux_kernel(w, v->back);
    void *tx, *rx;

    if (!k)
        return -ESRCH;
    v->ring_map[0] = (struct gntsim_linux_map){.granter = v->front, .ref = tx_ref};
    v->ring_map[1] = (struct gntsim_linux_map){.granter = v->front, .ref = rx_ref};
    if (gntsim_linux_map_refs(w, v->back, v->ring_map, 2))
        return -EIO;
    tx = v->ring_map[0].status ? NULL : linux_page_ptr(w, k, v->ring_map[0].pfn);
    rx = v->ring_map[1].status ? NULL : linux_page_ptr(w, k, v->ring_map[1].pfn);
    v->stage_pfn = linux_page_alloc(w, k);
    v->rxq = calloc(v->rxq_max, sizeof(*v->rxq));
    if (!tx || !rx || !v->stage_pfn || !v->rxq) {
        netback_disconnect(w, v);
        return -EIO;
    }
    BACK_RING_INIT(&v->btx, (netif_tx_sring_t *)tx, PAGE_SIZE);
    BACK_RING_INIT(&v->brx, (netif_rx_sring_t *)rx, PAGE_SIZE);
    return 0;
}

void netback_disconnect(struct gntsim_world *w, struct net_vif *v)
{
    struct linux_kernel *k = linux_kernel(w, v->back);

    for (unsigned i = 0; i < NETBACK_MAX_PENDING && !v->back_never_unmaps; i++)
        if (v->pend[i].mapped) {
            gntsim_linux_unmap_refs(w, v->back, &v->pend[i].map, 1);
            v->pend[i].mapped = false;
        }
    for (unsigned i = 0; i < 2; i++)
        if (v->ring_map[i].handle || v->ring_map[i].pfn) {
            if (v->ring_map[i].status == GNTST_okay && v->ring_map[i].pfn)
                gntsim_linux_unmap_refs(w, v->back, &v->ring_map[i], 1);
            v->ring_map[i] = (struct gntsim_linux_map){0};
        }
    for (unsigned i = 0; v->rxq && i < v->rxq_nr; i++)
        free(v->rxq[(v->rxq_head + i) % v->rxq_max].data);
    free(v->rxq);
    v->rxq = NULL;
    v->rxq_nr = 0;
    if (k && v->stage_pfn)
        linux_page_free(k, v->stage_pfn);
    v->stage_pfn = 0;
}
