/* SPDX-License-Identifier: MIT */
/*
 * An Arm SMMUv2 (MMU-500 as on ZynqMP): stream matching (SMR/S2CR), stage-2
 * context banks, a table walker reading VMSAv8-64 descriptors from machine
 * memory, an IOTLB, fault syndrome registers and interrupt lines.
 *
 * Hardware only: software reaches it through hw_smmu_read32/write32/write64
 * at the architected register offsets below (the ones Xen's
 * xen/drivers/passthrough/arm/smmu.c uses), and it signals faults on its
 * interrupt lines. It never calls into src/xen, src/linux or the board.
 *
 * Register space (pgshift 12, 128 KiB as at 0xfd800000 on ZynqMP): GR0 at
 * 0x0, GR1 at 0x1000, context bank n at 0x10000 + n * 0x1000.
 */
#ifndef GNTSIM_HW_SMMU_SMMU_H
#define GNTSIM_HW_SMMU_SMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "env/trace.h"
#include "hw/mem.h"

#define SMMU_NR_SMR    32 /* stream mapping groups (ID0.NUMSMRG) */
#define SMMU_NR_CB     16 /* context banks (ID1.NUMCB) */
#define SMMU_IOTLB_LEN 64 /* IOTLB entries, round-robin replacement */
/* Buckets of the IOTLB's lookup index (a model speed-up, invisible to software). */
#define SMMU_IOTLB_BUCKETS 64

/* GR0 (Xen smmu.c ARM_SMMU_GR0_*) */
#define SMMU_GR0_sCR0         0x0
#define SMMU_sCR0_CLIENTPD    (1u << 0)
#define SMMU_sCR0_GFRE        (1u << 1)
#define SMMU_sCR0_GFIE        (1u << 2)
#define SMMU_sCR0_USFCFG      (1u << 10)
#define SMMU_GR0_ID0          0x20
#define SMMU_GR0_ID1          0x24
#define SMMU_GR0_sGFSR        0x48
#define SMMU_sGFSR_USF        (1u << 1)
#define SMMU_GR0_sGFSYNR0     0x50
#define SMMU_GR0_sGFSYNR1     0x54
#define SMMU_GR0_sGFSYNR2     0x58
#define SMMU_GR0_STLBIALL     0x60
#define SMMU_GR0_TLBIVMID     0x64
#define SMMU_GR0_TLBIALLNSNH  0x68
#define SMMU_GR0_TLBIALLH     0x6c
#define SMMU_GR0_sTLBGSYNC    0x70
#define SMMU_GR0_sTLBGSTATUS  0x74
#define SMMU_GR0_SMR(n)       (0x800u + ((n) << 2))
#define SMMU_SMR_VALID        (1u << 31)
#define SMMU_SMR_MASK_SHIFT   16
#define SMMU_SMR_ID_MASK      0x7fffu
#define SMMU_GR0_S2CR(n)      (0xc00u + ((n) << 2))
#define SMMU_S2CR_CBNDX_MASK  0xffu
#define SMMU_S2CR_TYPE_SHIFT  16
#define SMMU_S2CR_TYPE_TRANS  0u
#define SMMU_S2CR_TYPE_BYPASS 1u
#define SMMU_S2CR_TYPE_FAULT  2u

/* GR1 */
#define SMMU_GR1_BASE        0x1000u
#define SMMU_GR1_CBAR(n)     (SMMU_GR1_BASE + ((n) << 2))
#define SMMU_CBAR_VMID_MASK  0xffu
#define SMMU_CBAR_TYPE_SHIFT 16 /* 0 = S2_TRANS */

/* Context banks */
#define SMMU_CB_BASE         0x10000u
#define SMMU_CB(n)           (SMMU_CB_BASE + ((n) << 12))
#define SMMU_CB_SCTLR        0x0
#define SMMU_SCTLR_M         (1u << 0)
#define SMMU_SCTLR_CFRE      (1u << 5)
#define SMMU_SCTLR_CFIE      (1u << 6)
#define SMMU_SCTLR_CFCFG     (1u << 7)
#define SMMU_CB_TTBR0        0x20 /* 64-bit; LO at 0x20, HI at 0x24 */
#define SMMU_CB_TTBCR        0x30
#define SMMU_TTBCR_T0SZ_MASK 0x3fu
#define SMMU_TTBCR_SL0_SHIFT 6
#define SMMU_CB_FSR          0x58
#define SMMU_CB_FAR_LO       0x60
#define SMMU_CB_FAR_HI       0x64
#define SMMU_CB_FSYNR0       0x68
/* stage-2 invalidation by IPA: a 64-bit write of IPA[47:12] (Linux arm-smmu.h
 * ARM_SMMU_CB_S2_TLBIIPAS2; Xen's SMMUv2 driver never writes it) */
#define SMMU_CB_S2_TLBIIPAS2 0x630
#define SMMU_CB_TLBSYNC      0x7f0
#define SMMU_CB_TLBSTATUS    0x7f4

/* CB_FSR (Xen smmu.c FSR_*, Linux ARM_SMMU_CB_FSR_*) */
#define SMMU_FSR_MULTI        (1u << 31)
#define SMMU_FSR_SS           (1u << 30)
#define SMMU_FSR_FORMAT_SHIFT 9 /* [10:9]; 2 = AArch64 descriptors */
#define SMMU_FSR_UUT          (1u << 8)
#define SMMU_FSR_ASF          (1u << 7)
#define SMMU_FSR_TLBLKF       (1u << 6)
#define SMMU_FSR_TLBMCF       (1u << 5)
#define SMMU_FSR_EF           (1u << 4)
#define SMMU_FSR_PF           (1u << 3)
#define SMMU_FSR_AFF          (1u << 2)
#define SMMU_FSR_TF           (1u << 1)
#define SMMU_FSR_FAULT                                                                   \
    (SMMU_FSR_MULTI | SMMU_FSR_SS | SMMU_FSR_UUT | SMMU_FSR_EF | SMMU_FSR_PF |           \
     SMMU_FSR_TF | SMMU_FSR_AFF | SMMU_FSR_ASF | SMMU_FSR_TLBMCF | SMMU_FSR_TLBLKF)

/* CB_FSYNR0 (Linux ARM_SMMU_CB_FSYNR0_*) */
#define SMMU_FSYNR0_PLVL_MASK     0x3u
#define SMMU_FSYNR0_WNR           (1u << 4)
#define SMMU_FSYNR0_PNU           (1u << 5)
#define SMMU_FSYNR0_IND           (1u << 6)
#define SMMU_FSYNR0_NSATTR        (1u << 8)
#define SMMU_FSYNR0_PTWF          (1u << 10)
#define SMMU_FSYNR0_AFR           (1u << 11)
#define SMMU_FSYNR0_S1CBNDX_SHIFT 16

/* Interrupt lines: one global, one per context bank (the ctx argument is the bank). */
struct hw_smmu_irq {
    void (*global)(void *ctx);
    void (*context)(void *ctx, unsigned cb);
    void *ctx;
};

/* The last context fault, as captured by the hardware (a debug view, not a register). */
struct hw_smmu_fault {
    uint32_t fsr, fsynr0, sid;
    uint64_t far;
    unsigned cb;
};

struct hw_smmu_cb {
    uint32_t sctlr, ttbcr, fsr, fsynr0;
    uint64_t ttbr0, far;
};

struct hw_smmu_tlbe {
    bool valid, read, write;
    uint8_t vmid;
    uint64_t iova_pfn, pa_pfn;
};

/* Private to src/hw/smmu; software uses the register accessors. */
struct hw_smmu {
    struct hw_mem *mem;
    struct trace *trace;
    struct hw_smmu_irq irq;
    uint32_t scr0, gfsr, gfsynr0, gfsynr1, gfsynr2;
    uint32_t smr[SMMU_NR_SMR], s2cr[SMMU_NR_SMR], cbar[SMMU_NR_CB];
    struct hw_smmu_cb cb[SMMU_NR_CB];
    struct hw_smmu_tlbe tlb[SMMU_IOTLB_LEN];
    uint64_t tlb_key[SMMU_IOTLB_LEN]; /* tlb[i]'s tag; 0 = invalid */
    uint64_t tlb_valid;               /* bit i: tlb_key[i] != 0 */
    /* lookup index: bit i of tlb_bucket[b] iff tlb_key[i] != 0 hashes to bucket b */
    uint64_t tlb_bucket[SMMU_IOTLB_BUCKETS];
    unsigned tlb_next; /* round-robin victim */
    uint64_t tlb_hits, tlb_misses, walks;
    uint64_t tlb_invals, tlb_dropped; /* invalidation commands, entries they dropped */
    bool has_fault;
    struct hw_smmu_fault last;
};

/*
 * Allocate an SMMU in its reset state (sCR0.CLIENTPD = 1: every transaction
 * bypasses until software enables it). Returns 0 or -ENOMEM.
 */
int hw_smmu_create(struct hw_mem *mem, struct trace *trace, struct hw_smmu **out);
/* Free @s; NULL is accepted. */
void hw_smmu_destroy(struct hw_smmu *s);
/* Wire the interrupt lines to @irq (copied). Cannot fail. */
void hw_smmu_connect_irq(struct hw_smmu *s, const struct hw_smmu_irq *irq);

/* Register access at byte offset @off; unknown offsets read as zero and ignore writes. */
uint32_t hw_smmu_read32(struct hw_smmu *s, uint32_t off);
void hw_smmu_write32(struct hw_smmu *s, uint32_t off, uint32_t val);
/* 64-bit register write (CB_TTBR0); other offsets are split into two 32-bit writes. */
void hw_smmu_write64(struct hw_smmu *s, uint32_t off, uint64_t val);

/*
 * Translate one transaction of stream @sid at @iova (within one 4 KiB page)
 * into machine address *@pa. Returns 0 (translated or bypassed), or -EIO when
 * the transaction was terminated with an abort to the master; the fault is
 * then recorded (CB_FSR/FAR/FSYNR0 or sGFSR/sGFSYNR*) and its interrupt raised.
 */
int hw_smmu_translate(struct hw_smmu *s, uint32_t sid, uint64_t iova, bool write,
                      uint64_t *pa);

/* The last context fault recorded. Returns false when there was none. */
bool hw_smmu_last_fault(const struct hw_smmu *s, struct hw_smmu_fault *out);

/*
 * walk.c: stage-2 walk of bank @cb; 0 with *pa, or the FSR bits with *fsynr0.
 * *@perm (when not NULL) gets the leaf's permissions, read (1) and write (2),
 * as a walk for either access would find them; 0 when no leaf was reached.
 */
uint32_t smmu_walk(struct hw_smmu *s, unsigned cb, uint64_t iova, bool write,
                   uint64_t *pa, uint32_t *fsynr0, unsigned *perm);
/* An IOTLB entry's tag: page, VMID and a set bit 0 (0 is never a valid tag). */
static inline uint64_t smmu_tlb_key(uint8_t vmid, uint64_t iova_pfn)
{
    return iova_pfn << 9 | (uint64_t)vmid << 1 | 1u;
}

_Static_assert(SMMU_IOTLB_LEN <= 64, "entries of a bucket are bits of one mask");
_Static_assert(SMMU_IOTLB_BUCKETS == 64, "the index takes a tag hash's top 6 bits");

/* The lookup-index bucket of tag @key (multiplicative hash, top bits). Cannot fail. */
static inline unsigned smmu_tlb_bucket_of(uint64_t key)
{
    return (unsigned)((key * 0x9E3779B97F4A7C15ull) >> 58);
}

/*
 * The fully associative IOTLB lookup: the entry whose tag matches, or NULL. Only the
 * entries indexed under the tag's bucket can match, so they are the ones compared, the
 * lowest first: the result is a scan's. Inline: every translation starts here.
 */
static inline const struct hw_smmu_tlbe *smmu_tlb_lookup(struct hw_smmu *s, uint8_t vmid,
                                                         uint64_t iova_pfn)
{
    uint64_t key = smmu_tlb_key(vmid, iova_pfn);

    for (uint64_t m = s->tlb_bucket[smmu_tlb_bucket_of(key)]; m; m &= m - 1) {
        unsigned i = (unsigned)__builtin_ctzll(m);

        if (s->tlb_key[i] == key)
            return &s->tlb[i];
    }
    return NULL;
}

/* walk.c: IOTLB fill (round-robin victim) and invalidate by VMID (TLBIVMID), or all
 * entries when @all_reg names the register written (TLBIALLNSNH, ...). Cannot fail. */
void smmu_tlb_fill(struct hw_smmu *s, const struct hw_smmu_tlbe *e);
void smmu_tlb_inval(struct hw_smmu *s, uint8_t vmid, const char *all_reg);
/* walk.c: invalidate @vmid's entry for page @iova_pfn only (CB_S2_TLBIIPAS2), keeping
 * every other entry. Cannot fail. */
void smmu_tlb_inval_ipa(struct hw_smmu *s, uint8_t vmid, uint64_t iova_pfn);

#endif
