/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's stage-2 MMU (the translation under VTTBR_EL2): the guest's
 * intermediate physical addresses to machine addresses, walking the VMSAv8-64
 * tables (hw/vmsa.h) in machine memory from the root the hypervisor set,
 * 4 levels from L0 with a 48-bit IPA (Xen's VTCR_EL2 on a 48-bit PA system).
 * A walk cache keeps the host view of the L3 tables last walked, as an MMU's
 * intermediate-level walk cache does; the leaf descriptor is read on every
 * access (no TLB), so a P2M change is seen at once. Xen frees stage-2 tables
 * only at domain teardown, which is why no invalidation reaches the cache.
 */
#ifndef GNTSIM_HW_S2MMU_H
#define GNTSIM_HW_S2MMU_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hw/mem.h"
#include "hw/vmsa.h"

#define HW_S2MMU_WC_WAYS  8u
#define HW_S2MMU_IPA_BITS 48

struct hw_s2mmu {
    const struct hw_mem *mem;
    uint64_t root_mfn;                      /* VTTBR_EL2.BADDR >> 12 */
    uint64_t wc_tag[HW_S2MMU_WC_WAYS];      /* (ipa >> 21) + 1; 0 = empty */
    const uint8_t *wc_l3[HW_S2MMU_WC_WAYS]; /* host view of that L3 table */
};

/* Point @m at the tables rooted at frame @root_mfn of @mem, walk cache empty. */
void hw_s2mmu_init(struct hw_s2mmu *m, const struct hw_mem *mem, uint64_t root_mfn);

/* The walk when the cache does not hold @ipa's L3 table: 0 and *@desc, or -EFAULT. */
int hw_s2mmu_walk(struct hw_s2mmu *m, uint64_t ipa, uint64_t *desc);

/*
 * Translate @ipa: 0 with *@pa (and *@desc, the L3 descriptor, for permissions), or
 * -EFAULT (a translation fault: no valid page). Inline: a walk-cache hit is one load.
 */
static inline int hw_s2mmu_translate(struct hw_s2mmu *m, uint64_t ipa, uint64_t *pa,
                                     uint64_t *desc)
{
    uint64_t tag = (ipa >> vmsa_level_shift(2)) + 1, d;
    unsigned way = (unsigned)((tag - 1) % HW_S2MMU_WC_WAYS);

    if (ipa >> HW_S2MMU_IPA_BITS)
        return -EFAULT;
    if (m->wc_tag[way] == tag) {
        memcpy(&d, m->wc_l3[way] + vmsa_index(ipa, VMSA_LEAF_LEVEL) * sizeof(d),
               sizeof(d));
        d = hw_mem_le64(d);
    } else if (hw_s2mmu_walk(m, ipa, &d)) {
        return -EFAULT;
    }
    if ((d & (VMSA_DESC_VALID | VMSA_DESC_TABLE)) != (VMSA_DESC_VALID | VMSA_DESC_TABLE))
        return -EFAULT;
    *pa = (d & VMSA_DESC_ADDR_MASK) | (ipa & (PAGE_SIZE - 1));
    if (desc)
        *desc = d;
    return 0;
}

#endif
