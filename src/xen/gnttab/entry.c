/* SPDX-License-Identifier: MIT */
/*
 * Shared grant entries (v1 and v2) as the granting guest wrote them in its
 * grant frames, the v2 status frames, and the status handshake Xen performs
 * on them (xen/common/grant_table.c shared_entry_v1/v2, status_entry,
 * _set_status_v1, _set_status_v2, reduce_status_for_pin).
 */
#include <stdatomic.h>

#include "xen/gnttab/gnttab.h"

/*
 * The host view of grant frame @mfn, taken once when the frame joins a table (Xen maps
 * it then: gnttab_grow_table() fills shared_raw[], gnttab_populate_status_frames()
 * status[]); entries are then reached through it, as Xen's shared_entry_v1() does.
 */
uint8_t *gnttab_frame_host(const struct xen *x, uint64_t mfn)
{
    uint8_t *frame = hw_mem_frame(x->mem, mfn);

    GNTSIM_ASSERT("C2", frame != NULL);
    return frame;
}

/*
 * The type/domid test of _set_status_v1/_v2: permit_access (GTF_sub_page
 * counted as a type bit for maps); v2 copies also accept GTF_transitive, v2
 * maps too before b339e3a976 (profile map_rejects_transitive).
 */
static bool status_type_ok(const struct xen *x, const struct grant_table *gt,
                           uint16_t flags, uint16_t domid, bool mapflag, uint16_t ldomid)
{
    uint16_t mask = GTF_type_mask | (mapflag ? GTF_sub_page : 0);
    bool trans_ok = gt->gt_version == 2 && (flags & mask) == GTF_transitive &&
                    (!mapflag || !x->prof->map_rejects_transitive);

    return ((flags & mask) == GTF_permit_access || trans_ok) && domid == ldomid;
}

/*
 * Xen grant_table.c _set_status_v2(): write the status entry, barrier,
 * re-read the header and undo the status on a change. gntsim runs guest and
 * Xen sequentially, so the re-validation never fails; it is kept in Xen's order.
 */
static int16_t set_status_v2(struct xen *x, struct grant_table *rgt, uint32_t ref,
                             const struct active_grant_entry *act, bool readonly,
                             bool mapflag, uint16_t ldomid, const char **why)
{
    grant_entry_header_t *h = gnttab_entry_hdr(x, rgt, ref);
    uint16_t *status = gnttab_entry_status(x, rgt, ref);
    grant_entry_header_t seen = *h;

    if (!act->pin && !status_type_ok(x, rgt, seen.flags, seen.domid, mapflag, ldomid))
        return *why = "Bad flags or dom in shared entry", GNTST_general_error;
    if (!readonly && (seen.flags & GTF_readonly))
        return *why = "Attempt to write-pin a r/o grant entry", GNTST_general_error;
    *status = (uint16_t)(*status | GTF_reading | (readonly ? 0 : GTF_writing));
    atomic_thread_fence(memory_order_seq_cst); /* smp_mb() */
    seen = *h;
    if (!act->pin && (!status_type_ok(x, rgt, seen.flags, seen.domid, mapflag, ldomid) ||
                      (!readonly && (seen.flags & GTF_readonly)))) {
        *status = (uint16_t)(*status & ~(GTF_reading | GTF_writing));
        return *why = "Unstable flags or dom", GNTST_general_error;
    }
    if (act->pin && (seen.flags & GTF_readonly)) {
        *status = (uint16_t)(*status & ~GTF_writing);
        return *why = "Unstable grant readonly flag", GNTST_general_error;
    }
    return GNTST_okay;
}

/*
 * Xen grant_table.c _set_status_v1(): a bounded cmpxchg loop on the
 * flags+domid word. gntsim runs guest and Xen sequentially, so the first
 * compare always succeeds; the validation order is Xen's.
 */
int16_t gnttab_set_status(struct xen *x, struct grant_table *rgt, uint32_t ref,
                          const struct active_grant_entry *act, bool readonly,
                          bool mapflag, uint16_t ldomid, const char **why)
{
    grant_entry_v1_t *e;
    uint16_t flags;

    if (rgt->gt_version == 2)
        return set_status_v2(x, rgt, ref, act, readonly, mapflag, ldomid, why);
    e = gnttab_shared_v1(x, rgt, ref);
    flags = e->flags;
    if (!act->pin && !status_type_ok(x, rgt, flags, e->domid, mapflag, ldomid)) {
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

/* Xen grant_table.c reduce_status_for_pin() on the v1 flags or the v2 status entry. */
void gnttab_reduce_status(struct xen *x, struct grant_table *rgt, uint32_t ref,
                          const struct active_grant_entry *act, bool readonly)
{
    uint16_t *status = gnttab_entry_status(x, rgt, ref);
    uint16_t clear = act->pin ? 0 : GTF_reading;

    if (!readonly && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))
        clear |= GTF_writing;
    *status = (uint16_t)(*status & ~clear);
}
