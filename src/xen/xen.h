/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's state: domains, their grant tables, the frame table and
 * the release profile. Everything hangs off one struct xen, owned by the
 * world (src/board/world.c); there are no globals.
 *
 * Fields are annotated with the modelled lock that protects them in Xen
 * (docs/locking.md). gntsim runs them sequentially unless a scheduler is
 * attached to @locks.
 */
#ifndef GNTSIM_XEN_XEN_H
#define GNTSIM_XEN_XEN_H

#include <stdbool.h>
#include <stdint.h>

#include "xen/arch.h"
#include "env/compiler.h"
#include "env/lock.h"
#include "env/log.h"
#include "env/trace.h"
#include "hw/mem.h"
#include "xen/console.h"
#include "xen/p2m.h"
#include "xen/page.h"
#include "xen/profile.h"

#define XEN_MAX_DOMAINS       16
#define XEN_MAX_VCPUS         8
#define DOMID_SELF_           0x7FF0u
#define DOMID_FIRST_RESERVED_ 0x7FF0u

#define MAPTRACK_PER_PAGE       256u /* 4 KiB / sizeof(struct grant_mapping) */
#define MAPTRACK_TAIL           UINT32_MAX
#define INVALID_MAPTRACK_HANDLE UINT32_MAX
#define GRANT_V1_PER_PAGE       512u

/* Pin counters of an active entry (grant_table.c GNTPIN_*). */
#define GNTPIN_hstw_inc  0x00000001u
#define GNTPIN_hstr_inc  0x00000100u
#define GNTPIN_devw_inc  0x00010000u
#define GNTPIN_devr_inc  0x01000000u
#define GNTPIN_hstw_mask 0x000000ffu
#define GNTPIN_hstr_mask 0x0000ff00u
#define GNTPIN_devw_mask 0x00ff0000u
#define GNTPIN_devr_mask 0xff000000u

struct evtchn_domain;
struct gnttab_era;

/* Xen's struct active_grant_entry: the granter's shadow of one ref. Lock: LOCK_ACTIVE. */
struct active_grant_entry {
    uint32_t pin;        /* four 8-bit counters, GNTPIN_* */
    uint16_t domid;      /* domain the entry is pinned for (valid while pin) */
    uint16_t src_domid;  /* original granter (!= owner only for transitive) */
    uint32_t trans_gref; /* original ref */
    uint16_t start;      /* sub-page window; bit 15 = is_sub_page */
    uint16_t length;
    uint64_t mfn; /* frame pinned */
};
#define ACT_SUB_PAGE 0x8000u

/* Xen's struct grant_mapping (16 bytes, 256 per page). Lock: by convention LOCK_ACTIVE of
 * its ref. */
struct grant_mapping {
    uint32_t ref;   /* grant ref, or next free handle while free */
    uint16_t flags; /* GNTMAP_* bits 0-4; 0 = free */
    uint16_t domid; /* granter */
    uint32_t vcpu;  /* vCPU whose free list owns the slot */
    uint32_t pad;
};

/*
 * Era C per-mfn counters (lgt->maptrack_tree, a radix tree in Xen): a
 * 64-way radix tree keyed by mfn whose leaves hold (rd, wr) packed as Xen
 * does (31 bits each). Lock: LOCK_GT write of the *mapping* domain.
 */
struct mt_radix {
    void *root;      /* node of 64 slots, NULL when empty */
    uint32_t height; /* levels below the root */
    uint64_t nr_nodes;
    uint64_t nr_keys;
    void *leaf;        /* the leaf node last reached (nodes live until fini), or NULL */
    uint64_t leaf_key; /* its mfns' common prefix, mfn >> 6 */
};

struct grant_table {
    /* LOCK_GT */
    uint8_t gt_version;  /* 1 or 2 */
    uint8_t max_version; /* Arm 1, x86 2 */
    uint32_t nr_grant_frames;
    uint32_t max_grant_frames;
    /* host arrays grown with the frames (cap_*: their room), never sized by the max */
    uint32_t cap_grant_frames, cap_status_frames, cap_maptrack_frames;
    uint64_t *shared_mfn;               /* [nr_grant_frames] frames of shared entries */
    struct active_grant_entry **active; /* [nr_grant_frames] pages of 512 entries */
    uint64_t *status_mfn; /* v2 status frames (Xen pages shared with the domain) */
    /* host views of shared_mfn[i] / status_mfn[i] while in the table (Xen's shared_raw[],
     * status[]: its mappings of the frames), set with the mfn, NULL otherwise */
    uint8_t **shared_raw;
    uint8_t **status_raw;
    /* where Xen believes shared_mfn[i] / status_mfn[i] is mapped in the domain's P2M
     * (Arm gt->arch.shared_gfn[]/status_gfn[], x86 the frame's M2P entry), or
     * GNTTAB_NO_GFN: set to gntsim's fixed gfn when the frame is created, then by
     * XENMAPSPACE_grant_table (src/xen/physmap_gnttab.c). LOCK_GT (Arm), LOCK_P2M (x86).
     * Arm without frame_gfn_split (9d2f8f9c65 reverted): a status frame's in shared_gfn[]
     * (gnttab_frame_gfn_slot())
     */
    uint64_t *shared_gfn;
    uint64_t *status_gfn;
    /* status frames [0, status_unref) lost their allocation reference in a switch to v1
     * that found one busy (gnttab_unpopulate_status_frames(): put_page_alloc_ref()
     * before the -EBUSY of a translated guest); the table keeps pointing at them */
    uint32_t status_unref;
    uint32_t nr_status_frames; /* ceil(nr_grant_frames * 256 / 2048) in v2, 0 in v1 */
    /* v2 copies between dropping and retaking the lock, and pinned sub-page (transitive)
     * entries: no switch to v1 while any (96dfeb4177, XSA-501; profile v2_ops_counted).
     * Xen's atomic_t, changed under the read lock. */
    uint32_t nr_v2_ops;
    /* LOCK_MAPTRACK */
    struct grant_mapping **maptrack; /* [nr_maptrack_frames] pages of 256 */
    uint32_t nr_maptrack_frames;
    uint32_t max_maptrack_frames;
    uint32_t maptrack_limit; /* handles allocated = frames * 256 */
    /* LOCK_GT (write), era C */
    struct mt_radix maptrack_tree;
};

struct vcpu {
    /* LOCK_FREELIST */
    uint32_t maptrack_head;
    uint32_t maptrack_tail;
};

/* One entry of an x86 IOMMU page table kept apart from the P2M (need_sync). */
struct iommu_pte {
    uint64_t dfn, mfn;
    unsigned flags; /* IOMMUF_readable | IOMMUF_writable */
};

/*
 * x86 IOMMU page table of a domain whose IOMMU does not share the P2M:
 * explicit entries sorted by dfn, plus the hardware domain's boot-time
 * identity map of all RAM (arch_iommu_hwdom_init) kept as a rule rather
 * than a million entries. Unused on Arm, whose IOMMU shares the P2M.
 */
struct iommu_pt {
    struct iommu_pte *e;
    uint32_t nr;
    size_t cap;
    bool identity_ram; /* every RAM dfn maps to mfn = dfn, RW, unless in @e */
    uint64_t digest;   /* XOR of iommu_pte_digest() over @e: explore's state hash */
};

/* Failure injection for iommu_map or iommu_unmap: from the @after-th next call (1 = the
 * next; 0 = off), @times calls in a row return @rc. */
struct iommu_fault {
    uint32_t after, times;
    int rc;
};

struct domain_iommu {
    bool enabled;      /* XEN_DOMCTL_CDF_iommu: is_iommu_enabled(d) */
    bool has_pt;       /* IOMMU page tables exist (has_iommu_pt / need_iommu in 4.11) */
    bool hap_pt_share; /* derived: shares the P2M (iommu_use_hap_pt) */
    bool need_sync;    /* derived: separate IOMMU table to keep in sync */
    struct iommu_fault fail_map, fail_unmap; /* failure injection (iommu.c) */
    struct iommu_pt pt; /* x86 only: the IOMMU's own table (LOCK_GT of d) */
};

struct domain {
    uint16_t domid;
    const struct xen_arch_ops *ops; /* its architecture (arch.h) */
    bool is_hwdom;
    bool cdf_directmap; /* CDF_directmap creation flag (Arm) */
    /* its kernel declared it can do without swiotlb-xen: the ELF note proposed in the
     * review of 04085ec1ac (Julien Grall, 247f517e-a283-12c8-2ccb-3915cda4ac2e@xen.org),
     * never upstream; Arm gnttab_need_iommu_mapping() is then false */
    bool no_swiotlb_xen;
    /* gnttab_need_iommu_mapping(d), computed once by domain_create(): every input (the
     * profile, the world's options, the flags above, iommu_domain_init()'s results) is
     * fixed from then on; the grant map and unmap read it */
    bool need_iommu_mapping;
    bool is_dying;
    bool crashed; /* domain_crash() reached */
    uint32_t nr_vcpus;
    struct vcpu vcpu[XEN_MAX_VCPUS];
    struct p2m p2m;
    struct grant_table gt;
    struct domain_iommu iommu;
    struct evtchn_domain
        *evtchn;         /* event channels and shared_info (evtchn.c); NULL until init */
    uint64_t ram_gfn;    /* first RAM gfn */
    uint64_t nr_pages;   /* RAM pages, gfn ram_gfn .. ram_gfn + nr_pages - 1 */
    uint64_t gnttab_gfn; /* where grant frame 0 appears in the guest's P2M */
    uint64_t max_pages;  /* e->max_pages for GNTTABOP_transfer; 0 = no limit set */
    uint8_t physaddr_bitsize; /* x86 PV arch.pv.physaddr_bitsize; 0 = none (64-bit PV) */
};

/* Global Xen options (command line and build configuration). */
struct xen_opts {
    bool iommu_enabled;      /* iommu=on and an IOMMU found */
    bool iommu_hwdom_strict; /* dom0-iommu=strict (forced for Arm/PVH dom0) */
    bool iommu_hap_pt_share; /* Arm: IOMMU_FORCE_PT_SHARE, constant true */
    bool has_passthrough;    /* CONFIG_HAS_PASSTHROUGH */
    bool gnttab_transitive;  /* gnttab=transitive: v2 copies may use transitive grants */
    /* gnttab_max_frames= / gnttab_max_maptrack_frames= (opt_max_grant_frames,
     * opt_max_maptrack_frames): a domain's default maxima, and before b2ea81d2b9
     * (4.18) also the most a domain may ask for */
    unsigned max_grant_frames, max_maptrack_frames;
    /* forced by the user (what a backport would change): >0 on, <0 off, 0 the release's
     * rule; and the Arm predicate (-1: the release's, else enum arm_iommu_pred) */
    int force_need_iommu_mapping;
    int arm_pred;
    /* smmu-flush=range: the SMMU driver invalidates a P2M change's pages by IPA
     * (TLBIIPAS2) instead of the whole context (TLBIVMID, what Xen's drivers do) */
    bool iotlb_flush_range;
    /* each P2M keeps its incremental digest (struct p2m.digest): gntsim explore */
    bool p2m_digest;
};

struct xen_smmu;
struct sched;
struct hw_cache;

struct xen {
    struct hw_mem *mem;
    struct hw_cache *cache; /* cache maintenance by PA (GNTTABOP_cache_flush) */
    struct xen_frames frames;
    struct trace *trace;
    struct sim_log *log;       /* Xen's console: lines get the "(XEN) " prefix */
    struct xen_smmu *smmu_drv; /* the SMMU driver's state, NULL without an SMMU */
    struct sim_locks *locks;
    struct sched *sched; /* the world's deferred-work queue: upcalls are queued here */
    const struct xen_profile *prof; /* &prof_own */
    struct xen_profile prof_own;    /* the release's row, with the world's XSA options */
    const struct gnttab_era *era;   /* prof's IOMMU bookkeeping for grant maps */
    struct xen_opts opts;
    struct domain *dom[XEN_MAX_DOMAINS]; /* by creation order; NULL slots free */
    /* dying domains kept while a page they own is referenced (zombies: Xen keeps them
     * in its domain list until the last page's put_domain); with dom[], at most
     * XEN_MAX_DOMAINS */
    struct domain *zombie[XEN_MAX_DOMAINS];
    unsigned nr_zombie;
    struct xen_console console; /* printk thresholds and rate limit (console.h) */
    uint64_t now_ns;            /* NOW(): virtual system time, advanced by the world */
    /* "current": who issues the hypercall being executed */
    struct domain *cur;
    uint32_t cur_vcpu;
    /* Xen's own BUG(), or CPUs that wait forever (@hung): the hypervisor is dead,
     * nothing more runs. */
    bool crashed;
    bool hung;
    char crash_where[160];
    /* Xen read or wrote a frame freed under it (a stale pointer; S13, XSA-501/236) */
    bool used_freed;
    char used_freed_what[96];
};

/* The domain with id @domid by a scan of every slot, or NULL. Cannot fail. */
struct domain *xen_domain_scan(const struct xen *x, uint16_t domid);

/*
 * The domain with id @domid, or NULL. Domids are unique among live domains
 * (domain_create refuses a second), so slot @domid holding that domid is the answer the
 * scan would give; otherwise the scan. Inline: every hypercall and guest access looks its
 * domain up. Cannot fail.
 */
static inline struct domain *xen_domain(const struct xen *x, uint16_t domid)
{
    if (domid < XEN_MAX_DOMAINS && x->dom[domid] && x->dom[domid]->domid == domid)
        return x->dom[domid];
    return xen_domain_scan(x, domid);
}

/* The dying domain (zombie) with id @domid, or NULL. Cannot fail. */
struct domain *xen_domain_dying(const struct xen *x, uint16_t domid);

/*
 * rcu_lock_domain_by_id(): the domain with id @domid, live or dying (a zombie: destroyed
 * while a page it owns is referenced), or NULL. Xen's lookup finds a dying domain until
 * its last reference goes (xen/common/domain.c, RELEASE-4.11.0 .. c447b7308b); gntsim's
 * xen_domain() does not, so only the lookups that need a dying domain use this one
 * (docs/fidelity.md, "Domain death"). Inline: xen_domain(), then the dying domains, if
 * any, out of line (xen_domain_dying()). Cannot fail.
 */
static inline struct domain *xen_domain_or_dying(const struct xen *x, uint16_t domid)
{
    struct domain *d = xen_domain(x, domid);

    return d || !x->nr_zombie ? d : xen_domain_dying(x, domid);
}

/* Record Xen's BUG() at @where: the hypervisor stops; later hypercalls get -EIO. */
void xen_bug(struct xen *x, const char *where);
/*
 * Xen's CPUs wait forever (a deadlock of simulated vCPUs, @why names the waits): Xen
 * is as good as dead, like after xen_bug(), and the checker reports S12. Cannot fail.
 */
void xen_hang(struct xen *x, const char *why);
/*
 * Xen reads or writes frame @mfn, which was freed under it (a pointer kept across a
 * lock drop; a pin trusted to keep a page; @what says which): recorded for the
 * checker (S13, the first one kept), traced. Cannot fail.
 */
void xen_used_freed(struct xen *x, uint64_t mfn, const char *what);

/* Record domain_crash(@d) with @why. Cannot fail. */
void xen_domain_crash(struct xen *x, struct domain *d, const char *why);

/*
 * P2M change notification for @domid's tables at @gfn (IOTLB maintenance
 * for an IOMMU-enabled domain; xen/arch/arm/mmu/p2m.c flushes on every
 * change). Cannot fail.
 */
void iommu_p2m_changed(struct xen *x, uint16_t domid, uint64_t gfn);
/* The same for the @nr pages from @gfn changed under one P2M lock. Cannot fail. */
void iommu_p2m_changed_range(struct xen *x, uint16_t domid, uint64_t gfn, uint64_t nr);

#endif
