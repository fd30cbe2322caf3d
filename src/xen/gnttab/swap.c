/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_swap_grant_ref (xen/common/grant_table.c swap_grant_ref,
 * gnttab_swap_grant_ref; present unchanged from RELEASE-4.11.0 to
 * RELEASE-4.17.0 and later): the caller exchanges two entries of its own
 * table under its grant-table write lock. Both refs are bounds-checked
 * first, equal refs are a no-op, a pinned entry refuses with GNTST_eagain.
 * Only v1 tables are modelled here: v2 shared and status entries are the
 * grant-versions work (docs/fidelity.md).
 */
#include "xen/gnttab/gnttab.h"

static int16_t swap_fail(struct xen *x, int16_t st, const char *why)
{
    TRACE(x->trace, GNTTAB_FAIL, TA_U(x->cur->domid), TA_S("swap_grant_ref"),
          TA_S(gntst_name(st)), TA_S(why));
    return st;
}

/* Both entries' active locks held: refuse a pinned one, else exchange the v1 entries. */
static int16_t swap_entries(struct xen *x, struct domain *d, uint32_t ref_a,
                            uint32_t ref_b)
{
    grant_entry_v1_t *a, *b, tmp;

    if (gnttab_active_locked(x, d, ref_b)->pin)
        return swap_fail(x, GNTST_eagain, "ref b busy");
    a = gnttab_shared_v1(x, &d->gt, ref_a);
    b = gnttab_shared_v1(x, &d->gt, ref_b);
    tmp = *a;
    *a = *b;
    *b = tmp;
    return GNTST_okay;
}

/*
 * swap_grant_ref(): checks in Xen's order under the table's write lock; each entry's
 * active lock taken before its pin is read, a's then b's, released b's first
 * (grant_table.c swap_grant_ref, RELEASE-4.11.0 to master: the write lock is what
 * allows two active entries at once, grant-tables.txt "Locking").
 */
static int16_t swap_one(struct xen *x, struct domain *d, uint32_t ref_a, uint32_t ref_b)
{
    int16_t st;

    if (ref_a >= gnttab_nr_entries(&d->gt))
        return swap_fail(x, GNTST_bad_gntref, "Bad ref-a");
    if (ref_b >= gnttab_nr_entries(&d->gt))
        return swap_fail(x, GNTST_bad_gntref, "Bad ref-b");
    if (ref_a == ref_b)
        return GNTST_okay;
    sim_lock(x->locks, LOCK_ACTIVE, d->domid, ref_a, LOCK_WRITE);
    if (gnttab_active_locked(x, d, ref_a)->pin) {
        st = swap_fail(x, GNTST_eagain, "ref a busy");
    } else {
        sim_lock(x->locks, LOCK_ACTIVE, d->domid, ref_b, LOCK_WRITE);
        st = swap_entries(x, d, ref_a, ref_b);
        sim_unlock(x->locks, LOCK_ACTIVE, d->domid, ref_b, LOCK_WRITE);
    }
    sim_unlock(x->locks, LOCK_ACTIVE, d->domid, ref_a, LOCK_WRITE);
    return st;
}

long gnttab_swap(struct xen *x, struct gnttab_swap_grant_ref *ops, uint32_t count)
{
    struct domain *d = x->cur;

    for (uint32_t i = 0; i < count; i++) {
        struct gnttab_swap_grant_ref *op = &ops[i];

        /* the write lock excludes every other active-entry holder (they hold it for
         * read), so two active entries may be held under it */
        sim_lock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
        op->status = swap_one(x, d, op->ref_a, op->ref_b);
        sim_unlock(x->locks, LOCK_GT, d->domid, 0, LOCK_WRITE);
        TRACE(x->trace, GNTTAB_SWAP, TA_U(d->domid), TA_U(op->ref_a), TA_U(op->ref_b),
              TA_S(gntst_name(op->status)));
    }
    return 0;
}
