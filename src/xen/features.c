/* SPDX-License-Identifier: MIT */
/* XENVER_get_features: submap 0 as xen/common/kernel.c builds it. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/version.h>

#include "xen/features.h"

bool xen_domain_direct_mapped(const struct xen *x, const struct domain *d)
{
    /* Arm is_domain_direct_mapped(): CDF_directmap (4.17), is_hardware_domain() before */
    if (!d->ops->direct_mapping)
        return false;
    return x->prof->directmap_cdf ? d->cdf_directmap : d->is_hwdom;
}

/* The direct-mapping bits of submap 0 (d66bf122c0, 4.16). */
static uint32_t features_direct_map_bits(const struct xen *x, const struct domain *d)
{
    bool translate = d->ops->translated; /* paging_mode_translate() */

    if (!x->prof->xenfeat_direct_mapped)
        return 0;
    if (!translate || xen_domain_direct_mapped(x, d))
        return 1u << XENFEAT_direct_mapped;
    return 1u << XENFEAT_not_direct_mapped;
}

int xen_features_submap(const struct xen *x, const struct domain *d, unsigned idx,
                        uint32_t *submap)
{
    uint32_t m = 1u << XENFEAT_memory_op_vnode_supported;

    if (idx != 0)
        return -EINVAL;    /* XENFEAT_NR_SUBMAPS == 1 */
    m |= d->ops->features; /* translated guests, Arm's SMCCC */
    if (d->is_hwdom)
        m |= 1u << XENFEAT_dom0;
    /* Simplified: runstate_phys_area (18), x86-only bits and VM assists not modelled. */
    *submap = m | features_direct_map_bits(x, d);
    return 0;
}

long xen_version_hypercall(struct xen *x, struct domain *caller, int cmd, void *arg)
{
    struct xen_feature_info *fi = arg;
    uint32_t submap = 0;
    int rc;

    if (cmd != XENVER_get_features)
        return -ENOSYS; /* only the command the kernel model issues */
    if (!fi)
        return -EFAULT; /* copy_from_guest() of an unreadable argument */
    rc = xen_features_submap(x, caller, fi->submap_idx, &submap);
    if (!rc)
        fi->submap = submap;
    return rc;
}
