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
enum gntsim_trace_format { GNTSIM_TRACE_TEXT, GNTSIM_TRACE_JSON, GNTSIM_TRACE_CHROME };

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
};

/* Defaults for an Arm domU with @domid: 1 vCPU, 256 pages, IOMMU off. Cannot fail. */
void gntsim_domain_opts_default(struct gntsim_domain_opts *o, gntsim_domid_t domid);

/*
 * Create a domain. Limits (checked before anything is allocated): at most 16
 * domains (-ENOSPC); vcpus 1..8, domid below 0x7ff0 (-EINVAL); mem_pages at
 * most the free machine frames (-ENOMEM) and within the 48-bit IPA (-EINVAL);
 * the grant-table maxima as the release's grant_table_init takes them (-EINVAL,
 * or -ENOMEM when Xen's arrays of the maxima exceed free RAM). On error nothing
 * is created, the reason is in gntsim_world_error() and -EEXIST, -EINVAL,
 * -ENOSPC or -ENOMEM is returned.
 */
int gntsim_domain_create(struct gntsim_world *w, const struct gntsim_domain_opts *o);

/*
 * Destroy domain @dom as XEN_DOMCTL_destroydomain does: its grant mappings
 * released (gnttab_release_mappings), then its memory, P2M and IOMMU
 * context. Returns 0, -ESRCH (no such domain) or -EBUSY (a Linux kernel
 * runs in it: nothing changed).
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
 * Guest CPU access at intermediate physical address @ipa of @dom, through
 * its P2M with stage-2 permissions. On error nothing is copied and
 * -EFAULT (unmapped) or -EACCES (write to a read-only entry) is returned.
 */
int gntsim_guest_write(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa,
                       const void *buf, size_t len);
int gntsim_guest_read(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa, void *buf,
                      size_t len);

/*
 * Grant access to @gfn for @to by writing v1 entry @ref as a guest does
 * (domid, frame, barrier, then flags = permit_access [| readonly]) through
 * @dom's own P2M. Returns 0, -EINVAL (ref outside the table) or -EFAULT.
 */
int gntsim_guest_grant(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref,
                       gntsim_domid_t to, uint64_t gfn, bool readonly);
/*
 * End access: clear flags if neither GTF_reading nor GTF_writing is set.
 * Returns 0, -EBUSY (entry in use: nothing changed) or -EINVAL.
 */
int gntsim_guest_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref);

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
/* Shared and active entry @ref of @dom's table. Returns 0, -EINVAL or -ESRCH. */
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

/* Xen's BUG(): true (and *where set) once the modelled hypervisor crashed. */
bool gntsim_xen_crashed(const struct gntsim_world *w, const char **where);
/* domain_crash() of @dom recorded. */
bool gntsim_domain_crashed(struct gntsim_world *w, gntsim_domid_t dom);

/* ---- failure injection ---- */

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
 * gntsim_check_invariants() when the world may have changed since the last
 * check made by this function: a state-changing effect was traced (any event
 * but those that only report, such as a failed hypercall) or a guest wrote
 * memory. Otherwise the result could only repeat the last check's (findings
 * are deduplicated), so nothing is walked and 0 is returned. For callers that
 * check after every step (fuzzers), beside a periodic full check.
 */
unsigned gntsim_check_invariants_changed(struct gntsim_world *w);
/*
 * The findings so far (deduplicated) whose details are kept: the first 256;
 * *@nr receives their count. gntsim_findings_total() counts every distinct
 * finding, kept or not. Neither can fail.
 */
size_t gntsim_findings_total(const struct gntsim_world *w);
const struct gntsim_finding *gntsim_findings(const struct gntsim_world *w, size_t *nr);

/* ---- trace ---- */

/* Render every later event to @out in @format (NULL: stop rendering). */
void gntsim_trace_open(struct gntsim_world *w, FILE *out,
                       enum gntsim_trace_format format);
/* Finish the rendering (e.g. close the Chrome JSON array). */
void gntsim_trace_close(struct gntsim_world *w);
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
/*
 * Index of the release @len bytes of @name designate, in the forms people
 * write (case-insensitive): a profile name ("4.14.1", "4.17", "master"), its
 * tag ("RELEASE-4.17.0") or the tag's version ("4.17.0"). On error a message
 * (ambiguous: the candidates; unknown: every valid name) goes to @err and
 * -EINVAL is returned.
 */
int gntsim_release_find(const char *name, size_t len, size_t *idx, char *err,
                        size_t errlen);

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

/* Who printed a decoded report. */
enum gntsim_smmu_source {
    GNTSIM_SMMU_FIELDS, /* bare fields, or a line naming neither */
    GNTSIM_SMMU_XEN,    /* Xen's "smmu: <path>: " or "SMMUv3: <path>: " */
    GNTSIM_SMMU_LINUX,  /* Linux's "arm-smmu <dev>: " or "arm-smmu-v3 <dev>: " */
};

/* An SMMUv3 event record (Linux arm-smmu-v3.h EVTQ_*), decoded. */
struct gntsim_smmu_event {
    uint64_t raw[4];    /* the four dwords as printed */
    unsigned id;        /* [7:0] of dword 0: 0x10 F_TRANSLATION, 0x13 F_PERMISSION, ... */
    const char *name;   /* "F_TRANSLATION", or "unknown" */
    uint32_t sid, ssid; /* StreamID [63:32], SubstreamID [31:12] (valid if ssv) */
    bool ssv, stall, pnu, ind, rnw, s2;
    unsigned stag, event_class; /* STAG [15:0] and CLASS [41:40] of dword 1 */
    uint64_t input_addr, ipa;   /* dword 2; dword 3 [51:12] (stage-2 faults) */
};

/*
 * An SMMUv2 global fault (SMMU_sGFSR and SMMU_sGFSYNR0..2, Arm IHI 0062), as
 * Xen's and Linux's arm_smmu_global_fault print it, decoded.
 */
struct gntsim_smmu_gfault {
    uint32_t gfsr, gfsynr0, gfsynr1, gfsynr2;
    bool has_regs; /* false: the log holds no "GFSR 0x..., GFSYNR0 ..." line */
    bool blocked;  /* Linux's "Blocked unknown Stream ID" line (disable_bypass) */
    bool has_sid;  /* from GFSYNR1, or from the Blocked line */
    uint32_t sid;  /* GFSYNR1 [15:0]: the StreamID */
    unsigned ssd;  /* GFSYNR1 [31:16]: SSD index on some implementations */
    /* SMMU_sGFSR */
    bool icf, usf, smcf, ucbf, ucif, caf, ef, pf, uut, multi;
    /* SMMU_sGFSYNR0 */
    bool nested, wnr, pnu, ind, nsstate, nsattr;
};

/* An SMMU fault report, decoded (fields named as in Linux arm-smmu.h). */
struct gntsim_smmu_decoded {
    uint32_t fsr, fsynr0;
    uint64_t iova;
    int cb;             /* -1 when the input had no cb= */
    char smmu_path[64]; /* "/smmu@fd800000" or Linux's "fd800000.smmu", else "" */
    enum gntsim_smmu_source source;
    bool has_fsr;       /* false: a line from before fsr= (Xen < 4.12, Linux < 4.14) */
    bool has_fsynr0;    /* false: the access (read or write) is unknown */
    bool has_cbfrsynra; /* Linux prints cbfrsynra= since 2019 */
    uint32_t cbfrsynra; /* CBFRSYNRA: [15:0] the StreamID of the faulting master */
    /* v3: an SMMUv3 event; then only evt, source, smmu_path, iova, frame, offset,
     * write, fault_class and hint are set */
    bool v3;
    struct gntsim_smmu_event evt;
    /* global: an SMMUv2 global fault; then only gf, source, smmu_path,
     * fault_class and hint are set (cb is -1) */
    bool global;
    struct gntsim_smmu_gfault gf;
    /* CB_FSR */
    bool multi, ss, uut, asf, tlblkf, tlbmcf, ef, pf, aff, tf;
    unsigned format; /* [10:9]: 2 = AArch64 descriptors */
    /* CB_FSYNR0 */
    unsigned plvl; /* level where the walk stopped */
    bool wnr, pnu, ind, nsattr, ptwf, afr;
    unsigned s1cbndx;
    uint64_t frame, offset; /* iova >> 12, iova & 0xfff */
    bool write;
    const char *fault_class; /* "translation", "permission", ..., "no fault recorded" */
    char hint[320];          /* what to check */
};
/*
 * Decode one context-fault line as Xen prints it ("(XEN) [timestamp] smmu:
 * <path>: Unhandled context fault: fsr=0x402, iova=0x8424cb148,
 * fsynr=0xb0001, cb=0", each prefix optional), as Linux's arm-smmu prints it
 * ("[   12.345678] arm-smmu <dev>: Unhandled context fault: ...,
 * cbfrsynra=0x877, cb=0"), or the bare fields. Numbers without 0x are hex
 * (as Linux's "FSR    = %08x" line prints them); cb= is decimal. iova= is
 * required, and fsr= unless the line names the fault. A global-fault line
 * ("Unexpected global fault, this could be serious", "GFSR 0x%08x, GFSYNR0
 * 0x%08x, GFSYNR1 0x%08x, GFSYNR2 0x%08x" or Linux's "Blocked unknown Stream
 * ID 0x%hx; ...", any prefix) decodes as a global fault. On error *@out is
 * unspecified, a message naming the offending token (non-printable bytes
 * escaped) goes to @err and -EINVAL is returned.
 */
int gntsim_smmu_decode(const char *line_or_fields, struct gntsim_smmu_decoded *out,
                       char *err, size_t errlen);

/* Longest line gntsim_smmu_scan() reads, without its line terminator. */
#define GNTSIM_SMMU_LINE_MAX 4096

/*
 * One finding of gntsim_smmu_scan(): a decoded report (@d) or a malformed
 * one (@d NULL, @err the message), at 1-based @line. Returns 0 to go on,
 * nonzero to stop the scan.
 */
typedef int (*gntsim_smmu_scan_fn)(void *ctx, size_t line,
                                   const struct gntsim_smmu_decoded *d, const char *err);

/*
 * Find the SMMU fault reports among the @len bytes at @buf (a whole log:
 * LF or CRLF lines, other lines ignored): SMMUv2 context-fault lines and bare
 * fields as gntsim_smmu_decode() reads them, SMMUv2 global faults (the
 * "Unexpected global fault" or "Blocked unknown Stream ID" line and the GFSR
 * line after it, one report at the first line; either line alone is a report
 * too, without the registers or without the header), and SMMUv3 event dumps
 * ("event 0x10 received:" and the four dwords that follow it, from Linux
 * arm-smmu-v3 or Xen smmu-v3). Lines longer than GNTSIM_SMMU_LINE_MAX and
 * malformed reports are reported to @fn with a message. Returns the number
 * of reports decoded (>= 0), or -EINVAL if @buf or @fn is NULL. Cannot
 * fail otherwise.
 */
long gntsim_smmu_scan(const char *buf, size_t len, gntsim_smmu_scan_fn fn, void *ctx);

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

/* ---- Linux guest kernels (src/linux): grant API and the DMA layer ---- */

enum gntsim_dma_dir {
    GNTSIM_DMA_BIDIRECTIONAL,
    GNTSIM_DMA_TO_DEVICE,
    GNTSIM_DMA_FROM_DEVICE
};

/*
 * Boot the kernel model of @dom: read XENFEAT_* (XENVER_get_features),
 * decide swiotlb-xen (xen_swiotlb_detect), probe GNTTABOP_cache_flush.
 * Returns 0, -ESRCH or -EEXIST.
 */
int gntsim_linux_boot(struct gntsim_world *w, gntsim_domid_t dom);
/* Whether @dom's kernel set up swiotlb-xen as its DMA ops. */
bool gntsim_linux_swiotlb_xen(struct gntsim_world *w, gntsim_domid_t dom);

/*
 * gnttab_grant_foreign_access(): allocate a ref (>= 8) and grant @gfn to
 * @to. Returns 0 with *@ref set, -ENOSPC (table full), -ESRCH.
 */
int gntsim_linux_grant(struct gntsim_world *w, gntsim_domid_t dom, gntsim_domid_t to,
                       uint64_t gfn, bool readonly, uint32_t *ref);
/* gnttab_end_foreign_access_ref(): -EBUSY (nothing changed) while the grant is in use. */
int gntsim_linux_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref);

struct gntsim_linux_map {
    gntsim_domid_t granter;
    uint32_t ref;
    bool readonly;
    uint64_t pfn; /* in: page to map at (0: allocate one, "Xen scratch"); out: the page */
    uint32_t handle;   /* out */
    int16_t status;    /* out: GNTST_* */
    uint64_t bus_addr; /* out: dev_bus_addr Xen returned */
};
/*
 * gnttab_map_refs(): one batched GNTTABOP_map_grant_ref for @count pages,
 * then set_foreign_p2m_mapping() for those with status 0. Returns 0 (per-page
 * status inside), -ENOMEM, -ESRCH, or the hypercall's error.
 */
int gntsim_linux_map_refs(struct gntsim_world *w, gntsim_domid_t dom,
                          struct gntsim_linux_map *m, unsigned count);
/* gnttab_unmap_refs(): one batched unmap, then clear_foreign_p2m_mapping(). Same returns.
 */
int gntsim_linux_unmap_refs(struct gntsim_world *w, gntsim_domid_t dom,
                            struct gntsim_linux_map *m, unsigned count);

/*
 * dma_map_page() of [@phys, @phys + @len) of @dom for device @dev: swiotlb-xen
 * when the kernel uses it (pfn_to_bfn, bounce conditions, cache maintenance
 * by GNTTABOP_cache_flush for foreign pages of non-coherent devices), else
 * dma-direct. *@dma receives the bus address. Returns 0, -EIO
 * (DMA_MAPPING_ERROR), -EINVAL, -ESRCH.
 */
int gntsim_linux_dma_map(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                         uint64_t phys, size_t len, enum gntsim_dma_dir dir,
                         uint64_t *dma);
/* dma_unmap_page(): sync for the CPU and release any bounce slot. Same returns. */
int gntsim_linux_dma_unmap(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                           uint64_t dma, size_t len, enum gntsim_dma_dir dir);
/* dma_sync_single_for_device() / _for_cpu(). Same returns. */
int gntsim_linux_dma_sync(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                          uint64_t dma, size_t len, enum gntsim_dma_dir dir,
                          bool for_device);

/* ---- PV path: xenstore and event channels (src/xen/xenstore, src/xen/evtchn.c) ---- */

/*
 * Read @path (absolute, or relative to /local/domain/<@as>) as domain @as
 * would, with xenstored's permission checks. @buf receives the value,
 * NUL-terminated. Returns 0, -ENOENT, -EACCES, -EINVAL (bad path), -ERANGE
 * (@len too small) or -ENOMEM.
 */
int gntsim_xs_read(struct gntsim_world *w, gntsim_domid_t as, const char *path, char *buf,
                   size_t len);
/* Write @path = @value as domain @as (parents created). 0, -EACCES, -EINVAL, -ENOMEM. */
int gntsim_xs_write(struct gntsim_world *w, gntsim_domid_t as, const char *path,
                    const char *value);
/* Remove @path and its subtree as domain @as. 0, -ENOENT, -EACCES, -EINVAL, -ENOMEM. */
int gntsim_xs_rm(struct gntsim_world *w, gntsim_domid_t as, const char *path);
/*
 * Set @path's permissions as domain @as from a comma-separated list in
 * XS_SET_PERMS syntax ("n1,r0": owner d1 with default none, d0 may read).
 * Returns 0, -EACCES, -EPERM (changing the owner), -ENOENT, -EINVAL, -ENOMEM.
 */
int gntsim_xs_set_perms(struct gntsim_world *w, gntsim_domid_t as, const char *path,
                        const char *perms);
/*
 * Toolstack (libxl) view of a vif: the domains' homes, the frontend
 * /local/domain/<frontend>/device/vif/<devid> {backend, backend-id, state=1,
 * handle, mac} owned by the frontend and readable by the backend, and the
 * backend /local/domain/<backend>/backend/vif/<frontend>/<devid> {frontend,
 * frontend-id, online=1, state=1, handle, mac, type, script} owned by the
 * backend and readable by the frontend. Returns 0, -ESRCH (no such domain)
 * or -ENOMEM.
 */
int gntsim_xs_create_vif(struct gntsim_world *w, gntsim_domid_t frontend,
                         gntsim_domid_t backend, unsigned devid);
/*
 * HYPERVISOR_event_channel_op(@cmd, @arg) issued by @dom (EVTCHNOP_* with
 * the ABI structs of <xen/event_channel.h>). Returns what Xen returns;
 * -ESRCH: no such domain; -EIO: Xen or the domain crashed.
 */
long gntsim_evtchn_op(struct gntsim_world *w, gntsim_domid_t dom, int cmd, void *arg);
/*
 * Run the world's deferred work (event-channel upcalls, watch events, driver
 * work) until none is left. Returns the number of items run, or -ELOOP
 * when the safety limit stopped a livelock.
 */
long gntsim_run_pending(struct gntsim_world *w);

/* ---- PV network (src/linux/netfront.c, netback_*.c; src/sim/wire.c) ---- */

/*
 * A vif joins a frontend domain's netfront to a backend domain's netback
 * over two shared rings (<xen/io/netif.h>) in granted frontend pages. The
 * backend's bridge delivers a frame to itself (its own stack, no DMA) or
 * sends it out of its NIC (swiotlb-xen dma map, device DMA through the
 * SMMU) to a peer host on the other side of the wire, which echoes it.
 * Either stack consumes a UDP datagram to its discard port without answer.
 */
struct gntsim_vif_opts {
    gntsim_domid_t front, back; /* both kernels booted */
    const char *nic;            /* backend's physical NIC (device name); NULL: none */
    unsigned rx_bufs;           /* RX buffers netfront keeps posted (0 = 32, <= 256) */
    uint64_t backend_delay_ns;  /* notification -> netback work latency (0 = 1 us) */
    unsigned rxq_max;           /* frames netback queues towards the guest (0 = 64) */
};
/*
 * Create and connect a vif: the toolstack's xenstore nodes, then the
 * xenbus handshake of netback and netfront driven by watches and event
 * channels until both ends are Connected (src/linux/net_xenbus.c; no
 * virtual time passes). *@vif receives its index. Returns 0,
 * -ESRCH (no kernel), -EINVAL (bad options or NIC), -ENOSPC, -ENOMEM, or
 * -EIO (the ring mapping failed: nothing is left behind).
 */
int gntsim_net_vif_create(struct gntsim_world *w, const struct gntsim_vif_opts *o,
                          unsigned *vif);
/*
 * Disconnect @vif: netback unmaps everything it holds, netfront revokes
 * every grant (retrying those still in use) and frees its pages. Returns 0
 * or -EINVAL; -EBUSY if a grant could not be revoked (its page is kept).
 */
int gntsim_net_vif_destroy(struct gntsim_world *w, unsigned vif);

enum gntsim_net_dest { GNTSIM_NET_DOM0, GNTSIM_NET_PEER };
struct gntsim_net_send {
    uint32_t size;           /* Ethernet frame bytes (14 .. 65535) */
    enum gntsim_net_dest to; /* the backend domain itself, or the peer host */
    bool icmp;               /* an ICMP echo request (ping); else TCP-like */
    bool discard;            /* a UDP datagram to the discard port (RFC 863): no answer */
    uint16_t offset;         /* offset of the data in its first page (0 = 0x42) */
    uint16_t slot_max;       /* at most this many bytes per slot (0 = page-limited) */
};
/*
 * netfront's start_xmit of one frame with real payload bytes. *@pkt
 * receives the packet's record index. Returns 0, -EBUSY (TX ring full:
 * nothing queued; counted as tx_ring_full), -EINVAL (also: both icmp and
 * discard), -ENOSPC (no grant refs
 * or pages), -EIO (frontend broken).
 */
int gntsim_net_send(struct gntsim_world *w, unsigned vif, const struct gntsim_net_send *s,
                    uint32_t *pkt);
/*
 * Run deferred work (notifications, driver work, wire) until quiet. Returns
 * the number of items run, or -ELOOP when the safety valve stopped a
 * livelock.
 */
long gntsim_net_run(struct gntsim_world *w);

struct gntsim_net_packet {
    bool delivered; /* reached its destination's stack (dom0 or the peer) */
    bool replied;   /* the echo reply reached the frontend */
    bool dropped;   /* dropped on the way (see reason) */
    char reason[48];
};
/* Record of packet @pkt. Returns 0 or -EINVAL. */
int gntsim_net_packet_info(struct gntsim_world *w, uint32_t pkt,
                           struct gntsim_net_packet *out);

enum gntsim_net_refusal {
    GNTSIM_NET_BAD_REF,        /* a grant op on a request's ref failed */
    GNTSIM_NET_CROSS_PAGE,     /* offset + size beyond the page (fatal) */
    GNTSIM_NET_TOO_MANY_SLOTS, /* more slots than FATAL_SKB_SLOTS (fatal) */
    GNTSIM_NET_SLOT_SIZE,      /* a slot larger than what remains of the packet */
    GNTSIM_NET_SHORT,          /* first slot shorter than an Ethernet header */
    GNTSIM_NET_ZERO_FRAG,      /* zero-length fragment, answered without a grant op */
    GNTSIM_NET_BAD_ID,         /* response id out of range or not in flight */
    GNTSIM_NET_BAD_RX,         /* RX response: bad status or offset */
    GNTSIM_NET_GRANT_BUSY,     /* end of foreign access refused: grant in use */
    GNTSIM_NET_RING_OVERFLOW,  /* producer index beyond the ring (fatal) */
    GNTSIM_NET_LEGACY_SLOTS,   /* more than XEN_NETBK_LEGACY_SLOTS_MAX slots: dropped */
    GNTSIM_NET_NEED_MORE,      /* a slot chain running past the producer (fatal) */
    GNTSIM_NET_NR_REFUSALS
};
struct gntsim_vif_stats {
    uint64_t tx_ok;                /* frames that reached their destination */
    uint64_t tx_dropped_fault;     /* dropped: the NIC's DMA faulted */
    uint64_t tx_errors;            /* TX responses with an error status */
    uint64_t tx_ring_full;         /* sends refused: no room on the TX ring */
    uint64_t rx_ok;                /* frames netfront received */
    uint64_t rx_dropped;           /* frames netback dropped (no RX buffer, queue full) */
    uint64_t notify_tx, notify_rx; /* notifications sent (both directions) */
    uint64_t copy_ops, map_ops;    /* netback's grant ops */
    uint64_t refused[GNTSIM_NET_NR_REFUSALS];
    bool back_disabled;  /* netback's fatal error: xenvif_carrier_off */
    bool front_broken;   /* netfront stopped trusting its backend */
    uint32_t grants_out; /* frontend grants not yet revoked */
};
/* Counters of @vif. Returns 0 or -EINVAL. */
int gntsim_net_vif_stats(struct gntsim_world *w, unsigned vif,
                         struct gntsim_vif_stats *out);
/* Name of refusal @r ("bad_ref"), "?" when out of range. */
const char *gntsim_net_refusal_name(enum gntsim_net_refusal r);

/* What a hostile peer does (gntsim_net_hostile); "front": a malicious netfront. */
enum gntsim_net_attack_kind {
    GNTSIM_ATTACK_BAD_REF,           /* front: a TX request naming a bad grant ref */
    GNTSIM_ATTACK_SLOTS,             /* front: one packet of `slots` requests */
    GNTSIM_ATTACK_ENDLESS_CHAIN,     /* front: the last slot still says more_data */
    GNTSIM_ATTACK_SIZE_MISMATCH,     /* front: first size smaller than a later slot's */
    GNTSIM_ATTACK_CHANGE_AFTER_POST, /* front: request rewritten once netback read it */
    GNTSIM_ATTACK_ZERO_FRAG,         /* front: a zero-length fragment with a bad ref */
    GNTSIM_ATTACK_CROSS_PAGE,        /* front: offset + size beyond the page */
    GNTSIM_ATTACK_PROD_OVERRUN,      /* front: req_prod `by` requests beyond the ring */
    GNTSIM_ATTACK_REVOKE,            /* front: ends access to a posted grant first */
    GNTSIM_ATTACK_BACK_BAD_ID,       /* back: a TX response with id `id`, never posted */
    GNTSIM_ATTACK_BACK_DOUBLE,       /* back: answers a TX request twice */
    GNTSIM_ATTACK_BACK_KEEPS_GRANT,  /* back: answers TX but never unmaps (XSA-396) */
    GNTSIM_ATTACK_BACK_RELEASE,      /* back: unmaps what it kept, behaves again */
    GNTSIM_ATTACK_RX_BAD_ID,         /* back: an RX response carrying id `id` */
    GNTSIM_ATTACK_RX_BAD_SIZE,       /* back: an RX response beyond its page */
    GNTSIM_ATTACK_NR
};
struct gntsim_net_attack {
    enum gntsim_net_attack_kind kind;
    uint32_t size;  /* frame bytes, 14 .. 4000 (0 = 64; slots: 64 per slot;
                       keeps-grant: 1500, so netback maps a slot) */
    unsigned slots; /* SLOTS, ENDLESS_CHAIN: requests in the chain, 1 .. 64 (0 = 2) */
    uint32_t ref;   /* BAD_REF: the ref named (0 = 0xffff0000, outside any table) */
    uint16_t id;    /* BACK_BAD_ID, RX_BAD_ID: the response's id */
    uint32_t by;    /* PROD_OVERRUN: requests req_prod moves on (0 = 1000) */
};
/*
 * Make one end of @vif misbehave as @a says (frames go to the backend
 * domain, ICMP), then run deferred work until quiet; the effects are in
 * gntsim_net_vif_stats(), grant and page state. Returns 0 when the attack
 * was mounted, -EINVAL (bad vif, kind or field), -EIO (vif not connected,
 * except for BACK_RELEASE; or nothing was answered to replay), -EBUSY (no
 * room on the ring), -ENOSPC (no ids, pages or grant refs) or -ELOOP.
 */
int gntsim_net_hostile(struct gntsim_world *w, unsigned vif,
                       const struct gntsim_net_attack *a);
/* Scenario name of attack @k ("bad-ref"), NULL when out of range. */
const char *gntsim_net_attack_name(enum gntsim_net_attack_kind k);

enum gntsim_net_capture { GNTSIM_CAPTURE_WIRE, GNTSIM_CAPTURE_VIF };
/*
 * Capture every frame at @point into @out as a classic libpcap file
 * (LINKTYPE_ETHERNET, timestamps from virtual time); NULL stops. The
 * header is written at once. Returns 0, -EINVAL or -EIO (write error).
 */
int gntsim_net_pcap(struct gntsim_world *w, enum gntsim_net_capture point, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
