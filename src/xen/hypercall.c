/* SPDX-License-Identifier: MIT */
/* The hypercall entry and its table (xen/arch/arm/traps.c arm_hypercall_table). */
#include <errno.h>

#include "xen/evtchn.h"
#include "xen/features.h"
#include "xen/gnttab/gnttab.h"
#include "xen/hypercall.h"
#include "xen/xen.h"

typedef long (*hypercall_fn)(struct xen *x, struct domain *d, unsigned vcpu,
                             const struct xen_hypercall_args *a);

static long hc_grant_table_op(struct xen *x, struct domain *d, unsigned vcpu,
                              const struct xen_hypercall_args *a)
{
    if (a->count > UINT32_MAX)
        return -EINVAL; /* the count is an unsigned int argument */
    return gnttab_hypercall(x, d, vcpu, (uint32_t)a->cmd, a->arg, (uint32_t)a->count);
}

static long hc_event_channel_op(struct xen *x, struct domain *d, unsigned vcpu,
                                const struct xen_hypercall_args *a)
{
    (void)vcpu;
    return evtchn_hypercall(x, d, (int)a->cmd, a->arg);
}

static long hc_xen_version(struct xen *x, struct domain *d, unsigned vcpu,
                           const struct xen_hypercall_args *a)
{
    (void)vcpu;
    return xen_version_hypercall(x, d, (int)a->cmd, a->arg);
}

static const hypercall_fn hypercall_table[] = {
    [__HYPERVISOR_xen_version] = hc_xen_version,
    [__HYPERVISOR_grant_table_op] = hc_grant_table_op,
    [__HYPERVISOR_event_channel_op] = hc_event_channel_op,
};

long xen_hypercall(struct xen *x, uint16_t domid, unsigned vcpu, unsigned op,
                   const struct xen_hypercall_args *a)
{
    struct domain *d = xen_domain(x, domid);

    if (!d || vcpu >= d->nr_vcpus)
        return -ESRCH;
    if (x->crashed || d->crashed)
        return -EIO;
    if (op >= sizeof(hypercall_table) / sizeof(hypercall_table[0]) ||
        !hypercall_table[op])
        return -ENOSYS;
    return hypercall_table[op](x, d, vcpu, a);
}
