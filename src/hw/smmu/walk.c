/* SPDX-License-Identifier: MIT */
/*
 * The SMMU's stage-2 table walker and IOTLB. The walk reads VMSAv8-64
 * descriptors from machine memory (hw_mem_read64) starting at CB_TTBR0,
 * with the start level from TTBCR.SL0 (4 KiB granule: 0 -> L2, 1 -> L1,
 * 2 -> L0) and the input size from T0SZ, as the SMMUv2 architecture
 * defines for a stage-2 context (VTCR_EL2 layout). Permissions are S2AP:
 * bit 6 read, bit 7 write (the bits Xen's p2m_set_permission() sets).
 */
#include "hw/smmu/smmu.h"
#include "hw/vmsa.h"

#define FSR_FORMAT_A64 (2u << SMMU_FSR_FORMAT_SHIFT)

static unsigned walk_start_level(uint32_t ttbcr)
{
    switch ((ttbcr >> SMMU_TTBCR_SL0_SHIFT) & 3) {
    case 2:
        return 0;
    case 1:
        return 1;
    default:
        return 2;
    }
}

/* Leaf at @lvl: check AF and S2AP. Returns FSR bits (0 = allowed). */
static uint32_t walk_leaf(uint64_t desc, unsigned lvl, uint64_t iova, bool write,
                          uint64_t *pa)
{
    uint64_t span = 1ull << vmsa_level_shift(lvl);

    if (!(desc & VMSA_DESC_AF))
        return SMMU_FSR_AFF;
    if (!(desc & (write ? VMSA_DESC_S2AP_W : VMSA_DESC_S2AP_R)))
        return SMMU_FSR_PF;
    *pa = (desc & VMSA_DESC_ADDR_MASK & ~(span - 1)) | (iova & (span - 1));
    return 0;
}

/* What a read (1) and a write (2) through leaf @desc would be allowed. */
static unsigned walk_perm(uint64_t desc)
{
    if (!(desc & VMSA_DESC_AF))
        return 0;
    return ((desc & VMSA_DESC_S2AP_R) ? 1u : 0u) | ((desc & VMSA_DESC_S2AP_W) ? 2u : 0u);
}

/*
 * hw_mem_read64() of descriptor @idx of the table at @table (4 KiB aligned, so the
 * descriptor is aligned), trying the bank *@b of the previous table first (banks do not
 * overlap). Returns 0, or -EFAULT when the table is not RAM.
 */
static inline int walk_read(const struct hw_mem *m, const struct hw_mem_bank **b,
                            uint64_t table, unsigned idx, uint64_t *desc)
{
    uint64_t mfn = table >> PAGE_SHIFT, v;

    if (!*b || !hw_mem_bank_has(*b, mfn))
        *b = hw_mem_bank_of(m, mfn);
    if (!*b)
        return -EFAULT;
    memcpy(&v, m->map + hw_mem_frame_off(*b, mfn) + idx * sizeof(v), sizeof(v));
    *desc = hw_mem_le64(v);
    return 0;
}

uint32_t smmu_walk(struct hw_smmu *s, unsigned cb, uint64_t iova, bool write,
                   uint64_t *pa, uint32_t *fsynr0, unsigned *perm)
{
    const struct hw_smmu_cb *c = &s->cb[cb];
    unsigned t0sz = c->ttbcr & SMMU_TTBCR_T0SZ_MASK, lvl = walk_start_level(c->ttbcr);
    uint64_t table = c->ttbr0 & VMSA_DESC_ADDR_MASK;
    uint32_t fsr = SMMU_FSR_TF;
    const struct hw_mem_bank *bank = NULL;

    s->walks++;
    *fsynr0 = write ? SMMU_FSYNR0_WNR : 0;
    if (perm)
        *perm = 0;
    if (t0sz && t0sz < 64 && (iova >> (64 - t0sz))) {
        /* beyond the input range: translation fault at the start level */
        *fsynr0 |= lvl & SMMU_FSYNR0_PLVL_MASK;
        return SMMU_FSR_TF | FSR_FORMAT_A64;
    }
    for (;; lvl++) {
        uint64_t desc;

        if (walk_read(s->mem, &bank, table, vmsa_index(iova, lvl), &desc)) {
            fsr = SMMU_FSR_EF; /* external abort on the walk */
            *fsynr0 |= SMMU_FSYNR0_PTWF;
            break;
        }
        if (!(desc & VMSA_DESC_VALID))
            break;
        if (lvl == VMSA_LEAF_LEVEL || !(desc & VMSA_DESC_TABLE)) {
            /* a block at L0, or a "table" bit clear at L3, is invalid */
            bool bad = lvl == 0 || (lvl == VMSA_LEAF_LEVEL && !(desc & VMSA_DESC_TABLE));

            fsr = bad ? SMMU_FSR_TF : walk_leaf(desc, lvl, iova, write, pa);
            if (perm && !bad)
                *perm = walk_perm(desc);
            break;
        }
        table = desc & VMSA_DESC_ADDR_MASK;
    }
    *fsynr0 |= lvl & SMMU_FSYNR0_PLVL_MASK;
    return fsr ? fsr | FSR_FORMAT_A64 : 0;
}

/* Entry @i's tag becomes @key (0: invalid), keeping the index and valid mask in step. */
static void tlb_set_key(struct hw_smmu *s, unsigned i, uint64_t key)
{
    uint64_t bit = 1ull << i;

    if (s->tlb_key[i])
        s->tlb_bucket[smmu_tlb_bucket_of(s->tlb_key[i])] &= ~bit;
    s->tlb_key[i] = key;
    s->tlb_valid &= ~bit;
    if (key) {
        s->tlb_bucket[smmu_tlb_bucket_of(key)] |= bit;
        s->tlb_valid |= bit;
    }
}

void smmu_tlb_fill(struct hw_smmu *s, const struct hw_smmu_tlbe *e)
{
    s->tlb[s->tlb_next] = *e;
    tlb_set_key(s, s->tlb_next, e->valid ? smmu_tlb_key(e->vmid, e->iova_pfn) : 0);
    s->tlb_next = (s->tlb_next + 1) % SMMU_IOTLB_LEN;
}

void smmu_tlb_inval(struct hw_smmu *s, uint8_t vmid, const char *all_reg)
{
    bool all = all_reg != NULL;
    unsigned n = 0;

    for (uint64_t m = s->tlb_valid; m; m &= m - 1) { /* the valid entries, in order */
        unsigned i = (unsigned)__builtin_ctzll(m);

        if (all || (uint8_t)(s->tlb_key[i] >> 1) == vmid) {
            s->tlb[i].valid = false;
            tlb_set_key(s, i, 0);
            n++;
        }
    }
    s->tlb_invals++;
    s->tlb_dropped += n;
    TRACE(s->trace, IOTLB_FLUSH, TA_U(vmid), TA_S(all ? all_reg : "TLBIVMID"), TA_U(n));
}

void smmu_tlb_inval_ipa(struct hw_smmu *s, uint8_t vmid, uint64_t iova_pfn)
{
    uint64_t key = smmu_tlb_key(vmid, iova_pfn);
    unsigned n = 0;

    for (uint64_t m = s->tlb_bucket[smmu_tlb_bucket_of(key)]; m; m &= m - 1) {
        unsigned i = (unsigned)__builtin_ctzll(m);

        if (s->tlb_key[i] == key) {
            s->tlb[i].valid = false;
            tlb_set_key(s, i, 0);
            n++;
        }
    }
    s->tlb_invals++;
    s->tlb_dropped += n;
    TRACE(s->trace, IOTLB_FLUSH, TA_U(vmid), TA_S("TLBIIPAS2"), TA_U(n));
}
