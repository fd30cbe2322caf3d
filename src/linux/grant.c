/* SPDX-License-Identifier: MIT */
/*
 * The grant API of drivers/xen/grant-table.c: a free list of references
 * (refs 0..7 reserved), gnttab_grant_foreign_access() and
 * gnttab_end_foreign_access_ref(). Entries are written by the kernel's CPU
 * into its own grant frames (v1: domid, frame, wmb, flags).
 * Simplified: the table is the frames Xen reports at boot (no gnttab_expand);
 * the free list is LIFO, lowest ref first at boot; a flag per ref says
 * whether it is on the list (Linux's gnttab_list links; no scan).
 */
#include <stdlib.h>

#include "linux/linux.h"
#include "xen/gnttab/gnttab.h"

int linux_gnttab_init(struct gntsim_world *w, struct linux_kernel *k)
{
    struct gnttab_query_size q = {.dom = DOMID_SELF};
    long rc = linux_gnttab_op(w, k, GNTTABOP_query_size, &q, 1);
    uint32_t nr;

    if (rc)
        return (int)rc;
    if (q.status != GNTST_okay)
        return -EINVAL;
    nr = q.nr_frames * GRANT_V1_PER_PAGE;
    if (nr <= LINUX_NR_RESERVED_REFS)
        return -EINVAL;
    k->gnt_free = calloc(nr, sizeof(*k->gnt_free) + 1);
    if (!k->gnt_free)
        return -ENOMEM;
    k->gnt_is_free = (uint8_t *)(k->gnt_free + nr);
    k->gnt_nr_entries = nr;
    for (uint32_t ref = nr; ref-- > LINUX_NR_RESERVED_REFS;) {
        k->gnt_free[k->gnt_nr_free++] = ref; /* top of the stack = lowest ref */
        k->gnt_is_free[ref] = 1;
    }
    return 0;
}

int gntsim_linux_grant(struct gntsim_world *w, gntsim_domid_t dom, gntsim_domid_t to,
                       uint64_t gfn, bool readonly, uint32_t *ref)
{
    struct linux_kernel *k = linux_kernel(w, dom);
    uint32_t r;
    int rc;

    if (!k)
        return -ESRCH;
    if (!k->gnt_nr_free)
        return world_fail(w, -ENOSPC, "d%u: no free grant references", dom);
    r = k->gnt_free[k->gnt_nr_free - 1];
    rc = gntsim_guest_grant(w, dom, r, to, gfn, readonly);
    if (rc)
        return rc; /* the ref stays free */
    k->gnt_nr_free--;
    k->gnt_is_free[r] = 0;
    *ref = r;
    return 0;
}

int gntsim_linux_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref)
{
    struct linux_kernel *k = linux_kernel(w, dom);
    int rc;

    if (!k)
        return -ESRCH;
    if (ref < LINUX_NR_RESERVED_REFS || ref >= k->gnt_nr_entries)
        return world_fail(w, -EINVAL, "d%u: grant ref %u not allocatable", dom, ref);
    if (k->gnt_is_free[ref])
        return world_fail(w, -EINVAL, "d%u: grant ref %u is not in use", dom, ref);
    rc = gntsim_guest_end_access(w, dom, ref); /* cmpxchg flags -> 0 unless in use */
    if (rc == -EBUSY)
        linux_log(w, k, "grant ref %u still in use by the remote domain", ref);
    if (!rc) {
        k->gnt_free[k->gnt_nr_free++] = ref; /* put_free_entry() */
        k->gnt_is_free[ref] = 1;
    }
    return rc;
}
