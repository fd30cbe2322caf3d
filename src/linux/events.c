/* SPDX-License-Identifier: MIT */
/*
 * The kernel's event channels (see events.h): Linux drivers/xen/events/
 * events_base.c (bind_*_to_irq, unbind_from_irq, notify_remote_via_evtchn)
 * and events_2l.c (evtchn_2l_handle_events, evtchn_2l_unmask, mask_evtchn,
 * xen_evtchn_mask_all), with the shared_info page read and written through
 * the kernel's own stage-2 mapping. Simplification: the upcall scans words
 * and bits from 0 each time (Linux resumes after the last port it handled,
 * for fairness).
 */
#include <stdint.h>
#include <stdlib.h>

#include <xen/xen.h>
#include <xen/event_channel.h>
#include "xen/public/shared_info.h"

#include "linux/events.h"

#define EV_WORD 64u
#define SI_IPA  (k->env.shared_info_ipa)
#define SI_SEL                                                                           \
    (SI_IPA + offsetof(struct shared_info_arm64, vcpu_info[0].evtchn_pending_sel))
#define SI_UPCALL                                                                        \
    (SI_IPA + offsetof(struct shared_info_arm64, vcpu_info[0].evtchn_upcall_pending))
#define SI_PEND(p)                                                                       \
    (SI_IPA + offsetof(struct shared_info_arm64, evtchn_pending) + (p) / EV_WORD * 8u)
#define SI_MASK(p)                                                                       \
    (SI_IPA + offsetof(struct shared_info_arm64, evtchn_mask) + (p) / EV_WORD * 8u)

struct linux_evtchn_irq {
    linux_evtchn_handler fn;
    void *ctx;
};

struct linux_events {
    struct linux_evtchn_irq
        irq[LINUX_EVTCHN_NR_PORTS]; /* evtchn_to_irq + the irq's action */
};

/* One 64-bit (or 8-bit) CPU load/store in the kernel's shared_info mapping. */
static int si_rw(const struct linux_kernel *k, uint64_t ipa, void *val, size_t len,
                 bool write)
{
    uint64_t pa;
    int rc = linux_ipa_to_pa(k, ipa, &pa);

    if (!rc)
        rc = write ? hw_cpu_write(k->env.cache, pa, val, len)
                   : hw_cpu_read(k->env.cache, pa, val, len);
    return rc ? -EFAULT : 0;
}

static int si_read64(const struct linux_kernel *k, uint64_t ipa, uint64_t *v)
{
    return si_rw(k, ipa, v, sizeof(*v), false);
}

static int si_write64(const struct linux_kernel *k, uint64_t ipa, uint64_t v)
{
    return si_rw(k, ipa, &v, sizeof(v), true);
}

/* sync_set_bit / sync_clear_bit on a shared_info bitmap word; *@old gets the bit. */
static int si_bit(const struct linux_kernel *k, uint64_t ipa, unsigned bit, int set,
                  bool *old)
{
    uint64_t v, m = 1ull << (bit % EV_WORD);
    int rc = si_read64(k, ipa, &v);

    if (!rc && old)
        *old = v & m;
    if (!rc && set >= 0)
        rc = si_write64(k, ipa, set ? v | m : v & ~m);
    return rc;
}

static void linux_evtchn_upcall(void *ctx, uint16_t domid);

/* xen_init_IRQ(): state, the upcall (vGIC PPI) and every port masked. 0 or -errno. */
static int linux_events_get(struct linux_kernel *k)
{
    int rc = 0;

    if (k->events)
        return 0;
    if (!k->env.ops->vcpu_runs(k->env.board, k->domid))
        return -EIO;
    k->events = calloc(1, sizeof(*k->events));
    if (!k->events)
        return -ENOMEM;
    k->env.ops->set_upcall(k->env.board, k->domid, linux_evtchn_upcall, k);
    for (unsigned i = 0; !rc && i < LINUX_EVTCHN_NR_PORTS / EV_WORD; i++)
        rc = si_write64(k, SI_MASK(i * EV_WORD), UINT64_MAX); /* xen_evtchn_mask_all */
    if (rc) {
        linux_events_free(k);
        return rc;
    }
    return 0;
}

void linux_events_free(struct linux_kernel *k)
{
    free(k->events);
    k->events = NULL;
}

/* HYPERVISOR_event_channel_op from @k's vCPU 0; -EIO once Xen or the domain crashed. */
static long linux_evtchn_op(struct linux_kernel *k, int cmd, void *arg)
{
    int rc = linux_events_get(k);

    if (rc)
        return rc;
    return k->env.ops->hypercall(k->env.board, k->domid, 0, __HYPERVISOR_event_channel_op,
                                 (unsigned long)cmd, arg, 0);
}

int linux_evtchn_alloc_unbound(struct linux_kernel *k, gntsim_domid_t remote,
                               uint32_t *port)
{
    struct evtchn_alloc_unbound op = {.dom = DOMID_SELF, .remote_dom = remote};
    long rc = linux_evtchn_op(k, EVTCHNOP_alloc_unbound, &op);

    if (!rc)
        *port = op.port;
    return (int)rc;
}

int linux_evtchn_bind_interdomain(struct linux_kernel *k, gntsim_domid_t remote,
                                  uint32_t remote_port, uint32_t *local_port)
{
    struct evtchn_bind_interdomain op = {.remote_dom = remote,
                                         .remote_port = remote_port};
    long rc = linux_evtchn_op(k, EVTCHNOP_bind_interdomain, &op);

    if (!rc)
        *local_port = op.local_port;
    return (int)rc;
}

int linux_evtchn_notify(struct linux_kernel *k, uint32_t port)
{
    struct evtchn_send op = {.port = port};

    return (int)linux_evtchn_op(k, EVTCHNOP_send, &op);
}

int linux_evtchn_mask(struct linux_kernel *k, uint32_t port)
{
    int rc = linux_events_get(k);

    if (!rc && port >= LINUX_EVTCHN_NR_PORTS)
        rc = -EINVAL;
    return rc ? rc : si_bit(k, SI_MASK(port), port, 1, NULL);
}

/* events_2l.c evtchn_2l_unmask() on Arm (xen_hvm_domain()): pending -> hypercall. */
int linux_evtchn_unmask(struct linux_kernel *k, uint32_t port)
{
    struct evtchn_unmask op = {.port = port};
    bool pending = false;
    int rc = linux_events_get(k);

    if (!rc && port >= LINUX_EVTCHN_NR_PORTS)
        rc = -EINVAL;
    if (!rc) /* clear the mask before looking at pending: no lost event */
        rc = si_bit(k, SI_MASK(port), port, 0, NULL);
    if (!rc)
        rc = si_bit(k, SI_PEND(port), port, -1, &pending);
    if (rc || !pending)
        return rc;
    /* EVTCHNOP_unmask only raises the upcall for a masked port: re-mask first */
    rc = si_bit(k, SI_MASK(port), port, 1, NULL);
    return rc ? rc : (int)linux_evtchn_op(k, EVTCHNOP_unmask, &op);
}

int linux_evtchn_bind_handler(struct linux_kernel *k, uint32_t port,
                              linux_evtchn_handler fn, void *ctx)
{
    int rc = linux_events_get(k);

    if (rc)
        return rc;
    if (port >= LINUX_EVTCHN_NR_PORTS || !fn)
        return -EINVAL;
    if (k->events->irq[port].fn)
        return -EBUSY;
    k->events->irq[port] = (struct linux_evtchn_irq){.fn = fn, .ctx = ctx};
    rc = linux_evtchn_unmask(k, port); /* startup_dynirq */
    if (rc)
        k->events->irq[port] = (struct linux_evtchn_irq){0};
    return rc;
}

int linux_evtchn_close(struct linux_kernel *k, uint32_t port)
{
    struct evtchn_close op = {.port = port};
    int rc = linux_events_get(k);

    if (rc)
        return rc;
    if (port >= LINUX_EVTCHN_NR_PORTS)
        return -EINVAL;
    k->events->irq[port] = (struct linux_evtchn_irq){0};
    si_bit(k, SI_MASK(port), port, 1, NULL); /* shutdown_dynirq: mask_evtchn */
    return (int)linux_evtchn_op(k, EVTCHNOP_close, &op);
}

/* The next port > @after (or >= 0 when @after < 0) pending and unmasked in word @wi. */
static int ev_next_port(struct linux_kernel *k, unsigned wi, int after)
{
    uint64_t pend, mask, bits;

    if (si_read64(k, SI_PEND(wi * EV_WORD), &pend) ||
        si_read64(k, SI_MASK(wi * EV_WORD), &mask))
        return -1;
    bits = pend & ~mask;
    if (after >= 0)
        bits &= (after % (int)EV_WORD == (int)EV_WORD - 1)
                    ? 0
                    : ~0ull << ((unsigned)after % EV_WORD + 1);
    return bits ? (int)(wi * EV_WORD) + __builtin_ctzll(bits) : -1;
}

/* One word of evtchn_2l_handle_events(): ack (clear pending) then run each handler. */
static void ev_handle_word(struct linux_kernel *k, unsigned wi)
{
    struct linux_evtchn_irq irq;

    for (int port = ev_next_port(k, wi, -1); port >= 0;
         port = ev_next_port(k, wi, port)) {
        irq = k->events ? k->events->irq[port] : (struct linux_evtchn_irq){0};
        if (!irq.fn)
            continue; /* evtchn_to_irq == -1: left pending, as Linux does */
        si_bit(k, SI_PEND(port), (unsigned)port, 0, NULL); /* ack_dynirq */
        irq.fn(k, (uint32_t)port, irq.ctx);
    }
}

/* __xen_evtchn_do_upcall(): clear upcall_pending, xchg pending_sel, scan the words. */
static void linux_evtchn_upcall(void *ctx, uint16_t domid)
{
    struct linux_kernel *k = ctx;
    uint8_t zero = 0;
    uint64_t sel;

    _Static_assert(LINUX_EVTCHN_NR_PORTS / EV_WORD == 64,
                   "a selector bit per word, none beyond");
    (void)domid;
    if (!k->events || si_rw(k, SI_UPCALL, &zero, 1, true) || si_read64(k, SI_SEL, &sel) ||
        si_write64(k, SI_SEL, 0))
        return;
    for (; sel; sel &= sel - 1) /* the selected words, lowest first */
        ev_handle_word(k, (unsigned)__builtin_ctzll(sel));
}

bool linux_evtchn_bound_to(const struct linux_kernel *k, uint32_t port,
                           linux_evtchn_handler fn, void **ctx)
{
    if (!k->events || port >= LINUX_EVTCHN_NR_PORTS || k->events->irq[port].fn != fn)
        return false;
    if (ctx)
        *ctx = k->events->irq[port].ctx;
    return true;
}

int linux_evtchn_bind_virq(struct linux_kernel *k, uint32_t virq, uint32_t *port)
{
    struct evtchn_bind_virq op = {.virq = virq, .vcpu = 0};
    long rc = linux_evtchn_op(k, EVTCHNOP_bind_virq, &op);

    if (!rc)
        *port = op.port;
    return (int)rc;
}
