/* SPDX-License-Identifier: MIT */
/*
 * XENVER_get_features (xen/common/kernel.c do_xen_version): the feature
 * submaps a guest reads at boot, and the tiny xen_version hypercall entry a
 * guest kernel model uses to read them.
 */
#ifndef GNTSIM_XEN_FEATURES_H
#define GNTSIM_XEN_FEATURES_H

#include <stdbool.h>
#include <stdint.h>

#include "xen/profile.h"
#include "xen/xen.h"

/* is_domain_direct_mapped(@d) for the running profile. Cannot fail. */
bool xen_domain_direct_mapped(const struct xen *x, const struct domain *d);

/*
 * Feature submap @idx of @d as the release reports it. Returns 0 with
 * *@submap set, or -EINVAL (no such submap) with *@submap untouched.
 */
int xen_features_submap(const struct xen *x, const struct domain *d, unsigned idx,
                        uint32_t *submap);

/* XENVER_version of @prof: major << 16 | minor (0 for a tag gntsim cannot read).
 * Cannot fail. */
unsigned xen_version_number(const struct xen_profile *prof);

/*
 * HYPERVISOR_xen_version(@cmd, @arg) issued by @caller. Modelled: XENVER_version
 * (returns the version), XENVER_pagesize (4096; -EINVAL unless @arg is NULL) and
 * XENVER_get_features (@arg: struct xen_feature_info; a bad submap -EINVAL, a NULL
 * @arg -EFAULT); other commands return -ENOSYS.
 */
long xen_version_hypercall(struct xen *x, struct domain *caller, int cmd, void *arg);

#endif
