/* SPDX-License-Identifier: MIT */
/*
 * netback's TX half (drivers/net/xen-netback/netback.c xenvif_tx_build_gops,
 * xenvif_count_requests, xenvif_tx_check_gop, xenvif_idx_release): every
 * request is copied out of the ring once (RING_COPY_REQUEST, XSA-155), the
 * slot chain is checked (a slot crossing its page, more than
 * FATAL_SKB_SLOTS slots or an impossible producer index is fatal: the vif is
 * disabled, xenvif_fatal_tx_err; a slot larger than what remains or a
 * packet shorter than an Ethernet header is dropped with NETIF_RSP_ERROR),
 * the first XEN_NETBACK_TX_COPY_LEN bytes are grant-copied into a local
 * page (across slots, as after XSA-423) and the rest grant-mapped read-only.
 * When each slot is answered (xenvif_get_requests, xenvif_tx_check_gop with
 * the XSA-423 and XSA-448 fixes, ad7f402ae4f4, c7ec4f2d684e): a zero-length fragment at
 * once, with no pending slot and no grant op; a slot only grant-copied right
 * after the copy hypercall, with its copy's status (xenvif_idx_release),
 * before the skb goes to the stack; a mapped slot, including the first
 * slot whose head was copied and whose rest is the first frag (sharedslot),
 * only once its grant is released (xenvif_zerocopy_callback ->
 * xenvif_tx_dealloc_action -> unmap -> make_tx_response).
 * Batched as xenvif_tx_action(): one NAPI poll (budget NAPI_POLL_WEIGHT, 64
 * skbs) builds the ops of every request it consumes, issues one
 * gnttab_batch_copy() and one gnttab_map_refs() for all of them, then
 * submits the skbs in order; freed skbs' slots are unmapped in one batch
 * (xenvif_tx_dealloc_action) and answered after it. Simplified: the dealloc
 * runs at the end of the poll, not in its own kthread.
 */
#include <stdio.h>

#include "linux/net.h"

/* make_tx_response() + push with notification check. */
static void nb_tx_respond(struct net_vif *v, uint16_t id, int16_t status)
{
    netif_tx_response_t *rsp = RING_GET_RESPONSE(&v->btx, v->btx.rsp_prod_pvt);
    int notify;

    *rsp = (netif_tx_response_t){.id = id, .status = status};
    v->btx.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->btx, notify);
    if (notify) {
        v->st.notify_rx++;
        net_notify(v, false);
    }
}

/* xenvif_fatal_tx_err(): the frontend is hostile or broken; stop serving it. */
static void nb_fatal(struct net_vif *v, enum gntsim_net_refusal r, const char *why)
{
    struct linux_kernel *k = v->kb;

    net_refuse(v, r, why);
    if (k)
        linux_log(k, "vif%u: fatal error; disabling device (%s)", v->id, why);
    v->st.back_disabled = true;
}

/* The lowest free pending slot, now in use; -1 when all are. */
static int nb_pend_get(struct net_vif *v)
{
    for (unsigned i = v->pend_lo; i < NETBACK_MAX_PENDING; i++)
        if (!v->pend[i].used) {
            v->pend[i].used = true;
            v->pend[i].mapped = false;
            v->pend_lo = i + 1;
            return (int)i;
        }
    v->pend_lo = NETBACK_MAX_PENDING;
    return -1;
}

/* Pending slot @p is free again unless a hostile backend keeps it mapped. */
static void nb_pend_put(struct net_vif *v, uint16_t p)
{
    struct nb_pending *e = &v->pend[p];

    e->used = e->mapped; /* hostile backend: answers, but keeps mapping and slot */
    if (!e->used && p < v->pend_lo)
        v->pend_lo = p;
}

/* Release pending slot @p: unmap its page if mapped, then answer it. */
static void nb_idx_release(struct net_vif *v, uint16_t p, int16_t status)
{
    struct nb_pending *e = &v->pend[p];

    if (e->mapped && !v->back_never_unmaps) {
        linux_unmap_refs(v->kb, &e->map, 1);
        e->mapped = false;
    }
    nb_tx_respond(v, e->req.id, status);
    nb_pend_put(v, p);
}

/*
 * xenvif_zerocopy_callback(): the skb is gone; its slots join the dealloc
 * ring and are unmapped and answered together by nb_tx_dealloc.
 */
void netback_skb_free(struct net_vif *v, struct nb_skb *s)
{
    struct linux_kernel *k = v->kb;
    struct nb_tx_batch *b = &v->txb;

    for (unsigned i = 0; i < s->nr_pend && b->nr_dealloc < NETBACK_MAX_PENDING; i++)
        b->dealloc[b->nr_dealloc++] = s->pend[i];
    if (k && s->lin_pfn)
        linux_page_free(k, s->lin_pfn);
    s->nr_pend = 0;
    s->lin_pfn = 0;
}

/*
 * xenvif_tx_dealloc_action(): one GNTTABOP_unmap_grant_ref for every mapped
 * slot of the freed skbs, then xenvif_idx_release() of each, in order: a
 * slot is answered only once its grant is released.
 */
static void nb_tx_dealloc(struct net_vif *v)
{
    struct nb_tx_batch *b = &v->txb;
    unsigned n = 0;

    for (unsigned i = 0; i < b->nr_dealloc && !v->back_never_unmaps; i++)
        if (v->pend[b->dealloc[i]].mapped)
            b->unmap[n++] = v->pend[b->dealloc[i]].map;
    if (n)
        linux_unmap_refs(v->kb, b->unmap, n);
    for (unsigned i = 0; i < b->nr_dealloc; i++) {
        struct nb_pending *e = &v->pend[b->dealloc[i]];

        e->mapped = e->mapped && v->back_never_unmaps;
        nb_tx_respond(v, e->req.id, NETIF_RSP_OKAY);
        nb_pend_put(v, b->dealloc[i]);
    }
    b->nr_dealloc = 0;
}

/*
 * xenvif_count_requests(): copy the chain after @first (at req_cons) into
 * @slots[1..]; @first->size becomes the first slot's own bytes. In Linux's
 * order: a chain running past req_prod ("Asked for %d slots", -ENODATA) and
 * FATAL_SKB_SLOTS extra slots ("Malicious frontend") are fatal; from
 * XEN_NETBK_LEGACY_SLOTS_MAX extra slots on, or after a slot larger than
 * what remains, the rest is read into a dummy and the packet dropped; a
 * slot crossing its page is fatal. Returns the number of slots, -1 for a
 * fatal error, -(extra + 2) for a dropped packet of 1 + extra slots.
 */
static int nb_count_requests(struct net_vif *v, netif_tx_request_t *slots)
{
    netif_tx_request_t *first = &slots[0], dropped;
    RING_IDX cons = v->btx.req_cons;
    unsigned extra = 0; /* Linux's `slots` */
    bool drop = false, more = first->flags & NETTXF_more_data;

    while (more) {
        netif_tx_request_t *t;

        if (cons + extra == v->btx.sring->req_prod)
            return nb_fatal(v, GNTSIM_NET_NEED_MORE, "need more slots"), -1;
        if (extra >= NETBACK_FATAL_SLOTS)
            return nb_fatal(v, GNTSIM_NET_TOO_MANY_SLOTS, "too many slots"), -1;
        if (!drop && extra >= NETBACK_LEGACY_SLOTS) {
            net_refuse(v, GNTSIM_NET_LEGACY_SLOTS, "too many slots, dropping packet");
            drop = true;
        }
        t = drop ? &dropped : &slots[1 + extra];
        RING_COPY_REQUEST(&v->btx, cons + extra, t);
        if (v->after_fetch)
            v->after_fetch(v->hook_ctx, v, cons + extra);
        if (!drop && t->size > first->size) {
            net_refuse(v, GNTSIM_NET_SLOT_SIZE, "slot larger than remaining size");
            drop = true;
        }
        first->size = (uint16_t)(first->size - t->size);
        extra++;
        if (t->offset + (uint32_t)t->size > PAGE_SIZE)
            return nb_fatal(v, GNTSIM_NET_CROSS_PAGE, "cross page boundary"), -1;
        more = t->flags & NETTXF_more_data;
    }
    return drop ? -(int)extra - 2 : (int)extra + 1;
}

/*
 * xenvif_tx_err(): answer the dropped packet's first slot and its @extra
 * slots with NETIF_RSP_ERROR, their ids read from the ring again.
 */
static void nb_tx_drop(struct net_vif *v, const netif_tx_request_t *first, unsigned extra)
{
    nb_tx_respond(v, first->id, NETIF_RSP_ERROR);
    for (unsigned i = 0; i < extra; i++) {
        netif_tx_request_t t;

        RING_COPY_REQUEST(&v->btx, v->btx.req_cons, &t);
        v->btx.req_cons++;
        nb_tx_respond(v, t.id, NETIF_RSP_ERROR);
    }
}

/* Answer every slot of a refused packet with @status (no grant op was made). */
static void nb_tx_err(struct net_vif *v, const netif_tx_request_t *slots, unsigned n,
                      int16_t status)
{
    for (unsigned i = 0; i < n; i++)
        nb_tx_respond(v, slots[i].id, status);
}

/*
 * Plan slot @s (pending @p): copy what the linear area still needs, map the
 * rest. Only a mapped slot waits for the skb's free (skb->pend).
 */
static void nb_plan_slot(struct net_vif *v, struct nb_skb *skb, struct nb_tx_batch *g,
                         const netif_tx_request_t *s, uint16_t p, uint32_t *copy_left)
{
    uint32_t take = *copy_left < s->size ? *copy_left : s->size;

    if (take) {
        struct gnttab_copy *c = &g->cop[g->nr_cop];

        g->cop_pend[g->nr_cop++] = p;

        *c = (struct gnttab_copy){.flags = GNTCOPY_source_gref, .len = (uint16_t)take};
        c->source.u.ref = s->gref;
        c->source.domid = v->front;
        c->source.offset = s->offset;
        c->dest.u.gmfn = skb->lin_pfn;
        c->dest.domid = DOMID_SELF;
        c->dest.offset = (uint16_t)(skb->lin_len - *copy_left);
        *copy_left -= take;
    }
    if (s->size > take) {
        g->map[g->nr_map] = (struct gntsim_linux_map){
            .granter = v->front, .ref = s->gref, .readonly = true, .pfn = v->pend[p].pfn};
        g->map_pend[g->nr_map++] = p;
        skb->pend[skb->nr_pend++] = p;
        skb->frag[skb->nr_frags++].pend = p;
        skb->frag[skb->nr_frags - 1].off = (uint16_t)(s->offset + take);
        skb->frag[skb->nr_frags - 1].len = (uint16_t)(s->size - take);
    }
}

/*
 * xenvif_tx_action()'s hypercalls: one gnttab_batch_copy() of every copy op
 * of the poll and one gnttab_map_refs() of every map op. False when the
 * map hypercall itself failed (nothing mapped).
 */
static bool nb_tx_issue(struct net_vif *v, struct linux_kernel *k, bool *copy_ok)
{
    struct nb_tx_batch *b = &v->txb;
    int rc;

    *copy_ok = !b->nr_cop || !linux_gnttab_op(k, GNTTABOP_copy, b->cop, b->nr_cop);
    v->st.copy_ops += b->nr_cop;
    rc = b->nr_map ? linux_map_refs(v->kb, b->map, b->nr_map) : 0;
    if (rc && k->xsa.netback_map_bug) /* before 3194a1746e8a (XSA-362): BUG_ON(ret) */
        linux_bug(k, "xenvif_tx_action (drivers/net/xen-netback/netback.c): "
                     "BUG_ON(gnttab_map_refs())");
    else if (rc) /* 2991397d23ec (XSA-367): every op counts as failed */
        linux_log(k, "vif%u: Map fail: nr %u ret %d", v->id, b->nr_map, rc);
    if (rc)
        return false;
    v->st.map_ops += b->nr_map;
    for (unsigned i = 0; i < b->nr_map; i++) {
        struct nb_pending *e = &v->pend[b->map_pend[i]];

        e->pfn = b->map[i].pfn; /* the slot keeps its page for later maps */
        e->map = b->map[i];
        e->mapped = b->map[i].status == GNTST_okay;
    }
    return true;
}

/*
 * xenvif_tx_check_gop(), header part: each slot whose bytes were only copied
 * is released now with its own copy's status; the last copied slot stays
 * pending when @shared (its remainder is the first frag). True on an error.
 */
static bool nb_check_copies(struct net_vif *v, unsigned c0, unsigned c1, bool shared,
                            bool copy_ok)
{
    const struct nb_tx_batch *b = &v->txb;
    bool err = false;

    for (unsigned c = c0; c < c1; c++) {
        bool ok = copy_ok && b->cop[c].status == GNTST_okay;

        err = err || !ok;
        if (c + 1 < c1 || !shared)
            nb_idx_release(v, b->cop_pend[c], ok ? NETIF_RSP_OKAY : NETIF_RSP_ERROR);
    }
    return err;
}

/*
 * xenvif_tx_check_gop(), frags part: after an error every slot is released
 * (unmapped first): a failed map with an error, the others OKAY but the
 * shared first frag after a failed header copy. True on an error.
 */
static bool nb_check_maps(struct net_vif *v, unsigned m0, unsigned m1, bool shared,
                          bool err)
{
    const struct nb_tx_batch *b = &v->txb;

    for (unsigned m = m0; m < m1; m++) {
        uint16_t p = b->map_pend[m];

        if (v->pend[p].mapped) {
            if (err)
                nb_idx_release(v, p,
                               m == m0 && shared ? NETIF_RSP_ERROR : NETIF_RSP_OKAY);
            continue;
        }
        nb_idx_release(v, p, NETIF_RSP_ERROR);
        for (unsigned j = m0; !err && j < m; j++) /* invalidate preceding frags */
            nb_idx_release(v, b->map_pend[j], NETIF_RSP_OKAY);
        err = true;
    }
    return err;
}

/* xenvif_tx_check_gop() of skb @i: answers its copied slots; false on an error. */
static bool nb_tx_check_gop(struct net_vif *v, unsigned i, bool copy_ok)
{
    const struct nb_tx_batch *b = &v->txb;
    unsigned c0 = b->skb_cop[i], m0 = b->skb_map[i];
    unsigned c1 = i + 1 < b->nr_skb ? b->skb_cop[i + 1] : b->nr_cop;
    unsigned m1 = i + 1 < b->nr_skb ? b->skb_map[i + 1] : b->nr_map;
    bool shared = c1 > c0 && m1 > m0 && b->cop_pend[c1 - 1] == b->map_pend[m0];
    bool err = nb_check_copies(v, c0, c1, shared, copy_ok);

    return !nb_check_maps(v, m0, m1, shared, err);
}

/*
 * xenvif_tx_submit(): every skb of the poll, in order: its ops checked (the
 * copied slots answered, a failed skb's slots all answered), then the
 * bridge takes it. Then the dealloc batch.
 */
static void nb_tx_submit(struct net_vif *v, struct linux_kernel *k)
{
    struct nb_tx_batch *b = &v->txb;
    bool copy_ok;

    nb_tx_issue(v, k, &copy_ok); /* a failed map hypercall leaves none mapped */
    if (k->bugged) /* the kernel died in the poll: nothing is answered any more */
        return;

    for (unsigned i = 0; i < b->nr_skb; i++) {
        struct nb_skb *skb = &b->skb[i];

        if (!nb_tx_check_gop(v, i, copy_ok)) {
            net_refuse(v, GNTSIM_NET_BAD_REF, "grant copy or map failed");
            skb->nr_pend = 0; /* every slot answered by the check */
            netback_skb_free(v, skb);
            continue;
        }
        bridge_tx(v, skb);
    }
    b->nr_skb = b->nr_cop = b->nr_map = 0;
    nb_tx_dealloc(v);
}

/* Out of pending slots: the @nt slots taken for @skb answered, its ops dropped. */
static void nb_tx_build_undo(struct net_vif *v, struct nb_skb *skb, const uint16_t *taken,
                             unsigned nt)
{
    struct nb_tx_batch *b = &v->txb;

    b->nr_cop = b->skb_cop[b->nr_skb];
    b->nr_map = b->skb_map[b->nr_skb];
    for (unsigned j = 0; j < nt; j++)
        nb_idx_release(v, taken[j], NETIF_RSP_OKAY);
    skb->nr_pend = 0;
    netback_skb_free(v, skb);
}

/*
 * The bytes grant-copied into the skb's linear area. Since ad7f402ae4f4
 * (XSA-423) the first XEN_NETBACK_TX_COPY_LEN of the packet, over as many
 * slots as they span. Before, only the first slot's own bytes, at most
 * XEN_NETBACK_TX_COPY_LEN unless the packet had XEN_NETBK_LEGACY_SLOTS_MAX
 * more slots: the protocol headers could lie in the mapped frags.
 */
static uint32_t nb_head_len(const struct linux_kernel *k, const netif_tx_request_t *slots,
                            unsigned n, uint32_t total)
{
    if (!k->xsa.netback_head_slot)
        return total < NETBACK_TX_COPY_LEN ? total : NETBACK_TX_COPY_LEN;
    if (slots[0].size > NETBACK_TX_COPY_LEN && n - 1 < NETBACK_LEGACY_SLOTS)
        return NETBACK_TX_COPY_LEN;
    return slots[0].size;
}

/*
 * xenvif_get_requests() between ad7f402ae4f4 and 534fc31d09b7 (XSA-432)
 * counted nr_slots as the frags plus the head, leaving out the slots past
 * MAX_SKB_FRAGS (frag_overflow), and took one off for each slot the head
 * copy used up: a head and XEN_NETBK_LEGACY_SLOTS_MAX slots of at most
 * XEN_NETBACK_TX_COPY_LEN bytes in all use up one more than it counted. The
 * unsigned count wraps and the map-op loops run past queue->tx_map_ops
 * (S15); gntsim stops the packet there, every slot ERROR. True if so.
 */
static bool nb_tx_nr_slots_wrap(struct net_vif *v, struct linux_kernel *k,
                                const netif_tx_request_t *slots, unsigned n,
                                uint32_t head)
{
    unsigned frags = n - 1 < NETBACK_MAX_FRAGS ? n - 1 : NETBACK_MAX_FRAGS, used = 0;
    char what[160];

    if (!k->xsa.netback_nr_slots || k->xsa.netback_head_slot)
        return false;
    for (uint32_t sum = 0; used < n && sum + slots[used].size <= head; used++)
        sum += slots[used].size;
    if (used <= frags + 1)
        return false;
    snprintf(what, sizeof(what),
             "vif%u netback: the head copy used up %u slots, nr_slots counted %u: "
             "it wraps and the map ops run past tx_map_ops",
             v->id, used, frags + 1);
    linux_overrun(k, what);
    nb_tx_err(v, slots, n, NETIF_RSP_ERROR);
    return true;
}

/* Build the skb of @n checked slots (@total bytes) into the poll's tx_queue. */
static void nb_tx_build(struct net_vif *v, struct linux_kernel *k,
                        const netif_tx_request_t *slots, unsigned n, uint32_t total)
{
    struct nb_tx_batch *b = &v->txb;
    struct nb_skb *skb = &b->skb[b->nr_skb];
    uint32_t copy_left = nb_head_len(k, slots, n, total);
    uint16_t taken[NETBACK_FATAL_SLOTS];
    unsigned nt = 0;

    if (nb_tx_nr_slots_wrap(v, k, slots, n, copy_left))
        return;
    if (copy_left < (total < NET_HDRS_LEN ? total : NET_HDRS_LEN))
        v->st.tx_head_split++; /* headers partly in the frags (XSA-423) */

    /* the frag and pend arrays are read only below their counts: not cleared */
    skb->len = total;
    skb->lin_len = copy_left;
    skb->nr_frags = skb->nr_pend = 0;
    b->skb_cop[b->nr_skb] = (uint16_t)b->nr_cop;
    b->skb_map[b->nr_skb] = (uint16_t)b->nr_map;
    skb->lin_pfn = linux_page_alloc_raw(k); /* alloc_skb(): data not zeroed */
    for (unsigned i = 0; i < n; i++) {
        int p;

        if (!slots[i].size) { /* XSA-448: answered now, no grant op (get_requests) */
            if (i)
                net_refuse(v, GNTSIM_NET_ZERO_FRAG, "zero-length fragment");
            nb_tx_respond(v, slots[i].id, NETIF_RSP_OKAY);
            continue;
        }
        p = skb->lin_pfn ? nb_pend_get(v) : -1;
        if (p < 0) { /* out of memory: drop, answer what is not pending */
            nb_tx_build_undo(v, skb, taken, nt);
            nb_tx_err(v, slots + i, n - i, NETIF_RSP_DROPPED);
            return;
        }
        taken[nt++] = (uint16_t)p;
        v->pend[p].req = slots[i];
        nb_plan_slot(v, skb, b, &slots[i], (uint16_t)p, &copy_left);
    }
    b->nr_skb++;
}

/*
 * Before 68a33bfd8403 (XSA-155) xenvif_tx_build_gops() memcpy()d the request
 * out of the shared ring, and nothing kept the compiler from reading the ring
 * again where the copy's fields are used: the checks saw one request, the ops
 * are built from what the frontend wrote since. Re-read the first of @n slots'
 * ref, offset and size (less the @rest bytes of the later slots, in the
 * field's 16 bits, as xenvif_count_requests() took them off). False when its
 * bytes now run past their page: the skb would make dom0 read beyond the page
 * it maps (S15); gntsim stops the packet there (every slot ERROR) rather than
 * model what lies beyond.
 */
static bool nb_tx_refetch(struct net_vif *v, struct linux_kernel *k,
                          netif_tx_request_t *slots, unsigned n, uint16_t rest)
{
    const netif_tx_request_t *shared = RING_GET_REQUEST(&v->btx, v->btx.req_cons - n);
    netif_tx_request_t checked = slots[0];
    char what[160];

    slots[0].gref = shared->gref;
    slots[0].offset = shared->offset;
    slots[0].size = (uint16_t)(shared->size - rest);
    if (slots[0].offset + (uint32_t)slots[0].size <= PAGE_SIZE)
        return true;
    snprintf(what, sizeof(what),
             "vif%u netback skb of ref %u ends %u bytes past its page (read again: "
             "offset %u size %u; checked: %u + %u)",
             v->id, slots[0].gref, slots[0].offset + slots[0].size - PAGE_SIZE,
             slots[0].offset, slots[0].size, checked.offset, checked.size);
    linux_overrun(k, what);
    nb_tx_err(v, slots, n, NETIF_RSP_ERROR);
    return false;
}

/* Checks of one packet whose first request is @slots[0]. False: stop (fatal). */
static bool nb_tx_one(struct net_vif *v, struct linux_kernel *k,
                      netif_tx_request_t *slots)
{
    uint32_t total = slots[0].size;
    int n;

    if (slots[0].flags & NETTXF_extra_info) {
        net_refuse(v, GNTSIM_NET_SLOT_SIZE, "extra info not negotiated");
        nb_tx_err(v, slots, 1, NETIF_RSP_ERROR);
        return true;
    }
    n = nb_count_requests(v, slots);
    if (n == -1)
        return false;
    if (n < -1) {
        nb_tx_drop(v, slots, (unsigned)(-n - 2));
        return true;
    }
    v->btx.req_cons += (RING_IDX)(n - 1);
    if (slots[0].offset + (uint32_t)slots[0].size > PAGE_SIZE)
        return nb_fatal(v, GNTSIM_NET_CROSS_PAGE, "cross page boundary"), false;
    if (total < NET_ETH_HLEN) {
        net_refuse(v, GNTSIM_NET_SHORT, "packet shorter than an Ethernet header");
        nb_tx_err(v, slots, (unsigned)n, NETIF_RSP_ERROR);
        return true;
    }
    if (k->xsa.netback_refetch &&
        !nb_tx_refetch(v, k, slots, (unsigned)n, (uint16_t)(total - slots[0].size)))
        return true;
    nb_tx_build(v, k, slots, (unsigned)n, total);
    return true;
}

/*
 * xenvif_tx_build_gops() for one NAPI poll: consume requests until the
 * budget of skbs is built, the ring is empty or an error is fatal. True
 * when the budget stopped it (the poll is rescheduled).
 */
static bool nb_tx_build_gops(struct net_vif *v, struct linux_kernel *k)
{
    netif_tx_request_t slots[NETBACK_FATAL_SLOTS];
    struct nb_tx_batch *b = &v->txb;
    int work;

    while (!v->st.back_disabled) {
        if (b->nr_skb == NETBACK_NAPI_BUDGET)
            return true;
        RING_FINAL_CHECK_FOR_REQUESTS(&v->btx, work);
        if (!work)
            break;
        if (v->btx.sring->req_prod - v->btx.req_cons > NET_TX_RING_SIZE) {
            nb_fatal(v, GNTSIM_NET_RING_OVERFLOW, "impossible number of requests");
            break;
        }
        RING_COPY_REQUEST(&v->btx, v->btx.req_cons, &slots[0]);
        if (v->after_fetch)
            v->after_fetch(v->hook_ctx, v, v->btx.req_cons);
        v->btx.req_cons++;
        if (!nb_tx_one(v, k, slots))
            break;
    }
    return false;
}

/* xenvif_poll() until done: build the poll's ops, issue them, submit the skbs. */
static void netback_tx_action(struct net_vif *v)
{
    struct linux_kernel *k = v->kb;
    bool more = k != NULL;

    while (more) {
        more = nb_tx_build_gops(v, k);
        nb_tx_submit(v, k);
        more = more && !k->bugged;
    }
}

void netback_interrupt(void *ctx, uint64_t arg)
{
    struct net_world *nw = ctx;
    struct net_vif *v = net_vif(nw, (unsigned)arg);

    if (!v)
        return;
    v->back_work_queued = false;
    if (!v->connected || v->st.back_disabled || (v->kb && v->kb->bugged))
        return;
    netback_tx_action(v);
    if (!v->st.back_disabled && !(v->kb && v->kb->bugged))
        netback_rx_action(v);
}
