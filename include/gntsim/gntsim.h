/* SPDX-License-Identifier: MIT */
/*
 * gntsim public API: a deterministic user-space model of the path
 * "domU grants a page -> dom0 maps it -> dom0's device DMAs to it through
 * the IOMMU", faithful to each Xen release.
 *
 * Everything lives in one world (struct gntsim_world); there is no global
 * state, so worlds are independent. Hypercall arguments are Xen's own ABI
 * structs (<xen/grant_table.h> from libxen-dev, built with __XEN_TOOLS__);
 * this header does not need them.
 *
 * Errors: functions return 0 or a negative errno; gntsim_world_error()
 * gives the message of the last failed call. Grant operations report Xen's
 * per-op GNTST_* status inside the op structs, as Xen does.
 */
#ifndef GNTSIM_GNTSIM_H
#define GNTSIM_GNTSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GNTSIM_VERSION "0.1.0"

typedef uint16_t gntsim_domid_t;
struct gntsim_world;

enum gntsim_arch { GNTSIM_ARCH_ARM, GNTSIM_ARCH_X86_PV, GNTSIM_ARCH_X86_HVM };
/* STEPS: each scenario line, then its events indented (scenario runs only). */
enum gntsim_trace_format {
    GNTSIM_TRACE_TEXT,
    GNTSIM_TRACE_JSON,
    GNTSIM_TRACE_CHROME,
    GNTSIM_TRACE_STEPS
};

struct gntsim_bank {
    uint64_t base; /* machine address, 4 KiB aligned */
    uint64_t size; /* bytes, 4 KiB multiple */
};

/*
 * A reuse pool for machine memory, owned by the caller (no process-wide
 * state): worlds created with the same pool, one after another, reuse one
 * zeroed memfd instead of creating and faulting in a new one each time. A
 * world's contents do not depend on it. Destroy the pool after its worlds.
 */
struct gntsim_pool;
/* Create a pool. Returns 0 or -ENOMEM. */
int gntsim_pool_create(struct gntsim_pool **out);
/* Destroy a pool (NULL accepted); every world created with it must be gone. */
void gntsim_pool_destroy(struct gntsim_pool *p);

#define GNTSIM_MAX_XSA_OPTS 8

struct gntsim_world_opts {
    const char *release;     /* profile name ("4.14.1", "master"); NULL = master */
    bool iommu;              /* the machine has an IOMMU and Xen enables it */
    bool iommu_hwdom_strict; /* dom0-iommu=strict (Xen forces it for Arm dom0) */
    bool has_passthrough;    /* CONFIG_HAS_PASSTHROUGH */
    unsigned nr_banks; /* 0 = ZynqMP-like default: 2 GiB at 0, 2 GiB at 0x800000000 */
    struct gntsim_bank banks[4];
    struct gntsim_pool *pool; /* NULL: a fresh memfd for this world */
    bool gnttab_transitive;   /* gnttab=transitive: v2 copies may use transitive grants */
    /* Xen's gnttab_max_frames= and gnttab_max_maptrack_frames=: a domain's default
     * maxima and, before 4.18, the most it may ask for; 0 = Xen's default (64, 1024) */
    unsigned gnttab_max_frames, gnttab_max_maptrack_frames;
    /*
     * What a backport would change, forced in this release:
     * force_need_iommu_mapping > 0 makes gnttab_need_iommu_mapping() true for every
     * domain, < 0 false, 0 leaves the release's rule; arm_pred names the Arm predicate
     * after is_domain_direct_mapped() ("need_iommu", "need_iommu_pt_sync",
     * "iommu_enabled", "passthrough_and_enabled"; NULL: the release's).
     */
    int force_need_iommu_mapping;
    const char *arm_pred;
    /* the Nth allocation of the modelled Xen, counted from the world's creation,
     * fails (0: none): the OOM sweep's seam */
    uint64_t fail_alloc_nth;
    /*
     * smmu-flush: how Xen's SMMU driver invalidates the IOTLB after each P2M change of
     * an IOMMU-enabled domain. "context" (NULL): the whole context bank (TLBIVMID), as
     * Xen's SMMUv2, SMMUv3 and IPMMU drivers do; "range": only the changed pages, by
     * IPA (TLBIIPAS2), as an SMMU allows and Linux's arm-smmu does.
     */
    const char *smmu_flush;
    /* keep each P2M's incremental digest as it changes (gntsim explore's state
     * hashing); without it gntsim_world_digest() walks the tables instead */
    bool digest;
    /* how dom0 does DMA: a name of gntsim_dma_policy_find() ("per-device"); NULL:
     * "swiotlb-xen", today's behaviour (docs/dom0-dma-policies.md) */
    const char *dma_policy;
    /*
     * One XSA's fix reverted (vulnerable) or applied in this release, whatever the
     * release has: the knob of that fix in the release profile (docs/xsa.md; an XSA
     * without a knob: -EINVAL). At most GNTSIM_MAX_XSA_OPTS.
     */
    struct gntsim_xsa_opt {
        unsigned xsa;
        bool vulnerable;
    } xsa[GNTSIM_MAX_XSA_OPTS];
    unsigned nr_xsa;
};

/* Fill @o with defaults: master, IOMMU on, strict, passthrough, default banks. Cannot
 * fail. */
void gntsim_world_opts_default(struct gntsim_world_opts *o);

/*
 * Create a world. On error *@out is NULL, a message goes to @err (if not
 * NULL) and -EINVAL (unknown release, bad banks) or -ENOMEM is returned.
 */
int gntsim_world_create(const struct gntsim_world_opts *o, struct gntsim_world **out,
                        char *err, size_t errlen);
/* Destroy a world and everything in it; NULL is accepted. */
void gntsim_world_destroy(struct gntsim_world *w);
/* Message of the last failed API call on @w ("" if none). */
const char *gntsim_world_error(const struct gntsim_world *w);
/* Forget the last message (gntsim_world_error() then gives ""). Cannot fail. */
void gntsim_world_clear_error(struct gntsim_world *w);
/* Name of the world's release profile. */
const char *gntsim_world_release(const struct gntsim_world *w);

struct gntsim_domain_opts {
    gntsim_domid_t domid;
    enum gntsim_arch arch;
    bool hwdom;
    bool direct_mapped; /* RAM at gfn == mfn (Arm dom0) */
    bool iommu;         /* XEN_DOMCTL_CDF_iommu */
    unsigned vcpus;     /* 1 .. 8 */
    uint64_t mem_pages; /* RAM size in 4 KiB pages: at most the free machine frames */
    uint64_t mfn_base;  /* RAM machine frame base (required when direct-mapped); 0 =
                           allocator */
    uint64_t
        ram_gfn; /* first RAM gfn (not direct-mapped); 0 = 0x40000 (GUEST_RAM0_BASE) */
    uint64_t gnttab_gfn;          /* grant frames' gfn; 0 = 0x38000 (GUEST_GNTTAB_BASE) */
    unsigned max_grant_frames;    /* 0 = release default (64); at most INT_MAX,
                                     4.11-4.17: at most 64 */
    unsigned max_maptrack_frames; /* 0 = release default (1024); at most INT_MAX,
                                     4.11-4.17: at most 1024 */
    unsigned max_grant_version;   /* 0 = GNTTAB_MAX_VERSION (Arm 1, x86 2); 2 on Arm
                                     stands for gnttab=max-ver:2 (and, 4.16+, the
                                     XEN_DOMCTL_GRANT_version_mask bits) */
    bool pv32;                    /* x86 PV only: a 32-bit guest; above 2^25 frames of
                                     host RAM its allocations are clamped to 37 bits */
    unsigned machine_addr_bits;   /* x86: XEN_DOMCTL_set_machine_address_size, the
                                     address bits its allocations are clamped to (13..64;
                                     0 = none); 4.11 and 4.12.x only, else -ENOSYS */
    /* the kernel declared that it can do without swiotlb-xen (the ELF note the review
     * of 04085ec1ac proposed; never upstream): Arm gnttab_need_iommu_mapping() is
     * false for it, so no 1:1 IOMMU maps and no double_gt_lock */
    bool no_swiotlb_xen;
};

/*
 * The most grant-table frames one domain holds at once in gntsim (1048576 v1
 * entries): a host-memory bound, not Xen's. GNTTABOP_setup_table growing a table
 * beyond it fails as Xen's does when an allocation fails (GNTST_general_error,
 * nothing changed), whatever the domain's max_grant_frames.
 */
#define GNTSIM_GNTTAB_MAX_FRAMES 2048u

/* Defaults for an Arm domU with @domid: 1 vCPU, 256 pages, IOMMU off. Cannot fail. */
void gntsim_domain_opts_default(struct gntsim_domain_opts *o, gntsim_domid_t domid);

/*
 * Create a domain. Limits (checked before anything is allocated): at most 16
 * domains (-ENOSPC); vcpus 1..8, domid below 0x7ff0 (-EINVAL); mem_pages at
 * most the free machine frames (-ENOMEM) and within the 48-bit IPA (-EINVAL);
 * the grant-table maxima as the release's grant_table_init takes them (-EINVAL,
 * or -ENOMEM when Xen's arrays of the maxima exceed free RAM); machine_addr_bits
 * where the release or architecture has no such domctl (-ENOSYS). On error nothing
 * is created, the reason is in gntsim_world_error() and -EEXIST, -EINVAL, -ENOSYS,
 * -ENOSPC or -ENOMEM is returned. Once the world's xenstore exists, the domain gets
 * its home there and is introduced, as libxl does (@introduceDomain fires).
 */
int gntsim_domain_create(struct gntsim_world *w, const struct gntsim_domain_opts *o);

/*
 * Destroy domain @dom as XEN_DOMCTL_destroydomain does: its grant mappings
 * released (gnttab_release_mappings), then its memory, P2M and IOMMU
 * context; then xenstored releases it (the nodes it owns removed, its watches
 * and transactions ended, @releaseDomain fired if it was introduced). Returns
 * 0, -ESRCH (no such domain) or -EBUSY (a Linux kernel runs in it: nothing
 * changed).
 */
int gntsim_domain_destroy(struct gntsim_world *w, gntsim_domid_t dom);

/*
 * HYPERVISOR_grant_table_op(@cmd, @uop, @count) issued by @dom's vCPU
 * @vcpu. @uop is an array of Xen ABI op structs. Returns what the
 * hypercall returns (0, -EFAULT, -EINVAL, -ENOSYS); per-op status inside
 * the structs. -ESRCH: no such domain or vCPU; -EIO: Xen has crashed
 * (BUG()), or @dom was crashed by Xen.
 */
long gntsim_grant_table_op(struct gntsim_world *w, gntsim_domid_t dom, unsigned vcpu,
                           unsigned cmd, void *uop, unsigned count);

/*
 * HYPERVISOR_xen_version(@cmd, @arg) issued by @dom's vCPU @vcpu (XENVER_version,
 * XENVER_pagesize, XENVER_get_features with @arg a struct xen_feature_info). Returns
 * what the hypercall returns (the version, the page size, 0, -EINVAL, -EFAULT,
 * -ENOSYS for a command gntsim does not model); -ESRCH: no such domain or vCPU; -EIO:
 * Xen has crashed, or @dom was crashed by Xen.
 */
long gntsim_xen_version(struct gntsim_world *w, gntsim_domid_t dom, unsigned vcpu,
                        int cmd, void *arg);

/*
 * Guest CPU access at intermediate physical address @ipa of @dom, through
 * its P2M with stage-2 permissions. On error nothing is copied and
 * -EFAULT (unmapped) or -EACCES (write to a read-only entry) is returned.
 */
int gntsim_guest_write(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa,
                       const void *buf, size_t len);
int gntsim_guest_read(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa, void *buf,
                      size_t len);

/*
 * Grant access to @gfn for @to by writing entry @ref as a guest does (domid, frame,
 * barrier, then flags = permit_access [| readonly]) through @dom's own P2M, in the
 * layout of its table's version (v1 entry, v2 full_page). Returns 0, -EINVAL (ref
 * outside the table) or -EFAULT.
 */
int gntsim_guest_grant(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref,
                       gntsim_domid_t to, uint64_t gfn, bool readonly);
/*
 * Grant @to a transitive entry @ref (v2 GTF_transitive) naming @tdom's grant @tref,
 * as gntsim_guest_grant() writes an entry. Xen follows it only in GNTTABOP_copy, with
 * the world option gnttab_transitive. Returns 0, -EINVAL (not v2, ref outside the
 * table), -ESRCH or -EFAULT.
 */
int gntsim_guest_grant_transitive(struct gntsim_world *w, gntsim_domid_t dom,
                                  uint32_t ref, gntsim_domid_t to, gntsim_domid_t tdom,
                                  uint32_t tref);
/*
 * End access: clear flags if neither GTF_reading nor GTF_writing is set (v1: in the
 * entry; v2: in its status entry). Returns 0, -EBUSY (entry in use: nothing changed)
 * or -EINVAL.
 */
int gntsim_guest_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref);

/* ---- P2M knobs: what Xen's other P2M writers leave there (xen/physmap.c) ---- */

/*
 * Place @gfn -> @mfn with Xen p2m_type_t @type (1 p2m_ram_rw, 2 p2m_ram_ro: a page @dom
 * owns; 3-5 p2m_mmio_direct_dev/nc/c: any frame, no reference, as
 * XEN_DOMCTL_memory_mapping or XENMAPSPACE_dev_mmio; 6-7 p2m_map_foreign_rw/ro: a
 * page of another live domain, which keeps a page reference until the entry goes, as
 * XENMAPSPACE_gmfn_foreign) in Arm domain @dom's P2M, overwriting what is there. On
 * error nothing changes, the reason is in gntsim_world_error() and -ESRCH, -EINVAL or
 * -ENOMEM is returned.
 */
int gntsim_p2m_set(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn, uint64_t mfn,
                   unsigned type);
/*
 * XENMEM_remove_from_physmap of @gfn in @dom (a foreign entry drops its reference). On
 * error nothing changes and -ESRCH, -ENOENT (no own or foreign page there: MMIO, a grant
 * mapping of another's page, nothing) or -EILSEQ is returned.
 */
int gntsim_p2m_remove(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn);
/*
 * XENMEM_decrease_reservation of @dom's own RAM page at @gfn: out of its P2M and, unless
 * @dom is direct-mapped, its allocation reference dropped (the frame is freed when no
 * grant mapping or copy holds it any more). On error nothing changes and -ESRCH,
 * -ENOENT (no page of its own there) or -EILSEQ is returned.
 */
int gntsim_decrease_reservation(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn);
/* XENMAPIDX_grant_table_status: @idx names a v2 status frame (public/memory.h). */
#define GNTSIM_MAPIDX_STATUS 0x80000000u
/*
 * XENMEM_add_to_physmap by @dom's vCPU @vcpu of its own grant-table frame @idx
 * (XENMAPSPACE_grant_table; GNTSIM_MAPIDX_STATUS set: a v2 status frame) at @gfn, as
 * the release's gnttab_map_frame() and xenmem_add_to_physmap_one() do it, locks
 * included (docs/scenario-language.md, `add-to-physmap`). Returns 0, -ESRCH (no such
 * domain or vCPU), -EIO (the domain or Xen crashed), -EACCES (not a translated guest),
 * -EINVAL (no such frame), -EBUSY, -EPERM or -EILSEQ (the reason in
 * gntsim_world_error()), or the P2M's -ENOMEM.
 */
int gntsim_add_to_physmap_grant_table(struct gntsim_world *w, gntsim_domid_t dom,
                                      unsigned vcpu, uint32_t idx, uint64_t gfn);
/*
 * Give free RAM frame @mfn to DOMID_IO (0x7FF1), as x86 Xen shares I/O holes with
 * dom_io at boot. On error nothing changes and -EINVAL (not RAM), -EBUSY (allocated)
 * or -ENOMEM is returned.
 */
int gntsim_page_assign_io(struct gntsim_world *w, uint64_t mfn);

/* ---- inspection ---- */

struct gntsim_p2m_info {
    uint64_t mfn;
    unsigned type;         /* Xen's p2m_type_t value */
    const char *type_name; /* "p2m_grant_map_ro" */
    bool read, write, xn;
    uint64_t desc; /* raw stage-2 descriptor */
};
/* Entry at @gfn of @dom's P2M. Returns 0, -ENOENT (nothing mapped) or -ESRCH. */
int gntsim_p2m_lookup(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn,
                      struct gntsim_p2m_info *out);
/*
 * What @dom's IOMMU translates @dfn to. On Arm the SMMU shares the P2M, so
 * this is the P2M entry at gfn = dfn. x86 PV: the IOMMU's own table (type
 * p2m_iommu_map_rw/ro), incl. a non-strict PV hwdom's identity map of all
 * RAM; x86 HVM/PVH: the P2M entry at gfn = dfn with p2m_get_iommu_flags()
 * permissions in read/write. Returns 0, -ENOENT or -ESRCH.
 */
int gntsim_iommu_lookup(struct gntsim_world *w, gntsim_domid_t dom, uint64_t dfn,
                        struct gntsim_p2m_info *out);

struct gntsim_grant_info {
    uint16_t flags; /* shared entry flags (GTF_*) */
    uint16_t domid; /* shared entry domid */
    uint32_t frame;
    uint32_t pin; /* active entry pin counters */
    unsigned hstw, hstr, devw, devr;
    uint16_t pin_domid;
    uint64_t mfn; /* pinned frame (valid when pin != 0) */
};
/* Shared and active entry @ref of @dom's table (a dying domain's too). Returns 0, -EINVAL
 * or -ESRCH. */
int gntsim_grant_info(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref,
                      struct gntsim_grant_info *out);

struct gntsim_maptrack_info {
    uint32_t ref;
    uint16_t flags; /* GNTMAP_* bits; 0 = free */
    uint16_t domid;
    uint32_t vcpu;
};
/* Maptrack entry @handle of @dom. Returns 0, -EINVAL (>= limit) or -ESRCH. */
int gntsim_maptrack_info(struct gntsim_world *w, gntsim_domid_t dom, uint32_t handle,
                         struct gntsim_maptrack_info *out);
/* Handles allocated (maptrack_limit) of @dom; 0 if no such domain. */
uint32_t gntsim_maptrack_limit(struct gntsim_world *w, gntsim_domid_t dom);
/* Live handles (entries with flags) of @dom; 0 if no such domain. */
uint32_t gntsim_maptrack_live(struct gntsim_world *w, gntsim_domid_t dom);
/*
 * vCPU @vcpu's maptrack free list of @dom, head first: up to @max handles into @out,
 * *@nr receives how many the list holds (a list longer than the table is cut there).
 * Returns 0, -ESRCH (no domain or vCPU) or -ENOENT (the vCPU has no list yet).
 */
int gntsim_maptrack_freelist(struct gntsim_world *w, gntsim_domid_t dom, unsigned vcpu,
                             uint32_t *out, size_t max, size_t *nr);
/*
 * Era A/B's mapkind(@dom, @rd, @mfn): whether @dom maps @rd's frame @mfn readably
 * (bit 0) and writably (bit 1), computed under double_gt_lock as Xen does. Returns 0
 * or -ESRCH.
 */
int gntsim_mapkind(struct gntsim_world *w, gntsim_domid_t dom, gntsim_domid_t rd,
                   uint64_t mfn, unsigned *kind);

/* Era C per-mfn counters of mapping domain @dom. Returns 0 or -ENOENT (no node) / -ESRCH.
 */
int gntsim_iommu_counters(struct gntsim_world *w, gntsim_domid_t dom, uint64_t mfn,
                          uint32_t *rd, uint32_t *wr);

/* References held on machine frame @mfn (0 when free or not RAM). */
uint32_t gntsim_page_refs(struct gntsim_world *w, uint64_t mfn);
/* x86 type references (get_page_type) held on machine frame @mfn; 0 on Arm. */
uint32_t gntsim_page_type_count(struct gntsim_world *w, uint64_t mfn);
/* Owner of machine frame @mfn (0x7FF4 = none). */
uint16_t gntsim_page_owner(struct gntsim_world *w, uint64_t mfn);
/* Machine frame behind @dom's RAM at @gfn, or UINT64_MAX. */
uint64_t gntsim_gfn_to_mfn(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn);

/* Whether gnttab_need_iommu_mapping(@dom) holds in this release. */
bool gntsim_need_iommu_mapping(struct gntsim_world *w, gntsim_domid_t dom);

/* Xen's BUG(), or its CPUs hung in a deadlock of parallel vCPUs (S12): true (and *where
 * set to the BUG's place or the cycle of waits) once the modelled hypervisor is gone. */
bool gntsim_xen_crashed(const struct gntsim_world *w, const char **where);
/* domain_crash() of @dom recorded. */
bool gntsim_domain_crashed(struct gntsim_world *w, gntsim_domid_t dom);

/* ---- failure injection ---- */

/*
 * Make the @nth next allocation of the modelled Xen fail (1 = the next; 0 = none):
 * a domheap page (alloc_domheap_page) or an xmalloc (a domain, an active-entry page,
 * a maptrack page, event-channel state), counted through one gate. Cannot fail.
 */
void gntsim_inject_alloc_failure(struct gntsim_world *w, uint64_t nth);
/* Xen allocations so far (every gate passage), and whether an injected one failed. */
uint64_t gntsim_alloc_count(const struct gntsim_world *w, bool *fired);

/* What gntsim_inject() makes fail. */
enum gntsim_inject_what {
    GNTSIM_INJECT_ALLOC,       /* Xen's allocations (the one gate above) */
    GNTSIM_INJECT_IOMMU_MAP,   /* iommu_map of @dom: returns @rc */
    GNTSIM_INJECT_IOMMU_UNMAP, /* iommu_unmap of @dom: returns @rc */
    GNTSIM_INJECT_IOTLB_FLUSH, /* @dom's next @times IOTLB invalidations are skipped */
    /* @dom's kernel's next gnttab_map_refs() fails as a whole with @rc, no op reaching
     * Xen (XSA-362's trigger: an error of the call, not of one op's status) */
    GNTSIM_INJECT_LINUX_MAP,
};

struct gntsim_inject {
    enum gntsim_inject_what what;
    gntsim_domid_t dom; /* the IOMMU and IOTLB kinds */
    uint64_t nth;       /* the first failing one: 1 = the next; 0 = disarm (not IOTLB) */
    uint32_t times;     /* how many in a row fail (0 means 1) */
    int rc;             /* the IOMMU kinds: a -errno (0 means -ENOMEM) */
};

/*
 * Arm one failure: 0, or -ESRCH (no domain @f->dom; LINUX_MAP: no kernel booted in it),
 * -EINVAL (@rc not a -errno, @nth beyond the IOMMU counters), -ENOENT (IOTLB: no SMMU
 * context bank); a newer arming of the same kind replaces an older one.
 */
int gntsim_inject(struct gntsim_world *w, const struct gntsim_inject *f);

/* Make the @nth next iommu_map (or unmap) of @dom fail (1 = the next one; 0 = off). */
int gntsim_inject_iommu_map_failure(struct gntsim_world *w, gntsim_domid_t dom,
                                    unsigned nth);
int gntsim_inject_iommu_unmap_failure(struct gntsim_world *w, gntsim_domid_t dom,
                                      unsigned nth);

/* ---- invariants and findings ---- */

struct gntsim_finding {
    char id[8]; /* "S3" — docs/invariants.md list S */
    char what[200];
};
/*
 * Check every invariant of docs/invariants.md. A break of gntsim's own
 * consistency (list C) aborts naming the invariant; a break of the modelled
 * Xen's safety properties (list S) is recorded as a finding (and traced).
 * Returns the number of findings recorded by this call.
 */
unsigned gntsim_check_invariants(struct gntsim_world *w);
/*
 * A hash of the hypervisor state a grant-table operation can read or change: every
 * domain's grant table (shared and status entries, active entries, maptrack, free
 * lists, era C counters), P2M and IOMMU entries of its grant mappings, the frame table's
 * counts and Xen's crash state. Equal worlds give equal digests (gntsim explore's state
 * hashing). Cannot fail.
 */
uint64_t gntsim_world_digest(const struct gntsim_world *w);
/*
 * The invariants where the operations since the last check (of either kind)
 * acted: the grant entries, P2M entries, maptracks and memory they touched,
 * recorded from their trace events and memory writes, are checked with the
 * full check's own code; S9 and S10 always. When the operations did
 * something that cannot be localised (a domain created or destroyed, a
 * grant-version switch, an unknown event, more than the record holds), and
 * at the first call, this is gntsim_check_invariants(). It costs what the
 * operations touched, so callers check after every step (fuzzers), beside a
 * periodic full check that also catches a break away from where the
 * operations acted (a stale entry left elsewhere). Returns the number of new
 * findings. It sets the world's trace hook; if someone else holds it, every
 * call is a full check.
 */
unsigned gntsim_check_invariants_step(struct gntsim_world *w);
/*
 * The findings so far (deduplicated) whose details are kept: the first 256;
 * *@nr receives their count. gntsim_findings_total() counts every distinct
 * finding, kept or not. Neither can fail.
 */
size_t gntsim_findings_total(const struct gntsim_world *w);
const struct gntsim_finding *gntsim_findings(const struct gntsim_world *w, size_t *nr);

/* ---- actions: what the model did, in order ---- */

/*
 * Record every action (trace event: a hypercall, a P2M or IOMMU change, a pin, an
 * IOTLB flush, a DMA, ...) the next operations cause, forgetting the previous
 * record. Cannot fail (an action that finds no memory is counted as dropped).
 */
void gntsim_actions_begin(struct gntsim_world *w);
/* Stop recording; the record stays readable until the next begin. Cannot fail. */
void gntsim_actions_end(struct gntsim_world *w);
/* Actions recorded (*@dropped, if not NULL: those not kept, beyond 4096). */
size_t gntsim_actions_count(const struct gntsim_world *w, size_t *dropped);
/* Action @i: its text line (as the text trace renders it) and *@kind its event name
 * ("iommu_map"). NULL when @i is out of range. */
const char *gntsim_action(const struct gntsim_world *w, size_t i, const char **kind);
/* Whether @name is an action kind (a trace event name). Cannot fail. */
bool gntsim_action_kind_known(const char *name);

/* ---- trace ---- */

/* Render every later event to @out in @format (NULL: stop rendering). */
void gntsim_trace_open(struct gntsim_world *w, FILE *out,
                       enum gntsim_trace_format format);
/* Finish the rendering (e.g. close the Chrome JSON array). */
void gntsim_trace_close(struct gntsim_world *w);
/*
 * Move @from's outputs to @to, a world that takes its place (a scenario's `reset`):
 * the trace rendering (its event numbering and Chrome state go on, so the document
 * stays one) and the pcap captures (no second file header). @from then renders
 * nothing. Returns 0, or -ENOMEM when @to's network state cannot be allocated (the
 * captures then stay with @from, the trace moves).
 */
int gntsim_world_handover(struct gntsim_world *from, struct gntsim_world *to);
/* Events of kind @name ("iommu_map") emitted so far; 0 for unknown names. */
uint64_t gntsim_trace_count(const struct gntsim_world *w, const char *name);
/*
 * Write @s to @out as a JSON string literal (quotes, backslashes and control
 * bytes escaped, invalid UTF-8 as U+FFFD). Stream errors are left in @out.
 */
void gntsim_json_string(FILE *out, const char *s);

/* ---- releases ---- */

struct gntsim_release_info {
    const char *name, *tag;
    const char *arm_predicate; /* text */
    char era;                  /* 'A', 'B', 'C' */
    bool self_map_bypass, xsa394_fixed;
};
/* Number of release profiles; fill @out for index @i (< count). */
size_t gntsim_release_count(void);
int gntsim_release_get(size_t i, struct gntsim_release_info *out);
/* The @i-th XSA whose fix gntsim_world_opts.xsa may revert or apply (ascending), or 0
 * past the last (docs/xsa.md). Cannot fail. */
unsigned gntsim_xsa_knob_at(size_t i);
/*
 * Index of the release @len bytes of @name designate, in the forms people
 * write (case-insensitive): a profile name ("4.14.1", "4.17", "master"), its
 * tag ("RELEASE-4.17.0") or the tag's version ("4.17.0"). On error a message
 * (ambiguous: the candidates; unknown: every valid name) goes to @err and
 * -EINVAL is returned.
 */
int gntsim_release_find(const char *name, size_t len, size_t *idx, char *err,
                        size_t errlen);

/* The machine, the guest kernels, the PV path, dom0's DMA policies, decoding SMMU fault
 * reports, the PV network, the statistics: their own headers. */
#include "gntsim/machine.h"
#include "gntsim/linux.h"
#include "gntsim/pv.h"
#include "gntsim/policy.h"
#include "gntsim/decode.h"
#include "gntsim/net.h"
#include "gntsim/stats.h"

#ifdef __cplusplus
}
#endif
#endif
