/* SPDX-License-Identifier: MIT */
/*
 * The bounce pool (kernel/dma/swiotlb.c, reduced): 2 KiB slots in pages the
 * kernel carves out of its own RAM at boot, so for a 1:1 dom0 their bus
 * address is their phys (xen_swiotlb_fixup / xen_create_contiguous_region
 * on Arm assume dom0 is mapped 1:1). Copies are CPU copies.
 * Simplified: first-fit search from slot 0 (Linux rotates its start index),
 * mappings of a page or more start page-aligned, no min_align_mask; the
 * copy on map is done for TO_DEVICE/BIDIRECTIONAL only (newer kernels copy
 * for every direction).
 */
#include "linux/linux.h"

#define TLB_SLOT_SIZE (1u << LINUX_TLB_SLOT_SHIFT)

int linux_swiotlb_init(struct linux_kernel *k)
{

    if (k->ram_nr < 2 * LINUX_TLB_PAGES)
        return -ENOMEM;
    k->tlb_base = (k->ram_pfn + k->ram_nr - LINUX_TLB_PAGES) << PAGE_SHIFT;
    return 0;
}

bool linux_swiotlb_owns(const struct linux_kernel *k, uint64_t phys)
{
    return k->tlb_base && phys >= k->tlb_base &&
           phys - k->tlb_base < (uint64_t)LINUX_TLB_SLOTS * TLB_SLOT_SIZE;
}

/* First free run of @nr slots (page-aligned when @nr covers a page), or -ENOSPC. */
static int tlb_find(const struct linux_kernel *k, uint32_t nr, uint32_t *index)
{
    uint32_t stride = nr >= PAGE_SIZE / TLB_SLOT_SIZE ? PAGE_SIZE / TLB_SLOT_SIZE : 1;

    for (uint32_t i = 0; i + nr <= LINUX_TLB_SLOTS; i += stride) {
        uint32_t j = 0;

        while (j < nr && !k->tlb[i + j].used)
            j++;
        if (j == nr) {
            *index = i;
            return 0;
        }
    }
    return -ENOSPC;
}

static bool dir_to_device(enum gntsim_dma_dir dir)
{
    return dir != GNTSIM_DMA_FROM_DEVICE;
}

static bool dir_from_device(enum gntsim_dma_dir dir)
{
    return dir != GNTSIM_DMA_TO_DEVICE;
}

int linux_swiotlb_map(struct linux_kernel *k, uint64_t orig, size_t len,
                      enum gntsim_dma_dir dir, uint64_t *tlb)
{
    uint32_t nr = (uint32_t)((len + TLB_SLOT_SIZE - 1) >> LINUX_TLB_SLOT_SHIFT);
    uint32_t i = 0;
    uint64_t addr;

    if (!k->tlb_base || !nr || nr > LINUX_TLB_SLOTS || tlb_find(k, nr, &i)) {
        linux_log(k, "swiotlb buffer is full (sz: %zu bytes)", len);
        return -ENOSPC;
    }
    addr = k->tlb_base + ((uint64_t)i << LINUX_TLB_SLOT_SHIFT);
    if (dir_to_device(dir) && linux_cpu_copy(k, addr, orig, len))
        return -EFAULT;
    k->bounce_bytes += dir_to_device(dir) ? len : 0;
    for (uint32_t j = 0; j < nr; j++)
        k->tlb[i + j] = (struct linux_tlb_slot){
            .orig = orig + ((uint64_t)j << LINUX_TLB_SLOT_SHIFT), .used = true};
    k->tlb[i].nr = nr;
    TRACE(k->env.trace, BOUNCE, TA_U(k->domid), TA_U(orig), TA_U(addr), TA_U(len),
          TA_S(dir_to_device(dir) ? "map, copied to pool" : "map"));
    *tlb = addr;
    return 0;
}

/* Slot of @tlb if it is in use, else NULL. */
static struct linux_tlb_slot *tlb_slot(struct linux_kernel *k, uint64_t tlb)
{
    struct linux_tlb_slot *s;

    if (!linux_swiotlb_owns(k, tlb))
        return NULL;
    s = &k->tlb[(tlb - k->tlb_base) >> LINUX_TLB_SLOT_SHIFT];
    return s->used ? s : NULL;
}

int linux_swiotlb_sync(struct linux_kernel *k, uint64_t tlb, size_t len,
                       enum gntsim_dma_dir dir, bool to_cpu)
{
    struct linux_tlb_slot *s = tlb_slot(k, tlb);
    uint64_t orig;

    uint64_t room = k->tlb_base + (uint64_t)LINUX_TLB_SLOTS * TLB_SLOT_SIZE - tlb;

    if (!s)
        return -EINVAL;
    /* swiotlb_bounce() (kernel/dma/swiotlb.c, since 5f89468e2f06 in v5.16): a size
     * beyond the bounce buffer is cut to it with dev_WARN_ONCE("Buffer overflow
     * detected"); gntsim bounds it by the pool's end */
    if (len > room) {
        linux_log(k, "swiotlb: Buffer overflow detected. Mapping size: %zu.", len);
        len = (size_t)room;
    }
    orig = s->orig + (tlb & (TLB_SLOT_SIZE - 1));
    if (to_cpu && dir_from_device(dir)) {
        TRACE(k->env.trace, BOUNCE, TA_U(k->domid), TA_U(orig), TA_U(tlb), TA_U(len),
              TA_S("copied from pool"));
        k->bounce_bytes += len;
        return linux_cpu_copy(k, orig, tlb, len);
    }
    if (!to_cpu && dir_to_device(dir)) {
        TRACE(k->env.trace, BOUNCE, TA_U(k->domid), TA_U(orig), TA_U(tlb), TA_U(len),
              TA_S("copied to pool"));
        k->bounce_bytes += len;
        return linux_cpu_copy(k, tlb, orig, len);
    }
    return 0;
}

int linux_swiotlb_unmap(struct linux_kernel *k, uint64_t tlb, size_t len,
                        enum gntsim_dma_dir dir)
{
    struct linux_tlb_slot *s = tlb_slot(k, tlb);
    uint32_t nr;
    int rc;

    if (!s || !s->nr)
        return -EINVAL; /* not the start of a mapping */
    nr = s->nr;
    rc = linux_swiotlb_sync(k, tlb, len, dir, true);
    for (uint32_t j = 0; j < nr; j++)
        s[j] = (struct linux_tlb_slot){0};
    return rc;
}
