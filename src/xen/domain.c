/* SPDX-License-Identifier: MIT */
/*
 * Domains: creation flags, RAM placement and teardown. A direct-mapped
 * domain (Arm dom0, allocate_memory_11) gets RAM at gfn == mfn; others get
 * RAM at cfg->ram_gfn backed by frames from the allocator (or from
 * cfg->mfn_base upwards). An x86 PV domain whose IOMMU needs syncing gets
 * its own pages mapped 1:1 RW in its IOMMU table, as Xen does when they
 * take (or have no) PGT_writable_page type (xen/arch/x86/mm.c
 * _get_page_type, RELEASE-4.16.0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen/domain.h"
#include "xen/evtchn.h"
#include "xen/gnttab/gnttab.h"
#include "xen/iommu.h"

struct domain *xen_domain_scan(const struct xen *x, uint16_t domid)
{
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (x->dom[i] && x->dom[i]->domid == domid)
            return x->dom[i];
    return NULL;
}

void xen_bug(struct xen *x, const char *where)
{
    if (x->crashed)
        return;
    x->crashed = true;
    snprintf(x->crash_where, sizeof(x->crash_where), "%s", where);
    TRACE(x->trace, XEN_BUG, TA_S(where));
}

void xen_hang(struct xen *x, const char *why)
{
    if (x->crashed)
        return;
    x->crashed = true;
    x->hung = true;
    snprintf(x->crash_where, sizeof(x->crash_where), "%s", why);
    TRACE(x->trace, XEN_HANG, TA_S(why));
}

void xen_used_freed(struct xen *x, uint64_t mfn, const char *what)
{
    if (!x->used_freed)
        snprintf(x->used_freed_what, sizeof(x->used_freed_what), "mfn %#llx, %s",
                 (unsigned long long)mfn, what);
    x->used_freed = true;
    TRACE(x->trace, XEN_USED_FREED, TA_U(mfn), TA_S(what));
}

void xen_domain_crash(struct xen *x, struct domain *d, const char *why)
{
    if (d->crashed)
        return;
    d->crashed = true;
    TRACE(x->trace, DOMAIN_CRASH, TA_U(d->domid), TA_S(why));
}

/* Allocate and map @d's RAM. Returns 0 or -ENOMEM/-EBUSY (caller destroys). */
static int domain_populate(struct xen *x, struct domain *d,
                           const struct domain_config *cfg)
{
    for (uint64_t i = 0; i < cfg->mem_pages; i++) {
        uint64_t mfn;
        int rc;

        if (cfg->direct_mapped || cfg->mfn_base) {
            mfn = cfg->mfn_base + i;
            rc = frames_alloc_at(&x->frames, x->mem, mfn, d->domid);
        } else {
            mfn = frames_alloc(&x->frames, x->mem, d->domid);
            rc = mfn == INVALID_MFN ? -ENOMEM : 0;
        }
        if (rc)
            return rc;
        /* one batch, one IOTLB flush at the end (Xen: p2m_write_unlock) */
        rc = p2m_set_entry_deferred(x, &d->p2m, d->ram_gfn + i, mfn, P2M_RAM_RW);
        if (!rc && !d->ops->translated && d->iommu.need_sync)
            rc = iommu_pt_set(&d->iommu.pt, mfn, mfn, IOMMUF_readable | IOMMUF_writable);
        if (rc) {
            frames_put(&x->frames, mfn);
            return rc;
        }
        d->nr_pages++;
    }
    if (d->nr_pages)
        iommu_p2m_changed_range(x, d->domid, d->ram_gfn, d->nr_pages);
    return 0;
}

struct domain *xen_domain_dying(const struct xen *x, uint16_t domid)
{
    for (unsigned i = 0; i < x->nr_zombie; i++)
        if (x->zombie[i]->domid == domid)
            return x->zombie[i];
    return NULL;
}

bool domain_zombie(const struct xen *x, uint16_t domid)
{
    return !xen_domain(x, domid) && xen_domain_or_dying(x, domid);
}

static int domain_check(const struct xen *x, const struct domain_config *cfg)
{
    int rc;

    if (xen_domain_or_dying(x, cfg->domid)) /* is_free_domid(), domid_alloc() */
        return -EEXIST;
    if (cfg->domid >= DOMID_FIRST_RESERVED_ || !cfg->vcpus || cfg->vcpus > XEN_MAX_VCPUS)
        return -EINVAL;
    if (cfg->direct_mapped &&
        (!xen_arch_ops(cfg->arch)->direct_mapping || !cfg->mfn_base))
        return -EINVAL;
    if (!cfg->max_grant_frames || !cfg->max_maptrack_frames || cfg->max_grant_version > 2)
        return -EINVAL;
    /* domain_create() runs grant_table_init() before the toolstack populates RAM */
    rc = gnttab_limits_check(x, cfg->max_grant_frames, cfg->max_maptrack_frames);
    if (rc)
        return rc;
    if (cfg->pv32 && xen_arch_ops(cfg->arch)->translated)
        return -EINVAL;
    /* XEN_DOMCTL_set_machine_address_size: x86 arch_do_domctl() only (Arm's default
     * case and every release from 27869ee00e: -ENOSYS); any size is stored, gntsim
     * takes 13..64 so that a frame number has bits */
    if (cfg->machine_addr_bits &&
        (!x->prof->machine_address_size || cfg->arch == XEN_ARCH_ARM))
        return -ENOSYS;
    if (cfg->machine_addr_bits &&
        (cfg->machine_addr_bits <= PAGE_SHIFT || cfg->machine_addr_bits > 64))
        return -EINVAL;
    return 0;
}

/*
 * switch_compat() (xen/arch/x86/pv/domain.c; before 4.15 domain_set_alloc_bitsize()
 * in x86_64/mm.c): a 32-bit PV guest's M2P window holds
 * MACH2PHYS_COMPAT_NR_ENTRIES = (0xFFE00000 - 0xF5800000) / 4 frames, so when the
 * host has more (max_page, the highest RAM frame + 1) its allocations are clamped
 * to fls(entries) - 1 + PAGE_SHIFT = 37 address bits.
 */
static uint8_t domain_pv32_physaddr_bitsize(const struct xen *x)
{
    const uint64_t entries = (0xFFE00000u - 0xF5800000u) / 4;
    const struct hw_mem_bank *top = &x->mem->banks[x->mem->nr_banks - 1];
    unsigned fls = 0;

    if (top->base_mfn + top->nr_frames <= entries)
        return 0;
    while (entries >> fls)
        fls++;
    return (uint8_t)(fls - 1 + PAGE_SHIFT);
}

/* Live and dying domains: together they never exceed XEN_MAX_DOMAINS. */
static unsigned domain_count(const struct xen *x)
{
    unsigned n = x->nr_zombie;

    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        n += x->dom[i] != NULL;
    return n;
}

int domain_create(struct xen *x, const struct domain_config *cfg, struct domain **out)
{
    struct domain *d;
    unsigned slot = 0;
    int rc = domain_check(x, cfg);

    while (!rc && slot < XEN_MAX_DOMAINS && x->dom[slot])
        slot++;
    if (!rc && (slot == XEN_MAX_DOMAINS || domain_count(x) >= XEN_MAX_DOMAINS))
        rc = -ENOSPC;
    d = rc || frames_alloc_fails(&x->frames)
            ? NULL
            : calloc(1, sizeof(*d)); /* alloc_domain_struct */
    if (!rc && !d)
        rc = -ENOMEM;
    if (rc)
        return rc;
    *d = (struct domain){.domid = cfg->domid,
                         .ops = xen_arch_ops(cfg->arch),
                         .is_hwdom = cfg->hwdom,
                         .cdf_directmap = cfg->direct_mapped,
                         .no_swiotlb_xen = cfg->no_swiotlb_xen,
                         .nr_vcpus = cfg->vcpus,
                         .ram_gfn = cfg->direct_mapped ? cfg->mfn_base : cfg->ram_gfn,
                         .gnttab_gfn = cfg->gnttab_gfn};
    x->dom[slot] = d;
    iommu_domain_init(x, d, cfg->iommu);
    d->need_iommu_mapping = gnttab_need_iommu_mapping(x, d);
    rc = p2m_init(x, &d->p2m, d->domid);
    if (!rc)
        rc = domain_populate(x, d, cfg);
    if (!rc)
        rc = gnttab_domain_init(x, d, cfg->max_grant_frames, cfg->max_maptrack_frames);
    if (!rc && cfg->max_grant_version)
        d->gt.max_version = (uint8_t)cfg->max_grant_version;
    if (!rc && cfg->pv32)
        d->physaddr_bitsize = domain_pv32_physaddr_bitsize(x);
    /* XEN_DOMCTL_set_machine_address_size (xen/arch/x86/domctl.c, RELEASE-4.11.0 ..
     * 4.12.x): d->arch.physaddr_bitsize, which domain_clamp_alloc_bitsize() applies
     * (gnttab_transfer). Xen refuses it once the domain has pages (-EBUSY); gntsim
     * places the domain's own RAM by mfn= and sets it at creation. */
    if (!rc && cfg->machine_addr_bits)
        d->physaddr_bitsize = cfg->machine_addr_bits;
    if (rc) {
        domain_destroy(x, d);
        return rc;
    }
    *out = d;
    return 0;
}

/*
 * relinquish_memory(d, &d->page_list) (xen/arch/arm/domain.c, RELEASE-4.11.0 ..
 * c447b7308b): every page @d owns loses its allocation reference, whatever its
 * P2M says. A RAM page a grant map replaced in the P2M is still on the page list
 * (Arm p2m_put_l3_page() puts only foreign entries; create_grant_host_mapping()
 * overwrites the RAM entry without refusing) and is freed here; a grant-mapped
 * frame is not @d's and its reference went in gnttab_release_mappings(). Xen
 * pages shared with @d (grant and status frames) are gnttab_domain_fini()'s.
 * Returns whether a page stays referenced by another domain (or Xen).
 */
static bool domain_relinquish_memory(struct xen *x, struct domain *d)
{
    uint64_t mfn = frames_next_owned(&x->frames, d->domid, 0);
    bool left = false;

    while (mfn != INVALID_MFN) {
        const struct page_info *pg = frames_page_const(&x->frames, mfn);

        if (!(pg->flags & PAGE_F_XENHEAP)) {
            frames_put(&x->frames, mfn);
            left |= pg->count != 0;
        }
        mfn = frames_next_owned(&x->frames, d->domid, mfn + 1);
    }
    return left;
}

/*
 * Whether a page @d owns, other than a Xen page shared with it, is referenced: Xen's
 * d->tot_pages, whose first page takes a domain reference (assign_pages,
 * get_knownalive_domain) and whose last one, freed, drops it (free_domheap_pages,
 * put_domain), in xen/common/page_alloc.c RELEASE-4.11.0 .. c447b7308b.
 */
static bool domain_owns_pages(const struct xen *x, const struct domain *d)
{
    for (uint64_t mfn = frames_next_owned(&x->frames, d->domid, 0); mfn != INVALID_MFN;
         mfn = frames_next_owned(&x->frames, d->domid, mfn + 1))
        if (!(frames_page_const(&x->frames, mfn)->flags & PAGE_F_XENHEAP))
            return true;
    return false;
}

/* complete_domain_destroy(): the grant table (grant_table_destroy) and the rest. */
static void domain_complete_destroy(struct xen *x, struct domain *d)
{
    gnttab_domain_fini(x, d);
    p2m_teardown(x, &d->p2m);
    iommu_pt_free(&d->iommu.pt);
    free(d);
}

/*
 * domain_kill() then put_domain() (xen/common/domain.c, RELEASE-4.11.0 ..
 * c447b7308b): the event channels, the memory and the P2M go at once; the struct and
 * its grant table live while a page @d owns is referenced (Xen: its pages hold domain
 * references), as a zombie that rcu_lock_domain_by_id() still finds.
 */
void domain_destroy(struct xen *x, struct domain *d)
{
    bool left;

    evtchn_domain_fini(x, d);
    left = domain_relinquish_memory(x, d);
    p2m_relinquish(x, &d->p2m); /* PROGRESS(mapping), after PROGRESS(page) */
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (x->dom[i] == d)
            x->dom[i] = NULL;
    if (!left) {
        domain_complete_destroy(x, d);
        return;
    }
    d->is_dying = true;
    p2m_teardown(x, &d->p2m); /* relinquish_p2m_mapping: the entries go now */
    iommu_pt_free(&d->iommu.pt);
    GNTSIM_ASSERT("C10", x->nr_zombie < XEN_MAX_DOMAINS); /* domain_count() */
    x->zombie[x->nr_zombie++] = d;
}

void domain_put_dying_slow(struct xen *x, struct domain *d)
{
    unsigned i = 0;

    while (i < x->nr_zombie && x->zombie[i] != d)
        i++;
    if (i == x->nr_zombie || domain_owns_pages(x, d))
        return;
    memmove(&x->zombie[i], &x->zombie[i + 1],
            (--x->nr_zombie - i) * sizeof(x->zombie[0]));
    domain_complete_destroy(x, d);
}

void domain_free(struct xen *x, struct domain *d)
{
    gnttab_free_host(&d->gt);
    evtchn_domain_fini(x, d);
    iommu_pt_free(&d->iommu.pt);
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (x->dom[i] == d)
            x->dom[i] = NULL;
    for (unsigned i = 0; i < x->nr_zombie; i++)
        if (x->zombie[i] == d) {
            x->zombie[i] = x->zombie[--x->nr_zombie];
            break;
        }
    free(d);
}
