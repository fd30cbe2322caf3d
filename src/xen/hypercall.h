/* SPDX-License-Identifier: MIT */
/*
 * The hypercall entry: the only way a guest kernel, the public API or an
 * outside process reaches the hypervisor. As on Arm (HVC #0xEA1, the op in
 * x16, arguments in x0-x4: xen/arch/arm/traps.c do_trap_hypercall), one
 * entry dispatches through a table indexed by the __HYPERVISOR_* number.
 */
#ifndef GNTSIM_XEN_HYPERCALL_H
#define GNTSIM_XEN_HYPERCALL_H

#include <stdint.h> /* before Xen's headers, which are not self-contained */

#include <xen/xen.h> /* __HYPERVISOR_* */

struct xen;

struct domain;

/* The ops the table holds (hypercall.c). Each returns what its op returns. */
long xen_hc_xen_version(struct xen *x, struct domain *d, unsigned vcpu, unsigned long cmd,
                        void *arg, unsigned long count);
long xen_hc_grant_table_op(struct xen *x, struct domain *d, unsigned vcpu,
                           unsigned long cmd, void *arg, unsigned long count);
long xen_hc_event_channel_op(struct xen *x, struct domain *d, unsigned vcpu,
                             unsigned long cmd, void *arg, unsigned long count);

/* The domain @domid if its vCPU @vcpu runs guest code: NULL with -ESRCH or -EIO in
 * *@rc otherwise. */
struct domain *xen_hypercall_caller(struct xen *x, uint16_t domid, unsigned vcpu,
                                    long *rc);

/*
 * The table's entry for @op (__HYPERVISOR_*) issued by @d's vCPU @vcpu, a caller
 * xen_hypercall_caller() returned (it runs guest code), with its registers: @cmd (x0:
 * GNTTABOP_*, EVTCHNOP_*, XENVER_*), @arg (x1: the guest's argument) and @count (x2:
 * grant_table_op's count, 0 for the others). Returns what the op returns; -ENOSYS for an
 * op gntsim does not model. Xen's table (xen/arch/arm/traps.c arm_hypercall_table), as a
 * switch in the header: a caller with a constant op calls its entry directly.
 */
static inline long xen_hypercall_from(struct xen *x, struct domain *d, unsigned vcpu,
                                      unsigned op, unsigned long cmd, void *arg,
                                      unsigned long count)
{
    switch (op) {
    case __HYPERVISOR_xen_version:
        return xen_hc_xen_version(x, d, vcpu, cmd, arg, count);
    case __HYPERVISOR_grant_table_op:
        return xen_hc_grant_table_op(x, d, vcpu, cmd, arg, count);
    case __HYPERVISOR_event_channel_op:
        return xen_hc_event_channel_op(x, d, vcpu, cmd, arg, count);
    default:
        return -ENOSYS;
    }
}

/*
 * @domid's vCPU @vcpu issues hypercall @op (__HYPERVISOR_*) with its registers @cmd,
 * @arg and @count (xen_hypercall_from()). Returns what the op returns; -ENOSYS for an op
 * gntsim does not model; -ESRCH when no such domain or vCPU runs; -EIO once Xen reached
 * BUG() or the domain was crashed (neither runs guest code any more).
 */
static inline long xen_hypercall(struct xen *x, uint16_t domid, unsigned vcpu,
                                 unsigned op, unsigned long cmd, void *arg,
                                 unsigned long count)
{
    long rc = 0;
    struct domain *d = xen_hypercall_caller(x, domid, vcpu, &rc);

    if (!d)
        return rc;
    return xen_hypercall_from(x, d, vcpu, op, cmd, arg, count);
}

#endif
