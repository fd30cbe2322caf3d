/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's IOMMU layer (xen/drivers/passthrough/iommu.c and, on Arm,
 * arm/iommu_helpers.c): per-domain enablement and need_sync derivation, and
 * the map/unmap primitives. On Arm the IOMMU shares the P2M, so a map is a
 * P2M entry of type p2m_iommu_map_rw/ro at gfn = dfn.
 */
#ifndef GNTSIM_XEN_IOMMU_H
#define GNTSIM_XEN_IOMMU_H

#include "xen/xen.h"

#define IOMMUF_readable (1u << 6)
#define IOMMUF_writable (1u << 7)

/*
 * iommu_domain_init(): set is_iommu_enabled, has_pt, hap_pt_share and
 * need_sync for @d from @want_iommu, the global options and the profile's
 * derivation rule. Cannot fail.
 */
void iommu_domain_init(struct xen *x, struct domain *d, bool want_iommu);

/*
 * iommu_legacy_map(): map @dfn -> @mfn with IOMMUF_* @flags in @d's IOMMU.
 * Returns 0 (also when the IOMMU is off for @d), or -errno on a driver
 * failure, after which the domain is crashed unless it is the hardware
 * domain, as Xen does.
 */
int iommu_legacy_map(struct xen *x, struct domain *d, uint64_t dfn, uint64_t mfn,
                     unsigned flags);

/* iommu_legacy_unmap(): remove @dfn; error contract as iommu_legacy_map(). */
int iommu_legacy_unmap(struct xen *x, struct domain *d, uint64_t dfn);

#endif
