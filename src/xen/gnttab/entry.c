/* SPDX-License-Identifier: MIT */
/*
 * Shared grant entries (v1 and v2) as the granting guest wrote them in its
 * grant frames, the v2 status frames, and the status handshake Xen performs
 * on them (xen/common/grant_table.c shared_entry_v1/v2, status_entry,
 * _set_status_v1, _set_status_v2, reduce_status_for_pin). The accessors,
 * _set_status_v1 and reduce_status_for_pin are inline in gnttab.h (every map
 * and unmap runs them); the v2 handshake is here.
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
 * Xen grant_table.c _set_status_v2(): write the status entry, barrier,
 * re-read the header and undo the status on a change. gntsim runs guest and
 * Xen sequentially, so the re-validation never fails; it is kept in Xen's order.
 */
int16_t gnttab_set_status_v2(struct xen *x, struct grant_table *rgt, uint32_t ref,
                             const struct active_grant_entry *act, bool readonly,
                             bool mapflag, uint16_t ldomid, const char **why)
{
    grant_entry_header_t *h = gnttab_entry_hdr(x, rgt, ref);
    uint16_t *status = gnttab_entry_status(x, rgt, ref);
    grant_entry_header_t seen = *h;

    if (!act->pin &&
        !gnttab_status_type_ok(x, rgt, seen.flags, seen.domid, mapflag, ldomid))
        return *why = "Bad flags or dom in shared entry", GNTST_general_error;
    if (!readonly && (seen.flags & GTF_readonly))
        return *why = "Attempt to write-pin a r/o grant entry", GNTST_general_error;
    *status = (uint16_t)(*status | GTF_reading | (readonly ? 0 : GTF_writing));
    atomic_thread_fence(memory_order_seq_cst); /* smp_mb() */
    seen = *h;
    if (!act->pin &&
        (!gnttab_status_type_ok(x, rgt, seen.flags, seen.domid, mapflag, ldomid) ||
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
