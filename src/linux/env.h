/* SPDX-License-Identifier: MIT */
/*
 * What a guest kernel sees of the machine: the only ways out of src/linux.
 * The board (src/board/kernels.c) fills one struct linux_env per kernel at
 * boot. Through it the kernel
 *   - issues hypercalls (one entry, Xen's __HYPERVISOR_* numbers) and
 *     registers its event-channel upcall (the vGIC interrupt the DT names);
 *   - talks to xenstored over its ring (a request and its reply; watch
 *     events arrive at a sink it registers);
 *   - accesses memory with its vCPU: the stage-2 MMU (hw/s2mmu.h) over
 *     the tables the hypervisor keeps, and the caches (hw/cache.h);
 *   - learns what the firmware says: its RAM, where the hypervisor put the
 *     grant table and shared_info, which devices exist and whether they are
 *     DMA-coherent (the DT);
 *   - logs, traces, schedules deferred work, and reports an error.
 * src/linux includes nothing of the simulator nor Xen's private headers
 * (tools/check-layers.sh, run by make check).
 */
#ifndef GNTSIM_LINUX_ENV_H
#define GNTSIM_LINUX_ENV_H

#include <errno.h> /* before xs_wire.h: its xsd_errors table needs the E* names */
#include <stdbool.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

#include "gntsim/gntsim.h"
#include "env/lock.h"
#include "env/log.h"
#include "env/sched.h"
#include "env/trace.h"
#include "hw/cache.h"
#include "hw/s2mmu.h"

#define LINUX_MAX_DEVICES 8u /* devices the DT can describe (the board's limit) */

/* A xenstored reply: header (type, req_id, tx_id echoed, len) and body. */
struct linux_xs_reply {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1]; /* NUL-terminated after hdr.len bytes */
};

/* What the DT says of a device. */
struct linux_dt_dev {
    bool coherent;  /* "dma-coherent" */
    bool xen_iommu; /* marked behind Xen's IOMMU by the world's DMA policy (the
                       xen,behind-iommu property, an iommus to xen,iommu-el2-v1 or to
                       the virtual SMMU); never under swiotlb-xen, where Xen strips
                       iommus */
};

typedef void (*linux_upcall_fn)(void *ctx, uint16_t domid);
typedef void (*linux_xs_event_fn)(void *ctx, uint16_t domid, const char *path,
                                  const char *token);

/* The board's side of each way out. */
struct linux_env_ops {
    /* HVC: hypercall @op of vCPU @vcpu; Xen's return value */
    long (*hypercall)(void *board, uint16_t domid, unsigned vcpu, unsigned op,
                      unsigned long cmd, void *arg, unsigned long count);
    /* the event-channel interrupt of @domid calls @fn(@ctx, @domid); NULL @fn: none */
    void (*set_upcall)(void *board, uint16_t domid, linux_upcall_fn fn, void *ctx);
    /* one request on the xenstore ring: 0, or the positive errno of an XS_ERROR */
    int (*xs_request)(void *board, uint16_t domid, const struct xsd_sockmsg *hdr,
                      const void *payload, struct linux_xs_reply *rep);
    /* the watch-event sink of @domid (NULL @fn: none); -ENOMEM if no store */
    int (*xs_set_sink)(void *board, uint16_t domid, linux_xs_event_fn fn, void *ctx);
    /* the DT node of device @id: 0 and what it says, or -ENODEV */
    int (*dt_device)(void *board, unsigned id, struct linux_dt_dev *dt);
    /* whether @domid's vCPUs still run (not once Xen reached BUG() or crashed it) */
    bool (*vcpu_runs)(void *board, uint16_t domid);
    /* record @msg as the board's last error; returns @rc */
    int (*fail)(void *board, int rc, const char *msg);
};

struct linux_env {
    const struct linux_env_ops *ops;
    void *board;
    uint16_t domid;
    /* the DT: RAM bank, hypervisor node regions */
    uint64_t ram_pfn, ram_nr;
    uint64_t gnttab_ipa; /* the grant table's frames (xen,grant-table region) */
    uint64_t shared_info_ipa;
    /* how Xen describes DMA to this kernel (docs/dom0-dma-policies.md), and the
     * dom0-iommu-flag policy's flag (set for an IOMMU-enabled hardware domain) */
    enum gntsim_dma_policy dma_policy;
    bool dom0_iommu_flag;
    /* the vCPU (vCPU 0: the drivers run there); its MMU state lives in the kernel
     * struct (struct linux_kernel.mmu), reached through this pointer */
    struct hw_s2mmu *s2;
    struct hw_cache *cache;
    struct hw_mem *mem; /* machine memory (a host view of pages the kernel maps) */
    struct sched *sched;
    struct trace *trace;
    struct sim_log *log;
    /* the world's lock state: the kernel declares its unlocked accesses to words Xen
     * writes under a lock (sim_lock_point_on()), scheduling points of gntsim explore */
    struct sim_locks *locks;
};

#endif
