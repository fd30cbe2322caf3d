/* SPDX-License-Identifier: MIT */
/*
 * Xen's SMMUv1/v2 driver (xen/drivers/passthrough/arm/smmu.c) for the one
 * SMMU of the machine. It programs the device only through its registers
 * (src/hw/smmu/smmu.h): stage-2-only context banks (CBAR S2_TRANS, VMID =
 * cbndx + 1) whose TTBR0 is the owning domain's P2M root, shared with the
 * P2M and never copied; SMR + S2CR per stream; IOTLB maintenance by
 * TLBIVMID + TLBSYNC (arm_smmu_tlb_inv_context() for stage 2) on every P2M
 * change (or, with smmu-flush=range, by IPA: xen_smmu_iotlb_flush_range), and the context
 * and global fault handlers with Xen's messages.
 */
#ifndef GNTSIM_XEN_SMMU_H
#define GNTSIM_XEN_SMMU_H

#include "hw/smmu/smmu.h"
#include "xen/xen.h"

#define XEN_SMMU_PATH_MAX  64  /* room of dt_path, NUL included */
#define XEN_SMMU_RANGE_MAX 512 /* pages: a longer range invalidates the context */

struct xen_smmu {
    struct hw_smmu *hw;
    char dt_path[XEN_SMMU_PATH_MAX]; /* dev_name(): the SMMU's device-tree path */
    bool enabled;                  /* Xen's IOMMU is on: the SMMU was reset and enabled */
    unsigned nr_cb;                /* from ID1.NUMCB */
    bool cb_used[SMMU_NR_CB];      /* context banks allocated, from 0 */
    uint16_t cb_domid[SMMU_NR_CB]; /* owner of each bank */
    bool smr_used[SMMU_NR_SMR];
    uint32_t skip_flush[SMMU_NR_CB]; /* failure injection: invalidations to skip */
    uint64_t flushes;                /* TLBIVMID issued */
};

/*
 * Probe @hw for Xen: allocate x->smmu_drv and, when Xen's IOMMU is enabled,
 * reset the device as arm_smmu_device_reset() does (SMRs invalid, S2CRs
 * fault, banks disabled, TLBs invalidated, sCR0 with USFCFG = @usfcfg) and
 * hook the fault interrupts. With the IOMMU off the SMMU is left in reset
 * (everything bypasses). Returns 0, -EEXIST or -ENOMEM (nothing changed).
 */
int xen_smmu_probe(struct xen *x, struct hw_smmu *hw, const char *dt_path, bool usfcfg);

/* Free the driver state (not the device). Safe when there is none. */
void xen_smmu_free(struct xen *x);

/*
 * Give IOMMU-enabled @d a stage-2 context bank (arm_smmu_init_context_bank).
 * Returns 0 (also when nothing is to be done: IOMMU off, domain without
 * IOMMU, already attached) or -ENOSPC when every bank is in use.
 */
int xen_smmu_domain_attach(struct xen *x, struct domain *d);

/* Release @domid's context bank (SCTLR = 0) and invalidate its IOTLB entries. */
void xen_smmu_domain_detach(struct xen *x, uint16_t domid);

/*
 * Route stream @sid to @domid's context bank (SMR + S2CR TRANS,
 * arm_smmu_domain_add_master). Returns 0, -ENOENT when the domain has no
 * bank (stream stays unmatched) or -ENOSPC when no SMR is free.
 */
int xen_smmu_add_device(struct xen *x, uint16_t domid, uint32_t sid);

/* arm_smmu_iotlb_flush_all(@domid): TLBIVMID + sync, unless an injected skip is armed. */
void xen_smmu_iotlb_flush(struct xen *x, uint16_t domid);

/*
 * A selective invalidation, which Xen's SMMUv2 driver does not have ("ARM SMMU v1
 * doesn't have flush by VMA and VMID", arm_smmu_iotlb_flush): @domid's entries for
 * the @nr pages from @dfn, one CB_S2_TLBIIPAS2 write per page and a context sync, as
 * Linux's arm-smmu does for stage 2 (arm_smmu_tlb_inv_range_s2); a range of
 * XEN_SMMU_RANGE_MAX pages or more is a full-context TLBIVMID, as Linux's SMMUv3
 * driver falls back beyond CMDQ_MAX_TLBI_OPS without range invalidation. An injected
 * skip is honoured as by xen_smmu_iotlb_flush(). Cannot fail.
 */
void xen_smmu_iotlb_flush_range(struct xen *x, uint16_t domid, uint64_t dfn, uint64_t nr);

/* Failure injection: skip the next IOTLB invalidation of @domid. Returns 0 or -ENOENT. */
int xen_smmu_skip_next_flush(struct xen *x, uint16_t domid);

#endif
