/* SPDX-License-Identifier: MIT */
/*
 * The guest kernel model (Linux on Arm): one struct linux_kernel per booted
 * domain, in w->kern[slot]. It reaches Xen only through the hypercall
 * entries (gnttab_hypercall, xen_version_hypercall) and devices only through
 * their DMA addresses; its own memory through the CPU (hw_cpu_*) at the
 * machine address its stage-2 translation gives.
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

#include "board/world.h"

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

struct linux_dev {
    bool present;      /* probed (or described by a test) */
    bool coherent;     /* DT "dma-coherent": dev_is_dma_coherent() */
    uint64_t dma_mask; /* dma_set_mask(); 64 bits by default */
};

struct linux_events; /* events.h */
struct linux_xenbus; /* xenbus.h */

struct linux_kernel {
    gntsim_domid_t domid;
    struct domain *dom;       /* its domain: lives while the kernel runs (C9) */
    uint32_t features;        /* XENFEAT submap 0 */
    bool initial_domain;      /* xen_initial_domain(): XENFEAT_dom0 on Arm */
    bool swiotlb_xen;         /* xen_swiotlb_detect() at boot */
    bool hypercall_cflush;    /* GNTTABOP_cache_flush exists */
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
    uint64_t tlb_base; /* phys (= bus, dom0 is 1:1) of slot 0; 0 = none */
    struct linux_tlb_slot tlb[LINUX_TLB_SLOTS];
    struct linux_dev dev[WORLD_MAX_DEVICES];
    struct linux_events *events; /* ports and handlers (events.c); NULL until first use */
    struct linux_xenbus
        *xenbus; /* watches, event sink (xenbus.c); NULL until first use */
    /* page allocator (pages.c): bump from the top of RAM down, then a free stack */
    uint64_t pg_next; /* next never-used pfn + 1; 0 = not started */
    uint64_t *pg_free;
    uint32_t pg_nr_free, pg_cap;
};

/* ---- boot.c ---- */

/* The booted kernel of @dom, or NULL with an error set (-ESRCH) in @w. */
struct linux_kernel *linux_kernel_lookup(struct gntsim_world *w, gntsim_domid_t dom);

/*
 * linux_kernel_lookup(), inline for the common case: slot @dom holds domain @dom
 * (domids are unique, as xen_domain()) and its kernel is booted. NULL with -ESRCH set.
 */
static inline struct linux_kernel *linux_kernel(struct gntsim_world *w,
                                                gntsim_domid_t dom)
{
    if (dom < XEN_MAX_DOMAINS && w->kern[dom] && w->xen.dom[dom] &&
        w->xen.dom[dom]->domid == dom)
        return w->kern[dom];
    return linux_kernel_lookup(w, dom);
}
/* Free every kernel of @w (world teardown). Cannot fail. */
void linux_kernels_free(struct gntsim_world *w);
/* Log a "[d<domid>] " line. Cannot fail (a line dropped on allocation failure). */
void linux_log(struct gntsim_world *w, const struct linux_kernel *k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* HYPERVISOR_grant_table_op from @k's vCPU 0; -EIO once Xen or the domain crashed. */
long linux_gnttab_op(struct gntsim_world *w, const struct linux_kernel *k, unsigned cmd,
                     void *uop, unsigned count);
/*
 * Stage-2 translation of @ipa for @k's CPU accesses: 0 and *@pa, or -EFAULT. Inline:
 * the MMU's stage-2 walk for the kernel's own loads, stores and DC ops is a P2M
 * walk-cache hit in the common case (p2m_lookup()).
 */
static inline int linux_ipa_to_pa(struct gntsim_world *w, const struct linux_kernel *k,
                                  uint64_t ipa, uint64_t *pa)
{
    struct p2m_entry e;

    if (p2m_lookup(&w->xen, &k->dom->p2m, ipa >> PAGE_SHIFT, &e))
        return -EFAULT;
    *pa = (e.mfn << PAGE_SHIFT) | (ipa & (PAGE_SIZE - 1));
    return 0;
}
/* CPU copy @len bytes between IPAs of @k through the cache model; 0 or -EFAULT. */
int linux_cpu_copy(struct gntsim_world *w, const struct linux_kernel *k, uint64_t dst,
                   uint64_t src, size_t len);
/* pfn_valid(): @pfn is the kernel's own RAM. Cannot fail. */
static inline bool linux_pfn_valid(const struct linux_kernel *k, uint64_t pfn)
{
    return pfn >= k->ram_pfn && pfn - k->ram_pfn < k->ram_nr;
}

/* ---- grant.c ---- */

/* Build @k's grant free list from its table size. Returns 0, -ENOMEM or the query error.
 */
int linux_gnttab_init(struct gntsim_world *w, struct linux_kernel *k);
/* gntsim_linux_grant() by booted kernel @k (no lookup): same results but -ESRCH. */
int linux_grant(struct gntsim_world *w, struct linux_kernel *k, gntsim_domid_t to,
                uint64_t gfn, bool readonly, uint32_t *ref);
/* gntsim_linux_end_access() by booted kernel @k (no lookup): same results but -ESRCH. */
int linux_end_access(struct gntsim_world *w, struct linux_kernel *k, uint32_t ref);

/* ---- p2m.c ---- */

/* Record @pfn -> @bfn. Returns 0, -EINVAL (pfn present: warning logged) or -ENOMEM. */
int linux_p2m_set(struct gntsim_world *w, struct linux_kernel *k, uint64_t pfn,
                  uint64_t bfn);
/* Forget @pfn (no-op when absent). Cannot fail. */
void linux_p2m_clear(struct gntsim_world *w, struct linux_kernel *k, uint64_t pfn);
/* pfn_to_bfn(): the recorded bfn, else @pfn itself. Cannot fail. */
uint64_t linux_pfn_to_bfn(const struct linux_kernel *k, uint64_t pfn);

/* ---- map.c ---- */

/* Allocate one unpopulated page (extended region): its pfn. Cannot fail. */
uint64_t linux_scratch_alloc(struct gntsim_world *w, struct linux_kernel *k);

/* ---- swiotlb.c ---- */

/* Carve the bounce pool out of the top of @k's RAM. Returns 0 or -ENOMEM (too little
 * RAM). */
int linux_swiotlb_init(struct gntsim_world *w, struct linux_kernel *k);
/* is_swiotlb_buffer(): @phys lies in the pool. Cannot fail. */
bool linux_swiotlb_owns(const struct linux_kernel *k, uint64_t phys);
/*
 * swiotlb_tbl_map_single(): take slots for [@orig, +@len), copy to the pool
 * for TO_DEVICE/BIDIRECTIONAL. Returns 0 with *@tlb set, -ENOSPC (pool full)
 * or -EFAULT (copy failed; slots released).
 */
int linux_swiotlb_map(struct gntsim_world *w, struct linux_kernel *k, uint64_t orig,
                      size_t len, enum gntsim_dma_dir dir, uint64_t *tlb);
/* Copy pool -> original (@to_cpu) or original -> pool per @dir. Returns 0, -EINVAL,
 * -EFAULT. */
int linux_swiotlb_sync(struct gntsim_world *w, struct linux_kernel *k, uint64_t tlb,
                       size_t len, enum gntsim_dma_dir dir, bool to_cpu);
/* swiotlb_tbl_unmap_single(): copy back for FROM_DEVICE/BIDIR, free. 0, -EINVAL, -EFAULT.
 */
int linux_swiotlb_unmap(struct gntsim_world *w, struct linux_kernel *k, uint64_t tlb,
                        size_t len, enum gntsim_dma_dir dir);

/* ---- device.c ---- */

/*
 * Whether device @id of @w snoops CPU caches (the hardware's property, which
 * the DT's "dma-coherent" describes). False for an unknown device.
 */
bool world_device_coherent(struct gntsim_world *w, unsigned id);
/* The kernel's view of device @id, probed on first use. NULL (-EINVAL set) if unknown. */
struct linux_dev *linux_device(struct gntsim_world *w, struct linux_kernel *k,
                               unsigned id);
/*
 * Describe device @id to @dom's kernel: DT "dma-coherent" and the driver's
 * dma_set_mask(). Returns 0, -ESRCH (no kernel) or -EINVAL (bad id).
 */
int linux_device_set(struct gntsim_world *w, gntsim_domid_t dom, unsigned id,
                     bool coherent, uint64_t dma_mask);

#endif
