/* SPDX-License-Identifier: MIT */
/*
 * The grant API of drivers/xen/grant-table.c: a free list of references
 * (refs 0..7 reserved), gnttab_grant_foreign_access() and
 * gnttab_end_foreign_access_ref(). Entries are written by the kernel's CPU
 * into its own grant frames (v1: domid, frame, wmb, flags).
 * Simplified: the table is the frames Xen reports at boot (no gnttab_expand);
 * the free list is LIFO, lowest ref first at boot; a flag per ref says
 * whether it is on the list (Linux's gnttab_list links; no scan).
 * The common case translates the entry's address once (the stores of one
 * entry hit one TLB entry) and stores through the CPU; anything unusual
 * (no writable mapping, a store refused, an entry in use) goes through
 * gntsim_guest_grant/gntsim_guest_end_access from the start, which repeat
 * the same stores (idempotent on bytes and line states) and report it.
 */
#include <stdlib.h>
#include <string.h>

#include "hw/cache.h"
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

/* Machine address of v1 entry @ref of @k's table for a CPU store; false: slow path. */
static bool lg_entry_pa(struct gntsim_world *w, const struct linux_kernel *k,
                        uint32_t ref, uint64_t *pa)
{
    struct domain *d = k->dom;
    struct p2m_entry e;
    uint64_t ipa;

    if (ref >= d->gt.nr_grant_frames * GRANT_V1_PER_PAGE)
        return false;
    ipa = (d->gnttab_gfn << PAGE_SHIFT) + (uint64_t)ref * sizeof(grant_entry_v1_t);
    if (p2m_lookup(&w->xen, &d->p2m, ipa >> PAGE_SHIFT, &e) || !e.write)
        return false;
    *pa = (e.mfn << PAGE_SHIFT) | (ipa & (PAGE_SIZE - 1));
    return true;
}

/* gnttab_update_entry_v1(): domid and frame, wmb(), flags (as gntsim_guest_grant). */
static int lg_update_entry(struct gntsim_world *w, const struct linux_kernel *k,
                           uint32_t ref, gntsim_domid_t to, uint64_t gfn, bool readonly)
{
    uint16_t flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
    uint8_t head[6]; /* domid, frame: one line, stored in order */
    uint32_t frame = (uint32_t)gfn;
    uint64_t pa;

    memcpy(head, &to, sizeof(to));
    memcpy(head + 2, &frame, sizeof(frame));
    if (!lg_entry_pa(w, k, ref, &pa) || hw_cpu_write(&w->cache, pa + 2, head, 6) ||
        hw_cpu_write(&w->cache, pa, &flags, sizeof(flags)))
        return gntsim_guest_grant(w, k->domid, ref, to, gfn, readonly);
    TRACE(&w->trace, GUEST_GRANT, TA_U(k->domid), TA_U(ref), TA_U(to), TA_U(gfn),
          TA_U(flags));
    return 0;
}

/* gnttab_end_foreign_access_ref_v1(): read flags, clear them unless in use. */
static int lg_end_entry(struct gntsim_world *w, const struct linux_kernel *k,
                        uint32_t ref)
{
    uint16_t flags = 0, zero = 0;
    uint64_t pa;

    if (!lg_entry_pa(w, k, ref, &pa) ||
        hw_cpu_read(&w->cache, pa, &flags, sizeof(flags)) ||
        (flags & (GTF_reading | GTF_writing)) ||
        hw_cpu_write(&w->cache, pa, &zero, sizeof(zero)))
        return gntsim_guest_end_access(w, k->domid, ref);
    return 0;
}

int linux_grant(struct gntsim_world *w, struct linux_kernel *k, gntsim_domid_t to,
                uint64_t gfn, bool readonly, uint32_t *ref)
{
    uint32_t r;
    int rc;

    if (!k->gnt_nr_free)
        return world_fail(w, -ENOSPC, "d%u: no free grant references", k->domid);
    r = k->gnt_free[k->gnt_nr_free - 1];
    rc = lg_update_entry(w, k, r, to, gfn, readonly);
    if (rc)
        return rc; /* the ref stays free */
    k->gnt_nr_free--;
    k->gnt_is_free[r] = 0;
    *ref = r;
    return 0;
}

int gntsim_linux_grant(struct gntsim_world *w, gntsim_domid_t dom, gntsim_domid_t to,
                       uint64_t gfn, bool readonly, uint32_t *ref)
{
    struct linux_kernel *k = linux_kernel(w, dom);

    return k ? linux_grant(w, k, to, gfn, readonly, ref) : -ESRCH;
}

int linux_end_access(struct gntsim_world *w, struct linux_kernel *k, uint32_t ref)
{
    gntsim_domid_t dom = k->domid;
    int rc;

    if (ref < LINUX_NR_RESERVED_REFS || ref >= k->gnt_nr_entries)
        return world_fail(w, -EINVAL, "d%u: grant ref %u not allocatable", dom, ref);
    if (k->gnt_is_free[ref])
        return world_fail(w, -EINVAL, "d%u: grant ref %u is not in use", dom, ref);
    rc = lg_end_entry(w, k, ref); /* cmpxchg flags -> 0 unless in use */
    if (rc == -EBUSY)
        linux_log(w, k, "grant ref %u still in use by the remote domain", ref);
    if (!rc) {
        k->gnt_free[k->gnt_nr_free++] = ref; /* put_free_entry() */
        k->gnt_is_free[ref] = 1;
    }
    return rc;
}

int gntsim_linux_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref)
{
    struct linux_kernel *k = linux_kernel(w, dom);

    return k ? linux_end_access(w, k, ref) : -ESRCH;
}
