/* SPDX-License-Identifier: MIT */
/*
 * A page allocator for the kernel's drivers (alloc_page()/__free_page()):
 * never-used pages from the top of RAM downwards (below the swiotlb pool),
 * then a LIFO stack of freed ones. Pages are zeroed on allocation through
 * the CPU (XSA-403: only zeroed, dedicated pages are ever shared).
 * Simplified: low RAM is left to scenario steps that write guest memory
 * directly; there is no GFP, zone or order.
 */
#include <stdlib.h>

#include "hw/cache.h"
#include "linux/net.h"

static uint64_t page_top(const struct linux_kernel *k)
{
    uint64_t top = k->ram_pfn + k->ram_nr;

    return k->tlb_base ? k->tlb_base >> PAGE_SHIFT : top;
}

static int page_zero(struct gntsim_world *w, const struct linux_kernel *k, uint64_t pfn)
{
    static const uint8_t zero[PAGE_SIZE];
    uint64_t pa;

    if (linux_ipa_to_pa(w, k, pfn << PAGE_SHIFT, &pa))
        return -EFAULT;
    return hw_cpu_write(&w->cache, pa, zero, PAGE_SIZE) ? -EFAULT : 0;
}

uint64_t linux_page_alloc(struct gntsim_world *w, struct linux_kernel *k)
{
    uint64_t pfn;

    if (k->pg_nr_free)
        pfn = k->pg_free[--k->pg_nr_free];
    else {
        if (!k->pg_next)
            k->pg_next = page_top(k);
        if (k->pg_next <= k->ram_pfn + k->ram_nr / 2)
            return 0; /* keep the lower half for the scenario's own use */
        pfn = --k->pg_next;
    }
    if (page_zero(w, k, pfn)) {
        linux_page_free(k, pfn);
        return 0;
    }
    return pfn;
}

void linux_page_free(struct linux_kernel *k, uint64_t pfn)
{
    if (k->pg_nr_free == k->pg_cap) {
        uint32_t cap = k->pg_cap ? 2 * k->pg_cap : 64;
        uint64_t *n = realloc(k->pg_free, cap * sizeof(*n));

        if (!n)
            return; /* the page is lost to the allocator, never reused */
        k->pg_free = n;
        k->pg_cap = cap;
    }
    k->pg_free[k->pg_nr_free++] = pfn;
}

uint8_t *linux_page_ptr(struct gntsim_world *w, const struct linux_kernel *k,
                        uint64_t pfn)
{
    uint64_t pa;

    if (linux_ipa_to_pa(w, k, pfn << PAGE_SHIFT, &pa))
        return NULL;
    return hw_mem_frame(&w->mem, pa >> PAGE_SHIFT);
}
