/* SPDX-License-Identifier: MIT */
/* Xen's SMMUv2 driver (see smmu.h); register values as smmu.c writes them. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "xen/console.h"
#include "xen/smmu.h"

/* smmu.c: sCR0 fault reporting, VMIDPNE, PTM; TTBCR bits for the stage-2 bank */
#define sCR0_GCFGFRE     (1u << 4)
#define sCR0_GCFGFIE     (1u << 5)
#define sCR0_VMIDPNE     (1u << 11)
#define sCR0_PTM         (1u << 12)
#define SCTLR_EAE_SBOP   ((1u << 2) | (1u << 1)) /* AFE | TRE */
#define TTBCR_EAE        (1u << 31)
#define TTBCR_PASIZE_48  (5u << 16) /* TTBCR2_ADDR_48 << TTBCR_PASIZE_SHIFT */
#define TTBCR_SH0_IS     (3u << 12)
#define TTBCR_ORGN0_WBWA (1u << 10)
#define TTBCR_IRGN0_WBWA (1u << 8)
#define P2M_ROOT_LEVEL   0u

static struct xen_smmu *drv(struct xen *x)
{
    return x->smmu_drv && x->smmu_drv->enabled ? x->smmu_drv : NULL;
}

static int smmu_cb_of(const struct xen_smmu *s, uint16_t domid)
{
    for (unsigned i = 0; i < s->nr_cb; i++)
        if (s->cb_used[i] && s->cb_domid[i] == domid)
            return (int)i;
    return -1;
}

/* arm_smmu_context_fault(): read the syndrome, log (rate-limited), clear FSR. */
static void smmu_context_irq(void *ctx, unsigned cb)
{
    struct xen *x = ctx;
    struct xen_smmu *s = x->smmu_drv;
    uint32_t base = SMMU_CB(cb), fsr = hw_smmu_read32(s->hw, base + SMMU_CB_FSR);
    uint32_t fsynr;
    uint64_t iova;

    if (!(fsr & SMMU_FSR_FAULT))
        return; /* IRQ_NONE */
    fsynr = hw_smmu_read32(s->hw, base + SMMU_CB_FSYNR0);
    iova = hw_smmu_read32(s->hw, base + SMMU_CB_FAR_LO);
    iova |= (uint64_t)hw_smmu_read32(s->hw, base + SMMU_CB_FAR_HI) << 32;
    /* dev_err_ratelimited() = dev_print(XENLOG_ERR): "smmu: %s: " + the message */
    xen_printk(x, XENLOG_ERR,
               "smmu: %s: Unhandled context fault: fsr=0x%x, iova=0x%08" PRIx64
               ", fsynr=0x%x, cb=%d",
               s->dt_path, fsr, iova, fsynr, (int)cb);
    hw_smmu_write32(s->hw, base + SMMU_CB_FSR, fsr);
}

/* arm_smmu_global_fault() */
static void smmu_global_irq(void *ctx)
{
    struct xen *x = ctx;
    struct xen_smmu *s = x->smmu_drv;
    uint32_t gfsr = hw_smmu_read32(s->hw, SMMU_GR0_sGFSR);
    uint32_t g0 = hw_smmu_read32(s->hw, SMMU_GR0_sGFSYNR0);
    uint32_t g1 = hw_smmu_read32(s->hw, SMMU_GR0_sGFSYNR1);
    uint32_t g2 = hw_smmu_read32(s->hw, SMMU_GR0_sGFSYNR2);

    if (!gfsr)
        return;
    xen_printk(x, XENLOG_ERR, "smmu: %s: Unexpected global fault, this could be serious",
               s->dt_path);
    xen_printk(x, XENLOG_ERR,
               "smmu: %s: \tGFSR 0x%08x, GFSYNR0 0x%08x, GFSYNR1 0x%08x, GFSYNR2 0x%08x",
               s->dt_path, gfsr, g0, g1, g2);
    hw_smmu_write32(s->hw, SMMU_GR0_sGFSR, gfsr);
}

/* arm_smmu_tlb_sync(): sTLBGSYNC, then poll sTLBGSTATUS.GSACTIVE (clear at once). */
static void smmu_tlb_sync(struct xen_smmu *s)
{
    hw_smmu_write32(s->hw, SMMU_GR0_sTLBGSYNC, 0);
    (void)hw_smmu_read32(s->hw, SMMU_GR0_sTLBGSTATUS);
}

/* arm_smmu_device_reset() (Xen flavour: unmatched and unconfigured streams fault). */
static void smmu_device_reset(struct xen_smmu *s, bool usfcfg)
{
    uint32_t reg = hw_smmu_read32(s->hw, SMMU_GR0_sGFSR);

    hw_smmu_write32(s->hw, SMMU_GR0_sGFSR, reg);
    for (unsigned i = 0; i < SMMU_NR_SMR; i++) {
        hw_smmu_write32(s->hw, SMMU_GR0_SMR(i), 0);
        hw_smmu_write32(s->hw, SMMU_GR0_S2CR(i),
                        SMMU_S2CR_TYPE_FAULT << SMMU_S2CR_TYPE_SHIFT);
    }
    for (unsigned i = 0; i < s->nr_cb; i++) {
        hw_smmu_write32(s->hw, SMMU_CB(i) + SMMU_CB_SCTLR, 0);
        hw_smmu_write32(s->hw, SMMU_CB(i) + SMMU_CB_FSR, SMMU_FSR_FAULT);
    }
    hw_smmu_write32(s->hw, SMMU_GR0_STLBIALL, 0);
    hw_smmu_write32(s->hw, SMMU_GR0_TLBIALLH, 0);
    hw_smmu_write32(s->hw, SMMU_GR0_TLBIALLNSNH, 0);
    reg = hw_smmu_read32(s->hw, SMMU_GR0_sCR0);
    reg |= SMMU_sCR0_GFRE | SMMU_sCR0_GFIE | sCR0_GCFGFRE | sCR0_GCFGFIE;
    reg |= sCR0_VMIDPNE | sCR0_PTM;
    reg &= ~(SMMU_sCR0_CLIENTPD | SMMU_sCR0_USFCFG);
    if (usfcfg) /* Xen: "Unlike Linux, generate a fault when no mapping is found" */
        reg |= SMMU_sCR0_USFCFG;
    smmu_tlb_sync(s);
    hw_smmu_write32(s->hw, SMMU_GR0_sCR0, reg);
}

int xen_smmu_probe(struct xen *x, struct hw_smmu *hw, const char *dt_path, bool usfcfg)
{
    struct xen_smmu *s;
    struct hw_smmu_irq irq = {
        .global = smmu_global_irq, .context = smmu_context_irq, .ctx = x};

    if (x->smmu_drv)
        return -EEXIST;
    s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->hw = hw;
    snprintf(s->dt_path, sizeof(s->dt_path), "%s", dt_path);
    s->nr_cb = hw_smmu_read32(hw, SMMU_GR0_ID1) & 0xff; /* ID1.NUMCB */
    if (s->nr_cb > SMMU_NR_CB)
        s->nr_cb = SMMU_NR_CB;
    x->smmu_drv = s;
    if (!x->opts.iommu_enabled)
        return 0; /* iommu=off: the driver never probes, the SMMU stays in reset */
    s->enabled = true;
    hw_smmu_connect_irq(hw, &irq);
    smmu_device_reset(s, usfcfg);
    return 0;
}

void xen_smmu_free(struct xen *x)
{
    free(x->smmu_drv);
    x->smmu_drv = NULL;
}

/* arm_smmu_init_context_bank() for a stage-2-only bank (4.14 writes TTBR0 as LO/HI). */
static void smmu_init_context_bank(struct xen_smmu *s, unsigned cb, uint64_t p2maddr)
{
    uint32_t base = SMMU_CB(cb);
    uint32_t ttbcr = (64u - P2M_IPA_BITS) | TTBCR_PASIZE_48 | TTBCR_EAE | TTBCR_SH0_IS |
                     TTBCR_ORGN0_WBWA | TTBCR_IRGN0_WBWA |
                     ((2u - P2M_ROOT_LEVEL) << SMMU_TTBCR_SL0_SHIFT); /* TG0 = 4K (0) */

    /* CBAR: S2_TRANS (type 0), VMID = ARM_SMMU_CB_VMID() = cbndx + 1 */
    hw_smmu_write32(s->hw, SMMU_GR1_CBAR(cb), (cb + 1) & SMMU_CBAR_VMID_MASK);
    /* TTBR0: the P2M root itself ("The page table is shared with the P2M code") */
    hw_smmu_write32(s->hw, base + SMMU_CB_TTBR0, (uint32_t)p2maddr);
    hw_smmu_write32(s->hw, base + SMMU_CB_TTBR0 + 4, (uint32_t)(p2maddr >> 32));
    hw_smmu_write32(s->hw, base + SMMU_CB_TTBCR, ttbcr);
    /* SCTLR: no CFCFG (erratum #842869), so faulting transactions terminate */
    hw_smmu_write32(s->hw, base + SMMU_CB_SCTLR,
                    SMMU_SCTLR_CFIE | SMMU_SCTLR_CFRE | SMMU_SCTLR_M | SCTLR_EAE_SBOP);
}

int xen_smmu_domain_attach(struct xen *x, struct domain *d)
{
    struct xen_smmu *s = drv(x);
    unsigned cb = 0;

    if (!s || !d->iommu.enabled || smmu_cb_of(s, d->domid) >= 0)
        return 0;
    while (cb < s->nr_cb && s->cb_used[cb]) /* __arm_smmu_alloc_bitmap from 0 */
        cb++;
    if (cb == s->nr_cb)
        return -ENOSPC;
    s->cb_used[cb] = true;
    s->cb_domid[cb] = d->domid;
    s->skip_flush[cb] = 0;
    smmu_init_context_bank(s, cb, d->p2m.root_mfn << PAGE_SHIFT);
    return 0;
}

void xen_smmu_domain_detach(struct xen *x, uint16_t domid)
{
    struct xen_smmu *s = drv(x);
    int cb = s ? smmu_cb_of(s, domid) : -1;

    if (cb < 0)
        return;
    hw_smmu_write32(s->hw, SMMU_CB((unsigned)cb) + SMMU_CB_SCTLR, 0);
    hw_smmu_write32(s->hw, SMMU_GR0_TLBIVMID, (uint32_t)cb + 1);
    smmu_tlb_sync(s);
    s->cb_used[cb] = false;
}

int xen_smmu_add_device(struct xen *x, uint16_t domid, uint32_t sid)
{
    struct xen_smmu *s = drv(x);
    int cb = s ? smmu_cb_of(s, domid) : -1;
    unsigned idx = 0;

    if (cb < 0)
        return -ENOENT;
    while (idx < SMMU_NR_SMR && s->smr_used[idx])
        idx++;
    if (idx == SMMU_NR_SMR)
        return -ENOSPC;
    s->smr_used[idx] = true;
    /* arm_smmu_master_configure_smrs(): SMR_VALID | id, mask 0 */
    hw_smmu_write32(s->hw, SMMU_GR0_SMR(idx), SMMU_SMR_VALID | (sid & SMMU_SMR_ID_MASK));
    /* arm_smmu_domain_add_master(): S2CR_TYPE_TRANS | cbndx */
    hw_smmu_write32(s->hw, SMMU_GR0_S2CR(idx),
                    (SMMU_S2CR_TYPE_TRANS << SMMU_S2CR_TYPE_SHIFT) | (uint32_t)cb);
    return 0;
}

void xen_smmu_iotlb_flush(struct xen *x, uint16_t domid)
{
    struct xen_smmu *s = drv(x);
    int cb = s ? smmu_cb_of(s, domid) : -1;

    if (cb < 0)
        return;
    if (s->skip_flush[cb]) {
        s->skip_flush[cb]--;
        TRACE(x->trace, IOTLB_FLUSH_SKIPPED, TA_U(domid));
        return;
    }
    /* arm_smmu_iotlb_flush() -> _flush_all() -> arm_smmu_tlb_inv_context(), stage 2 */
    hw_smmu_write32(s->hw, SMMU_GR0_TLBIVMID, (uint32_t)cb + 1);
    smmu_tlb_sync(s);
    s->flushes++;
}

void xen_smmu_iotlb_flush_range(struct xen *x, uint16_t domid, uint64_t dfn, uint64_t nr)
{
    struct xen_smmu *s = drv(x);
    int cb = s ? smmu_cb_of(s, domid) : -1;
    uint32_t base = SMMU_CB((unsigned)(cb < 0 ? 0 : cb));

    if (cb < 0 || nr >= XEN_SMMU_RANGE_MAX) {
        xen_smmu_iotlb_flush(x, domid);
        return;
    }
    if (s->skip_flush[cb]) {
        s->skip_flush[cb]--;
        TRACE(x->trace, IOTLB_FLUSH_SKIPPED, TA_U(domid));
        return;
    }
    /* Linux arm_smmu_tlb_inv_range_s2(): one write per 4 KiB granule, AArch64 format */
    for (uint64_t i = 0; i < nr; i++)
        hw_smmu_write64(s->hw, base + SMMU_CB_S2_TLBIIPAS2, dfn + i);
    /* arm_smmu_tlb_sync_context(): TLBSYNC, then poll TLBSTATUS.SACTIVE (clear at once)
     */
    hw_smmu_write32(s->hw, base + SMMU_CB_TLBSYNC, 0);
    (void)hw_smmu_read32(s->hw, base + SMMU_CB_TLBSTATUS);
    s->flushes++;
}

int xen_smmu_skip_next_flush(struct xen *x, uint16_t domid)
{
    struct xen_smmu *s = drv(x);
    int cb = s ? smmu_cb_of(s, domid) : -1;

    if (cb < 0)
        return -ENOENT;
    s->skip_flush[cb]++;
    return 0;
}
