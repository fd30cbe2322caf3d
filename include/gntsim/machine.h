/* SPDX-License-Identifier: MIT */
/*
 * gntsim: the modelled machine: the SMMUv2, DMA-capable devices and caches (src/hw, Xen's
 * SMMU driver in src/xen).
 * Included by <gntsim/gntsim.h>.
 */
#ifndef GNTSIM_MACHINE_H
#define GNTSIM_MACHINE_H

#include "gntsim/gntsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- machine: SMMUv2, devices, caches (src/hw, Xen's driver in src/xen) ---- */

struct gntsim_smmu_opts {
    const char *dt_path; /* "/smmu@fd800000" (ZynqMP) when NULL; at most 63 bytes */
    bool disable_bypass; /* unattached streams fault (Xen's default) */
};
/*
 * Add the machine's SMMUv2. Xen's driver then gives every IOMMU-enabled
 * domain a stage-2 context bank whose TTBR is that domain's P2M root. One
 * per world. Returns 0, -EEXIST, -EINVAL (dt_path longer than 63 bytes) or
 * -ENOMEM.
 */
int gntsim_smmu_create(struct gntsim_world *w, const struct gntsim_smmu_opts *o);

struct gntsim_device_opts {
    const char *name;     /* scenario name, "nic0" */
    const char *dt_name;  /* "ff0e0000.ethernet" */
    const char *ifname;   /* "eth0" */
    uint32_t stream_id;   /* SMMU stream ID */
    gntsim_domid_t owner; /* domain the device is assigned to */
    bool coherent;        /* snoops CPU caches */
    bool behind_smmu;     /* its transactions go through the SMMU */
    /* what the owner's DT says of its IOMMU under a per-device DMA policy: 0 the truth
     * Xen knows (behind the SMMU, owner IOMMU-enabled), > 0 marked protected, < 0 not
     * (a wrong description: the declaration-is-wrong cases) */
    int dt_iommu;
};
/*
 * Add a DMA-capable NIC (macb-like) and assign it to its owner (Xen attaches
 * its stream to the owner's context bank). *@id receives its index.
 * Returns 0, -EINVAL (no such owner, duplicate name, behind_smmu without an
 * SMMU), -ENOSPC.
 */
int gntsim_device_create(struct gntsim_world *w, const struct gntsim_device_opts *o,
                         unsigned *id);
/* Index of the device called @name. Returns 0 or -ENOENT. */
int gntsim_device_find(struct gntsim_world *w, const char *name, unsigned *id);

/*
 * The device reads (writes) @len bytes at bus address @bus, through its SMMU
 * stream and the cache model. Returns 0, or -EIO when a transaction was
 * terminated (SMMU fault; nothing further is transferred, the device raises
 * its error and its driver logs it), -EINVAL for a bad device.
 */
int gntsim_dma_read(struct gntsim_world *w, unsigned dev, uint64_t bus, void *buf,
                    size_t len);
int gntsim_dma_write(struct gntsim_world *w, unsigned dev, uint64_t bus, const void *buf,
                     size_t len);

struct gntsim_smmu_fault {
    uint32_t fsr, fsynr0;
    uint64_t far; /* faulting iova */
    unsigned cb;  /* context bank */
    uint32_t sid; /* stream */
};
/* The last context fault the SMMU recorded. Returns 0 or -ENOENT (none yet). */
int gntsim_smmu_last_fault(struct gntsim_world *w, struct gntsim_smmu_fault *out);

/*
 * Failure injection: Xen's SMMU driver skips the next IOTLB invalidation of
 * @dom's context bank, so a device can keep using a stale translation.
 * Returns 0, -ESRCH, or -ENOENT (no SMMU, or @dom has no context bank).
 */
int gntsim_inject_missing_iotlb_flush(struct gntsim_world *w, gntsim_domid_t dom);

/*
 * Xen's loglvl= option ("error", "none/error", ...): which console levels
 * are printed, rate-limited or dropped. The default (a non-debug build)
 * always prints errors such as the SMMU fault line. Returns 0 or -EINVAL
 * (the thresholds are still set from the valid prefix, as Xen does).
 */
int gntsim_xen_loglvl(struct gntsim_world *w, const char *loglvl);

/*
 * Virtual time (Xen's NOW()): advances 1 us per DMA transaction (one page
 * or less) and by gntsim_time_advance(). Cannot fail.
 */
void gntsim_time_advance(struct gntsim_world *w, uint64_t ns);
uint64_t gntsim_time_now(const struct gntsim_world *w);

/*
 * ---- console: Xen's "(XEN) " lines and guest kernels' "[dN] " lines, in order ----
 * A ring of the newest 4096 lines, as the consoles' own rings: older lines are
 * overwritten (counted by gntsim_log_lost). None of these can fail.
 */
size_t gntsim_log_count(const struct gntsim_world *w);
/* Line @i (< count, 0 = the oldest kept), or NULL. */
const char *gntsim_log_line(const struct gntsim_world *w, size_t i);
/* Lines overwritten since the world was created. */
uint64_t gntsim_log_lost(const struct gntsim_world *w);

#ifdef __cplusplus
}
#endif
#endif
