/* SPDX-License-Identifier: MIT */
/*
 * Domain death as the toolstack drives it: XEN_DOMCTL_destroydomain ->
 * domain_kill() (xen/common/domain.c) marks the domain dying, releases its
 * grant mappings (gnttab_release_mappings), relinquishes its memory and
 * tears down its P2M and IOMMU context. gntsim runs the steps at once (no
 * -ERESTART continuation). The domain is freed when its last page goes:
 * at once, or later if another domain still maps one of its pages (a
 * zombie; domain_destroy). XEN_DOMCTL_destroydomain finds a dying domain
 * (rcu_lock_domain_by_id) and domain_kill() of a dead one returns 0
 * (xen/common/domctl.c, domain.c, RELEASE-4.11.0 .. c447b7308b).
 */
#include "board/pv.h"
#include "board/world.h"
#include "xen/domain.h"
#include "xen/gnttab/gnttab.h"
#include "xen/smmu.h"

int gntsim_domain_destroy(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d;

    if (domain_zombie(&w->xen, dom))
        return 0; /* DOMDYING_dead: nothing more to do */
    d = world_domain(w, dom);
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
    world_xs_domain_destroyed(w, dom); /* xenstored sees it die (VIRQ_DOM_EXC) */
    return 0;
}
