/* SPDX-License-Identifier: MIT */
/*
 * The Arm P2M as real stage-2 descriptors in Xen-owned machine frames:
 * 4 levels (L0..L3), 9 IPA bits per level, 4 KiB granule, 48-bit IPA, only
 * 4 KiB leaf entries (no superpages). Tables are read and written through
 * hw_mem_read64/write64, exactly where the SMMU's walker finds them.
 *
 * Intermediate tables emptied by removals are kept until p2m_teardown()
 * (Xen arch/arm/mmu/p2m.c does not reclaim them either; it frees tables
 * only when tearing down or replacing them by a block mapping).
 */
#include "xen/p2m.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "xen/domain.h"
#include "xen/xen.h"

#define P2M_LEAF_LEVEL (P2M_LEVELS - 1)

/* asm/page.h memory attribute indexes, asm/lpae.h shareability. */
#define MATTR_DEV     0x1ull
#define MATTR_MEM_NC  0x5ull
#define MATTR_MEM     0xfull
#define LPAE_SH_OUTER 0x2ull
#define LPAE_SH_INNER 0x3ull

/* Consistency id of the P2M tables (docs/invariants.md, list C). */
#define P2M_BUG_ID "C4"

static const char *const p2m_type_names[P2M_NR_TYPES] = {
    [P2M_INVALID] = "p2m_invalid",
    [P2M_RAM_RW] = "p2m_ram_rw",
    [P2M_RAM_RO] = "p2m_ram_ro",
    [P2M_MMIO_DIRECT_DEV] = "p2m_mmio_direct_dev",
    [P2M_MMIO_DIRECT_NC] = "p2m_mmio_direct_nc",
    [P2M_MMIO_DIRECT_C] = "p2m_mmio_direct_c",
    [P2M_MAP_FOREIGN_RW] = "p2m_map_foreign_rw",
    [P2M_MAP_FOREIGN_RO] = "p2m_map_foreign_ro",
    [P2M_GRANT_MAP_RW] = "p2m_grant_map_rw",
    [P2M_GRANT_MAP_RO] = "p2m_grant_map_ro",
    [P2M_IOMMU_MAP_RW] = "p2m_iommu_map_rw",
    [P2M_IOMMU_MAP_RO] = "p2m_iommu_map_ro",
};

const char *p2m_type_name(enum p2m_type t)
{
    if ((unsigned)t >= P2M_NR_TYPES)
        return "?";
    return p2m_type_names[t];
}

/* Xen arch/arm/mmu/p2m.c p2m_set_permission() (p2m_access_rwx): write and XN per type. */
static uint64_t p2m_permission_bits(enum p2m_type t)
{
    switch (t) {
    case P2M_RAM_RW:
        return VMSA_DESC_S2AP_W;
    case P2M_RAM_RO:
        return 0;
    case P2M_IOMMU_MAP_RW:
    case P2M_MAP_FOREIGN_RW:
    case P2M_GRANT_MAP_RW:
    case P2M_MMIO_DIRECT_DEV:
    case P2M_MMIO_DIRECT_NC:
    case P2M_MMIO_DIRECT_C:
        return VMSA_DESC_S2AP_W | VMSA_DESC_XN;
    default: /* invalid, iommu_map_ro, map_foreign_ro, grant_map_ro */
        return VMSA_DESC_XN;
    }
}

/* Xen arch/arm/mmu/p2m.c mfn_to_p2m_entry(): valid page, AF, read, MemAttr, SH, type. */
static uint64_t p2m_leaf_desc(uint64_t mfn, enum p2m_type t)
{
    uint64_t mattr = MATTR_MEM, sh = LPAE_SH_INNER;
    switch (t) {
    case P2M_MMIO_DIRECT_DEV:
        mattr = MATTR_DEV, sh = LPAE_SH_OUTER;
        break;
    case P2M_MMIO_DIRECT_C:
        sh = LPAE_SH_OUTER;
        break;
    case P2M_MMIO_DIRECT_NC:
        mattr = MATTR_MEM_NC, sh = LPAE_SH_OUTER;
        break;
    default:
        break;
    }
    return VMSA_DESC_VALID | VMSA_DESC_TABLE | VMSA_DESC_AF | VMSA_DESC_S2AP_R |
           (mattr << VMSA_DESC_MATTR_SHIFT) | (sh << VMSA_DESC_SH_SHIFT) |
           ((mfn << PAGE_SHIFT) & VMSA_DESC_ADDR_MASK) | p2m_permission_bits(t) |
           ((uint64_t)t << P2M_DESC_TYPE_SHIFT);
}

/* Table descriptor: next-level frame | VALID | TABLE (stage-2 ignores the other bits). */
static uint64_t p2m_table_desc(uint64_t mfn)
{
    return VMSA_DESC_VALID | VMSA_DESC_TABLE |
           ((mfn << PAGE_SHIFT) & VMSA_DESC_ADDR_MASK);
}

static uint64_t p2m_desc_mfn(uint64_t desc)
{
    return (desc & VMSA_DESC_ADDR_MASK) >> PAGE_SHIFT;
}

/* Machine address of @gfn's descriptor in table @table_mfn at @level. */
static uint64_t p2m_slot_pa(uint64_t table_mfn, unsigned level, uint64_t gfn)
{
    unsigned shift = (P2M_LEAF_LEVEL - level) * P2M_LEVEL_BITS;
    uint64_t idx = (gfn >> shift) & (P2M_ENTRIES - 1);
    return (table_mfn << PAGE_SHIFT) + idx * sizeof(uint64_t);
}

static uint64_t p2m_read(const struct xen *x, uint64_t pa)
{
    uint64_t d;
    if (hw_mem_read64(x->mem, pa, &d) != 0)
        GNTSIM_BUG(P2M_BUG_ID, "p2m table descriptor at %#llx is not RAM",
                   (unsigned long long)pa);
    return d;
}

static void p2m_write(const struct xen *x, uint64_t pa, uint64_t d)
{
    if (hw_mem_write64(x->mem, pa, d) != 0)
        GNTSIM_BUG(P2M_BUG_ID, "p2m table descriptor at %#llx is not RAM",
                   (unsigned long long)pa);
}

/* p2m_write() of @d over @old at @pa, kept in @p's digest. */
static inline void p2m_write_dg(const struct xen *x, struct p2m *p, uint64_t pa,
                                uint64_t old, uint64_t d)
{
    if (unlikely(p->keep_digest))
        p->digest ^= p2m_desc_digest(pa, old) ^ p2m_desc_digest(pa, d);
    p2m_write(x, pa, d);
}

/*
 * Remember L3 table @l3_mfn as the one covering @gfn (tables live until teardown): in
 * the newer slot of its set, the older evicted. Already remembered (the usual case after
 * a walk-cache hit): nothing to change.
 */
static inline void p2m_wc_fill(const struct xen *x, struct p2m *p, uint64_t gfn,
                               uint64_t l3_mfn)
{
    int slot = p2m_wc_slot(p, gfn);
    const uint8_t *host;
    unsigned s;

    if (slot >= 0 && p->wc_l3_mfn[slot] == l3_mfn)
        return;
    host = hw_mem_frame_ro(x->mem, l3_mfn);
    GNTSIM_ASSERT(P2M_BUG_ID, host != NULL); /* table frames are RAM */
    s = (unsigned)((gfn >> P2M_LEVEL_BITS) % P2M_WC_SETS) * 2;
    if (slot < 0) {
        p->wc_tag[s + 1] = p->wc_tag[s];
        p->wc_l3_mfn[s + 1] = p->wc_l3_mfn[s];
        p->wc_l3_host[s + 1] = p->wc_l3_host[s];
        slot = (int)s;
    }
    p->wc_tag[slot] = (gfn >> P2M_LEVEL_BITS) + 1;
    p->wc_l3_mfn[slot] = l3_mfn;
    p->wc_l3_host[slot] = host;
}

/* p2m_descend() when the walk cache does not know @gfn's L3 table: from the root. */
static __attribute__((noinline)) unsigned
p2m_descend_walk(const struct xen *x, struct p2m *p, uint64_t gfn, uint64_t *slot_pa)
{
    uint64_t table = p->root_mfn;

    for (unsigned level = 0;; level++) {
        *slot_pa = p2m_slot_pa(table, level, gfn);
        if (level == P2M_LEAF_LEVEL) {
            p2m_wc_fill(x, p, gfn, table);
            return level;
        }
        uint64_t d = p2m_read(x, *slot_pa);
        if (!(d & VMSA_DESC_VALID))
            return level;
        GNTSIM_ASSERT(P2M_BUG_ID, d & VMSA_DESC_TABLE); /* no block mappings */
        table = p2m_desc_mfn(d);
    }
}

/*
 * Walk from the root towards @gfn's leaf. Returns the level at which the
 * walk stopped (P2M_LEAF_LEVEL when the L3 table exists) and in *slot_pa the
 * address of the descriptor at that level (a non-valid one unless at L3).
 * A walk-cache hit names the L3 table the walk would reach (tables live until teardown).
 */
static inline unsigned p2m_descend(const struct xen *x, struct p2m *p, uint64_t gfn,
                                   uint64_t *slot_pa)
{
    int slot = p2m_wc_slot(p, gfn);

    if (slot >= 0) {
        *slot_pa = p2m_slot_pa(p->wc_l3_mfn[slot], P2M_LEAF_LEVEL, gfn);
        return P2M_LEAF_LEVEL;
    }
    return p2m_descend_walk(x, p, gfn, slot_pa);
}

int p2m_init(struct xen *x, struct p2m *p, uint16_t domid)
{
    uint64_t root = frames_alloc(&x->frames, x->mem, PAGE_OWNER_XEN);
    if (root == INVALID_MFN)
        return -ENOMEM;
    p->root_mfn = root;
    p->nr_tables = 1;
    p->nr_entries = 0;
    p->domid = domid;
    p->digest = 0;
    p->keep_digest = x->opts.p2m_digest;
    memset(p->wc_tag, 0, sizeof(p->wc_tag));
    return 0;
}

/* Free the tables below descriptor-table @table_mfn at @level, then the table itself. */
static uint32_t p2m_free_table(struct xen *x, uint64_t table_mfn, unsigned level)
{
    uint32_t freed = 1;
    if (level < P2M_LEAF_LEVEL) {
        for (unsigned i = 0; i < P2M_ENTRIES; i++) {
            uint64_t d = p2m_read(x, (table_mfn << PAGE_SHIFT) + i * sizeof(uint64_t));
            if (d & VMSA_DESC_VALID)
                freed += p2m_free_table(x, p2m_desc_mfn(d), level + 1);
        }
    }
    GNTSIM_ASSERT(P2M_BUG_ID, frames_owner(&x->frames, table_mfn) == PAGE_OWNER_XEN);
    frames_put(&x->frames, table_mfn);
    return freed;
}

void p2m_teardown(struct xen *x, struct p2m *p)
{
    if (p->nr_tables == 0)
        return; /* zeroed or already torn down: root_mfn 0 may be someone's RAM */
    uint32_t freed = p2m_free_table(x, p->root_mfn, 0);
    GNTSIM_ASSERT(P2M_BUG_ID, freed == p->nr_tables);
    p->root_mfn = INVALID_MFN;
    memset(p->wc_tag, 0, sizeof(p->wc_tag));
    p->nr_tables = 0;
    p->nr_entries = 0;
}

/* Allocate @nr zeroed table frames into @out, all or none. */
static int p2m_alloc_tables(struct xen *x, uint64_t *out, unsigned nr)
{
    for (unsigned i = 0; i < nr; i++) {
        out[i] = frames_alloc(&x->frames, x->mem, PAGE_OWNER_XEN);
        if (out[i] == INVALID_MFN) {
            while (i-- > 0)
                frames_put(&x->frames, out[i]);
            return -ENOMEM;
        }
    }
    return 0;
}

/* The foreign entry's page reference goes (put_page); the owner with its last. */
static GNTSIM_NOINLINE void p2m_put_foreign_page(struct xen *x, uint64_t mfn)
{
    uint16_t owner = frames_owner(&x->frames, mfn);

    frames_put(&x->frames, mfn);
    if (frames_owner(&x->frames, mfn) == PAGE_OWNER_NONE) {
        struct domain *od = xen_domain_or_dying(x, owner);

        if (od)
            domain_put_dying(x, od);
    }
}

/*
 * Arm p2m_put_l3_page() (arch/arm/p2m.c, RELEASE-4.11.0 .. 4.19; mmu/p2m.c
 * p2m_put_foreign_page() in master): an entry that goes away drops the page reference
 * only when it is foreign (XENMAPSPACE_gmfn_foreign took it); RAM, grant, MMIO and
 * IOMMU entries hold none. The last reference of a dying domain's page takes the
 * domain with it (put_domain). Inline: the type test (every removal makes it); the put
 * out of line.
 */
static inline void p2m_put_l3_page(struct xen *x, uint64_t desc)
{
    struct p2m_entry e;

    p2m_decode(desc, &e);
    if (e.type == P2M_MAP_FOREIGN_RW || e.type == P2M_MAP_FOREIGN_RO)
        p2m_put_foreign_page(x, e.mfn);
}

int p2m_set_entry(struct xen *x, struct p2m *p, uint64_t gfn, uint64_t mfn,
                  enum p2m_type t)
{
    int rc = p2m_set_entry_deferred(x, p, gfn, mfn, t);

    /* Xen __p2m_set_entry(): IOTLB flush when the old or new entry is valid. */
    if (!rc)
        iommu_p2m_changed(x, p->domid, gfn);
    return rc;
}

int p2m_set_entry_deferred(struct xen *x, struct p2m *p, uint64_t gfn, uint64_t mfn,
                           enum p2m_type t)
{
    if (gfn >> P2M_GFN_BITS || mfn > (VMSA_DESC_ADDR_MASK >> PAGE_SHIFT) ||
        t == P2M_INVALID || (unsigned)t >= P2M_NR_TYPES)
        return -EINVAL;
    GNTSIM_ASSERT(P2M_BUG_ID, p->nr_tables != 0); /* p2m_init() done */
    /* Check: find the missing tables and get them all before touching anything. */
    uint64_t slot, tables[P2M_LEAF_LEVEL];
    unsigned level = p2m_descend(x, p, gfn, &slot);
    unsigned missing = P2M_LEAF_LEVEL - level;
    if (p2m_alloc_tables(x, tables, missing) != 0)
        return -ENOMEM;
    /* Commit: link the new tables, then write the leaf (Xen __p2m_set_entry()). */
    for (unsigned i = 0; i < missing; i++, level++) {
        p2m_write_dg(x, p, slot, 0, p2m_table_desc(tables[i]));
        slot = p2m_slot_pa(tables[i], level + 1, gfn);
    }
    p->nr_tables += missing;
    p2m_wc_fill(x, p, gfn, slot >> PAGE_SHIFT);
    uint64_t old = p2m_read(x, slot);
    p2m_write_dg(x, p, slot, old, p2m_leaf_desc(mfn, t));
    if (!(old & VMSA_DESC_VALID))
        p->nr_entries++;
    if (x->trace)
        TRACE(x->trace, P2M_SET, TA_U(p->domid), TA_U(gfn), TA_U(mfn),
              TA_S(p2m_type_name(t)));
    /* __p2m_set_entry(): p2m_free_entry() of the old entry only when the mfn changes
     * (a same-mfn overwrite keeps a foreign entry's reference: RELEASE-4.11.0 ..
     * master) */
    if ((old & VMSA_DESC_VALID) && p2m_desc_mfn(old) != mfn)
        p2m_put_l3_page(x, old);
    return 0;
}

int p2m_remove_entry(struct xen *x, struct p2m *p, uint64_t gfn, uint64_t mfn,
                     bool check_mfn)
{
    uint64_t slot;
    if (p->nr_tables == 0 || gfn >> P2M_GFN_BITS ||
        p2m_descend(x, p, gfn, &slot) != P2M_LEAF_LEVEL)
        return 0; /* nothing mapped: Xen's removal of a missing entry succeeds */
    struct p2m_entry e;
    uint64_t d = p2m_read(x, slot);
    if (!(d & VMSA_DESC_VALID))
        return 0;
    p2m_decode(d, &e);
    /* Xen p2m_remove_mapping() (5a4a2cef08, 4.17): any-RAM entry for another mfn. */
    if (check_mfn && p2m_is_any_ram(e.type) && e.mfn != mfn) {
        if (x->trace)
            TRACE(x->trace, P2M_REMOVE_REFUSED, TA_U(p->domid), TA_U(gfn), TA_U(e.mfn),
                  TA_U(mfn));
        return -EILSEQ;
    }
    p2m_write_dg(x, p, slot, d, 0); /* Xen p2m_remove: the entry is zeroed (memset 0) */
    GNTSIM_ASSERT(P2M_BUG_ID, p->nr_entries > 0);
    p->nr_entries--;
    if (x->trace)
        TRACE(x->trace, P2M_REMOVE, TA_U(p->domid), TA_U(gfn), TA_U(e.mfn),
              TA_S(p2m_type_name(e.type)));
    iommu_p2m_changed(x, p->domid, gfn);
    p2m_put_l3_page(x, d);
    return 0;
}

struct p2m_relinquish_ctx {
    uint64_t gfn[64];
    unsigned n;
};

static int p2m_relinquish_one(void *ctx, uint64_t gfn, const struct p2m_entry *e)
{
    struct p2m_relinquish_ctx *c = ctx;

    if (e->type == P2M_MAP_FOREIGN_RW || e->type == P2M_MAP_FOREIGN_RO)
        c->gfn[c->n++] = gfn;
    return c->n == sizeof(c->gfn) / sizeof(c->gfn[0]);
}

void p2m_relinquish(struct xen *x, struct p2m *p)
{
    struct p2m_relinquish_ctx c;

    /* in batches: each entry is removed (its reference put) after the walk */
    do {
        c.n = 0;
        p2m_for_each(x, p, p2m_relinquish_one, &c);
        for (unsigned i = 0; i < c.n; i++)
            p2m_remove_entry(x, p, c.gfn[i], 0, false);
    } while (c.n == sizeof(c.gfn) / sizeof(c.gfn[0]));
}
int p2m_lookup_walk(const struct xen *x, struct p2m *p, uint64_t gfn, struct p2m_entry *e)
{
    uint64_t slot, d;

    if (p->nr_tables == 0 || gfn >> P2M_GFN_BITS ||
        p2m_descend(x, p, gfn, &slot) != P2M_LEAF_LEVEL)
        return -ENOENT;
    d = p2m_read(x, slot);
    if (!(d & VMSA_DESC_VALID))
        return -ENOENT;
    GNTSIM_ASSERT(P2M_BUG_ID, d & VMSA_DESC_TABLE); /* L3 page descriptor */
    p2m_decode(d, e);
    return 0;
}

typedef int (*p2m_visit_fn)(void *ctx, uint64_t gfn, const struct p2m_entry *e);

/* Visit the valid leaves under table @table_mfn at @level covering gfns from @gfn_base.
 */
static int p2m_walk_table(const struct xen *x, uint64_t table_mfn, unsigned level,
                          uint64_t gfn_base, p2m_visit_fn fn, void *ctx)
{
    unsigned shift = (P2M_LEAF_LEVEL - level) * P2M_LEVEL_BITS;
    /* the table read in place (a walk changes nothing), whole descriptors at a time */
    const uint8_t *table = hw_mem_frame_ro(x->mem, table_mfn);

    if (table == NULL)
        GNTSIM_BUG(P2M_BUG_ID, "p2m table %#llx is not RAM",
                   (unsigned long long)table_mfn);
    for (uint64_t i = 0; i < P2M_ENTRIES; i++) {
        uint64_t d, blk[8];
        int rc;

        if (!(i & 7)) { /* eight descriptors at a time: most of a table is empty */
            memcpy(blk, table + i * 8, sizeof(blk));
            if (!(blk[0] | blk[1] | blk[2] | blk[3] | blk[4] | blk[5] | blk[6] |
                  blk[7])) {
                i += 7;
                continue;
            }
        }
        memcpy(&d, table + i * 8, sizeof(d));
        d = hw_mem_le64(d);
        if (!(d & VMSA_DESC_VALID))
            continue;
        if (level == P2M_LEAF_LEVEL) {
            struct p2m_entry e;

            p2m_decode(d, &e);
            rc = fn(ctx, gfn_base | (i << shift), &e);
        } else {
            rc = p2m_walk_table(x, p2m_desc_mfn(d), level + 1, gfn_base | (i << shift),
                                fn, ctx);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

int p2m_for_each(const struct xen *x, const struct p2m *p,
                 int (*fn)(void *ctx, uint64_t gfn, const struct p2m_entry *e), void *ctx)
{
    if (p->nr_tables == 0)
        return 0;
    return p2m_walk_table(x, p->root_mfn, 0, 0, fn, ctx);
}
