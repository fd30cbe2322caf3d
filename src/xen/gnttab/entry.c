/* SPDX-License-Identifier: MIT */
/*
 * Shared grant entries (v1) as the granting guest wrote them in its grant
 * frames, and the status handshake Xen performs on them
 * (xen/common/grant_table.c _set_status_v1, reduce_status_for_pin).
 */
#include "xen/gnttab/gnttab.h"

grant_entry_v1_t *gnttab_shared_v1(const struct xen *x, const struct grant_table *gt,
                                   uint32_t ref)
{
    uint8_t *frame = hw_mem_frame(x->mem, gt->shared_mfn[ref / GRANT_V1_PER_PAGE]);

    GNTSIM_ASSERT("C2", frame != NULL);
    return (grant_entry_v1_t *)(void *)(frame + (ref % GRANT_V1_PER_PAGE) *
                                                    sizeof(grant_entry_v1_t));
}

struct active_grant_entry *gnttab_active(const struct grant_table *gt, uint32_t ref)
{
    return &gt->active[ref / GRANT_V1_PER_PAGE][ref % GRANT_V1_PER_PAGE];
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
    grant_entry_v1_t *e = gnttab_shared_v1(x, rgt, ref);
    uint16_t mask = GTF_type_mask | (mapflag ? GTF_sub_page : 0);
    uint16_t flags = e->flags;

    if (!act->pin && ((flags & mask) != GTF_permit_access || e->domid != ldomid)) {
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

/* Xen grant_table.c reduce_status_for_pin() (v1 status lives in the flags). */
void gnttab_reduce_status(struct xen *x, struct grant_table *rgt, uint32_t ref,
                          const struct active_grant_entry *act, bool readonly)
{
    grant_entry_v1_t *e = gnttab_shared_v1(x, rgt, ref);
    uint16_t clear = act->pin ? 0 : GTF_reading;

    if (!readonly && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))
        clear |= GTF_writing;
    e->flags = (uint16_t)(e->flags & ~clear);
}
