/* SPDX-License-Identifier: MIT */
/* A vCPU's stage-2 MMU: the table walk behind hw_s2mmu_translate(). */
#include "hw/s2mmu.h"

void hw_s2mmu_init(struct hw_s2mmu *m, const struct hw_mem *mem, uint64_t root_mfn)
{
    *m = (struct hw_s2mmu){.mem = mem, .root_mfn = root_mfn};
}

int hw_s2mmu_walk(struct hw_s2mmu *m, uint64_t ipa, uint64_t *desc)
{
    uint64_t table = m->root_mfn, d;

    for (unsigned level = 0;; level++) {
        const uint8_t *t = hw_mem_frame_ro(m->mem, table);

        if (!t)
            return -EFAULT; /* an external abort on the walk */
        if (level == VMSA_LEAF_LEVEL) {
            uint64_t tag = (ipa >> vmsa_level_shift(2)) + 1;
            unsigned way = (unsigned)((tag - 1) % HW_S2MMU_WC_WAYS);

            m->wc_tag[way] = tag;
            m->wc_l3[way] = t;
        }
        memcpy(&d, t + vmsa_index(ipa, level) * sizeof(d), sizeof(d));
        d = hw_mem_le64(d);
        if (level == VMSA_LEAF_LEVEL || !(d & VMSA_DESC_VALID) ||
            !(d & VMSA_DESC_TABLE)) {
            *desc = level == VMSA_LEAF_LEVEL ? d : 0; /* blocks: gntsim's P2M has none */
            return 0;
        }
        table = (d & VMSA_DESC_ADDR_MASK) >> PAGE_SHIFT;
    }
}
