/* SPDX-License-Identifier: MIT */
/*
 * The guest kernel model (Linux on Arm): one struct linux_kernel per booted
 * domain (the board keeps them). It reaches everything outside through its
 * environment (linux/env.h): Xen through the hypercall entry, xenstored
 * through its ring, its own memory through its vCPU's stage-2 MMU and the
 * caches, devices through their DMA addresses.
 *   boot.c     XENFEAT, xen_swiotlb_detect, xen_mm_init, log, hypercalls
 *   grant.c    gnttab_grant_foreign_access / end_foreign_access_ref
 *   p2m.c      arch/arm/xen/p2m.c: foreign pfn -> bfn map, pfn_to_bfn
 *   map.c      gnttab_map_refs / gnttab_unmap_refs, unpopulated pages
 *   swiotlb.c  the bounce pool (kernel/dma/swiotlb.c, reduced)
 *   dma.c      swiotlb-xen and dma-direct map/unmap/sync
 *   device.c   what the kernel knows of each device (DT dma-coherent, mask)
 *   pages.c    a page allocator for drivers (netfront, netback)
 *   net*.c     the PV network path (net.h)
 *   events.c   event channels: EVTCHNOP_*, per-port handlers, 2-level upcall
 *   xenbus.c   xenstore client: read/write/transactions/watches, device states
 */
#ifndef GNTSIM_LINUX_LINUX_H
#define GNTSIM_LINUX_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gntsim/gntsim.h"
#include "linux/env.h"

#define LINUX_NR_RESERVED_REFS 8u          /* GNTTAB_NR_RESERVED_ENTRIES */
#define LINUX_SCRATCH_BASE     0x100000ull /* first extended-region gfn (4 GiB) */
#define LINUX_TLB_PAGES        32u         /* bounce pool: the top pages of RAM */
#define LINUX_TLB_SLOT_SHIFT   11u         /* IO_TLB_SHIFT: 2 KiB slots */
#define LINUX_TLB_SLOTS        (LINUX_TLB_PAGES * (PAGE_SIZE >> LINUX_TLB_SLOT_SHIFT))
#define LINUX_INVALID_BFN      UINT64_MAX

struct linux_p2m_ent {
    uint64_t pfn, bfn;
};

struct linux_tlb_slot {
    uint64_t orig; /* original phys of the mapping starting here */
    uint32_t nr;   /* slots of that mapping (first slot only); 0 = free or inner */
    bool used;
};

/* A device's DMA ops, chosen at its probe (dma_ops.c, xen_setup_dma_ops()). */
enum linux_dma_ops {
    LINUX_DMA_DIRECT,      /* dma-direct: bus = phys (the guest-physical address) */
    LINUX_DMA_SWIOTLB_XEN, /* swiotlb-xen: bus = pfn_to_bfn(), machine address */
    LINUX_DMA_IOMMU,       /* iommu-dma over the virtual SMMU's stage 1: an IOVA */
    LINUX_DMA_DEFERRED,    /* never probed: iommus names a node no driver binds */
};

struct linux_dev {
    bool present;           /* probed (or described by a test) */
    bool coherent;          /* DT "dma-coherent": dev_is_dma_coherent() */
    bool stage1;            /* attached to a translating vSMMU domain (vsmmu) */
    enum linux_dma_ops ops; /* its dma_map_ops */
    uint64_t dma_mask;      /* dma_set_mask(); 64 bits by default */
};

#define LINUX_S1_MAX  256u         /* stage-1 pages mapped at once (vsmmu) */
#define LINUX_S1_IOVA (1ull << 48) /* IOVAs handed out downwards from here */

/* One page of the virtual SMMU's stage 1 that the kernel programmed. */
struct linux_s1_ent {
    uint64_t iova_pfn, ipa_pfn;
    uint8_t dev;
    bool used;
};

struct linux_events; /* events.h */
struct linux_file;   /* devfile.h */
struct linux_gnt_deferred {
    uint32_t ref;
    uint64_t pfn; /* freed once the grant ends */
};
struct linux_xenbus; /* xenbus.h */

/* Linux fixes a kernel lacks (linux-boot xsaN=vulnerable; boot.c linux_xsa_knobs[]). */
struct linux_xsa_rev {
    bool netback_refetch;   /* XSA-155: 68a33bfd8403 (RING_COPY_REQUEST) reverted */
    bool netback_map_bug;   /* XSA-362: 3194a1746e8a (no BUG_ON on map errors) reverted */
    bool netback_head_slot; /* XSA-423: ad7f402ae4f4 (headers across slots) reverted */
    bool netback_nr_slots;  /* XSA-432: 534fc31d09b7 (frag_overflow counted) reverted */
    bool netfront_rx_dirty; /* XSA-403: 307c8de2b023 (RX pages zeroed) reverted */
    /* XSA-396: 31185df7e2b1 (TX: revoke result tested) and 66e3531b3306 (RX: no BUG_ON
     * of a refused revoke) reverted; one knob for the series */
    bool netfront_old_revoke;
};

struct linux_kernel {
    gntsim_domid_t domid;
    struct linux_env env;     /* its ways out (linux/env.h) */
    struct hw_s2mmu mmu;      /* vCPU 0's stage-2 MMU (env.s2 points here) */
    uint32_t features;        /* XENFEAT submap 0 */
    bool initial_domain;      /* xen_initial_domain(): XENFEAT_dom0 on Arm */
    bool swiotlb_xen;         /* xen_swiotlb_detect() at boot */
    bool hypercall_cflush;    /* GNTTABOP_cache_flush exists */
    int force_swiotlb;        /* boot variant: >0 on, <0 off, 0 detect */
    int force_cflush;         /* boot variant: >0 assume, <0 no probe (never), 0 probe */
    bool policy_old;          /* boot variant: predates the world's DMA policy */
    uint64_t ram_pfn, ram_nr; /* memblock (the DT memory node): pfn_valid() */
    /* grant references: LIFO free list, lowest ref on top at boot */
    uint32_t *gnt_free;
    uint8_t *gnt_is_free; /* per ref: on the free list (same allocation as gnt_free) */
    uint32_t gnt_nr_free, gnt_nr_entries;
    /* foreign p2m: sorted by pfn (an rbtree in Linux) */
    struct linux_p2m_ent *p2m;
    size_t p2m_nr, p2m_cap;
    /* unpopulated ("Xen scratch") pages */
    uint64_t scratch_next;
    /* swiotlb pool */
    uint64_t tlb_base;     /* phys (= bus, dom0 is 1:1) of slot 0; 0 = none */
    uint64_t bounce_bytes; /* bytes copied to or from the pool (gntsim_stats_get) */
    struct linux_tlb_slot tlb[LINUX_TLB_SLOTS];
    struct linux_dev dev[LINUX_MAX_DEVICES];
    /* the virtual SMMU's stage 1 (vsmmu): IOVA pages -> IPA pages, per device */
    struct linux_s1_ent s1[LINUX_S1_MAX];
    uint64_t s1_next; /* next IOVA pfn to hand out, downwards; 0 = not started */
    struct linux_events *events; /* ports and handlers (events.c); NULL until first use */
    struct linux_xenbus
        *xenbus; /* watches, event sink (xenbus.c); NULL until first use */
    /* page allocator (pages.c): bump from the top of RAM down, then a free stack */
    uint64_t pg_next; /* next never-used pfn + 1; 0 = not started */
    uint64_t *pg_free;
    uint32_t pg_nr_free;
    size_t pg_cap;
    /* grants freed while still mapped (gnttab_add_deferred): retried, page freed after */
    struct linux_gnt_deferred *gnt_deferred;
    uint32_t gnt_nr_deferred;
    size_t gnt_deferred_cap;
    struct linux_file *files; /* open /dev/xen files (devfile.h) */
    uint32_t gntalloc_grefs;  /* grants gntalloc holds (its module-wide gref_size) */
    struct linux_xsa_rev xsa; /* fixes reverted at boot */
    int inject_map_rc; /* the next gnttab_map_refs() returns it, no op issued; 0 none */
    bool bugged;       /* BUG() reached: the kernel stopped (S14) */
    bool overrun;      /* went beyond a page it mapped or an array it sized (S15) */
    char bug_where[160], overrun_what[160];
};

/* ---- boot.c ---- */

/*
 * Boot @k (domid and env filled in by the board): XENFEAT, swiotlb-xen detection,
 * grant references, the bounce pool. 0 or a -errno (nothing left to free but @k's).
 */
int linux_boot(struct linux_kernel *k);
/* Free @k and everything it holds (NULL accepted). */
void linux_kernel_free(struct linux_kernel *k);
/* Log a "[d<domid>] " line. Cannot fail (a line dropped on allocation failure). */
void linux_log(const struct linux_kernel *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Report an error to the board (its last-error message); returns @rc. */
int linux_fail(const struct linux_kernel *k, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Revert (@vulnerable) or keep the Linux fix of XSA @xsa in @k: 0, or -ENOENT (no knob).
 */
int linux_xsa_set(struct linux_kernel *k, unsigned xsa, bool vulnerable);
/* The @i-th XSA of linux_xsa_knobs[], 0 past the last. Cannot fail. */
unsigned linux_xsa_knob(size_t i);
/* BUG() at @where: logged, @k stops serving its drivers (S14). Cannot fail. */
void linux_bug(struct linux_kernel *k, const char *where);
/* @k reads or writes beyond a page it mapped or an array it sized, @what (S15; the first
 * one kept). Cannot fail. */
void linux_overrun(struct linux_kernel *k, const char *what);
/* HYPERVISOR_grant_table_op from @k's vCPU 0: Xen's result (-EIO once it crashed). */
long linux_gnttab_op(const struct linux_kernel *k, unsigned cmd, void *uop,
                     unsigned count);
/*
 * Stage-2 translation of @ipa for @k's CPU accesses: 0 and *@pa, or -EFAULT. Inline:
 * the MMU's walk for the kernel's own loads, stores and DC ops is a walk-cache hit in
 * the common case.
 */
static inline int linux_ipa_to_pa(const struct linux_kernel *k, uint64_t ipa,
                                  uint64_t *pa)
{
    return hw_s2mmu_translate(k->env.s2, ipa, pa, NULL);
}
/* CPU copy @len bytes between IPAs of @k through the cache model; 0 or -EFAULT. */
int linux_cpu_copy(const struct linux_kernel *k, uint64_t dst, uint64_t src, size_t len);
/* pfn_valid(): @pfn is the kernel's own RAM. Cannot fail. */
static inline bool linux_pfn_valid(const struct linux_kernel *k, uint64_t pfn)
{
    return pfn >= k->ram_pfn && pfn - k->ram_pfn < k->ram_nr;
}

/* ---- grant.c ---- */

/* Build @k's grant free list from its table size. Returns 0, -ENOMEM or the query error.
 */
int linux_gnttab_init(struct linux_kernel *k);
/* gntsim_linux_grant() by booted kernel @k (no lookup): same results but -ESRCH. */
int linux_grant(struct linux_kernel *k, gntsim_domid_t to, uint64_t gfn, bool readonly,
                uint32_t *ref);
/* gntsim_linux_end_access() by booted kernel @k (no lookup): same results but -ESRCH. */
int linux_end_access(struct linux_kernel *k, uint32_t ref);
/*
 * gnttab_end_foreign_access(): end @ref and free page @pfn, or, while the remote still
 * maps it, defer both (retried by linux_gnttab_deferred_run()). 0, -EINVAL (@ref not in
 * use) or -ENOMEM (could not defer: ref and page leak, as Linux then warns).
 */
int linux_end_access_free(struct linux_kernel *k, uint32_t ref, uint64_t pfn);
/* gnttab_handle_deferred(): retry every deferred end; the number still deferred. */
uint32_t linux_gnttab_deferred_run(struct linux_kernel *k);
/* gnttab_query_foreign_access(): @ref's GTF_reading/GTF_writing as the CPU reads them
 * now (0: not in use), declared as a read of the entry Xen updates under its active
 * entry lock; a fault reads as in use (reported). Cannot fail otherwise. */
uint16_t linux_grant_query(const struct linux_kernel *k, uint32_t ref);
/* gnttab_release_grant_reference(): put @ref back on the free list whatever its entry
 * says (a no-op for a free or reserved ref). Cannot fail. */
void linux_grant_release(struct linux_kernel *k, uint32_t ref);
/* Clear @ref's entry unless in use, leaving the free list alone (a hostile or buggy
 * driver revoking early). 0, -EINVAL, -EBUSY or a fault (each reported). */
int linux_grant_revoke(const struct linux_kernel *k, uint32_t ref);

/* ---- p2m.c ---- */

/* Record @pfn -> @bfn. Returns 0, -EINVAL (pfn present: warning logged) or -ENOMEM. */
int linux_p2m_set(struct linux_kernel *k, uint64_t pfn, uint64_t bfn);
/* Forget @pfn (no-op when absent). Cannot fail. */
void linux_p2m_clear(struct linux_kernel *k, uint64_t pfn);
/* pfn_to_bfn(): the recorded bfn, else @pfn itself. Cannot fail. */
uint64_t linux_pfn_to_bfn(const struct linux_kernel *k, uint64_t pfn);

/* ---- map.c ---- */

/* Allocate one unpopulated page (extended region): its pfn. Cannot fail. */
uint64_t linux_scratch_alloc(struct linux_kernel *k);

/* ---- swiotlb.c ---- */

/* Carve the bounce pool out of the top of @k's RAM. Returns 0 or -ENOMEM (too little
 * RAM). */
int linux_swiotlb_init(struct linux_kernel *k);
/* is_swiotlb_buffer(): @phys lies in the pool. Cannot fail. */
bool linux_swiotlb_owns(const struct linux_kernel *k, uint64_t phys);
/*
 * swiotlb_tbl_map_single(): take slots for [@orig, +@len), copy to the pool
 * for TO_DEVICE/BIDIRECTIONAL. Returns 0 with *@tlb set, -ENOSPC (pool full)
 * or -EFAULT (copy failed; slots released).
 */
int linux_swiotlb_map(struct linux_kernel *k, uint64_t orig, size_t len,
                      enum gntsim_dma_dir dir, uint64_t *tlb);
/* Copy pool -> original (@to_cpu) or original -> pool per @dir. Returns 0, -EINVAL,
 * -EFAULT. */
int linux_swiotlb_sync(struct linux_kernel *k, uint64_t tlb, size_t len,
                       enum gntsim_dma_dir dir, bool to_cpu);
/* swiotlb_tbl_unmap_single(): copy back for FROM_DEVICE/BIDIR, free. 0, -EINVAL, -EFAULT.
 */
int linux_swiotlb_unmap(struct linux_kernel *k, uint64_t tlb, size_t len,
                        enum gntsim_dma_dir dir);

/* ---- device.c ---- */

/* The kernel's view of device @id, probed from the DT on first use. NULL (error
 * reported) if the DT has no such device. */
struct linux_dev *linux_device(struct linux_kernel *k, unsigned id);
/* Describe device @id to @k: DT "dma-coherent" and the driver's dma_set_mask().
 * Returns 0 or -EINVAL (bad id). */
int linux_device_set(struct linux_kernel *k, unsigned id, bool coherent,
                     uint64_t dma_mask);

/* ---- dma_ops.c: the DMA policy's choice per device, the virtual SMMU's stage 1 ---- */

/* xen_setup_dma_ops() under the world's policy: set @d's ops from its DT node @dt and
 * @k's swiotlb-xen (traced unless the policy is swiotlb-xen). Cannot fail. */
void linux_dma_ops_setup(struct linux_kernel *k, unsigned id, struct linux_dev *d,
                         const struct linux_dt_dev *dt);
/* iommu_dma_map_page(): an IOVA for [@ipa, +@len), mapped in device @id's stage 1.
 * Returns 0 with *@iova, or -ENOSPC (no stage-1 entry left: nothing mapped). */
int linux_s1_map(struct linux_kernel *k, unsigned id, uint64_t ipa, size_t len,
                 uint64_t *iova);
/* Unmap the stage-1 pages of [@iova, +@len) of device @id, one TLB invalidation
 * command for the range. Returns 0 or -EINVAL (not mapped). */
int linux_s1_unmap(struct linux_kernel *k, unsigned id, uint64_t iova, size_t len);
/* Stage-1 walk of device @id: 0 and *@ipa, or -EFAULT (no entry). Cannot fail
 * otherwise. */
int linux_s1_translate(const struct linux_kernel *k, unsigned id, uint64_t iova,
                       uint64_t *ipa);

/* ---- map.c: gnttab_map_refs / gnttab_unmap_refs (gntsim_linux_map_refs) ---- */

/* Map @count grants described by @m into @k (unpopulated pages where pfn is 0).
 * Returns 0 (each op's status in @m) or the hypercall's -errno (reported). */
int linux_map_refs(struct linux_kernel *k, struct gntsim_linux_map *m, unsigned count);
/* Unmap them again; same results. */
int linux_unmap_refs(struct linux_kernel *k, struct gntsim_linux_map *m, unsigned count);

/* ---- dma.c: the DMA API (gntsim_linux_dma_*) ---- */

/* dma_map_single() for device @dev: 0 with *@dma, or -EINVAL / -EIO / -ENOSPC
 * (reported). */
int linux_dma_map(struct linux_kernel *k, unsigned dev, uint64_t phys, size_t len,
                  enum gntsim_dma_dir dir, uint64_t *dma);
/* dma_unmap_single(): 0 or a -errno (reported). */
int linux_dma_unmap(struct linux_kernel *k, unsigned dev, uint64_t dma, size_t len,
                    enum gntsim_dma_dir dir);
/* dma_sync_single_for_{device,cpu}(): 0 or a -errno (reported). */
int linux_dma_sync(struct linux_kernel *k, unsigned dev, uint64_t dma, size_t len,
                   enum gntsim_dma_dir dir, bool for_device);

#endif
