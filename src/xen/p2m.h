/* SPDX-License-Identifier: MIT */
/*
 * The Arm P2M: per-domain stage-2 translation tables, stored as real
 * VMSAv8-64 descriptors (4 KiB granule, 48-bit IPA, 4 levels from L0) in
 * machine frames owned by Xen, the p2m type in software bits [58:55] as Xen
 * keeps it (xen/arch/arm/include/asm/lpae.h lpae_p2m_t). The SMMU walks the
 * same frames from its context bank's TTBR (src/hw/smmu), so what is
 * written here is exactly what a device sees.
 *
 * Descriptor bits: hw/vmsa.h (lpae_p2m_t), the p2m type in the software bits.
 */
#ifndef GNTSIM_XEN_P2M_H
#define GNTSIM_XEN_P2M_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "env/compiler.h"
#include "hw/mem.h"
#include "hw/vmsa.h"

struct xen;

/* Xen's p2m_type_t, same order and values (asm/p2m.h). */
enum p2m_type {
    P2M_INVALID = 0,
    P2M_RAM_RW,
    P2M_RAM_RO,
    P2M_MMIO_DIRECT_DEV,
    P2M_MMIO_DIRECT_NC,
    P2M_MMIO_DIRECT_C,
    P2M_MAP_FOREIGN_RW,
    P2M_MAP_FOREIGN_RO,
    P2M_GRANT_MAP_RW,
    P2M_GRANT_MAP_RO,
    P2M_IOMMU_MAP_RW,
    P2M_IOMMU_MAP_RO,
    P2M_NR_TYPES
};

#define P2M_LEVELS     4
#define P2M_IPA_BITS   48
#define P2M_LEVEL_BITS VMSA_LEVEL_BITS
#define P2M_ENTRIES    VMSA_ENTRIES
#define P2M_GFN_BITS   (P2M_IPA_BITS - PAGE_SHIFT) /* 36 */

/* The p2m type in the descriptor's software bits (hw/vmsa.h has the rest). */
#define P2M_DESC_TYPE_SHIFT VMSA_DESC_SW_SHIFT
#define P2M_DESC_TYPE_MASK  VMSA_DESC_SW_MASK

/* gntsim's P2M walk cache: 8 sets of 2 L3 tables (2 ways: a grant mapping's host gfn and
 * its 1:1 IOMMU dfn often share a set, and evicted each other from a direct-mapped one)
 */
#define P2M_WC_SETS  8u
#define P2M_WC_SLOTS (2 * P2M_WC_SETS)

struct p2m {
    uint64_t root_mfn;   /* L0 table frame; the SMMU's TTBR points here */
    uint32_t nr_tables;  /* table frames in use, root included */
    uint32_t nr_entries; /* valid leaf entries */
    uint16_t domid;      /* owning domain, for traces and IOTLB hooks */
    /* with keep_digest (the world's digest option, from p2m_init on): XOR over the
     * valid descriptors of every table of a hash of (address, value), kept up to date
     * by each write, so gntsim_world_digest() needs no walk */
    uint64_t digest;
    bool keep_digest;
    /* gntsim's walk cache: the L3 tables of the last gfn >> 9 walked, set or looked
     * up; set (gfn >> 9) % P2M_WC_SETS is slots 2s (the newer) and 2s + 1 (tables live
     * until teardown) */
    uint64_t wc_tag[P2M_WC_SLOTS]; /* (gfn >> 9) + 1 of the cached L3 table; 0 = empty */
    uint64_t wc_l3_mfn[P2M_WC_SLOTS];
    /* host address of each cached L3 table (Xen reads its tables through the direct
     * map; gntsim through the memfd mapping, fixed for the world's life) */
    const uint8_t *wc_l3_host[P2M_WC_SLOTS];
};

/* Descriptor @d at machine address @pa's share of struct p2m.digest, an XOR of these
 * (0 for an empty one). Cannot fail. */
static inline uint64_t p2m_desc_digest(uint64_t pa, uint64_t d)
{
    return d ? (d ^ pa * 0x9e3779b97f4a7c15ull) * 0xff51afd7ed558ccdull : 0;
}

/* What a leaf entry says, decoded. */
struct p2m_entry {
    uint64_t mfn;
    enum p2m_type type;
    bool read, write, xn;
    uint64_t desc; /* raw descriptor */
};

/* Name of a p2m type as Xen spells it ("p2m_grant_map_ro"); "?" if out of range. */
const char *p2m_type_name(enum p2m_type t);

/*
 * Allocate the root table for domain @domid. On error (-ENOMEM) nothing is
 * allocated.
 */
int p2m_init(struct xen *x, struct p2m *p, uint16_t domid);

/*
 * relinquish_p2m_mapping() (xen/arch/arm/p2m.c, RELEASE-4.11.0 .. master), as far as
 * references go: remove every foreign entry, dropping the page reference each holds
 * (the other entries hold none and go with p2m_teardown()). Cannot fail.
 */
void p2m_relinquish(struct xen *x, struct p2m *p);

/* Free every table frame; leaf targets are not touched. Safe on a zeroed p2m. */
void p2m_teardown(struct xen *x, struct p2m *p);

/*
 * Insert or overwrite the 4 KiB entry gfn -> mfn with type @t, permissions
 * from Xen's p2m_set_permission() for @t, allocating intermediate tables as
 * needed, then call iommu_p2m_changed(). An overwritten foreign entry of another
 * mfn drops its page reference (p2m_free_entry). On error (-ENOMEM for a table frame,
 * -EINVAL for a gfn beyond the IPA size, an mfn beyond the 48-bit output
 * address or an invalid type) the existing mapping is unchanged.
 */
int p2m_set_entry(struct xen *x, struct p2m *p, uint64_t gfn, uint64_t mfn,
                  enum p2m_type t);

/*
 * p2m_set_entry() without the IOTLB flush, for a batch that ends with one
 * iommu_p2m_changed() (Xen defers the flush to p2m_write_unlock()). Same
 * error contract.
 */
int p2m_set_entry_deferred(struct xen *x, struct p2m *p, uint64_t gfn, uint64_t mfn,
                           enum p2m_type t);

/*
 * Remove the entry at @gfn (a foreign one drops its page reference). If @check_mfn (Arm
 * p2m_remove_mapping since 5a4a2cef08, 4.17) and the entry is RAM, grant or foreign typed
 * for a mfn other than @mfn, nothing changes and -EILSEQ is returned. Removing an empty
 * gfn (including one beyond the IPA size) succeeds and changes nothing;
 * iommu_p2m_changed() is called only when an entry was removed.
 */
int p2m_remove_entry(struct xen *x, struct p2m *p, uint64_t gfn, uint64_t mfn,
                     bool check_mfn);

/* p2m_lookup() when @gfn's L3 table is not in the walk cache: the full walk. */
int p2m_lookup_walk(const struct xen *x, struct p2m *p, uint64_t gfn,
                    struct p2m_entry *e);

/* Decode leaf descriptor @desc into @e (Xen's lpae_p2m_t fields). Cannot fail. */
static inline void p2m_decode(uint64_t desc, struct p2m_entry *e)
{
    e->mfn = (desc & VMSA_DESC_ADDR_MASK) >> PAGE_SHIFT;
    e->type = (enum p2m_type)((desc & P2M_DESC_TYPE_MASK) >> P2M_DESC_TYPE_SHIFT);
    e->read = (desc & VMSA_DESC_S2AP_R) != 0;
    e->write = (desc & VMSA_DESC_S2AP_W) != 0;
    e->xn = (desc & VMSA_DESC_XN) != 0;
    e->desc = desc;
}

/* The walk-cache slot holding @gfn's L3 table, or -1. Cannot fail. */
static inline int p2m_wc_slot(const struct p2m *p, uint64_t gfn)
{
    const uint64_t tag = (gfn >> P2M_LEVEL_BITS) + 1;
    const unsigned s = (unsigned)((gfn >> P2M_LEVEL_BITS) % P2M_WC_SETS) * 2;

    if (p->wc_tag[s] == tag)
        return (int)s;
    return p->wc_tag[s + 1] == tag ? (int)s + 1 : -1;
}

/*
 * Decode the entry at @gfn into @e. Returns 0, or -ENOENT if nothing valid is mapped.
 * Only the walk cache of @p changes. Inline for a walk-cache hit: the L3 descriptor is
 * one load through the cached table's host address (Xen: its direct map).
 */
static inline int p2m_lookup(const struct xen *x, struct p2m *p, uint64_t gfn,
                             struct p2m_entry *e)
{
    int slot;
    uint64_t d;

    if (p->nr_tables == 0 || gfn >> P2M_GFN_BITS)
        return -ENOENT;
    slot = p2m_wc_slot(p, gfn);
    if (slot < 0)
        return p2m_lookup_walk(x, p, gfn, e);
    memcpy(&d, p->wc_l3_host[slot] + (gfn & (P2M_ENTRIES - 1)) * sizeof(d), sizeof(d));
    d = hw_mem_le64(d);
    if (!(d & VMSA_DESC_VALID))
        return -ENOENT;
    GNTSIM_ASSERT("C4", d & VMSA_DESC_TABLE); /* L3 page descriptor */
    p2m_decode(d, e);
    return 0;
}

/*
 * Call @fn for each valid leaf entry in ascending gfn order; stop early and
 * return @fn's value if it returns non-zero. Returns 0 otherwise.
 */
int p2m_for_each(const struct xen *x, const struct p2m *p,
                 int (*fn)(void *ctx, uint64_t gfn, const struct p2m_entry *e),
                 void *ctx);

/* True for p2m_ram_*, p2m_grant_map_*, p2m_map_foreign_* (Xen's p2m_is_any_ram). Cannot
 * fail. Inline: one mask test. */
static inline bool p2m_is_any_ram(enum p2m_type t)
{
    /* Xen asm/p2m.h: P2M_RAM_TYPES | P2M_GRANT_TYPES | P2M_FOREIGN_TYPES */
    const unsigned any_ram = 1u << P2M_RAM_RW | 1u << P2M_RAM_RO |
                             1u << P2M_GRANT_MAP_RW | 1u << P2M_GRANT_MAP_RO |
                             1u << P2M_MAP_FOREIGN_RW | 1u << P2M_MAP_FOREIGN_RO;

    return (unsigned)t < P2M_NR_TYPES && (any_ram >> t & 1u);
}

#endif
