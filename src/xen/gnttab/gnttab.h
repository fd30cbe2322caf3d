/* SPDX-License-Identifier: MIT */
/*
 * Grant tables inside the modelled hypervisor (xen/common/grant_table.c).
 * One file per operation family:
 *   table.c     grant table lifetime, growth, setup_table, query_size
 *   entry.c     shared entries (v1, v2), _set_status, reduce_status_for_pin (inline here)
 *   maptrack.c  maptrack handles: per-vCPU free lists, tail sentinel, steal
 *   map.c       GNTTABOP_map_grant_ref
 *   unmap.c     GNTTABOP_unmap_grant_ref, unmap_and_replace (batches of 32)
 *   iommu_step.c the IOMMU decision for maps and unmaps, eras A/B/C
 *   mt_radix.c  era C per-mfn counters (Xen's maptrack_tree)
 *   copy.c      GNTTABOP_copy (acquire/release_grant_for_copy, buffer cache)
 *   version.c   GNTTABOP_set_version, get_version, get_status_frames
 *   swap.c      GNTTABOP_swap_grant_ref
 *   transfer.c  GNTTABOP_transfer (Arm by release, x86 HVM and PV callers)
 *   release.c   gnttab_release_mappings() of a dying domain
 *   hypercall.c do_grant_table_op(): command decode and dispatch
 */
#ifndef GNTSIM_XEN_GNTTAB_H
#define GNTSIM_XEN_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "xen/xen.h"

#define GNTTAB_UNMAP_BATCH_SIZE         32
#define GNTTABOP_CONTINUATION_ARG_SHIFT 12
#define GNTTABOP_CMD_MASK               ((1u << GNTTABOP_CONTINUATION_ARG_SHIFT) - 1)

/* ---- table.c ---- */

/*
 * grant_table_init's checks of a new domain's @max_frames and @max_maptrack_frames
 * for the release of @x. Returns 0, -EINVAL (outside what Xen accepts) or -ENOMEM
 * (Xen's up-front arrays exceed free RAM).
 */
int gnttab_limits_check(const struct xen *x, uint32_t max_frames,
                        uint32_t max_maptrack_frames);
/*
 * Create @d's grant table with @max_frames and @max_maptrack_frames and
 * INITIAL_NR_GRANT_FRAMES (1) shared frames. On error (-EINVAL from
 * gnttab_limits_check, -ENOMEM) nothing is left allocated.
 */
int gnttab_domain_init(struct xen *x, struct domain *d, uint32_t max_frames,
                       uint32_t max_maptrack_frames);
/* Room for @need maptrack frames in @gt's host array. Returns 0 or -ENOMEM, unchanged. */
int gnttab_reserve_maptrack(struct grant_table *gt, uint32_t need);
/* Free only the host allocations of @gt (world teardown). Safe on a zeroed table. */
void gnttab_free_host(struct grant_table *gt);
/* Free the grant table, maptrack and counters of @d. Safe on a zeroed table. */
void gnttab_domain_fini(struct xen *x, struct domain *d);
/* Grow @d's table to @nr frames (gnttab_grow_table). Returns 0, or -ENOMEM/-EINVAL with
 * nothing changed. */
int gnttab_grow(struct xen *x, struct domain *d, uint32_t nr);
/* gnttab_grow() by a caller that holds @d's table write lock (asserted). Same results. */
int gnttab_grow_locked(struct xen *x, struct domain *d, uint32_t nr);
/* The most shared frames gntsim lets one table hold (a host bound: 12 KiB of active
 * entries and a machine frame each); a grow beyond fails as an allocation would
 * (GNTSIM_GNTTAB_MAX_FRAMES in the public API) */
#define GNTTAB_HOST_MAX_FRAMES 2048u
#define GRANT_V2_PER_PAGE      (PAGE_SIZE / sizeof(grant_entry_v2_t))
#define GRANT_STATUS_PER_PAGE  (PAGE_SIZE / sizeof(grant_status_t))

/* grant_to_status_frames(): status frames that back @nr_grant_frames v2 frames. */
uint32_t gnttab_status_frames_for(uint32_t nr_grant_frames);
/*
 * Where status frame @i of @d appears in its P2M: gnttab_gfn + max_grant_frames + i
 * (gntsim's fixed choice; an Arm guest picks the gfn with XENMAPIDX_grant_table_status).
 */
uint64_t gnttab_status_gfn(const struct domain *d, uint32_t i);
/* No GFN recorded for a grant-table frame (Xen's INVALID_GFN, INVALID_M2P_ENTRY). */
#define GNTTAB_NO_GFN (~0ull)
/*
 * Take @d's shared (or, @status, status) frame @i out of its P2M at the GFN recorded for
 * it (the entry there goes, whatever it maps, as at the fixed GFN before), and forget
 * the GFN: gntsim's teardown of its
 * own stand-in mapping (the grow's undo, the table's end). Cannot fail.
 */
void gnttab_frame_unmap(struct xen *x, struct domain *d, bool status, uint32_t i);
/* Populate @d's status frames for @nr_grant_frames v2 frames, under @d's table write lock
 * (asserted, C1). Returns 0 or -ENOMEM with nothing added. */
int gnttab_populate_status(struct xen *x, struct domain *d, uint32_t nr_grant_frames);
/* Number of grant entries of @gt for its version (inline: every op checks a ref against
 * it). Cannot fail. */
static inline uint32_t gnttab_nr_entries(const struct grant_table *gt)
{
    return gt->nr_grant_frames * (gt->gt_version == 1 ? GRANT_V1_PER_PAGE : 256u);
}
/* GNTTABOP_setup_table for one op; returns 0 (status in @op) or -EFAULT for a missing
 * frame list. */
long gnttab_setup_table(struct xen *x, struct gnttab_setup_table *op);
/* GNTTABOP_query_size for one op; status in @op. */
void gnttab_query_size(struct xen *x, struct gnttab_query_size *op);
/*
 * Target of setup_table/query_size/get_status_frames: DOMID_SELF or an id,
 * privilege per the XSM dummy policy (XSM_TARGET). Returns GNTST_okay with
 * *@out set, GNTST_bad_domain or GNTST_permission_denied.
 */
int16_t gnttab_target(struct xen *x, uint16_t dom, struct domain **out);
/* gnttab_target() of a domain already looked up (@d NULL: none), for the ops whose
 * lookup finds dying domains too. Same results. */
int16_t gnttab_target_found(struct xen *x, struct domain *d, struct domain **out);

/* ---- map_frame.c: XENMAPSPACE_grant_table's grant-table half ---- */

#define XENMAPIDX_grant_table_status 0x80000000u /* public/memory.h */

/* What gnttab_map_frame_begin() found and holds, for gnttab_map_frame_end(). */
struct gnttab_frame_ref {
    uint64_t mfn;
    uint32_t idx; /* without XENMAPIDX_grant_table_status */
    bool status;  /* a v2 status frame */
    bool locked;  /* the table's write lock is still held (02708d3b51, XSA-486) */
};

/*
 * gnttab_map_frame() / gnttab_map_frame_begin() for frame @idx of @d, to be mapped at
 * @gfn: the frame in @f, the release's removal of its old GFN and record of @gfn, and
 * (profile map_frame_takes_ref) a page reference. Returns 0 (then call
 * gnttab_map_frame_end() after the P2M update), -EINVAL (no such frame, the table
 * cannot grow, or @gfn is GNTTAB_NO_GFN from 1b78d4c636), -EBUSY (no reference to be
 * had) or -EILSEQ (the old GFN maps another frame); on an error nothing is held.
 */
int gnttab_map_frame_begin(struct xen *x, struct domain *d, uint32_t idx, uint64_t gfn,
                           struct gnttab_frame_ref *f);
/* Put what gnttab_map_frame_begin() left held in @f: the page reference, the lock.
 * Cannot fail. */
void gnttab_map_frame_end(struct xen *x, struct domain *d,
                          const struct gnttab_frame_ref *f);
/* Where Xen records the GFN of @d's frame @idx (status or shared; Arm
 * gnttab_set_frame_gfn() writes it, x86's is the M2P entry): on Arm without
 * frame_gfn_split (XSA-255 reverted) a status frame's is shared frame @idx's. @idx must
 * be a frame of @d's table. Cannot fail. */
uint64_t *gnttab_frame_gfn_slot(const struct xen *x, struct domain *d, bool status,
                                uint32_t idx);
/* The GFN Xen finds for @d's frame @idx (gnttab_get_frame_gfn(), get_status_frames):
 * its slot's, but 0 for an Arm status frame without frame_gfn_split. Cannot fail. */
uint64_t gnttab_frame_gfn(const struct xen *x, struct domain *d, bool status,
                          uint32_t idx);
/*
 * What GNTTABOP_setup_table (shared) and GNTTABOP_get_status_frames (@status) hand
 * the guest for frame @idx: Arm gnttab_shared_gfn()/gnttab_status_gfn(), the GFN
 * recorded (gnttab_frame_gfn()); x86 the same macros are mfn_to_gfn(): the frame's
 * M2P entry for a translated domain, its MFN for PV (xen/arch/x86/include/asm/
 * grant_table.h, p2m.h mfn_to_gfn(), RELEASE-4.11.0 .. master). Cannot fail.
 */
uint64_t gnttab_frame_for_guest(const struct xen *x, struct domain *d, bool status,
                                uint32_t idx);
/* The recorded GFN (x86: the M2P entry) of @d's grant-table frame @mfn, or NULL if
 * @mfn is none of them (or a status frame whose allocation reference is gone). */
uint64_t *gnttab_frame_of_mfn(struct domain *d, uint64_t mfn);

/* ---- version.c ---- */

/*
 * GNTTABOP_set_version by x->cur. Returns 0, -EFAULT, -EINVAL, -ENOSYS
 * (v2 above the domain's max version), -EBUSY (entries >= 8 pinned, or a
 * status frame still referenced: XSA-255; translated guests are crashed),
 * -ERANGE or -ENOMEM; @op->version always receives the current version.
 */
long gnttab_set_version(struct xen *x, struct gnttab_set_version *op);
/* GNTTABOP_get_version: 0, -EFAULT, -ESRCH (no such domain) or -EPERM (XSM). */
long gnttab_get_version(struct xen *x, struct gnttab_get_version *op);
/* GNTTABOP_get_status_frames for one op: 0 with GNTST_* in @op, or -EFAULT for a
 * missing frame list. */
long gnttab_get_status_frames(struct xen *x, struct gnttab_get_status_frames *op);

/* ---- entry.c ---- */

/* Host pointer to grant frame @mfn (it must be RAM: C2, else abort). Cannot fail. */
uint8_t *gnttab_frame_host(const struct xen *x, uint64_t mfn);

/*
 * Pointer to the v1 shared entry @ref of @gt (ref < nr entries; Xen shared_entry_v1()
 * through shared_raw[]). Inline, as the accessors below: an entry access is a load of
 * the frame's host view and an add. Cannot fail.
 */
static inline grant_entry_v1_t *
gnttab_shared_v1(const struct xen *x, const struct grant_table *gt, uint32_t ref)
{
    (void)x;
    return (grant_entry_v1_t *)(void *)(gt->shared_raw[ref / GRANT_V1_PER_PAGE] +
                                        (ref % GRANT_V1_PER_PAGE) *
                                            sizeof(grant_entry_v1_t));
}
/* Pointer to the v2 shared entry @ref of @gt (ref < nr entries). Cannot fail. */
static inline grant_entry_v2_t *
gnttab_shared_v2(const struct xen *x, const struct grant_table *gt, uint32_t ref)
{
    (void)x;
    return (grant_entry_v2_t *)(void *)(gt->shared_raw[ref / GRANT_V2_PER_PAGE] +
                                        (ref % GRANT_V2_PER_PAGE) *
                                            sizeof(grant_entry_v2_t));
}
/* Header (flags, domid) of @ref for @gt's version (ref < nr entries). Cannot fail. */
static inline grant_entry_header_t *
gnttab_entry_hdr(const struct xen *x, const struct grant_table *gt, uint32_t ref)
{
    if (gt->gt_version == 1) /* flags and domid open a v1 entry too */
        return (grant_entry_header_t *)(void *)gnttab_shared_v1(x, gt, ref);
    return &gnttab_shared_v2(x, gt, ref)->hdr;
}
/* Where GTF_reading/GTF_writing of @ref live: v1 the flags word, v2 the status
 * frame entry (ref < nr entries; Xen status_entry()). Cannot fail. */
static inline uint16_t *gnttab_entry_status(const struct xen *x,
                                            const struct grant_table *gt, uint32_t ref)
{
    if (gt->gt_version == 1)
        return &gnttab_shared_v1(x, gt, ref)->flags;
    return (uint16_t *)(void *)(gt->status_raw[ref / GRANT_STATUS_PER_PAGE] +
                                (ref % GRANT_STATUS_PER_PAGE) * sizeof(grant_status_t));
}
/* The frame of @ref: v1 frame, v2 full_page.frame (= sub_page.frame). Cannot fail. */
static inline uint64_t gnttab_entry_frame(const struct xen *x,
                                          const struct grant_table *gt, uint32_t ref)
{
    if (gt->gt_version == 1)
        return gnttab_shared_v1(x, gt, ref)->frame;
    return gnttab_shared_v2(x, gt, ref)->full_page.frame; /* sub_page.frame: same place */
}
/* Active entry @ref of @gt (ref < nr entries); inline: scans (mapkind, cache_flush) call
 * it per entry. Cannot fail. */
static inline struct active_grant_entry *gnttab_active(const struct grant_table *gt,
                                                       uint32_t ref)
{
    return &gt->active[ref / GRANT_V1_PER_PAGE][ref % GRANT_V1_PER_PAGE];
}
/*
 * Active entry @ref of @d (ref < nr entries) for reading or changing its pins: the caller
 * holds LOCK_ACTIVE of (@d, @ref), asserted (grant-tables.txt "Locking": active entries
 * are changed under active_entry_acquire()). Returns the entry; a missing lock is a
 * gntsim bug (C1, abort).
 */
static inline struct active_grant_entry *
gnttab_active_locked(const struct xen *x, const struct domain *d, uint32_t ref)
{
    sim_lock_assert_held(x->locks, LOCK_ACTIVE, d->domid, ref, LOCK_WRITE);
    return gnttab_active(&d->gt, ref);
}
/*
 * The type/domid test of _set_status_v1/_v2: permit_access (GTF_sub_page
 * counted as a type bit for maps); v2 copies also accept GTF_transitive, v2
 * maps too before b339e3a976 (profile map_rejects_transitive). Cannot fail.
 */
static inline bool gnttab_status_type_ok(const struct xen *x,
                                         const struct grant_table *gt, uint16_t flags,
                                         uint16_t domid, bool mapflag, uint16_t ldomid)
{
    uint16_t mask = GTF_type_mask | (mapflag ? GTF_sub_page : 0);
    bool trans_ok = gt->gt_version == 2 && (flags & mask) == GTF_transitive &&
                    (!mapflag || !x->prof->map_rejects_transitive);

    return ((flags & mask) == GTF_permit_access || trans_ok) && domid == ldomid;
}
/* gnttab_set_status() of a v2 table (entry.c). */
int16_t gnttab_set_status_v2(struct xen *x, struct grant_table *rgt, uint32_t ref,
                             const struct active_grant_entry *act, bool readonly,
                             bool mapflag, uint16_t ldomid, const char **why);
/*
 * _set_status_v1() / _set_status_v2(): validate the shared entry for @ldomid (type,
 * domid, readonly) unless already pinned, and set GTF_reading (+GTF_writing). Returns
 * GNTST_okay or GNTST_general_error with the entry unchanged and
 * *@why set to Xen's reason.
 *
 * v1: Xen grant_table.c _set_status_v1(), a bounded cmpxchg loop on the flags+domid
 * word. gntsim runs guest and Xen sequentially, so the first compare always succeeds;
 * the validation order is Xen's. Inline: every first pin of a map or copy runs it.
 */
static inline int16_t gnttab_set_status(struct xen *x, struct grant_table *rgt,
                                        uint32_t ref,
                                        const struct active_grant_entry *act,
                                        bool readonly, bool mapflag, uint16_t ldomid,
                                        const char **why)
{
    grant_entry_v1_t *e;
    uint16_t flags;

    if (rgt->gt_version == 2)
        return gnttab_set_status_v2(x, rgt, ref, act, readonly, mapflag, ldomid, why);
    e = gnttab_shared_v1(x, rgt, ref);
    flags = e->flags;
    if (!act->pin && !gnttab_status_type_ok(x, rgt, flags, e->domid, mapflag, ldomid)) {
        *why = "Bad flags or dom in shared entry";
        return GNTST_general_error;
    }
    if (!readonly && (flags & GTF_readonly)) {
        *why = "Attempt to write-pin a r/o grant entry";
        return GNTST_general_error;
    }
    e->flags = (uint16_t)(flags | GTF_reading | (readonly ? 0 : GTF_writing));
    return GNTST_okay;
}
/* reduce_status_for_pin(): clear GTF_reading/GTF_writing no longer backed by pins, on the
 * v1 flags or the v2 status entry (Xen grant_table.c reduce_status_for_pin()). Inline:
 * every last unpin runs it. Cannot fail. */
static inline void gnttab_reduce_status_at(uint16_t *status,
                                           const struct active_grant_entry *act,
                                           bool readonly)
{
    uint16_t clear = act->pin ? 0 : GTF_reading;

    if (!readonly && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))
        clear |= GTF_writing;
    *status = (uint16_t)(*status & ~clear);
}
static inline void gnttab_reduce_status(struct xen *x, struct grant_table *rgt,
                                        uint32_t ref,
                                        const struct active_grant_entry *act,
                                        bool readonly)
{
    gnttab_reduce_status_at(gnttab_entry_status(x, rgt, ref), act, readonly);
}

/* ---- maptrack.c ---- */

/* get_maptrack_handle() for vCPU @v of @d; INVALID_MAPTRACK_HANDLE when exhausted. */
uint32_t maptrack_get(struct xen *x, struct domain *d, uint32_t v);
/* put_maptrack_handle(): append @handle to its owning vCPU's free list. Cannot fail. */
void maptrack_put(struct xen *x, struct domain *d, uint32_t handle);
/* Maptrack entry @handle (< maptrack_limit); inline: mapkind() calls it per entry.
 * Cannot fail. */
static inline struct grant_mapping *maptrack_entry(const struct grant_table *gt,
                                                   uint32_t handle)
{
    return &gt->maptrack[handle / MAPTRACK_PER_PAGE][handle % MAPTRACK_PER_PAGE];
}

/* ---- iommu_step.c ---- */

struct map_iommu_ctx {
    uint32_t old_pin, new_pin; /* era A: pins of the active entry before/after this map */
    bool gt_held; /* out, eras A/B: both tables left write-locked (double_gt_lock) */
};

/*
 * One era's IOMMU bookkeeping for grant maps (profile.h enum gnttab_iommu_era):
 * the map and unmap steps behind gnttab_map_iommu_step() /
 * gnttab_unmap_iommu_step(), with their contracts.
 */
struct gnttab_era {
    const char *name; /* "A", "B", "C" */
    int16_t (*map)(struct xen *x, struct domain *ld, struct domain *rd, uint64_t mfn,
                   uint32_t flags, struct map_iommu_ctx *ctx);
    int16_t (*unmap)(struct xen *x, struct domain *ld, struct domain *rd, uint64_t mfn,
                     uint32_t flags, bool put_handle);
    bool counters; /* per-mfn counters in the mapper's maptrack_tree (era C) */
};
/* The bookkeeping of era @e (the world picks it once, x->era). Cannot fail. */
const struct gnttab_era *gnttab_era_of(enum gnttab_iommu_era e);

/* mapkind(@ld, @rd, @mfn) under double_gt_lock: bit 0 read, bit 1 write. Cannot fail. */
unsigned gnttab_mapkind_locked(struct xen *x, struct domain *ld, struct domain *rd,
                               uint64_t mfn);

/* gnttab_need_iommu_mapping(@d) for the running profile. Cannot fail. */
bool gnttab_need_iommu_mapping(const struct xen *x, const struct domain *d);
/*
 * The IOMMU step of map_grant_ref for mapping @ld of @rd's @mfn with @flags,
 * before the maptrack entry is written. Returns GNTST_okay or
 * GNTST_general_error; on error the counters are as before (Xen's undo) and no lock is
 * held. On success in eras A and B both tables stay write-locked (@ctx->gt_held) until
 * gnttab_map_iommu_done(), after the maptrack entry is published.
 */
int16_t gnttab_map_iommu_step(struct xen *x, struct domain *ld, struct domain *rd,
                              uint64_t mfn, uint32_t flags, struct map_iommu_ctx *ctx);
/* Release what a successful gnttab_map_iommu_step() left held (@ctx->gt_held). Cannot
 * fail. */
void gnttab_map_iommu_done(struct xen *x, struct domain *ld, struct domain *rd,
                           struct map_iommu_ctx *ctx);
/*
 * The IOMMU step of unmap_common after the maptrack entry was updated.
 * @put_handle: the handle was fully released; @flags: the entry's flags
 * before the unmap. Returns GNTST_okay or GNTST_general_error; may record
 * Xen's BUG() (era C underflow, XSA-394).
 */
int16_t gnttab_unmap_iommu_step(struct xen *x, struct domain *ld, struct domain *rd,
                                uint64_t mfn, uint32_t flags, bool put_handle);

/* ---- mt_radix.c ---- */

/* Counter pair for @mfn; false (and zeros) when absent. Cannot fail. */
bool mt_radix_get(const struct mt_radix *t, uint64_t mfn, uint32_t *rd, uint32_t *wr);
/* Set the pair for @mfn (insert when absent). Returns 0 or -ENOMEM with nothing changed.
 */
int mt_radix_set(struct mt_radix *t, uint64_t mfn, uint32_t rd, uint32_t wr);
/* Delete @mfn's pair (no-op when absent). Cannot fail. */
void mt_radix_delete(struct mt_radix *t, uint64_t mfn);
/* Call @fn for every pair in ascending mfn order; stops on non-zero return. */
int mt_radix_for_each(const struct mt_radix *t,
                      int (*fn)(void *ctx, uint64_t mfn, uint32_t rd, uint32_t wr),
                      void *ctx);
/* Free every node. */
void mt_radix_fini(struct mt_radix *t);

#define MT_COUNTER_MAX 0x7fffffffu /* BITS_PER_LONG / 2 - 1 bits */

/* ---- map.c / unmap.c ---- */

/* map_grant_ref() by the current domain (x->cur). Status in @op. */
void gnttab_map_one(struct xen *x, struct gnttab_map_grant_ref *op);
/* GNTTABOP_unmap_grant_ref over @count ops in batches of 32. Statuses in @ops. */
void gnttab_unmap_batch(struct xen *x, struct gnttab_unmap_grant_ref *ops,
                        uint32_t count);
/* GNTTABOP_unmap_and_replace over @count ops. Statuses in @ops. */
void gnttab_unmap_and_replace_batch(struct xen *x, struct gnttab_unmap_and_replace *ops,
                                    uint32_t count);

/*
 * Would adding @incr to the pin counters @pin overflow one of them? (Xen
 * GNTPIN_incr2oflow_mask, 8cec5d065c, 4.15; before: any counter at 128.)
 * Cannot fail.
 */
bool gnttab_pin_would_overflow(const struct xen *x, uint32_t pin, uint32_t incr);

/*
 * Before 00f67ee347 (XSA-224) a writable device-only map could hold no type reference
 * that its unmap or release then puts: Xen's put_page_type() on a count of 0, which an
 * ASSERT stops (debug build) or which corrupts the frame's type (release build). Returns
 * true if @mfn holds the type references that dropping @halves (GNTMAP_device_map,
 * GNTMAP_host_map, GNTMAP_readonly) of @ld's mapping of @rd's page puts; otherwise stops
 * Xen there (xen_bug(), S9) and returns false.
 */
bool gnttab_xsa224_types_held(struct xen *x, const struct domain *ld,
                              const struct domain *rd, uint64_t mfn, uint32_t halves);
/*
 * x86 gnttab_host_mapping_get_page_type(@ro, @ld, @rd)
 * (xen/arch/x86/include/asm/grant_table.h): a host map takes a
 * PGT_writable_page type reference when it is writable and the granter is
 * PV or the map is a self-map. Always false on Arm (@ld's arch). Cannot fail.
 */
bool gnttab_host_map_takes_type(bool ro, const struct domain *ld,
                                const struct domain *rd);

/* ---- copy.c ---- */

/* acquire_grant_for_copy()'s ERESTART: a transitive entry changed while its locks were
 * dropped; gnttab_copy() stops before that op (never a GNTST_* status). */
#define GNTTAB_COPY_ERESTART ((int16_t)85)

/*
 * gnttab_copy() over @count ops issued by x->cur. Per-op GNTST_* in @ops[i].status;
 * returns 0, or the ops left (@count - i, i's status not written) when op i met
 * GNTTAB_COPY_ERESTART, for the hypercall's continuation (no preemption is modelled).
 * Never touches the IOMMU or the maptrack; every pin and page reference it takes is
 * dropped before it returns.
 */
long gnttab_copy(struct xen *x, struct gnttab_copy *ops, uint32_t count);

/* ---- swap.c / transfer.c ---- */

/*
 * GNTTABOP_swap_grant_ref over @count ops on x->cur's own table. Per-op
 * GNTST_* in @ops[i].status; returns 0 (no preemption is modelled).
 */
long gnttab_swap(struct xen *x, struct gnttab_swap_grant_ref *ops, uint32_t count);
/*
 * GNTTABOP_transfer over @count ops issued by x->cur. Returns -EOPNOTSUPP
 * (an Arm caller from 4.17 on: no CONFIG_PV) or 0 with per-op GNTST_* in
 * @ops[i].status. Only an x86 PV caller's op can succeed: it moves the page
 * to the receiver and writes the receiver's entry; every other op changes no
 * page or entry.
 */
long gnttab_transfer(struct xen *x, struct gnttab_transfer *ops, uint32_t count);

/* ---- release.c ---- */

/*
 * gnttab_release_mappings(@d) for a dying (@d->is_dying) domain: every live
 * maptrack entry is released (pins, page references, GTF status of the
 * granter, era C counter node); no IOMMU unmap. Cannot fail.
 */
void gnttab_release_mappings(struct xen *x, struct domain *d);

/* ---- hypercall.c ---- */

/*
 * do_grant_table_op(@cmd, @uop, @count) issued by @caller's vCPU @vcpu.
 * Returns what the hypercall returns: 0, a -errno (-EFAULT for an
 * unreadable array, -EINVAL, -ENOSYS), per-op GNTST_* in the structs.
 */
long gnttab_hypercall(struct xen *x, struct domain *caller, uint32_t vcpu, uint32_t cmd,
                      void *uop, uint32_t count);

/* The GNTST_* name of @st, or "GNTST_?" for a value Xen never returns. Cannot fail. */
const char *gntst_name(int16_t st);

#endif
