/* SPDX-License-Identifier: MIT */
/*
 * A page allocator for the kernel's drivers (alloc_page()/__free_page()):
 * never-used pages from the top of RAM downwards (below the swiotlb pool),
 * then a LIFO stack of freed ones. Pages are zeroed on allocation through
 * the CPU (XSA-403: only zeroed, dedicated pages are ever shared), except
 * an skb's data (alloc_skb() does not zero it: linux_page_alloc_raw) and the
 * RX pages of a netfront without 307c8de2b023 (linux-boot xsa403=vulnerable). A
 * page zeroed and then filled is written in one pass (the same lines end
 * up written, with the same bytes, as zeroing then copying).
 * Simplified: low RAM is left to scenario steps that write guest memory
 * directly; there is no GFP, zone or order.
 */
#include <stdlib.h>
#include <string.h>

#include "env/grow.h"
#include "hw/cache.h"
#include "linux/net.h"

static uint64_t page_top(const struct linux_kernel *k)
{
    uint64_t top = k->ram_pfn + k->ram_nr;

    return k->tlb_base ? k->tlb_base >> PAGE_SHIFT : top;
}

/* The CPU writes @len bytes of @b at @off of @pfn (all of it zeroed when @zero). */
static int page_fill(const struct linux_kernel *k, uint64_t pfn, uint32_t off,
                     const uint8_t *b, uint32_t len, bool zero)
{
    static const uint8_t zeroes[PAGE_SIZE]; /* a constant: the bytes of a cleared page */
    uint8_t page[PAGE_SIZE];
    uint64_t pa;

    if (linux_ipa_to_pa(k, pfn << PAGE_SHIFT, &pa))
        return -EFAULT;
    if (!zero)
        return len && hw_cpu_write(k->env.cache, pa + off, b, len) ? -EFAULT : 0;
    if (!len) /* clear_page(): the same stores as the memset page below */
        return hw_cpu_write(k->env.cache, pa, zeroes, PAGE_SIZE) ? -EFAULT : 0;
    memset(page, 0, off);
    if (len)
        memcpy(page + off, b, len);
    memset(page + off + len, 0, PAGE_SIZE - off - len);
    return hw_cpu_write(k->env.cache, pa, page, PAGE_SIZE) ? -EFAULT : 0;
}

/* A page from the allocator with @len bytes of @b at @off, the rest zeroed if @zero. */
static uint64_t page_alloc_fill(struct linux_kernel *k, uint32_t off, const uint8_t *b,
                                uint32_t len, bool zero)
{
    uint64_t pfn;

    if (off > PAGE_SIZE || len > PAGE_SIZE - off)
        return 0;
    pfn = linux_page_alloc_raw(k);
    if (pfn && page_fill(k, pfn, off, b, len, zero)) {
        linux_page_free(k, pfn);
        return 0;
    }
    return pfn;
}

uint64_t linux_page_alloc_raw(struct linux_kernel *k)
{

    if (k->pg_nr_free)
        return k->pg_free[--k->pg_nr_free];
    if (!k->pg_next)
        k->pg_next = page_top(k);
    if (k->pg_next <= k->ram_pfn + k->ram_nr / 2)
        return 0; /* keep the lower half for the scenario's own use */
    return --k->pg_next;
}

uint64_t linux_page_alloc_fill(struct linux_kernel *k, uint32_t off, const uint8_t *b,
                               uint32_t len)
{
    return page_alloc_fill(k, off, b, len, false);
}

uint64_t linux_page_alloc(struct linux_kernel *k)
{
    return page_alloc_fill(k, 0, NULL, 0, true);
}

/* Whether @pfn is in the lower half of @k's RAM, which the allocator never hands out. */
static bool page_is_own(const struct linux_kernel *k, uint64_t pfn)
{
    return pfn >= k->ram_pfn && pfn < k->ram_pfn + k->ram_nr / 2;
}

int linux_page_fill_own(struct linux_kernel *k, uint64_t pfn, uint32_t off,
                        const uint8_t *b, uint32_t len)
{
    if (!page_is_own(k, pfn) || off > PAGE_SIZE || len > PAGE_SIZE - off)
        return -EINVAL;
    return page_fill(k, pfn, off, b, len, false);
}

void linux_page_free(struct linux_kernel *k, uint64_t pfn)
{
    if (page_is_own(k, pfn))
        return; /* the scenario's page (net-send gfn=): never the allocator's */
    if (k->pg_nr_free == k->pg_cap) {
        uint64_t *n = sim_grow(k->pg_free, &k->pg_cap, k->pg_nr_free + 1, sizeof(*n), 64);

        if (!n)
            return; /* the page is lost to the allocator, never reused */
        k->pg_free = n;
    }
    k->pg_free[k->pg_nr_free++] = pfn;
}

uint8_t *linux_page_ptr(const struct linux_kernel *k, uint64_t pfn)
{
    uint64_t pa;

    if (linux_ipa_to_pa(k, pfn << PAGE_SHIFT, &pa))
        return NULL;
    return hw_mem_frame(k->env.mem, pa >> PAGE_SHIFT);
}
