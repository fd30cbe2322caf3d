/* SPDX-License-Identifier: MIT */
/* The hypercall entry and its table (xen/arch/arm/traps.c arm_hypercall_table). */
#include <errno.h>

#include "xen/evtchn.h"
#include "xen/features.h"
#include "xen/gnttab/gnttab.h"
#include "xen/hypercall.h"
#include "xen/xen.h"

long xen_hc_grant_table_op(struct xen *x, struct domain *d, unsigned vcpu,
                           unsigned long cmd, void *arg, unsigned long count)
{
    if (count > UINT32_MAX)
        return -EINVAL; /* the count is an unsigned int argument */
    return gnttab_hypercall(x, d, vcpu, (uint32_t)cmd, arg, (uint32_t)count);
}

long xen_hc_event_channel_op(struct xen *x, struct domain *d, unsigned vcpu,
                             unsigned long cmd, void *arg, unsigned long count)
{
    (void)vcpu, (void)count;
    return evtchn_hypercall(x, d, (int)cmd, arg);
}

long xen_hc_xen_version(struct xen *x, struct domain *d, unsigned vcpu, unsigned long cmd,
                        void *arg, unsigned long count)
{
    (void)vcpu, (void)count;
    return xen_version_hypercall(x, d, (int)cmd, arg);
}

struct domain *xen_hypercall_caller(struct xen *x, uint16_t domid, unsigned vcpu,
                                    long *rc)
{
    struct domain *d = xen_domain(x, domid);

    if (!d || vcpu >= d->nr_vcpus)
        *rc = -ESRCH;
    else if (x->crashed || d->crashed)
        *rc = -EIO;
    else
        return d;
    return NULL;
}
