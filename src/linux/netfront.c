/* SPDX-License-Identifier: MIT */
/*
 * netfront (drivers/net/xen-netfront.c): the TX and RX rings in two granted
 * pages, xennet_start_xmit (one dedicated page per slot into which the stack
 * wrote the frame, granted read-only: xennet_tx_setup_grant; the backend is
 * trusted, Linux's default, so no XSA-403 bounce_skb into a zeroed page),
 * xennet_tx_buf_gc and
 * xennet_poll (responses read once with RING_COPY_RESPONSE, ids and sizes
 * checked: "xen/netfront: don't trust the backend response data",
 * 2021), revocation with the in-use check (gnttab_try_end_foreign_access,
 * XSA-396): a refused revoke marks the device broken ("Grant still in use
 * by backend domain") and keeps the page until a later retry succeeds.
 * xsa396=vulnerable: the TX gc as before 31185df7e2b1 (query, unchecked revoke) and
 * the RX poll as before 66e3531b3306 (a refused revoke is BUG(), S14).
 * A kernel stopped by BUG() runs none of netfront's code again.
 * netfront_poll() runs the handler on a parallel block's vCPU (net-poll).
 * Simplified: one queue, no GSO/extra info, a frame of one RX slot per page.
 */
#include "hw/cache.h"
#include "linux/net.h"

/* A ring page: allocated, initialised (SHARED_RING_INIT), granted read-write. */
static void *nf_ring_page(struct linux_kernel *k, struct net_vif *v, uint64_t *gfn,
                          grant_ref_t *ref)
{
    uint8_t *p;

    *gfn = linux_page_alloc(k);
    p = *gfn ? linux_page_ptr(k, *gfn) : NULL;
    if (!p || linux_grant(k, v->back, *gfn, false, ref)) {
        if (*gfn)
            linux_page_free(k, *gfn);
        *gfn = 0;
        return NULL;
    }
    v->st.grants_out++;
    return p;
}

int netfront_connect(struct net_vif *v)
{
    struct linux_kernel *k = v->kf;
    netif_tx_sring_t *tx;
    netif_rx_sring_t *rx;

    if (!k)
        return -ESRCH;
    tx = nf_ring_page(k, v, &v->tx_ring_gfn, &v->tx_ring_ref);
    rx = tx ? nf_ring_page(k, v, &v->rx_ring_gfn, &v->rx_ring_ref) : NULL;
    if (!rx)
        return -ENOSPC; /* a granted tx page is revoked by netfront_disconnect */
    SHARED_RING_INIT(tx);
    FRONT_RING_INIT(&v->ftx, tx, PAGE_SIZE);
    SHARED_RING_INIT(rx);
    FRONT_RING_INIT(&v->frx, rx, PAGE_SIZE);
    for (unsigned i = 0; i < NET_TX_RING_SIZE; i++)
        v->tx_free[i] = (uint16_t)(NET_TX_RING_SIZE - 1 - i);
    v->tx_nr_free = NET_TX_RING_SIZE;
    return 0;
}

/* A refused revoke: alert, stop trusting the backend, keep page and ref for later. */
static void nf_defer(struct net_vif *v, struct linux_kernel *k, grant_ref_t ref,
                     uint64_t gfn)
{
    linux_log(k, "vif%u: Grant still in use by backend domain", v->id);
    net_refuse(v, GNTSIM_NET_GRANT_BUSY, "grant still in use by the backend");
    v->st.front_broken = true;
    v->deferred[v->nr_deferred++] = (struct nf_deferred){ref, gfn};
}

/* Revoke @ref and free @gfn, or keep both for a later retry (XSA-396). */
static bool nf_revoke(struct net_vif *v, struct linux_kernel *k, grant_ref_t ref,
                      uint64_t gfn, bool retry)
{
    if (linux_end_access(k, ref) == 0) {
        linux_page_free(k, gfn);
        v->st.grants_out--;
        return true;
    }
    if (!retry)
        nf_defer(v, k, ref, gfn);
    return false;
}

/*
 * xennet_tx_buf_gc() before 31185df7e2b1 (XSA-396, xsa396=vulnerable): test the grant
 * (gnttab_query_foreign_access()), then revoke it with the result ignored, release the
 * ref and free the page. A backend that maps the grant between the test and the revoke
 * keeps the page the kernel frees. A grant found in use breaks the device, page kept.
 */
static bool nf_revoke_query(struct net_vif *v, struct linux_kernel *k, grant_ref_t ref,
                            uint64_t gfn)
{
    if (linux_grant_query(k, ref)) {
        linux_log(k, "vif%u: Grant still in use by backend domain", v->id);
        net_refuse(v, GNTSIM_NET_GRANT_BUSY, "grant still in use by the backend");
        v->st.front_broken = true; /* "goto err": the skb and its page stay */
        return false;
    }
    (void)linux_end_access(k, ref); /* gnttab_end_foreign_access_ref(): unchecked */
    linux_grant_release(k, ref);
    linux_page_free(k, gfn); /* dev_kfree_skb_irq() */
    v->st.grants_out--;
    return true;
}

/* gnttab_end_foreign_access()'s deferred list: retry each revoke. */
static void nf_retry_deferred(struct net_vif *v, struct linux_kernel *k)
{
    unsigned n = 0;

    for (unsigned i = 0; i < v->nr_deferred; i++)
        if (!nf_revoke(v, k, v->deferred[i].gref, v->deferred[i].gfn, true))
            v->deferred[n++] = v->deferred[i];
    v->nr_deferred = n;
}

/* Undo @n prepared slots of a refused xmit (nothing was pushed). */
static void nf_xmit_undo(struct net_vif *v, struct linux_kernel *k, const uint16_t *ids,
                         unsigned n)
{
    for (unsigned i = n; i-- > 0;) {
        struct nf_tx_slot *t = &v->tx[ids[i]];

        if (t->gref)
            nf_revoke(v, k, t->gref, t->gfn, true);
        else if (t->gfn)
            linux_page_free(k, t->gfn);
        *t = (struct nf_tx_slot){0};
        v->tx_free[v->tx_nr_free++] = ids[i];
    }
    v->ftx.req_prod_pvt -= n;
}

/* One slot: page, bytes, read-only grant, request. */
static int nf_xmit_slot(struct net_vif *v, struct linux_kernel *k, uint16_t id,
                        const uint8_t *b, uint16_t off, uint16_t len, uint16_t size,
                        bool more, uint64_t gfn)
{
    struct nf_tx_slot *t = &v->tx[id];
    netif_tx_request_t *req;

    t->used = true;
    if (gfn) { /* the page the scenario chose */
        int rc = linux_page_fill_own(k, gfn, off, b, len);

        if (rc)
            return rc;
        t->gfn = gfn;
    } else {
        t->gfn = linux_page_alloc_fill(k, off, b, len); /* the frame's bytes only */
    }
    if (!t->gfn)
        return -ENOSPC;
    if (linux_grant(k, v->back, t->gfn, true, &t->gref))
        return -ENOSPC;
    v->st.grants_out++;
    req = RING_GET_REQUEST(&v->ftx, v->ftx.req_prod_pvt);
    v->ftx.req_prod_pvt++;
    *req = (netif_tx_request_t){.gref = t->gref,
                                .offset = off,
                                .flags = more ? NETTXF_more_data : 0,
                                .id = id,
                                .size = size};
    return 0;
}

/* Slots a frame of @len at @off takes with at most @max bytes a slot. */
static unsigned nf_count_slots(uint32_t len, uint16_t off, uint16_t max)
{
    unsigned n = 0;

    for (uint32_t done = 0; done < len; n++) {
        uint32_t room = PAGE_SIZE - (n ? 0 : off);

        done += max && max < room ? max : room;
    }
    return n ? n : 1;
}

int netfront_xmit(struct net_vif *v, const uint8_t *frame, uint32_t len, uint16_t offset,
                  uint16_t slot_max, uint64_t gfn)
{
    struct linux_kernel *k = v->kf;
    unsigned n = nf_count_slots(len, offset, slot_max), i = 0;
    uint16_t ids[NETBACK_FATAL_SLOTS];
    uint32_t done = 0;
    int notify, rc = 0;

    if (!k)
        return -ESRCH;
    if (k->bugged || v->st.front_broken || !v->connected)
        return -EIO;
    if (n > NETBACK_FATAL_SLOTS - 2) /* xennet: "skb rides the rocket" */
        return -EINVAL;
    if (RING_FREE_REQUESTS(&v->ftx) < n || v->tx_nr_free < n) {
        v->st.tx_ring_full++;
        return -EBUSY; /* netif_stop_queue(): the stack keeps the packet */
    }
    for (; !rc && i < n; i++) {
        uint16_t off = i ? 0 : offset;
        uint32_t room = PAGE_SIZE - off, chunk = len - done;

        chunk = chunk < room ? chunk : room;
        chunk = slot_max && slot_max < chunk ? slot_max : chunk;
        ids[i] = v->tx_free[--v->tx_nr_free];
        rc = nf_xmit_slot(v, k, ids[i], frame + done, off, (uint16_t)chunk,
                          (uint16_t)(i ? chunk : len), i + 1 < n, i ? 0 : gfn);
        done += chunk;
    }
    if (rc) {
        nf_xmit_undo(v, k, ids, i);
        return rc;
    }
    v->nw->ops->vif_capture(v->nw->board, frame, len);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&v->ftx, notify);
    if (notify) {
        v->st.notify_tx++;
        net_notify(v, true);
    }
    return 0;
}

/* One TX response (already copied out of the ring). False: stop, device broken. */
static bool nf_tx_response(struct net_vif *v, struct linux_kernel *k,
                           const netif_tx_response_t *rsp)
{
    struct nf_tx_slot *t;

    if (rsp->status == NETIF_RSP_NULL)
        return true;
    if (rsp->id >= NET_TX_RING_SIZE || !v->tx[rsp->id].used) {
        net_refuse(v, GNTSIM_NET_BAD_ID, "TX response id not in flight");
        v->st.front_broken = true;
        return false;
    }
    t = &v->tx[rsp->id];
    if (rsp->status != NETIF_RSP_OKAY)
        v->st.tx_errors++;
    if (!k->xsa.netfront_old_revoke)
        nf_revoke(v, k, t->gref, t->gfn, false);
    else if (!nf_revoke_query(v, k, t->gref, t->gfn))
        return false;
    *t = (struct nf_tx_slot){0};
    v->tx_free[v->tx_nr_free++] = rsp->id;
    return true;
}

/* xennet_tx_buf_gc(). */
static void nf_tx_gc(struct net_vif *v, struct linux_kernel *k)
{
    int more;

    do {
        RING_IDX prod = v->ftx.sring->rsp_prod, cons;

        xen_rmb();
        if (prod - v->ftx.rsp_cons > NET_TX_RING_SIZE) {
            net_refuse(v, GNTSIM_NET_RING_OVERFLOW, "illegal number of responses");
            v->st.front_broken = true;
            return;
        }
        for (cons = v->ftx.rsp_cons; cons != prod; cons++) {
            netif_tx_response_t rsp;

            RING_COPY_RESPONSE(&v->ftx, cons, &rsp);
            if (!nf_tx_response(v, k, &rsp))
                return;
        }
        v->ftx.rsp_cons = prod;
        RING_FINAL_CHECK_FOR_RESPONSES(&v->ftx, more);
    } while (more);
}

/* The bytes of one RX response reach the guest's stack. */
static void nf_rx_deliver(struct net_vif *v, struct linux_kernel *k,
                          const struct nf_rx_buf *b, const netif_rx_response_t *rsp)
{
    uint8_t buf[PAGE_SIZE];
    uint64_t pa;
    struct net_pkt *p;

    if (linux_ipa_to_pa(k, (b->gfn << PAGE_SHIFT) + rsp->offset, &pa) ||
        hw_cpu_read(k->env.cache, pa, buf, (size_t)rsp->status))
        return;
    v->nw->ops->vif_capture(v->nw->board, buf, (uint32_t)rsp->status);
    v->st.rx_ok++;
    p = net_pkt(v->nw, net_frame_pkt(buf, (uint32_t)rsp->status));
    if (!p || p->vif != v->id)
        return;
    if (p->from_peer) /* the peer's own frame: its destination is this stack */
        p->info.delivered = true;
    else
        p->info.replied = true;
    p->info.rx_len = (uint32_t)rsp->status;
    p->info.rx_addr = (b->gfn << PAGE_SHIFT) + rsp->offset;
}

/*
 * The backend still uses the RX buffer @b (its revoke refused). Since 66e3531b3306
 * (XSA-396, CVE-2022-23042) xennet_get_responses() reports it, breaks the device and
 * keeps the page. Before it (xsa396=vulnerable) it was BUG_ON(): the kernel stops (S14).
 * Linux reached that revoke only for a response of a valid size (@ok); it moved a bad
 * one back to the ring unrevoked (xennet_move_rx_slot()), gntsim revokes it as fixed.
 */
static void nf_rx_refused(struct net_vif *v, struct linux_kernel *k, struct nf_rx_buf *b,
                          bool ok)
{
    if (k->xsa.netfront_old_revoke && ok) {
        linux_bug(k, "xennet_get_responses (drivers/net/xen-netfront.c): "
                     "BUG_ON(!gnttab_end_foreign_access_ref())");
        return; /* the buffer and its page stay as they were */
    }
    nf_defer(v, k, b->gref, b->gfn); /* the page stays out of use */
    *b = (struct nf_rx_buf){0};
}

/*
 * One RX response, at ring index @cons. As xennet_get_responses() the
 * buffer is the one posted at that index (xennet_get_rx_skb/_ref(queue,
 * cons)): the response's id is not trusted, only printed when no buffer
 * is posted there ("Bad rx response id"; the response is dropped). A bad
 * size or offset drops the frame. Neither breaks the device. False: a
 * refused revoke broke it (or BUG()), the poll stops (66e3531b3306).
 */
static bool nf_rx_response(struct net_vif *v, struct linux_kernel *k, RING_IDX cons,
                           const netif_rx_response_t *rsp)
{
    struct nf_rx_buf *b = &v->rx[cons & (NET_RX_RING_SIZE - 1)];
    bool ok;

    if (!b->posted) {
        linux_log(k, "vif%u: Bad rx response id %u", v->id, rsp->id);
        net_refuse(v, GNTSIM_NET_BAD_ID, "RX response where no buffer is posted");
        return true;
    }
    b->posted = false;
    ok = rsp->status > 0 && rsp->offset + (uint32_t)rsp->status <= PAGE_SIZE;
    if (!ok)
        net_refuse(v, GNTSIM_NET_BAD_RX, "RX response with bad size or offset");
    if (linux_end_access(k, b->gref)) {
        nf_rx_refused(v, k, b, ok);
        return false;
    }
    v->st.grants_out--;
    if (ok)
        nf_rx_deliver(v, k, b, rsp);
    return true;
}

/* xennet_poll() over the RX ring. */
static void nf_rx_poll(struct net_vif *v, struct linux_kernel *k)
{
    int more;

    do {
        RING_IDX prod = v->frx.sring->rsp_prod, cons;

        xen_rmb();
        if (prod - v->frx.rsp_cons > NET_RX_RING_SIZE) {
            net_refuse(v, GNTSIM_NET_RING_OVERFLOW, "illegal number of RX responses");
            v->st.front_broken = true;
            return;
        }
        for (cons = v->frx.rsp_cons; cons != prod; cons++) {
            netif_rx_response_t rsp;

            RING_COPY_RESPONSE(&v->frx, cons, &rsp);
            if (!nf_rx_response(v, k, cons, &rsp)) {
                v->frx.rsp_cons = cons; /* xennet_poll(): broken, the rest unread */
                return;
            }
        }
        v->frx.rsp_cons = prod;
        RING_FINAL_CHECK_FOR_RESPONSES(&v->frx, more);
    } while (more);
}

/* xennet_alloc_rx_buffers(): keep rx_bufs buffers posted. */
static void nf_rx_refill(struct net_vif *v, struct linux_kernel *k)
{
    int notify;

    while (v->frx.req_prod_pvt - v->frx.rsp_cons < v->rx_bufs) {
        uint16_t id = (uint16_t)(v->frx.req_prod_pvt & (NET_RX_RING_SIZE - 1));
        struct nf_rx_buf *b = &v->rx[id];
        netif_rx_request_t *req;

        if (b->posted)
            break;
        if (!b->gfn) /* __GFP_ZERO since 307c8de2b023 (XSA-403): no stale bytes shared */
            b->gfn =
                k->xsa.netfront_rx_dirty ? linux_page_alloc_raw(k) : linux_page_alloc(k);
        if (!b->gfn || linux_grant(k, v->back, b->gfn, false, &b->gref))
            break;
        v->st.grants_out++;
        b->posted = true;
        req = RING_GET_REQUEST(&v->frx, v->frx.req_prod_pvt);
        v->frx.req_prod_pvt++;
        *req = (netif_rx_request_t){.id = id, .gref = b->gref};
    }
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&v->frx, notify);
    if (notify) {
        v->st.notify_tx++;
        net_notify(v, true);
    }
}

void netfront_interrupt(void *ctx, uint64_t arg)
{
    struct net_world *nw = ctx;
    struct net_vif *v = net_vif(nw, (unsigned)arg);
    struct linux_kernel *k = v ? v->kf : NULL;

    if (!k)
        return;
    v->front_work_queued = false;
    if (k->bugged)
        return;
    nf_retry_deferred(v, k);
    if (!v->connected || v->st.front_broken)
        return;
    nf_tx_gc(v, k);
    if (!v->st.front_broken)
        nf_rx_poll(v, k);
    if (!v->st.front_broken && !k->bugged)
        nf_rx_refill(v, k);
}

void netfront_poll(struct net_vif *v)
{
    v->front_held = false;
    netfront_interrupt(v->nw, v->id);
}

/* Post the first RX buffers once the backend is connected. */
void netfront_start(struct net_vif *v)
{
    struct linux_kernel *k = v->kf;

    if (k)
        nf_rx_refill(v, k);
}

int netfront_disconnect(struct net_vif *v)
{
    struct linux_kernel *k = v->kf;

    if (!k)
        return -ESRCH;
    if (k->bugged) /* the kernel stopped: nothing revoked, nothing freed */
        return -EIO;
    for (unsigned i = 0; i < NET_TX_RING_SIZE; i++)
        if (v->tx[i].used && v->tx[i].gref)
            nf_revoke(v, k, v->tx[i].gref, v->tx[i].gfn, false);
    for (unsigned i = 0; i < NET_RX_RING_SIZE; i++) {
        if (v->rx[i].posted)
            nf_revoke(v, k, v->rx[i].gref, v->rx[i].gfn, false);
        else if (v->rx[i].gfn)
            linux_page_free(k, v->rx[i].gfn);
        v->rx[i] = (struct nf_rx_buf){0};
    }
    memset(v->tx, 0, sizeof(v->tx));
    if (v->tx_ring_gfn)
        nf_revoke(v, k, v->tx_ring_ref, v->tx_ring_gfn, false);
    if (v->rx_ring_gfn)
        nf_revoke(v, k, v->rx_ring_ref, v->rx_ring_gfn, false);
    v->tx_ring_gfn = v->rx_ring_gfn = 0;
    nf_retry_deferred(v, k);
    return v->nr_deferred ? -EBUSY : 0;
}
