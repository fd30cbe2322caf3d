/* SPDX-License-Identifier: MIT */
/* The public P2M knobs (gntsim_p2m_set, gntsim_p2m_remove, gntsim_page_assign_io) over
 * xen/physmap.c. */
#include "board/world.h"
#include "xen/hypercall.h"
#include "xen/physmap.h"

int gntsim_p2m_set(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn, uint64_t mfn,
                   unsigned type)
{
    struct domain *d = world_domain(w, dom);
    const char *why = "";
    int rc;

    if (!d)
        return -ESRCH;
    rc = physmap_set(&w->xen, d, gfn, mfn, (enum p2m_type)type, &why);
    if (rc)
        return world_fail(w, rc, "d%u: %s at gfn %#llx -> mfn %#llx: %s", dom,
                          type < P2M_NR_TYPES ? p2m_type_name((enum p2m_type)type) : "?",
                          (unsigned long long)gfn, (unsigned long long)mfn, why);
    return 0;
}

/* XENMEM op @fn (@what) on @dom's @gfn; @enoent says why -ENOENT. 0 or its error. */
static int physmap_call(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn,
                        int (*fn)(struct xen *, struct domain *, uint64_t),
                        const char *what, const char *enoent)
{
    struct domain *d = world_domain(w, dom);
    int rc;

    if (!d)
        return -ESRCH;
    rc = fn(&w->xen, d, gfn);
    if (rc)
        return world_fail(w, rc, "d%u: %s of gfn %#llx: %s", dom, what,
                          (unsigned long long)gfn,
                          rc == -ENOENT ? enoent : "p2m_remove_mapping refused");
    return 0;
}

int gntsim_decrease_reservation(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn)
{
    return physmap_call(w, dom, gfn, physmap_decrease, "XENMEM_decrease_reservation",
                        "no RAM page of its own there");
}

int gntsim_p2m_remove(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn)
{
    return physmap_call(w, dom, gfn, physmap_remove, "XENMEM_remove_from_physmap",
                        "no page of its own or foreign there");
}

int gntsim_add_to_physmap_grant_table(struct gntsim_world *w, gntsim_domid_t dom,
                                      unsigned vcpu, uint32_t idx, uint64_t gfn)
{
    long err = 0;
    struct domain *d = xen_hypercall_caller(&w->xen, dom, vcpu, &err);
    int rc;

    if (!d)
        return world_fail(w, err ? (int)err : -ESRCH,
                          "d%u: no such domain or vCPU %u, or crashed", dom, vcpu);
    rc = physmap_add_grant_table(&w->xen, d, idx, gfn);
    if (rc)
        return world_fail(w, rc,
                          "d%u: XENMAPSPACE_grant_table %s frame %u at gfn %#llx: %s",
                          dom, idx & GNTSIM_MAPIDX_STATUS ? "status" : "shared",
                          idx & ~GNTSIM_MAPIDX_STATUS, (unsigned long long)gfn,
                          rc == -EACCES   ? "not a translated guest"
                          : rc == -EINVAL ? "no such frame"
                          : rc == -EBUSY  ? "no page reference to be had"
                          : rc == -EPERM  ? "an MMIO, grant or foreign entry at the gfn"
                          : rc == -EILSEQ ? "a gfn to clear maps another frame"
                                          : "the P2M refused");
    return 0;
}

int gntsim_page_assign_io(struct gntsim_world *w, uint64_t mfn)
{
    int rc = physmap_assign_io(&w->xen, mfn);

    if (rc)
        return world_fail(w, rc, "mfn %#llx: %s", (unsigned long long)mfn,
                          rc == -EINVAL  ? "not RAM"
                          : rc == -EBUSY ? "already allocated"
                                         : "out of memory");
    return 0;
}
