/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_transfer (xen/common/grant_table.c gnttab_transfer). A guest
 * gives one of its pages to another domain that offered a ref with
 * GTF_accept_transfer. Only x86 PV can do it: the first step is
 * steal_page(), which Arm's xen/arch/arm/mm.c answers -EOPNOTSUPP.
 *
 *   Arm before 4.17: per op, gfn_to_mfn(); an invalid frame is
 *     GNTST_bad_page, otherwise steal_page() fails and the op is
 *     GNTST_general_error (RELEASE-4.16.0 gnttab_transfer).
 *   Arm from 4.17: opt_grant_transfer is the constant false without
 *     CONFIG_PV, so the whole hypercall returns -EOPNOTSUPP before reading
 *     any op (185250ec78, RELEASE-4.17.0; profile column transfer_needs_pv).
 *   x86 PV: not modelled (-ENOSYS); docs/fidelity.md says what is missing.
 *
 * gntsim has no build configuration per world: an Arm caller stands for an
 * Arm build of Xen, an x86 caller for an x86 build with CONFIG_PV.
 */
#include "xen/gnttab/gnttab.h"

/* One Arm op before 4.17: the frame check, then steal_page()'s -EOPNOTSUPP. */
static int16_t transfer_one_arm(struct xen *x, struct domain *d,
                                const struct gnttab_transfer *op)
{
    struct p2m_entry e;

    if (p2m_lookup(x, &d->p2m, op->mfn, &e) || !frames_page_const(&x->frames, e.mfn))
        return GNTST_bad_page;  /* "out-of-range" */
    return GNTST_general_error; /* steal_page() -> -EOPNOTSUPP, not -EINVAL */
}

long gnttab_transfer(struct xen *x, struct gnttab_transfer *ops, uint32_t count)
{
    struct domain *d = x->cur;

    if (d->arch != XEN_ARCH_ARM)
        return -ENOSYS; /* x86 PV page transfer is not modelled */
    if (x->prof->transfer_needs_pv)
        return -EOPNOTSUPP; /* !opt_grant_transfer */
    for (uint32_t i = 0; i < count; i++) {
        struct gnttab_transfer *op = &ops[i];

        op->status = transfer_one_arm(x, d, op);
        TRACE(x->trace, GNTTAB_TRANSFER, TA_U(d->domid), TA_U(op->mfn), TA_U(op->domid),
              TA_U(op->ref), TA_S(gntst_name(op->status)));
    }
    return 0;
}
