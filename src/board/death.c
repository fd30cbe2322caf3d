/* SPDX-License-Identifier: MIT */
/*
 * Domain death as the toolstack drives it: XEN_DOMCTL_destroydomain ->
 * domain_kill() (xen/common/domain.c) marks the domain dying, releases its
 * grant mappings (gnttab_release_mappings), relinquishes its memory and
 * tears down its P2M and IOMMU context. gntsim runs the steps at once (no
 * -ERESTART continuation) and then forgets the domain: a later lookup of
 * its id finds nothing, as rcu_lock_domain_by_id() does once it is gone.
 */
#include "board/world.h"
#include "xen/domain.h"
#include "xen/gnttab/gnttab.h"
#include "xen/smmu.h"

int gntsim_domain_destroy(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d = world_domain(w, dom);

    if (!d)
        return -ESRCH;
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->xen.dom[i] == d && w->kern[i])
            return world_fail(w, -EBUSY, "d%u runs a Linux kernel", dom);
    TRACE(&w->trace, DOMAIN_DESTROY, TA_U(dom));
    d->is_dying = true;
    gnttab_release_mappings(&w->xen, d);
    xen_smmu_domain_detach(&w->xen, d->domid);
    domain_destroy(&w->xen, d);
    return 0;
}
