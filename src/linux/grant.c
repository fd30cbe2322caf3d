/* SPDX-License-Identifier: MIT */
/*
 * The grant API of drivers/xen/grant-table.c: a free list of references
 * (refs 0..7 reserved), gnttab_grant_foreign_access() and
 * gnttab_end_foreign_access_ref(). Entries are written by the kernel's CPU
 * into its own grant frames (v1: domid, frame, wmb, flags).
 * Simplified: the table is the frames Xen reports at boot (no gnttab_expand);
 * the free list is LIFO, lowest ref first at boot; a flag per ref says
 * whether it is on the list (Linux's gnttab_list links; no scan).
 * The entry's address is translated once (the stores of one entry hit one
 * TLB entry) and the CPU stores through its cache; a page without a writable
 * stage-2 mapping, a store refused or an entry still in use is reported.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <xen/grant_table.h>

#include "env/grow.h"
#include "hw/cache.h"
#include "linux/linux.h"
#include "linux/net.h" /* the page allocator */

#define LINUX_GREFS_PER_FRAME ((uint32_t)(PAGE_SIZE / sizeof(grant_entry_v1_t)))

int linux_gnttab_init(struct linux_kernel *k)
{
    struct gnttab_query_size q = {.dom = DOMID_SELF};
    long rc = linux_gnttab_op(k, GNTTABOP_query_size, &q, 1);
    uint32_t nr;

    if (rc)
        return (int)rc;
    if (q.status != GNTST_okay)
        return -EINVAL;
    nr = q.nr_frames * LINUX_GREFS_PER_FRAME;
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

/* A CPU access of 2 bytes at @ipa that faulted (@rc -EFAULT or -EACCES): reported. */
static int lg_fault(const struct linux_kernel *k, int rc, bool write, uint64_t ipa)
{
    return linux_fail(k, rc, "d%u: %s of 2 bytes at IPA %#llx: %s", k->domid,
                      write ? "write" : "read", (unsigned long long)ipa,
                      rc == -EACCES ? "read-only mapping" : "not mapped");
}

/*
 * Machine address of v1 entry @ref of @k's table (*@writable: the stage-2 mapping
 * allows stores): 0, or -EINVAL (a ref outside the table, reported), -EFAULT.
 */
static int lg_entry_pa(const struct linux_kernel *k, uint32_t ref, uint64_t *pa,
                       bool *writable)
{
    uint64_t ipa = k->env.gnttab_ipa + (uint64_t)ref * sizeof(grant_entry_v1_t), desc;

    if (ref >= k->gnt_nr_entries)
        return linux_fail(k, -EINVAL, "d%u: grant ref %u outside its %u-frame table",
                          k->domid, ref,
                          (unsigned)(k->gnt_nr_entries / LINUX_GREFS_PER_FRAME));
    if (hw_s2mmu_translate(k->env.s2, ipa, pa, &desc))
        return -EFAULT;
    *writable = desc & VMSA_DESC_S2AP_W;
    return 0;
}

/* gnttab_update_entry_v1(): domid and frame, wmb(), flags. */
static int lg_update_entry(const struct linux_kernel *k, uint32_t ref, gntsim_domid_t to,
                           uint64_t gfn, bool readonly)
{
    uint16_t flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
    uint8_t head[6]; /* domid, frame: one line, stored in order */
    uint32_t frame = (uint32_t)gfn;
    bool writable = false;
    uint64_t pa;
    int rc = lg_entry_pa(k, ref, &pa, &writable);

    if (!rc && !writable)
        rc = -EACCES;
    if (rc == -EFAULT || rc == -EACCES) /* the first store, the domid's */
        return lg_fault(k, rc, true,
                        k->env.gnttab_ipa + ref * sizeof(grant_entry_v1_t) + 2);
    memcpy(head, &to, sizeof(to));
    memcpy(head + 2, &frame, sizeof(frame));
    if (!rc)
        rc = hw_cpu_write(k->env.cache, pa + 2, head, 6);
    if (!rc)
        rc = hw_cpu_write(k->env.cache, pa, &flags, sizeof(flags));
    if (rc)
        return rc;
    TRACE(k->env.trace, GUEST_GRANT, TA_U(k->domid), TA_U(ref), TA_U(to), TA_U(gfn),
          TA_U(flags));
    return 0;
}

/*
 * The kernel's CPU is about to read (@mode LOCK_READ) or cmpxchg (LOCK_WRITE) the flags
 * of its entry @ref, which Xen's map and unmap update under the entry's active lock
 * (map.c: gnttab_set_status() under LOCK_ACTIVE): a scheduling point of gntsim explore.
 */
static void lg_point(const struct linux_kernel *k, uint32_t ref, enum sim_lock_mode mode)
{
    if (k->env.locks)
        sim_lock_point_on(k->env.locks, LOCK_ACTIVE, k->domid, ref, mode);
}

/* gnttab_end_foreign_access_ref_v1(): read flags, clear them unless in use. */
static int lg_end_entry(const struct linux_kernel *k, uint32_t ref)
{
    uint64_t ipa = k->env.gnttab_ipa + ref * sizeof(grant_entry_v1_t), pa = 0;
    uint16_t flags = 0, zero = 0;
    bool writable = false;
    int rc = lg_entry_pa(k, ref, &pa, &writable);

    if (rc == -EFAULT)
        return lg_fault(k, rc, false, ipa);
    if (!rc) {
        lg_point(k, ref, LOCK_WRITE); /* the cmpxchg loop on the flags */
        rc = hw_cpu_read(k->env.cache, pa, &flags, sizeof(flags));
    }
    if (!rc && (flags & (GTF_reading | GTF_writing)))
        return linux_fail(k, -EBUSY, "d%u: grant ref %u still in use (flags %#x)",
                          k->domid, ref, flags);
    if (!rc && !writable)
        return lg_fault(k, -EACCES, true, ipa);
    if (!rc)
        rc = hw_cpu_write(k->env.cache, pa, &zero, sizeof(zero));
    return rc;
}

int linux_grant(struct linux_kernel *k, gntsim_domid_t to, uint64_t gfn, bool readonly,
                uint32_t *ref)
{
    uint32_t r;
    int rc;

    if (!k->gnt_nr_free)
        return linux_fail(k, -ENOSPC, "d%u: no free grant references", k->domid);
    r = k->gnt_free[k->gnt_nr_free - 1];
    rc = lg_update_entry(k, r, to, gfn, readonly);
    if (rc)
        return rc; /* the ref stays free */
    k->gnt_nr_free--;
    k->gnt_is_free[r] = 0;
    *ref = r;
    return 0;
}

int linux_grant_revoke(const struct linux_kernel *k, uint32_t ref)
{
    return lg_end_entry(k, ref);
}

uint16_t linux_grant_query(const struct linux_kernel *k, uint32_t ref)
{
    uint64_t pa = 0;
    uint16_t flags = GTF_reading | GTF_writing;
    bool writable = false;
    int rc = lg_entry_pa(k, ref, &pa, &writable);

    if (rc == -EFAULT)
        lg_fault(k, rc, false, k->env.gnttab_ipa + ref * sizeof(grant_entry_v1_t));
    if (rc)
        return flags;
    lg_point(k, ref, LOCK_READ);
    if (hw_cpu_read(k->env.cache, pa, &flags, sizeof(flags)))
        return GTF_reading | GTF_writing;
    return flags & (GTF_reading | GTF_writing);
}

void linux_grant_release(struct linux_kernel *k, uint32_t ref)
{
    if (ref < LINUX_NR_RESERVED_REFS || ref >= k->gnt_nr_entries || k->gnt_is_free[ref])
        return;
    k->gnt_free[k->gnt_nr_free++] = ref; /* put_free_entry() */
    k->gnt_is_free[ref] = 1;
}

int linux_end_access(struct linux_kernel *k, uint32_t ref)
{
    gntsim_domid_t dom = k->domid;
    int rc;

    if (ref < LINUX_NR_RESERVED_REFS || ref >= k->gnt_nr_entries)
        return linux_fail(k, -EINVAL, "d%u: grant ref %u not allocatable", dom, ref);
    if (k->gnt_is_free[ref])
        return linux_fail(k, -EINVAL, "d%u: grant ref %u is not in use", dom, ref);
    rc = lg_end_entry(k, ref); /* cmpxchg flags -> 0 unless in use */
    if (rc == -EBUSY)
        linux_log(k, "grant ref %u still in use by the remote domain", ref);
    if (!rc)
        linux_grant_release(k, ref);
    return rc;
}

/* gnttab_add_deferred(): 0 or -ENOMEM. */
static int lg_defer(struct linux_kernel *k, uint32_t ref, uint64_t pfn)
{
    if (k->gnt_nr_deferred == k->gnt_deferred_cap) {
        struct linux_gnt_deferred *n = sim_grow(k->gnt_deferred, &k->gnt_deferred_cap,
                                                k->gnt_nr_deferred + 1, sizeof(*n), 16);

        if (!n)
            return -ENOMEM;
        k->gnt_deferred = n;
    }
    k->gnt_deferred[k->gnt_nr_deferred++] = (struct linux_gnt_deferred){ref, pfn};
    return 0;
}

int linux_end_access_free(struct linux_kernel *k, uint32_t ref, uint64_t pfn)
{
    int rc = linux_end_access(k, ref);

    if (!rc)
        linux_page_free(k, pfn);
    else if (rc == -EBUSY) {
        rc = lg_defer(k, ref, pfn);
        if (rc)
            linux_log(k, "leaking grant ref %u and page %#" PRIx64, ref, pfn);
    }
    return rc;
}

uint32_t linux_gnttab_deferred_run(struct linux_kernel *k)
{
    uint32_t kept = 0;

    for (uint32_t i = 0; i < k->gnt_nr_deferred; i++) {
        struct linux_gnt_deferred d = k->gnt_deferred[i];

        if (linux_end_access(k, d.ref) == 0)
            linux_page_free(k, d.pfn);
        else
            k->gnt_deferred[kept++] = d;
    }
    k->gnt_nr_deferred = kept;
    return kept;
}
