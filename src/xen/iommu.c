/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor IOMMU layer: enablement and need_sync derivation
 * (iommu_domain_init, iommu_hwdom_init), iommu_legacy_map/unmap with their
 * failure rule, and Arm's map_page/unmap_page on the shared P2M
 * (arm/iommu_helpers.c arm_iommu_map_page / arm_iommu_unmap_page); on x86
 * the maps go to the domain's own table (iommu_x86.c).
 */
#include "xen/iommu.h"
#include "xen/smmu.h"

/*
 * need_sync derivation per release (xen/drivers/passthrough/iommu.c and
 * arm/iommu.c: iommu_use_hap_pt(), need_iommu_pt_sync(); 91d4eca7add, 4.12). On Arm the
 * IOMMU always shares the P2M (IOMMU_FORCE_PT_SHARE), so need_sync ends up
 * false: that is why need_iommu_pt_sync() made the grant predicate false.
 */
static void iommu_derive_sync(const struct xen *x, struct domain *d)
{
    struct domain_iommu *io = &d->iommu;
    bool hap = d->ops->translated; /* hap_enabled(): Arm and HVM/PVH */
    bool sync_applies = !d->is_hwdom || x->opts.iommu_hwdom_strict;

    switch (x->prof->need_sync) {
    case NEED_SYNC_NONE_411:
        io->hap_pt_share = d->ops->iommu_shares_p2m; /* Arm iommu_use_hap_pt() = 1 */
        /* x86 PV need_iommu(d): iommu_hwdom_init sets it to iommu_dom0_strict */
        io->need_sync = !d->ops->translated && sync_applies;
        break;
    case NEED_SYNC_412: /* Arm iommu_use_hap_pt(d) = has_iommu_pt(d) */
        io->hap_pt_share =
            d->ops->iommu_shares_p2m ? io->has_pt : hap && x->opts.iommu_hap_pt_share;
        io->need_sync = sync_applies && !io->hap_pt_share;
        break;
    case NEED_SYNC_413: /* 80ff3d338d: hap_pt_share computed once at init */
        io->hap_pt_share = hap && x->opts.iommu_hap_pt_share;
        io->need_sync = sync_applies && !io->hap_pt_share;
        break;
    }
}

void iommu_domain_init(struct xen *x, struct domain *d, bool want_iommu)
{
    struct domain_iommu *io = &d->iommu;

    io->enabled = want_iommu && x->opts.iommu_enabled;
    io->has_pt = io->enabled;
    io->hap_pt_share = false;
    io->need_sync = false;
    io->pt = (struct iommu_pt){0};
    if (!io->enabled)
        return;
    iommu_derive_sync(x, d);
    /* arch_iommu_hwdom_init(): E820 RAM identity-mapped unless iommu_hwdom_strict */
    io->pt.identity_ram =
        !d->ops->translated && d->is_hwdom && !x->opts.iommu_hwdom_strict;
}

/* Failure injection: the error this call returns (0: none armed for it). */
static int iommu_inject(struct iommu_fault *f)
{
    if (likely(!f->after) || --f->after)
        return 0;
    if (--f->times) /* the following call fails too */
        f->after = 1;
    return f->rc;
}

/* Xen iommu_map()/iommu_unmap() on failure: log, crash unless hardware domain. */
static int iommu_failed(struct xen *x, struct domain *d, int rc)
{
    if (!d->is_hwdom)
        xen_domain_crash(x, d, "IOMMU mapping failed");
    return rc;
}

/*
 * How the release's grant_table.c names the call and its size argument, for the
 * trace (profile iommu_legacy_api, iommu_page_count): iommu_map_page(d, dfn, mfn,
 * flags) in 4.11, iommu_legacy_map(d, dfn, mfn, 0, flags) with a page order from
 * 4.12, with a page count of 1 from 4.15. gntsim's callers always map one page.
 */
static const char *iommu_call_fn(const struct xen *x, bool map)
{
    if (!x->prof->iommu_legacy_api)
        return map ? "iommu_map_page" : "iommu_unmap_page";
    return map ? "iommu_legacy_map" : "iommu_legacy_unmap";
}

static const char *iommu_call_size(const struct xen *x)
{
    if (!x->prof->iommu_legacy_api)
        return "";
    return x->prof->iommu_page_count ? "n=1" : "order=0";
}

int iommu_legacy_map(struct xen *x, struct domain *d, uint64_t dfn, uint64_t mfn,
                     unsigned flags)
{
    int rc;

    if (!d->iommu.enabled)
        return 0;
    if (!(flags & (IOMMUF_readable | IOMMUF_writable)))
        return -EINVAL;
    rc = iommu_inject(&d->iommu.fail_map);
    if (!rc)
        rc = d->ops->iommu_set(x, d, dfn, mfn, flags);
    TRACE(x->trace, IOMMU_MAP, TA_U(d->domid), TA_U(dfn), TA_U(mfn),
          TA_S((flags & IOMMUF_writable) ? "rw" : "r"), TA_D(rc),
          TA_S(iommu_call_fn(x, true)), TA_S(iommu_call_size(x)));
    return rc ? iommu_failed(x, d, rc) : 0;
}

int iommu_legacy_unmap(struct xen *x, struct domain *d, uint64_t dfn)
{
    int rc;

    if (!d->iommu.enabled)
        return 0;
    rc = iommu_inject(&d->iommu.fail_unmap);
    if (!rc)
        rc = d->ops->iommu_clear(x, d, dfn);
    TRACE(x->trace, IOMMU_UNMAP, TA_U(d->domid), TA_U(dfn), TA_D(rc),
          TA_S(iommu_call_fn(x, false)), TA_S(iommu_call_size(x)));
    return rc ? iommu_failed(x, d, rc) : 0;
}

void iommu_p2m_changed_range(struct xen *x, uint16_t domid, uint64_t gfn, uint64_t nr)
{
    /*
     * Arm p2m.c flushes the IOTLB of an IOMMU-enabled domain on every change
     * (iommu_iotlb_flush(d, dfn, page_count, flags)); Xen's SMMUv2 driver ignores the
     * range and invalidates the whole context (arm_smmu_iotlb_flush ->
     * arm_smmu_tlb_inv_context; SMMUv3 and IPMMU alike). smmu-flush=range models a
     * driver that uses it.
     */
    if (x->opts.iotlb_flush_range)
        xen_smmu_iotlb_flush_range(x, domid, gfn, nr);
    else
        xen_smmu_iotlb_flush(x, domid);
}

void iommu_p2m_changed(struct xen *x, uint16_t domid, uint64_t gfn)
{
    iommu_p2m_changed_range(x, domid, gfn, 1);
}
