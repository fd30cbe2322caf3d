/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's IOMMU layer (xen/drivers/passthrough/iommu.c and, on Arm,
 * arm/iommu_helpers.c): per-domain enablement and need_sync derivation, and
 * the map/unmap primitives. On Arm the IOMMU shares the P2M, so a map is a
 * P2M entry of type p2m_iommu_map_rw/ro at gfn = dfn; on x86 a map goes to
 * the domain's own IOMMU table (struct iommu_pt, iommu_x86.c).
 */
#ifndef GNTSIM_XEN_IOMMU_H
#define GNTSIM_XEN_IOMMU_H

#include "env/hash.h"
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

/*
 * x86 IOMMU table (iommu_x86.c): set @dfn -> @mfn with IOMMUF_* @flags,
 * replacing any entry there. Returns 0 or -ENOMEM (nothing changed).
 */
int iommu_pt_set(struct iommu_pt *pt, uint64_t dfn, uint64_t mfn, unsigned flags);
/* One entry's part of struct iommu_pt's digest: its fields, never its padding. */
static inline uint64_t iommu_pte_digest(const struct iommu_pte *e)
{
    return sim_hash_mix(sim_hash_mix(sim_hash_mix(0, e->dfn), e->mfn), e->flags);
}

/* Remove the entry at @dfn; a missing entry is not an error. Cannot fail. */
void iommu_pt_clear(struct iommu_pt *pt, uint64_t dfn);
/* Free all entries; the table is left empty and usable. Cannot fail. */
void iommu_pt_free(struct iommu_pt *pt);

/* x86 p2m_get_iommu_flags(): IOMMU permissions of a P2M type; 0 = not mapped. */
unsigned p2m_get_iommu_flags(enum p2m_type t);

/*
 * What x86 domain @d's IOMMU translates @dfn to (PV: its own table and the
 * non-strict hwdom identity map; HVM/PVH: the P2M entry at gfn = @dfn with
 * p2m_get_iommu_flags()). Returns false when nothing translates (IOMMU off,
 * Arm domain, no entry).
 */
bool iommu_x86_translate(const struct xen *x, struct domain *d, uint64_t dfn,
                         struct iommu_pte *out);

#endif
