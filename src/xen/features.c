/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_xen_version (xen/common/kernel.c do_xen_version): XENVER_version,
 * XENVER_pagesize and XENVER_get_features with submap 0 as each release builds it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
    m |= d->ops->features; /* translated guests; Arm's SMCCC; x86 PV or HVM bits */
    if (x->prof->xenfeat_phys_area)
        m |= d->ops->features_phys_area; /* 48a3fd1432 */
    if (x->prof->xenfeat_dm_msix)
        m |= d->ops->features_dm_msix; /* 64b21662b1 */
    if (d->is_hwdom)
        m |= 1u << XENFEAT_dom0;
    /* Not modelled: pae_pgdir_above_4gb (a PV guest's VM_ASSIST(pae_extended_cr3),
     * which no guest here enables) and hvm_pirqs (has_pirq(): HVM emulated PIRQs). */
    *submap = m | features_direct_map_bits(x, d);
    return 0;
}

unsigned xen_version_number(const struct xen_profile *prof)
{
    unsigned major = 0, minor = 0;

    if (prof->xenver)
        return prof->xenver;
    /* RELEASE-X.Y.Z: xen/Makefile's XEN_VERSION and XEN_SUBVERSION at that tag */
    if (sscanf(prof->tag, "RELEASE-%u.%u", &major, &minor) != 2)
        return 0;
    return major << 16 | minor;
}

long xen_version_hypercall(struct xen *x, struct domain *caller, int cmd, void *arg)
{
    struct xen_feature_info *fi = arg;
    uint32_t submap = 0;
    int rc;

    /* XSM's dummy policy denies none of these (xsm_xen_version, XSM_OTHER) */
    switch (cmd) {
    case XENVER_version:
        return (long)xen_version_number(x->prof);
    case XENVER_pagesize: /* the argument must be a null handle */
        return arg ? -EINVAL : 4096;
    case XENVER_get_features:
        break;
    default:
        return -ENOSYS; /* a command gntsim does not model */
    }
    if (!fi)
        return -EFAULT; /* copy_from_guest() of an unreadable argument */
    rc = xen_features_submap(x, caller, fi->submap_idx, &submap);
    if (!rc)
        fi->submap = submap;
    return rc;
}
