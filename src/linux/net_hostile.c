/* SPDX-License-Identifier: MIT */
/*
 * Hostile peers on the PV network path (gntsim_net_hostile): a malicious
 * netfront writing TX requests netback must refuse (xenvif_tx_build_gops,
 * xenvif_count_requests, xenvif_tx_check_gop), and a malicious netback
 * writing responses netfront must not trust (xennet_tx_buf_gc,
 * xennet_get_responses). The frontend's slots are netfront's own
 * bookkeeping (tx[id], a page granted read-only), so the real netfront
 * revokes them when answered or at teardown; only the requests are forged.
 */
#include "linux/net.h"

#define NH_BAD_REF 0xffff0000u /* beyond any grant table: GNTST_bad_gntref */

/* Give an unposted slot @id back to netfront: revoke, free, id free again. */
static void nh_slot_undo(struct net_vif *v, struct linux_kernel *k, uint16_t id)
{
    struct nf_tx_slot *t = &v->tx[id];

    if (t->gref && !linux_end_access(k, t->gref))
        v->st.grants_out--;
    if (t->gfn)
        linux_page_free(k, t->gfn);
    *t = (struct nf_tx_slot){0};
    v->tx_free[v->tx_nr_free++] = id;
}

/* A netfront slot: @len bytes of @b at @off in a page granted read-only. */
static int nh_slot(struct net_vif *v, struct linux_kernel *k, const uint8_t *b,
                   uint16_t off, uint16_t len)
{
    uint16_t id = v->tx_free[--v->tx_nr_free];
    struct nf_tx_slot *t = &v->tx[id];

    *t = (struct nf_tx_slot){.used = true};
    t->gfn = linux_page_alloc_fill(k, off, b, len);
    if (!t->gfn || linux_grant(k, v->back, t->gfn, true, &t->gref)) {
        t->gref = 0;
        nh_slot_undo(v, k, id);
        return -ENOSPC;
    }
    v->st.grants_out++;
    return id;
}

/*
 * Write a @len-byte ICMP frame to the backend as @n requests, the first of
 * @len - (@n - 1) * @chunk bytes, the others of at most @chunk (later slots may
 * be empty), at req_prod_pvt, unpushed.
 */
static int nh_chain(struct net_vif *v, struct linux_kernel *k, uint32_t len, unsigned n,
                    uint32_t chunk)
{
    uint32_t first = len > (n - 1) * chunk ? len - (n - 1) * chunk : len;
    struct net_frame f = {0};
    uint16_t ids[64];
    uint32_t done = 0;
    int rc = 0;

    if (RING_FREE_REQUESTS(&v->ftx) < n || v->tx_nr_free < n)
        return -EBUSY;
    if (net_frame_alloc(v->nw, &f, len) ||
        net_frame_write(f.data, len, NET_PROTO_ICMP, true, net_pkt_new(v->nw, v->id)))
        rc = -ENOSPC;
    for (unsigned i = 0; !rc && i < n; i++) {
        uint32_t want = i ? chunk : first;
        uint16_t c = (uint16_t)(len - done < want ? len - done : want);
        uint16_t off = i ? 0 : NET_DEFAULT_OFFSET;
        int id = nh_slot(v, k, f.data + done, off, c);

        if (id < 0) {
            while (i-- > 0)
                nh_slot_undo(v, k, ids[i]);
            rc = id;
            break;
        }
        ids[i] = (uint16_t)id;
        *RING_GET_REQUEST(&v->ftx, v->ftx.req_prod_pvt + i) =
            (netif_tx_request_t){.gref = v->tx[id].gref,
                                 .offset = off,
                                 .flags = i + 1 < n ? NETTXF_more_data : 0,
                                 .id = (uint16_t)id,
                                 .size = (uint16_t)(i ? c : len)};
        done += c;
    }
    net_frame_release(v->nw, &f);
    if (!rc)
        v->ftx.req_prod_pvt += n;
    return rc;
}

/* XSA-155: once netback copied request hook_idx, the frontend rewrites it. */
static void nh_after_fetch(void *ctx, struct net_vif *v, RING_IDX idx)
{
    netif_tx_request_t *shared = RING_GET_REQUEST(&v->ftx, idx);

    (void)ctx;
    if (idx != v->hook_idx)
        return;
    shared->offset = 4000; /* a second fetch sees its bytes run 3904 past the page */
    shared->size = 4000;
    v->after_fetch = NULL;
}

/* Forge the @n requests from @start as attack @a says. */
static void nh_tamper(struct net_vif *v, const struct gntsim_net_attack *a,
                      RING_IDX start, unsigned n)
{
    netif_tx_request_t *first = RING_GET_REQUEST(&v->ftx, start);
    netif_tx_request_t *last = RING_GET_REQUEST(&v->ftx, start + n - 1);

    switch (a->kind) {
    case GNTSIM_ATTACK_BAD_REF:
        first->gref = a->ref ? a->ref : NH_BAD_REF;
        break;
    case GNTSIM_ATTACK_ENDLESS_CHAIN:
        last->flags |= NETTXF_more_data;
        break;
    case GNTSIM_ATTACK_SIZE_MISMATCH: /* the packet "ends" before its last slot */
        first->size = (uint16_t)(last->size - 1);
        break;
    case GNTSIM_ATTACK_CHANGE_AFTER_POST:
        v->after_fetch = nh_after_fetch;
        v->hook_idx = start;
        break;
    case GNTSIM_ATTACK_ZERO_FRAG:
        last->gref = NH_BAD_REF; /* never used: a zero-length slot gets no grant op */
        break;
    case GNTSIM_ATTACK_CROSS_PAGE: /* one byte beyond the page */
        first->offset = (uint16_t)(PAGE_SIZE + 1 - first->size);
        break;
    default:
        break;
    }
}

/* Publish req_prod @beyond requests past the forged ones and notify, always. */
static void nh_push(struct net_vif *v, uint32_t beyond)
{
    xen_wmb();
    v->ftx.sring->req_prod = v->ftx.req_prod_pvt + beyond;
    v->st.notify_tx++;
    net_notify(v, true);
}

/* The forged packet's requests @n, frame bytes @len and bytes per slot @chunk. */
static int nh_shape(const struct gntsim_net_attack *a, unsigned *n, uint32_t *len,
                    uint32_t *chunk)
{
    bool zero = a->kind == GNTSIM_ATTACK_ZERO_FRAG;

    *n = 1;
    if (a->kind == GNTSIM_ATTACK_SLOTS || a->kind == GNTSIM_ATTACK_ENDLESS_CHAIN)
        *n = a->slots ? a->slots : 2;
    if (a->kind == GNTSIM_ATTACK_SIZE_MISMATCH || zero)
        *n = 2;
    *len = a->size ? a->size : 64u * (zero ? 1 : *n);
    /* zero-frag: all in the first; else @len / @n each, the first the rest */
    *chunk = zero ? *len : *len / *n;
    if (!zero && *len < *n)
        return -EINVAL; /* fewer bytes than slots: some would be empty */
    return 0;
}

/* The malicious frontend's attacks. */
static int nh_front(struct net_vif *v, const struct gntsim_net_attack *a)
{
    RING_IDX start = v->ftx.req_prod_pvt;
    unsigned n;
    uint32_t len, chunk;
    int rc;

    if (a->kind == GNTSIM_ATTACK_PROD_OVERRUN) {
        nh_push(v, a->by ? a->by : 1000); /* "Impossible number of requests" */
        return 0;
    }
    rc = nh_shape(a, &n, &len, &chunk);
    rc = rc ? rc : nh_chain(v, v->kf, len, n, chunk);
    if (rc)
        return rc;
    nh_tamper(v, a, start, n);
    nh_push(v, 0);
    if (a->kind == GNTSIM_ATTACK_REVOKE) /* gnttab_end_foreign_access_ref, early */
        return linux_grant_revoke(v->kf, RING_GET_REQUEST(&v->ftx, start)->gref);
    return 0;
}

/* netfront's xmit of a @len-byte ICMP frame to the backend domain. */
static int nh_send(struct net_vif *v, uint32_t len)
{
    struct net_frame f = {0};
    int rc = net_frame_alloc(v->nw, &f, len);

    rc = rc ? rc
            : net_frame_write(f.data, len, NET_PROTO_ICMP, true,
                              net_pkt_new(v->nw, v->id));
    rc = rc ? rc : netfront_xmit(v, f.data, len, NET_DEFAULT_OFFSET, 0, 0);
    net_frame_release(v->nw, &f);
    return rc;
}

/* A hostile netback's TX response, pushed; netfront notified. */
static void nh_tx_answer(struct net_vif *v, uint16_t id)
{
    int notify;

    *RING_GET_RESPONSE(&v->btx, v->btx.rsp_prod_pvt) =
        (netif_tx_response_t){.id = id, .status = NETIF_RSP_OKAY};
    v->btx.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->btx, notify);
    (void)notify;
    net_notify(v, false);
}

/* Answer the last TX request again: send one, let it be answered, replay. */
static int nh_double_answer(struct net_vif *v, uint32_t len)
{
    RING_IDX before = v->btx.rsp_prod_pvt;
    int rc = nh_send(v, len);

    if (rc)
        return rc;
    sched_run(v->nw->sched, 0);
    if (v->btx.rsp_prod_pvt == before)
        return -EIO; /* netback answered nothing (disabled) */
    nh_tx_answer(v, RING_GET_RESPONSE(&v->btx, v->btx.rsp_prod_pvt - 1)->id);
    return 0;
}

/* The backend lets go: unmap what it kept, free the slots, netfront retries. */
static void nh_release(struct net_vif *v)
{
    v->back_never_unmaps = false;
    for (unsigned i = 0; i < NETBACK_MAX_PENDING; i++) {
        struct nb_pending *e = &v->pend[i];

        if (e->used && e->mapped) {
            linux_unmap_refs(v->kb, &e->map, 1);
            e->mapped = e->used = false;
        }
    }
    v->pend_lo = 0;
    net_kick(v, netfront_interrupt); /* the deferred revokes' timer */
}

/*
 * netback's RX path fills the next posted buffer with a @len-byte frame for
 * the guest; before netfront looks, the response's id or size is forged.
 */
static int nh_rx_forge(struct net_vif *v, const struct gntsim_net_attack *a, uint32_t len)
{
    RING_IDX before = v->brx.rsp_prod_pvt;
    struct net_frame f = {0};
    netif_rx_response_t *rsp;
    int rc = net_frame_alloc(v->nw, &f, len);

    rc = rc ? rc
            : net_frame_write(f.data, len, NET_PROTO_ICMP, false,
                              net_pkt_new(v->nw, v->id));
    if (rc) {
        net_frame_release(v->nw, &f);
        return -ENOSPC;
    }
    net_frame_echo(&f); /* the reply, addressed to the frontend */
    netback_rx_queue(v, &f);
    netback_rx_action(v);
    if (v->brx.rsp_prod_pvt == before)
        return -EIO; /* no buffer posted, or netback disabled */
    rsp = RING_GET_RESPONSE(&v->brx, v->brx.rsp_prod_pvt - 1);
    if (a->kind == GNTSIM_ATTACK_RX_BAD_ID)
        rsp->id = a->id;
    else
        rsp->status = 0x7fff; /* far beyond the page */
    return 0;
}

/* The malicious backend's attacks. */
static int nh_back(struct net_vif *v, const struct gntsim_net_attack *a)
{
    switch (a->kind) {
    case GNTSIM_ATTACK_BACK_BAD_ID:
        nh_tx_answer(v, a->id);
        return 0;
    case GNTSIM_ATTACK_BACK_DOUBLE:
        return nh_double_answer(v, a->size ? a->size : 64);
    case GNTSIM_ATTACK_BACK_KEEPS_GRANT:
        v->back_never_unmaps = true;
        return nh_send(v, a->size ? a->size : 1500);
    case GNTSIM_ATTACK_BACK_RELEASE:
        nh_release(v);
        return 0;
    default:
        return nh_rx_forge(v, a, a->size ? a->size : 64);
    }
}

int net_hostile(struct net_vif *v, const struct gntsim_net_attack *a)
{
    int rc = a->kind < GNTSIM_ATTACK_BACK_BAD_ID ? nh_front(v, a) : nh_back(v, a);

    if (!rc && sched_run(v->nw->sched, 0) < 0)
        rc = -ELOOP;
    if (v->after_fetch == nh_after_fetch) /* netback never read it */
        v->after_fetch = NULL;
    return rc;
}
