/* SPDX-License-Identifier: MIT */
/*
 * SMMUv2 registers, stream matching and fault recording (see smmu.h).
 * Behaviour follows the SMMUv2 architecture as Xen's and Linux's arm-smmu
 * drivers use it: SMR match (ID & ~MASK), S2CR TYPE/CBNDX, sCR0.CLIENTPD
 * (bypass everything) and USFCFG (unmatched streams fault or bypass),
 * SCTLR.M/CFRE/CFIE, FSR write-one-to-clear, TLBIVMID by VMID, and a context
 * bank's TLBIIPAS2 by IPA (one page of that bank's VMID).
 */
#include <errno.h>
#include <stdlib.h>

#include "env/compiler.h"
#include "hw/smmu/smmu.h"

int hw_smmu_create(struct hw_mem *mem, struct trace *trace, struct hw_smmu **out)
{
    struct hw_smmu *s = calloc(1, sizeof(*s));

    *out = s;
    if (!s)
        return -ENOMEM;
    s->mem = mem;
    s->trace = trace;
    s->scr0 = SMMU_sCR0_CLIENTPD; /* reset value: client port disabled = bypass */
    return 0;
}

void hw_smmu_destroy(struct hw_smmu *s)
{
    free(s);
}

void hw_smmu_connect_irq(struct hw_smmu *s, const struct hw_smmu_irq *irq)
{
    s->irq = *irq;
}

/* 32-bit view of a context bank register; 64-bit ones are split LO/HI. */
static uint32_t smmu_cb_read(struct hw_smmu *s, uint32_t off)
{
    const struct hw_smmu_cb *c = &s->cb[(off - SMMU_CB_BASE) >> 12];

    switch (off & 0xfff) {
    case SMMU_CB_SCTLR:
        return c->sctlr;
    case SMMU_CB_TTBCR:
        return c->ttbcr;
    case SMMU_CB_FSR:
        return c->fsr;
    case SMMU_CB_FSYNR0:
        return c->fsynr0;
    case SMMU_CB_TTBR0:
        return (uint32_t)c->ttbr0;
    case SMMU_CB_TTBR0 + 4:
        return (uint32_t)(c->ttbr0 >> 32);
    case SMMU_CB_FAR_LO:
        return (uint32_t)c->far;
    case SMMU_CB_FAR_HI:
        return (uint32_t)(c->far >> 32);
    default:
        return 0;
    }
}

static void smmu_cb_write(struct hw_smmu *s, uint32_t off, uint32_t val)
{
    struct hw_smmu_cb *c = &s->cb[(off - SMMU_CB_BASE) >> 12];

    switch (off & 0xfff) {
    case SMMU_CB_SCTLR:
        c->sctlr = val;
        break;
    case SMMU_CB_TTBCR:
        c->ttbcr = val;
        break;
    case SMMU_CB_FSR: /* write one to clear */
        c->fsr &= ~val;
        break;
    case SMMU_CB_TTBR0:
        c->ttbr0 = (c->ttbr0 & ~0xffffffffull) | val;
        break;
    case SMMU_CB_TTBR0 + 4:
        c->ttbr0 = (c->ttbr0 & 0xffffffffull) | ((uint64_t)val << 32);
        break;
    default: /* FAR, FSYNR0 and the rest: not writable in this model */
        break;
    }
}

static uint32_t smmu_gr0_read(struct hw_smmu *s, uint32_t off)
{
    if (off >= SMMU_GR0_SMR(0) && off < SMMU_GR0_SMR(SMMU_NR_SMR))
        return s->smr[(off - SMMU_GR0_SMR(0)) >> 2];
    if (off >= SMMU_GR0_S2CR(0) && off < SMMU_GR0_S2CR(SMMU_NR_SMR))
        return s->s2cr[(off - SMMU_GR0_S2CR(0)) >> 2];
    switch (off) {
    case SMMU_GR0_sCR0:
        return s->scr0;
    case SMMU_GR0_ID0: /* S2TS (bit 29), SMS (bit 27), NUMSMRG */
        return (1u << 29) | (1u << 27) | SMMU_NR_SMR;
    case SMMU_GR0_ID1: /* NUMPAGENDXB = 3 (16 pages), NUMCB */
        return (3u << 28) | SMMU_NR_CB;
    case SMMU_GR0_sGFSR:
        return s->gfsr;
    case SMMU_GR0_sGFSYNR0:
        return s->gfsynr0;
    case SMMU_GR0_sGFSYNR1:
        return s->gfsynr1;
    case SMMU_GR0_sGFSYNR2:
        return s->gfsynr2;
    default: /* sTLBGSTATUS: invalidations complete at once, GSACTIVE = 0 */
        return 0;
    }
}

static void smmu_gr0_write(struct hw_smmu *s, uint32_t off, uint32_t val)
{
    if (off >= SMMU_GR0_SMR(0) && off < SMMU_GR0_SMR(SMMU_NR_SMR))
        s->smr[(off - SMMU_GR0_SMR(0)) >> 2] = val;
    else if (off >= SMMU_GR0_S2CR(0) && off < SMMU_GR0_S2CR(SMMU_NR_SMR))
        s->s2cr[(off - SMMU_GR0_S2CR(0)) >> 2] = val;
    else if (off == SMMU_GR0_sCR0)
        s->scr0 = val;
    else if (off == SMMU_GR0_sGFSR)
        s->gfsr &= ~val;
    else if (off == SMMU_GR0_TLBIVMID)
        smmu_tlb_inval(s, (uint8_t)val, NULL);
    else if (off == SMMU_GR0_STLBIALL)
        smmu_tlb_inval(s, 0, "STLBIALL");
    else if (off == SMMU_GR0_TLBIALLNSNH)
        smmu_tlb_inval(s, 0, "TLBIALLNSNH");
    else if (off == SMMU_GR0_TLBIALLH)
        smmu_tlb_inval(s, 0, "TLBIALLH");
}

uint32_t hw_smmu_read32(struct hw_smmu *s, uint32_t off)
{
    if (off == SMMU_GR0_sTLBGSTATUS) /* polled after every TLB sync: decoded first */
        return 0;                    /* invalidations complete at once, GSACTIVE = 0 */
    if (off >= SMMU_CB_BASE && off < SMMU_CB(SMMU_NR_CB))
        return smmu_cb_read(s, off);
    if (off >= SMMU_GR1_BASE && off < SMMU_GR1_CBAR(SMMU_NR_CB))
        return s->cbar[(off - SMMU_GR1_BASE) >> 2];
    return off < SMMU_GR1_BASE ? smmu_gr0_read(s, off) : 0;
}

void hw_smmu_write32(struct hw_smmu *s, uint32_t off, uint32_t val)
{
    if (off == SMMU_GR0_TLBIVMID) /* every IOTLB flush: decoded first */
        smmu_tlb_inval(s, (uint8_t)val, NULL);
    else if (off == SMMU_GR0_sTLBGSYNC)
        return; /* the sync completes at once (sTLBGSTATUS.GSACTIVE stays 0) */
    else if (off >= SMMU_CB_BASE && off < SMMU_CB(SMMU_NR_CB))
        smmu_cb_write(s, off, val);
    else if (off >= SMMU_GR1_BASE && off < SMMU_GR1_CBAR(SMMU_NR_CB))
        s->cbar[(off - SMMU_GR1_BASE) >> 2] = val;
    else if (off < SMMU_GR1_BASE)
        smmu_gr0_write(s, off, val);
}

void hw_smmu_write64(struct hw_smmu *s, uint32_t off, uint64_t val)
{
    if (off >= SMMU_CB_BASE && off < SMMU_CB(SMMU_NR_CB) &&
        (off & 0xfff) == SMMU_CB_S2_TLBIIPAS2) { /* IPA[47:12] in bits [35:0] */
        unsigned cb = (off - SMMU_CB_BASE) >> 12;

        smmu_tlb_inval_ipa(s, (uint8_t)(s->cbar[cb] & SMMU_CBAR_VMID_MASK),
                           val & ((1ull << 36) - 1));
        return;
    }
    hw_smmu_write32(s, off, (uint32_t)val);
    hw_smmu_write32(s, off + 4, (uint32_t)(val >> 32));
}

/* Index of the SMR matching @sid, or -1 (first match wins; SMCF not modelled). */
static int smmu_match(const struct hw_smmu *s, uint32_t sid)
{
    for (unsigned i = 0; i < SMMU_NR_SMR; i++) {
        uint32_t smr = s->smr[i], mask = (smr >> SMMU_SMR_MASK_SHIFT) & SMMU_SMR_ID_MASK;

        if ((smr & SMMU_SMR_VALID) && !((sid ^ smr) & SMMU_SMR_ID_MASK & ~mask))
            return (int)i;
    }
    return -1;
}

/* Unidentified stream fault (sCR0.USFCFG = 1): record it, raise the global line. */
static int smmu_global_fault(struct hw_smmu *s, uint32_t sid, bool write)
{
    if (!s->gfsr) {
        s->gfsynr0 = write ? (1u << 1) : 0; /* sGFSYNR0.WNR */
        s->gfsynr1 = sid & 0xffff;          /* sGFSYNR1.STREAMID */
        s->gfsynr2 = 0;
    }
    s->gfsr |= SMMU_sGFSR_USF;
    TRACE(s->trace, SMMU_GFAULT, TA_U(sid), TA_U(s->gfsr));
    if ((s->scr0 & SMMU_sCR0_GFIE) && s->irq.global)
        s->irq.global(s->irq.ctx);
    return -EIO;
}

/* Record a context fault in bank @cb, raise its interrupt; the transaction aborts. */
static int smmu_context_fault(struct hw_smmu *s, unsigned cb, uint32_t sid, uint64_t iova,
                              uint32_t fsr, uint32_t fsynr0)
{
    struct hw_smmu_cb *c = &s->cb[cb];

    if (c->fsr & SMMU_FSR_FAULT) { /* one outstanding fault: only MULTI is added */
        c->fsr |= SMMU_FSR_MULTI;
    } else {
        c->fsr = fsr;
        c->fsynr0 = fsynr0;
        c->far = iova;
        s->last = (struct hw_smmu_fault){
            .fsr = fsr, .fsynr0 = fsynr0, .sid = sid, .far = iova, .cb = cb};
        s->has_fault = true;
    }
    TRACE(s->trace, SMMU_FAULT, TA_U(sid), TA_U(cb), TA_U(fsr), TA_U(fsynr0), TA_U(iova));
    if ((c->sctlr & SMMU_SCTLR_CFIE) && s->irq.context)
        s->irq.context(s->irq.ctx, cb);
    /* SCTLR.CFCFG = 0: terminate; CFRE = 1 returns an abort (CFRE = 0 not modelled) */
    return -EIO;
}

/* Cache the page's translation with both of its permissions (@perm), as walked. */
static void smmu_tlb_refill(struct hw_smmu *s, uint8_t vmid, uint64_t iova, uint64_t pa,
                            unsigned perm)
{
    struct hw_smmu_tlbe n = {.valid = true,
                             .read = perm & 1u,
                             .write = (perm & 2u) != 0,
                             .vmid = vmid,
                             .iova_pfn = iova >> PAGE_SHIFT,
                             .pa_pfn = pa >> PAGE_SHIFT};

    smmu_tlb_fill(s, &n); /* one architectural walk fetched both permissions */
}

/* Stage-2 translation in bank @cb through the IOTLB. */
static int smmu_cb_translate(struct hw_smmu *s, unsigned cb, uint32_t sid, uint64_t iova,
                             bool write, uint64_t *pa)
{
    uint8_t vmid = (uint8_t)(s->cbar[cb] & SMMU_CBAR_VMID_MASK);
    const struct hw_smmu_tlbe *e = smmu_tlb_lookup(s, vmid, iova >> PAGE_SHIFT);
    uint32_t fsr, fsynr0;
    unsigned perm;

    if (!(s->cb[cb].sctlr & SMMU_SCTLR_M)) { /* bank disabled: untranslated */
        *pa = iova;
        return 0;
    }
    if (e) {
        s->tlb_hits++;
        TRACE(s->trace, IOTLB_HIT, TA_U(sid), TA_U(cb), TA_U(iova),
              TA_U(e->pa_pfn << PAGE_SHIFT));
        if (write ? !e->write : !e->read)
            return smmu_context_fault(s, cb, sid, iova,
                                      SMMU_FSR_PF | (2u << SMMU_FSR_FORMAT_SHIFT),
                                      3u | (write ? SMMU_FSYNR0_WNR : 0));
        *pa = (e->pa_pfn << PAGE_SHIFT) | (iova & (PAGE_SIZE - 1));
        return 0;
    }
    s->tlb_misses++;
    TRACE(s->trace, IOTLB_MISS, TA_U(sid), TA_U(cb), TA_U(iova));
    fsr = smmu_walk(s, cb, iova, write, pa, &fsynr0, &perm);
    if (fsr)
        return smmu_context_fault(s, cb, sid, iova, fsr, fsynr0);
    smmu_tlb_refill(s, vmid, iova, *pa, perm);
    return 0;
}

int hw_smmu_translate(struct hw_smmu *s, uint32_t sid, uint64_t iova, bool write,
                      uint64_t *pa)
{
    int smr;
    uint32_t s2cr, type;

    if (s->scr0 & SMMU_sCR0_CLIENTPD) { /* SMMU not enabled: everything bypasses */
        *pa = iova;
        return 0;
    }
    smr = smmu_match(s, sid);
    if (smr < 0) {
        if (s->scr0 & SMMU_sCR0_USFCFG)
            return smmu_global_fault(s, sid, write);
        TRACE(s->trace, SMMU_BYPASS, TA_U(sid), TA_U(iova), TA_S("unmatched stream"));
        *pa = iova;
        return 0;
    }
    s2cr = s->s2cr[smr];
    type = (s2cr >> SMMU_S2CR_TYPE_SHIFT) & 3;
    if (type == SMMU_S2CR_TYPE_BYPASS) {
        TRACE(s->trace, SMMU_BYPASS, TA_U(sid), TA_U(iova), TA_S("S2CR bypass"));
        *pa = iova;
        return 0;
    }
    if (type != SMMU_S2CR_TYPE_TRANS || (s2cr & SMMU_S2CR_CBNDX_MASK) >= SMMU_NR_CB)
        return -EIO; /* S2CR fault type: terminated without a context fault */
    return smmu_cb_translate(s, s2cr & SMMU_S2CR_CBNDX_MASK, sid, iova, write, pa);
}

bool hw_smmu_last_fault(const struct hw_smmu *s, struct hw_smmu_fault *out)
{
    if (s->has_fault)
        *out = s->last;
    return s->has_fault;
}
