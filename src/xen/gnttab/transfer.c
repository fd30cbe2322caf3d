/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_transfer (xen/common/grant_table.c gnttab_transfer). A guest
 * gives one of its pages to another domain that offered a ref with
 * GTF_accept_transfer. Only x86 PV can do it: the first step is
 * steal_page(), which Arm's xen/arch/arm/mm.c answers -EOPNOTSUPP, as does
 * x86's for a paging_mode_external (HVM/PVH) caller.
 *
 *   Arm before 4.17: per op, gfn_to_mfn(); an invalid frame is
 *     GNTST_bad_page, otherwise steal_page() fails and the op is
 *     GNTST_general_error (RELEASE-4.16.0 gnttab_transfer).
 *   Arm from 4.17: opt_grant_transfer is the constant false without
 *     CONFIG_PV, so the whole hypercall returns -EOPNOTSUPP before reading
 *     any op (185250ec78, RELEASE-4.17.0; profile column transfer_needs_pv).
 *   x86 HVM caller: per op as Arm before 4.17 (get_gfn_unshare, then
 *     steal_page()'s -EOPNOTSUPP), in every release.
 *   x86 PV caller: the whole op, in Xen's order (same in RELEASE-4.11.0,
 *     4.14.1, 4.16.0, 4.17.0 and master): frame, steal_page(), physmap
 *     removal, receiver lookup, address width, receiver dying/headroom,
 *     gnttab_prepare_for_transfer() (ref bound, GTF_accept_transfer for the
 *     caller, GTF_transfer_committed), assign_pages(), frame write,
 *     smp_wmb(), GTF_transfer_completed.
 *
 * gntsim has no build configuration per world: an Arm caller stands for an
 * Arm build of Xen, an x86 caller for an x86 build with CONFIG_PV.
 */
#include <stdatomic.h>
#include <string.h>

#include "xen/gnttab/gnttab.h"
#include "xen/iommu.h"

#define TRANSFER_BITS_PER_LONG 64u

/* A translated caller's op: the frame check, then steal_page()'s -EOPNOTSUPP. */
static int16_t transfer_one_translated(struct xen *x, struct domain *d,
                                       const struct gnttab_transfer *op)
{
    struct p2m_entry e;

    if (p2m_lookup(x, &d->p2m, op->mfn, &e) || !frames_page_const(&x->frames, e.mfn))
        return GNTST_bad_page;  /* "out-of-range" */
    return GNTST_general_error; /* steal_page() -> -EOPNOTSUPP, not -EINVAL */
}

/*
 * x86 steal_page(d, page, 0): the page must be @d's with exactly the
 * PGC_allocated reference (count 1 before steal_page's own); it then has no
 * owner, no references and no type (cleanup_page_mappings() drops a PV
 * domain's IOMMU entry). The P2M entry of the frame goes too: gntsim's
 * stand-in for the M2P/page-list unlink (guest_physmap_remove_page of PV is
 * M2P bookkeeping). Returns false (-EINVAL) when the page cannot be stolen.
 */
static bool transfer_steal(struct xen *x, struct domain *d, uint64_t mfn)
{
    struct page_info *pg = frames_page(&x->frames, mfn);
    struct p2m_entry e;

    if (pg == NULL || pg->count != 1 || pg->owner != d->domid)
        return false;
    pg->count = 0; /* count_info &= ~(PGC_count_mask | PGC_allocated) */
    pg->owner = PAGE_OWNER_NONE;
    pg->type = PGT_NONE;
    pg->type_count = 0;
    if (d->iommu.need_sync)
        iommu_pt_clear(&d->iommu.pt, mfn);
    for (uint64_t i = 0; i < d->nr_pages; i++)
        if (!p2m_lookup(x, &d->p2m, d->ram_gfn + i, &e) && e.mfn == mfn) {
            (void)p2m_remove_entry(x, &d->p2m, d->ram_gfn + i, mfn, false);
            break;
        }
    return true;
}

/* free_domheap_page() of a stolen page: one reference put frees it. */
static void transfer_free(struct xen *x, uint64_t mfn)
{
    struct page_info *pg = frames_page(&x->frames, mfn);

    pg->count = 1;
    pg->owner = PAGE_OWNER_NONE;
    frames_put(&x->frames, mfn);
}

/*
 * Xen's domain_clamp_alloc_bitsize(e, e v2 or translated ? BITS_PER_LONG +
 * PAGE_SHIFT : 32 + PAGE_SHIFT): a v1 PV receiver can only be told a 32-bit
 * frame; arch.pv.physaddr_bitsize (32-bit PV) clamps further.
 */
static unsigned transfer_max_bitsize(const struct domain *e)
{
    unsigned bits = e->gt.gt_version > 1 || e->ops->translated
                        ? TRANSFER_BITS_PER_LONG + PAGE_SHIFT
                        : 32u + PAGE_SHIFT;

    if (e->physaddr_bitsize && e->physaddr_bitsize < bits)
        bits = e->physaddr_bitsize;
    return bits;
}

/*
 * alloc_domheap_page(e, MEMF_no_owner | MEMF_bits(@bits)) and
 * copy_domain_page(): the lowest free RAM frame below 2^@bits gets the
 * bytes of @mfn, which is freed. Returns the new mfn or INVALID_MFN.
 */
static uint64_t transfer_copy_low(struct xen *x, uint64_t mfn, unsigned bits)
{
    uint64_t limit = 1ull << (bits - PAGE_SHIFT);

    for (unsigned b = 0; b < x->mem->nr_banks; b++) {
        const struct hw_mem_bank *bk = &x->mem->banks[b];

        for (uint64_t m = bk->base_mfn; m < bk->base_mfn + bk->nr_frames && m < limit;
             m++) {
            if (frames_page_const(&x->frames, m)->count != 0 ||
                frames_alloc_at(&x->frames, x->mem, m, PAGE_OWNER_XEN))
                continue;
            memcpy(hw_mem_frame(x->mem, m), hw_mem_frame(x->mem, mfn), PAGE_SIZE);
            transfer_free(x, mfn);
            frames_page(&x->frames, m)->count = 0; /* MEMF_no_owner: unowned */
            frames_page(&x->frames, m)->owner = PAGE_OWNER_NONE;
            return m;
        }
    }
    return INVALID_MFN;
}

/*
 * gnttab_prepare_for_transfer(e, d, ref) and the rest of a successful op:
 * flags exactly GTF_accept_transfer for @d, GTF_transfer_committed,
 * assign_pages() (the receiver's page list is its P2M here), the frame of a
 * PV receiver's entry, smp_wmb(), GTF_transfer_completed. A PV receiver
 * needing IOMMU sync gets the page mapped 1:1 after it owns it
 * (guest_physmap_add_page's writable type ref, the XSA-284 shape).
 */
static int16_t transfer_commit(struct xen *x, struct domain *d, struct domain *e,
                               uint32_t ref, uint64_t mfn, bool assign)
{
    grant_entry_header_t *h;
    struct page_info *pg;

    if (ref >= gnttab_nr_entries(&e->gt))
        return GNTST_general_error; /* "Bad grant reference" */
    h = gnttab_entry_hdr(x, &e->gt, ref);
    if (h->flags != GTF_accept_transfer || h->domid != d->domid)
        return GNTST_general_error; /* "Bad flags or dom" */
    h->flags = (uint16_t)(h->flags | GTF_transfer_committed);
    if (assign) {
        pg = frames_page(&x->frames, mfn);
        pg->count = 1; /* assign_pages(): PGC_allocated, owner e */
        pg->owner = e->domid;
        frames_note_owner(&x->frames, mfn, e->domid);
    }
    if (p2m_set_entry(x, &e->p2m, e->ram_gfn + e->nr_pages, mfn, P2M_RAM_RW) == 0)
        e->nr_pages++;
    if (!e->ops->translated) {
        if (e->iommu.need_sync)
            (void)iommu_pt_set(&e->iommu.pt, mfn, mfn, IOMMUF_readable | IOMMUF_writable);
        if (e->gt.gt_version == 1)
            gnttab_shared_v1(x, &e->gt, ref)->frame = (uint32_t)mfn;
        else
            gnttab_shared_v2(x, &e->gt, ref)->full_page.frame = mfn;
    }
    atomic_thread_fence(memory_order_release); /* smp_wmb() */
    h->flags = (uint16_t)(h->flags | GTF_transfer_completed);
    return GNTST_okay;
}

/* The receiver part of a PV op after steal_page(); frees the page on failure. */
static int16_t transfer_to(struct xen *x, struct domain *d,
                           const struct gnttab_transfer *op, uint64_t mfn)
{
    /* rcu_lock_domain_by_id(): a dying receiver is found, then refused (e->is_dying) */
    struct domain *e = xen_domain_or_dying(x, op->domid);
    unsigned bits;
    bool owned = true; /* the frame handed on has its reference */
    int16_t st;

    if (e == NULL) {
        transfer_free(x, mfn);
        return GNTST_bad_domain; /* "can't find d%d" */
    }
    bits = transfer_max_bitsize(e);
    if (bits < TRANSFER_BITS_PER_LONG + PAGE_SHIFT && (mfn >> (bits - PAGE_SHIFT))) {
        uint64_t low = transfer_copy_low(x, mfn, bits);

        if (low == INVALID_MFN) {
            transfer_free(x, mfn);
            return GNTST_address_too_big;
        }
        /*
         * 6d4f36c3fe (XSA-284; profile transfer_copy_owned) gives the copy its
         * PGC_allocated reference and hands it on. Before, the copy got neither (Xen
         * listed it as e's with no reference, never to be freed: gntsim keeps it as a
         * leaked Xen page) and the freed original frame was mapped for e, its IOMMU
         * too, and written in its entry.
         */
        owned = x->prof->transfer_copy_owned;
        if (owned)
            mfn = low;
        else
            (void)frames_alloc_at(&x->frames, x->mem, low, PAGE_OWNER_XEN); /* was free */
    }
    if (e->is_dying || (e->max_pages && e->nr_pages >= e->max_pages))
        st = GNTST_general_error; /* dying, or no headroom */
    else
        st = transfer_commit(x, d, e, op->ref, mfn, owned);
    if (st != GNTST_okay && owned)
        transfer_free(x, mfn);
    return st;
}

/* One x86 PV op: the frame is an mfn, steal_page(), then the receiver. */
static int16_t transfer_one_pv(struct xen *x, struct domain *d,
                               const struct gnttab_transfer *op)
{
    if (!frames_page_const(&x->frames, op->mfn))
        return GNTST_bad_page; /* "out-of-range" */
    if (!transfer_steal(x, d, op->mfn))
        return GNTST_bad_page; /* steal_page() -EINVAL */
    return transfer_to(x, d, op, op->mfn);
}

long gnttab_transfer(struct xen *x, struct gnttab_transfer *ops, uint32_t count)
{
    struct domain *d = x->cur;

    if (!d->ops->config_pv && x->prof->transfer_needs_pv)
        return -EOPNOTSUPP; /* !opt_grant_transfer */
    for (uint32_t i = 0; i < count; i++) {
        struct gnttab_transfer *op = &ops[i];

        op->status = !d->ops->translated ? transfer_one_pv(x, d, op)
                                         : transfer_one_translated(x, d, op);
        TRACE(x->trace, GNTTAB_TRANSFER, TA_U(d->domid), TA_U(op->mfn), TA_U(op->domid),
              TA_U(op->ref), TA_S(gntst_name(op->status)));
    }
    return 0;
}
