/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI (see evtchn.h). Models xen/common/
 * event_channel.c (get_free_port, evtchn_alloc_unbound,
 * evtchn_bind_interdomain, evtchn_close, evtchn_send, evtchn_status,
 * evtchn_unmask) and xen/common/event_2l.c (evtchn_2l_set_pending,
 * evtchn_2l_unmask): only the free, reserved, unbound and interdomain
 * states; one vCPU's vcpu_info (Arm: XEN_LEGACY_MAX_VCPUS = 1, every port
 * notifies vCPU 0).
 */
#include <stdint.h>
#include <stdlib.h>

#include <xen/xen.h>
#include <xen/event_channel.h>
#include "xen/public/shared_info.h"

#include "xen/evtchn.h"
#include "env/sched.h"

#define EVTCHN_WORD 64u /* BITS_PER_EVTCHN_WORD */

enum evtchn_state { ECS_FREE, ECS_RESERVED, ECS_UNBOUND, ECS_INTERDOMAIN };

struct evtchn_port {
    uint8_t state;        /* enum evtchn_state */
    uint16_t remote_dom;  /* unbound: who may bind; interdomain: the peer */
    uint32_t remote_port; /* interdomain only */
};

struct evtchn_domain {
    uint64_t si_mfn, si_gfn; /* the shared_info page */
    evtchn_upcall_fn upcall;
    void *upcall_ctx;
    struct evtchn_port port[EVTCHN_NR_PORTS];
};

static struct shared_info_arm64 *evtchn_si(const struct xen *x, const struct domain *d)
{
    return (struct shared_info_arm64 *)(void *)hw_mem_frame(x->mem, d->evtchn->si_mfn);
}

static bool bit_test_and_set(uint64_t *words, unsigned bit)
{
    uint64_t m = 1ull << (bit % EVTCHN_WORD);
    bool old = words[bit / EVTCHN_WORD] & m;

    words[bit / EVTCHN_WORD] |= m;
    return old;
}

static bool bit_test_and_clear(uint64_t *words, unsigned bit)
{
    uint64_t m = 1ull << (bit % EVTCHN_WORD);
    bool old = words[bit / EVTCHN_WORD] & m;

    words[bit / EVTCHN_WORD] &= ~m;
    return old;
}

static bool bit_test(const uint64_t *words, unsigned bit)
{
    return words[bit / EVTCHN_WORD] & (1ull << (bit % EVTCHN_WORD));
}

int evtchn_domain_init(struct xen *x, struct domain *d, uint64_t shared_info_gfn)
{
    struct evtchn_domain *e;
    struct p2m_entry old;
    uint64_t mfn;

    if (d->evtchn)
        return 0;
    if (!p2m_lookup(x, &d->p2m, shared_info_gfn, &old))
        return -EBUSY; /* gntsim's choice of gfn collides with the guest's RAM */
    e = frames_alloc_fails(&x->frames) ? NULL : calloc(1, sizeof(*e)); /* xzalloc */
    /* a xenheap page shared with the guest (share_xen_page_with_guest): owner = d */
    mfn = e ? frames_alloc(&x->frames, x->mem, d->domid) : INVALID_MFN;
    if (mfn == INVALID_MFN ||
        p2m_set_entry(x, &d->p2m, shared_info_gfn, mfn, P2M_RAM_RW)) {
        if (mfn != INVALID_MFN)
            frames_put(&x->frames, mfn);
        free(e);
        return -ENOMEM;
    }
    e->si_mfn = mfn;
    e->si_gfn = shared_info_gfn;
    e->port[0].state = ECS_RESERVED; /* evtchn_init(): port 0 is never handed out */
    d->evtchn = e;
    return 0;
}

void evtchn_domain_fini(struct xen *x, struct domain *d)
{
    if (!d->evtchn)
        return;
    /* the P2M entry goes with the P2M (p2m_teardown follows in domain destruction) */
    frames_put(&x->frames, d->evtchn->si_mfn);
    free(d->evtchn);
    d->evtchn = NULL;
}

void evtchn_set_upcall(struct xen *x, struct domain *d, evtchn_upcall_fn fn, void *ctx)
{
    if (evtchn_domain_init(x, d, EVTCHN_SHARED_INFO_GFN))
        return;
    d->evtchn->upcall = fn;
    d->evtchn->upcall_ctx = ctx;
}

/* The vGIC's PPI reaching the guest: run its upcall handler, if it registered one. */
static void evtchn_deliver(void *ctx, uint64_t arg)
{
    struct xen *x = ctx;
    struct domain *d = xen_domain(x, (uint16_t)arg);

    if (!d || !d->evtchn || !d->evtchn->upcall || d->crashed || x->crashed)
        return;
    TRACE(x->trace, EVTCHN_UPCALL, TA_U(d->domid));
    d->evtchn->upcall(d->evtchn->upcall_ctx, d->domid);
}

/* vcpu_mark_events_pending(): the upcall is queued only on the 0 -> 1 transition. */
static void evtchn_mark_events_pending(struct xen *x, struct domain *d)
{
    struct shared_info_arm64 *si = evtchn_si(x, d);

    if (si->vcpu_info[0].evtchn_upcall_pending)
        return;
    si->vcpu_info[0].evtchn_upcall_pending = 1;
    if (x->sched)
        sched_at(x->sched, 0, evtchn_deliver, x, d->domid);
}

/* event_2l.c evtchn_2l_set_pending(). */
static void evtchn_set_pending(struct xen *x, struct domain *d, unsigned port)
{
    struct shared_info_arm64 *si = evtchn_si(x, d);
    bool raise = false;

    if (bit_test_and_set(si->evtchn_pending, port))
        return;
    if (!bit_test(si->evtchn_mask, port) &&
        !bit_test_and_set(&si->vcpu_info[0].evtchn_pending_sel, port / EVTCHN_WORD)) {
        raise = !si->vcpu_info[0].evtchn_upcall_pending;
        evtchn_mark_events_pending(x, d);
    }
    TRACE(x->trace, EVTCHN_PENDING, TA_U(d->domid), TA_U(port), TA_U(raise));
}

/* event_2l.c evtchn_2l_unmask(). */
static void evtchn_2l_unmask(struct xen *x, struct domain *d, unsigned port)
{
    struct shared_info_arm64 *si = evtchn_si(x, d);

    if (bit_test_and_clear(si->evtchn_mask, port) && bit_test(si->evtchn_pending, port) &&
        !bit_test_and_set(&si->vcpu_info[0].evtchn_pending_sel, port / EVTCHN_WORD))
        evtchn_mark_events_pending(x, d);
}

/*
 * rcu_lock_domain_by_any_id() with lazy event-channel state; NULL: no such domain. A
 * dying domain is found too, without state (d->evtchn NULL): evtchn_destroy() closed
 * all its ports, which stay valid (valid_evtchns shrinks only on preemption,
 * 8fe7b5f996), and get_free_port() refuses it (-EINVAL).
 */
static struct domain *evtchn_lookup(struct xen *x, struct domain *cur, uint16_t dom)
{
    struct domain *d = dom == DOMID_SELF ? cur : xen_domain_or_dying(x, dom);

    if (d && d->is_dying && !d->evtchn)
        return d;
    if (d && evtchn_domain_init(x, d, EVTCHN_SHARED_INFO_GFN))
        return NULL;
    return d;
}

/* get_free_port(): the lowest free port. Returns it, or -ENOSPC / -EINVAL (dying). */
static int evtchn_get_free_port(struct domain *d)
{
    if (d->is_dying)
        return -EINVAL;
    for (unsigned p = 0; p < EVTCHN_NR_PORTS; p++)
        if (d->evtchn->port[p].state == ECS_FREE)
            return (int)p;
    return -ENOSPC;
}

/* evtchn_free(): the port is free again, its pending bit cleared (2l clear_pending). */
static void evtchn_free_port(struct xen *x, struct domain *d, unsigned port)
{
    d->evtchn->port[port] = (struct evtchn_port){.state = ECS_FREE};
    bit_test_and_clear(evtchn_si(x, d)->evtchn_pending, port);
}

/* event_channel.c evtchn_alloc_unbound(); XSM_TARGET: self or a privileged caller. */
static long evtchn_alloc_unbound_op(struct xen *x, struct domain *cur,
                                    struct evtchn_alloc_unbound *a)
{
    struct domain *d = evtchn_lookup(x, cur, a->dom);
    int port;

    if (!d)
        return -ESRCH;
    port = evtchn_get_free_port(d);
    if (port < 0)
        return port;
    if (d != cur && !cur->is_hwdom)
        return -EPERM;
    d->evtchn->port[port] = (struct evtchn_port){
        .state = ECS_UNBOUND,
        .remote_dom = a->remote_dom == DOMID_SELF ? cur->domid : a->remote_dom};
    a->port = (evtchn_port_t)port;
    return 0;
}

/* event_channel.c evtchn_bind_interdomain(), then the conservative set_pending. */
static long evtchn_bind_interdomain_op(struct xen *x, struct domain *ld,
                                       struct evtchn_bind_interdomain *b)
{
    struct domain *rd = evtchn_lookup(x, ld, b->remote_dom);
    struct evtchn_port *rchn;
    int lport;

    if (!rd)
        return -ESRCH;
    lport = evtchn_get_free_port(ld);
    if (lport < 0)
        return lport;
    if (b->remote_port >= EVTCHN_NR_PORTS)
        return -EINVAL;
    if (!rd->evtchn)
        return -EINVAL; /* dying: every port closed (ECS_FREE) */
    rchn = &rd->evtchn->port[b->remote_port];
    if (rchn->state != ECS_UNBOUND || rchn->remote_dom != ld->domid)
        return -EINVAL;
    ld->evtchn->port[lport] = (struct evtchn_port){
        .state = ECS_INTERDOMAIN, .remote_dom = rd->domid, .remote_port = b->remote_port};
    *rchn = (struct evtchn_port){.state = ECS_INTERDOMAIN,
                                 .remote_dom = ld->domid,
                                 .remote_port = (uint32_t)lport};
    b->local_port = (evtchn_port_t)lport;
    evtchn_set_pending(x, ld, (unsigned)lport);
    return 0;
}

/* event_channel.c evtchn_close(): an interdomain peer goes back to unbound. */
static long evtchn_close_op(struct xen *x, struct domain *d1, unsigned port)
{
    struct evtchn_port *chn1 = port < EVTCHN_NR_PORTS ? &d1->evtchn->port[port] : NULL;
    struct domain *d2;

    if (!chn1 || chn1->state == ECS_FREE || chn1->state == ECS_RESERVED)
        return -EINVAL;
    if (chn1->state == ECS_INTERDOMAIN) {
        d2 = xen_domain(x, chn1->remote_dom);
        GNTSIM_ASSERT("C8", d2 && d2->evtchn); /* Xen: BUG_ON(!chn2) */
        d2->evtchn->port[chn1->remote_port] =
            (struct evtchn_port){.state = ECS_UNBOUND, .remote_dom = d1->domid};
    }
    evtchn_free_port(x, d1, port);
    return 0;
}

/* event_channel.c evtchn_send(): unbound ports drop the notification silently. */
static long evtchn_send_op(struct xen *x, struct domain *ld, unsigned lport)
{
    const struct evtchn_port *lchn =
        lport < EVTCHN_NR_PORTS ? &ld->evtchn->port[lport] : NULL;
    struct domain *rd;

    if (!lchn)
        return -EINVAL;
    switch (lchn->state) {
    case ECS_INTERDOMAIN:
        rd = xen_domain(x, lchn->remote_dom);
        GNTSIM_ASSERT("C8", rd && rd->evtchn);
        evtchn_set_pending(x, rd, lchn->remote_port);
        return 0;
    case ECS_UNBOUND:
        return 0;
    default:
        return -EINVAL;
    }
}

/* event_channel.c evtchn_status(); XSM_TARGET as for alloc_unbound. */
static long evtchn_status_op(struct xen *x, struct domain *cur, struct evtchn_status *s)
{
    struct domain *d = evtchn_lookup(x, cur, s->dom);
    const struct evtchn_port *chn;

    if (!d)
        return -ESRCH;
    if (s->port >= EVTCHN_NR_PORTS)
        return -EINVAL;
    if (d != cur && !cur->is_hwdom)
        return -EPERM;
    if (!d->evtchn) { /* dying: every port closed */
        s->status = EVTCHNSTAT_closed;
        s->vcpu = 0;
        return 0;
    }
    chn = &d->evtchn->port[s->port];
    switch (chn->state) {
    case ECS_UNBOUND:
        s->status = EVTCHNSTAT_unbound;
        s->u.unbound.dom = chn->remote_dom;
        break;
    case ECS_INTERDOMAIN:
        s->status = EVTCHNSTAT_interdomain;
        s->u.interdomain.dom = chn->remote_dom;
        s->u.interdomain.port = chn->remote_port;
        break;
    default:
        s->status = EVTCHNSTAT_closed;
        break;
    }
    s->vcpu = 0;
    return 0;
}

static const char *evtchn_op_name(int cmd)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return "alloc_unbound";
    case EVTCHNOP_bind_interdomain:
        return "bind_interdomain";
    case EVTCHNOP_close:
        return "close";
    case EVTCHNOP_send:
        return "send";
    case EVTCHNOP_status:
        return "status";
    case EVTCHNOP_unmask:
        return "unmask";
    default:
        return "unknown";
    }
}

/* The port an op names (for the trace), after it ran. */
static uint32_t evtchn_op_port(int cmd, const void *arg)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return ((const struct evtchn_alloc_unbound *)arg)->port;
    case EVTCHNOP_bind_interdomain:
        return ((const struct evtchn_bind_interdomain *)arg)->local_port;
    case EVTCHNOP_close:
        return ((const struct evtchn_close *)arg)->port;
    case EVTCHNOP_send:
        return ((const struct evtchn_send *)arg)->port;
    case EVTCHNOP_status:
        return ((const struct evtchn_status *)arg)->port;
    default:
        return ((const struct evtchn_unmask *)arg)->port;
    }
}

static long evtchn_dispatch(struct xen *x, struct domain *d, int cmd, void *arg)
{
    unsigned port;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return evtchn_alloc_unbound_op(x, d, arg);
    case EVTCHNOP_bind_interdomain:
        return evtchn_bind_interdomain_op(x, d, arg);
    case EVTCHNOP_close:
        return evtchn_close_op(x, d, ((struct evtchn_close *)arg)->port);
    case EVTCHNOP_send:
        return evtchn_send_op(x, d, ((struct evtchn_send *)arg)->port);
    case EVTCHNOP_status:
        return evtchn_status_op(x, d, arg);
    case EVTCHNOP_unmask:
        port = ((struct evtchn_unmask *)arg)->port;
        if (port >= EVTCHN_NR_PORTS)
            return -EINVAL;
        evtchn_2l_unmask(x, d, port);
        return 0;
    default:
        return -ENOSYS;
    }
}

long evtchn_hypercall(struct xen *x, struct domain *d, int cmd, void *arg)
{
    long rc;

    if (!arg)
        return cmd == EVTCHNOP_alloc_unbound || cmd == EVTCHNOP_bind_interdomain ||
                       cmd == EVTCHNOP_close || cmd == EVTCHNOP_send ||
                       cmd == EVTCHNOP_status || cmd == EVTCHNOP_unmask
                   ? -EFAULT
                   : -ENOSYS;
    if (evtchn_domain_init(x, d, EVTCHN_SHARED_INFO_GFN))
        return -ENOMEM;
    rc = evtchn_dispatch(x, d, cmd, arg);
    TRACE(x->trace, EVTCHN_OP, TA_U(d->domid), TA_S(evtchn_op_name(cmd)),
          TA_U(rc ? 0 : evtchn_op_port(cmd, arg)), TA_D(rc));
    return rc;
}
