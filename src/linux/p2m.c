/* SPDX-License-Identifier: MIT */
/*
 * arch/arm/xen/p2m.c: the kernel's record of foreign pages, pfn -> bfn
 * (an rbtree of ranges in Linux; a sorted array of single pages here).
 * pfn_to_bfn() (include/xen/arm/page.h) is the recorded bfn, else the pfn.
 */
#include <stdlib.h>
#include <string.h>

#include "env/grow.h"
#include "linux/linux.h"

/* Index of the first entry with pfn >= @pfn. */
static size_t p2m_find(const struct linux_kernel *k, uint64_t pfn)
{
    size_t lo = 0, hi = k->p2m_nr;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (k->p2m[mid].pfn < pfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int p2m_grow(struct linux_kernel *k)
{
    struct linux_p2m_ent *n =
        sim_grow(k->p2m, &k->p2m_cap, k->p2m_cap + 1, sizeof(*n), 16);

    if (!n)
        return -ENOMEM;
    k->p2m = n;
    return 0;
}

int linux_p2m_set(struct linux_kernel *k, uint64_t pfn, uint64_t bfn)
{
    size_t i = p2m_find(k, pfn);

    if (i < k->p2m_nr && k->p2m[i].pfn == pfn) { /* xen_add_phys_to_mach_entry */
        linux_log(k,
                  "xen_add_phys_to_mach_entry: cannot add pfn=0x%016llx -> "
                  "mfn=0x%016llx: pfn=0x%016llx -> mfn=0x%016llx already exists",
                  (unsigned long long)pfn, (unsigned long long)bfn,
                  (unsigned long long)k->p2m[i].pfn, (unsigned long long)k->p2m[i].bfn);
        return -EINVAL;
    }
    if (k->p2m_nr == k->p2m_cap && p2m_grow(k))
        return -ENOMEM;
    memmove(&k->p2m[i + 1], &k->p2m[i], (k->p2m_nr - i) * sizeof(*k->p2m));
    k->p2m[i] = (struct linux_p2m_ent){.pfn = pfn, .bfn = bfn};
    k->p2m_nr++;
    TRACE(k->env.trace, FOREIGN_P2M, TA_U(k->domid), TA_U(pfn), TA_U(bfn), TA_S("set"));
    return 0;
}

void linux_p2m_clear(struct linux_kernel *k, uint64_t pfn)
{
    size_t i = p2m_find(k, pfn);

    if (i >= k->p2m_nr || k->p2m[i].pfn != pfn)
        return;
    TRACE(k->env.trace, FOREIGN_P2M, TA_U(k->domid), TA_U(pfn), TA_U(k->p2m[i].bfn),
          TA_S("clear"));
    memmove(&k->p2m[i], &k->p2m[i + 1], (k->p2m_nr - i - 1) * sizeof(*k->p2m));
    k->p2m_nr--;
}

uint64_t linux_pfn_to_bfn(const struct linux_kernel *k, uint64_t pfn)
{
    size_t i;

    /* outside the recorded range (the kernel's own RAM, below the extended region):
     * what the search would conclude */
    if (!k->p2m_nr || pfn < k->p2m[0].pfn || pfn > k->p2m[k->p2m_nr - 1].pfn)
        return pfn;
    i = p2m_find(k, pfn);

    return i < k->p2m_nr && k->p2m[i].pfn == pfn ? k->p2m[i].bfn : pfn;
}
