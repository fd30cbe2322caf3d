/* SPDX-License-Identifier: MIT */
/*
 * Xen release profiles: every behaviour of the modelled path that changed
 * between releases, as one table (profile.c), each knob citing the commit
 * that changed it. Code asks prof->knob; it never compares version numbers.
 */
#ifndef GNTSIM_XEN_PROFILE_H
#define GNTSIM_XEN_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Arm gnttab_need_iommu_mapping(d) = is_domain_direct_mapped(d) && <pred>. */
enum arm_iommu_pred {
    PRED_NEED_IOMMU,         /* need_iommu(d) (552710b388, 2865a9d3f7; <= 4.11) */
    PRED_NEED_IOMMU_PT_SYNC, /* need_iommu_pt_sync(d) (91d4eca7ad, 4.12): false on Arm */
    PRED_IOMMU_ENABLED,      /* is_iommu_enabled(d) (04085ec1ac, 4.15; 4.13.3, 4.14.2) */
    PRED_PT_AND_ENABLED, /* HAS_PASSTHROUGH && is_iommu_enabled(d) (7788391622, 4.21) */
};

/* How dom_iommu(d)->need_sync is derived (xen/drivers/passthrough/iommu.c). */
enum need_sync_rule {
    NEED_SYNC_NONE_411, /* no need_sync: need_iommu(d) = has IOMMU page tables */
    NEED_SYNC_412, /* hwdom: iommu_hwdom_strict && !iommu_use_hap_pt(d) (has_iommu_pt on
                      Arm) */
    NEED_SYNC_413, /* hap_pt_share = hap && iommu_hap_pt_share && !no_sharept;
                      need_sync = !hap_pt_share if !hwdom || strict (80ff3d338d) */
};

/* Grant-map IOMMU bookkeeping (xen/common/grant_table.c map_grant_ref, unmap_common). */
enum gnttab_iommu_era {
    ERA_A, /* pin transitions + mapkind (racy), double_gt_lock */
    ERA_B, /* mapkind() linear scan, double_gt_lock (921f1f4226) */
    ERA_C, /* per-mfn rd/wr counters under lgt write lock (9781b51efd, XSA-380) */
};

struct xen_profile {
    const char *name; /* "4.14.1", "master" */
    const char *tag;  /* upstream tag or commit */
    enum arm_iommu_pred arm_pred;
    enum need_sync_rule need_sync;
    enum gnttab_iommu_era era;
    bool self_map_bypass;       /* skip IOMMU step when ld == rd (e8185c5f01) */
    bool xsa394_fixed;          /* era C: count down only on full release (975a8fb45c) */
    bool pin_oflow_per_counter; /* GNTPIN_incr2oflow_mask (8cec5d065c); else 0x80808080 */
    bool maptrack_no_space;     /* GNTST_no_space on exhaustion (5c10b96795); else
                                   no_device_space */
    bool unmap_bad_dev_addr;    /* dev_bus_addr checked only with device_map,
                                   GNTST_bad_dev_addr (c5bf1295b0) */
    bool p2m_remove_checks_mfn; /* Arm p2m_remove_mapping -EILSEQ (5a4a2cef08) */
    bool directmap_cdf; /* is_domain_direct_mapped = CDF_directmap (4.17); else hwdom */
    bool xenfeat_direct_mapped; /* XENFEAT_direct_mapped and _not_direct_mapped
                                   (d66bf122c0, 4.16) */
    bool xenfeat_phys_area;     /* XENFEAT_runstate_phys_area, and on x86
                                   XENFEAT_vcpu_time_phys_area (48a3fd1432, 4.18) */
    bool xenfeat_dm_msix;       /* x86 XENFEAT_dm_msix_all_writes (64b21662b1, 4.19) */
    unsigned xenver; /* XENVER_version when the tag is no RELEASE-X.Y.Z: XEN_VERSION << 16
                        | XEN_SUBVERSION of its xen/Makefile; 0: from the tag */
    bool copy_len0_ok;           /* GNTTABOP_copy with len 0: okay before any check
                                    (a4a790f432, 4.19); else domains and buffers are
                                    still claimed and validated */
    bool arm_gnttab_v1_only;     /* Arm GNTTAB_MAX_VERSION 1 ("ARM: disable grant table
                                    v2", 9a5c16a3e7, 4.12.0); before: 2 */
    bool map_rejects_transitive; /* v2 map of an unpinned GTF_transitive entry fails in
                                    _set_status_v2 (b339e3a976, 4.15); else the
                                    transitive fields are read as full_page.frame */
    bool transfer_needs_pv;      /* GNTTABOP_transfer -EOPNOTSUPP for the whole hypercall
                                    without CONFIG_PV, i.e. on Arm (185250ec78, 4.17); else
                                    per-op failure in steal_page() */
    bool gnttab_limits_capped;   /* a domain's max_grant_frames / max_maptrack_frames
                                    may not exceed opt_max_* (the defaults below):
                                    -EINVAL (until b2ea81d2b9, 4.18) */
    bool copy_trans_restart_unlocked; /* acquire_grant_for_copy()'s ERESTART path of a
                                         transitive entry drops the granter's active
                                         entry and table locks before release_grant_
                                         for_copy() of the inner grant (XSA-411,
                                         6e3aab858e, 4.17; 042de08439, 4.13.5); before,
                                         it took the other table's locks under them */
    bool v2_ops_counted;      /* in-flight v2 copies and pinned sub-page entries counted;
                                 set_version to v1 -EAGAIN while any (XSA-501,
                                 96dfeb4177, master only); before, a v2->v1 switch
                                 while a transitive copy dropped its locks left it a
                                 pointer into a freed status frame */
    bool copy_pinned_checked; /* GNTTABOP_copy adding a writable pin to a pinned entry
                                 fails unless the re-read entry matches the active
                                 one (XSA-500, 61b0a59ce2); else the copy uses the
                                 pinned frame with a reference on the new one */
    bool arm_iommu_unmap_invalid_mfn; /* Arm arm_iommu_unmap_page() removes with
                                         INVALID_MFN: with p2m_remove_checks_mfn any
                                         RAM/grant/foreign entry at the dfn is -EILSEQ
                                         (4cde4a552e, 4.21); else mfn = dfn */
    bool machine_address_size;  /* x86 XEN_DOMCTL_set_machine_address_size (41296317a3)
                                   sets arch.physaddr_bitsize; dropped by 27869ee00e
                                   (4.13.0): -ENOSYS */
    bool cache_flush_needs_has; /* GNTTABOP_cache_flush only with
                                   CONFIG_HAS_GRANT_CACHE_FLUSH (Arm); else -ENOSYS
                                   (5642a6055c, 4.21) */
    bool iommu_legacy_api;      /* grant_table.c calls iommu_legacy_map(d, dfn, mfn,
                                   order 0, flags) / iommu_legacy_unmap(d, dfn, 0)
                                   (d40029c844, 4.12.0); else iommu_map_page(d,
                                   dfn, mfn, flags) / iommu_unmap_page(d, dfn) */
    bool iommu_page_count;      /* ... with a page count of 1 instead of an order
                                   of 0 (68a8aa5d72, 4.15.0, not backported) */
    bool llc_coloring;          /* Arm dom0 may be built non-direct-mapped, with LLC
                                   colouring: create_dom0() sets CDF_directmap only
                                   without it ("xen/arm: permit non direct-mapped Dom0
                                   construction", 02975cc383; 6cdea3444e; 4.20.0) */
    bool vsmmu_series;          /* the tree the virtual SMMUv3 series was written
                                   against (v3,
                                   <cover.1774918270.git.milan_djokic@epam.com>, 31 Mar
                                   2026, not merged): 4.22 and master, where gntsim
                                   applies it as a what-if */
    bool map_status_negative;   /* map_grant_ref's _set_status() failure gives its
                                   GNTST_* code; 863e74eb2c (XSA-295) moved a bracket so
                                   it gave 1 until da0c66c8f4 (XSA-316): 4.12.1, 4.12.2,
                                   4.13.0 */
    /* Fixes older than the oldest row, true in every row; a world option reverts one
     * (xen_profile_set_xsa(), docs/xsa.md) */
    bool copy_status_dev_pins; /* acquire/release of a copy pin clear GTF_writing only
                                  without host *and device* writable pins (XSA-230,
                                  6e2a4c7356) */
    bool cflush_checks_gt;     /* GNTTABOP_cache_flush refuses an owner without grant
                                  table (DOMID_IO) (XSA-232, c3d830b244, 2017) */
    bool unmap_dev_bus_addr_checked; /* unmap_common drops the GNTMAP_device_map half
                                        (references, pin) only for a non-zero
                                        dev_bus_addr equal to the frame's address
                                        (XSA-224, 1959b49f35, 2017); before, a zero
                                        dev_bus_addr kept the maptrack flag but
                                        unmap_common_complete still put the device
                                        half's references and pin */
    bool copy_restart_continues;     /* GNTTABOP_copy stopped by ERESTART at the first op
                                        of an invocation continues (XSA-318, d6f22d5d9e,
                                        4.14.0; 4.13.1); before, the hypercall returned 0,
                                        that op's and later ops' status unwritten */
    bool map_type_refs_counted;      /* map_grant_ref takes the device half's type
                                        reference for every writable device map, and
                                        checks each get_page()/get_page_type() (XSA-224,
                                        00f67ee347, 2017); before, one type reference
                                        came from the host condition, even for a
                                        device-only map, the device half's unchecked */
    bool copy_release_pin_first;     /* gnttab_copy_release_buf() drops the pin
                                        before the page reference, and a copy of a
                                        pinned entry refuses a frame its granter no
                                        longer owns (XSA-236, e008f7619d, 2017);
                                        before, the reference went first and the
                                        pinned path trusted the pin (ASSERT(td)) */
    bool transfer_copy_owned;      /* a transfer's copy below the receiver's address width
                                      gets PGC_allocated and is the frame handed on
                                      (XSA-284, 6d4f36c3fe, 4.12.0; 1028304d42, 4.11.2);
                                      before, the freed original was mapped for the
                                      receiver, its IOMMU too */
    bool maptrack_freelist_locked; /* each vCPU's maptrack free list changed
                                      under its maptrack_freelist_lock, and a
                                      stolen sentinel ends the thief's list
                                      (XSA-228, 02cbeeb620, 2017); before, the
                                      lists were lock-free (cmpxchg), which the
                                      steal path broke, and the sentinel kept
                                      its link into the victim's list */
    bool unmap_put_handle_phase1;  /* unmap_common frees the maptrack handle whose
                                      last half it removed, under the active entry
                                      lock, after re-checking the entry's flags,
                                      domid and ref (XSA-218, b7f6cbb9d4, 2017);
                                      before, unmap_common_complete freed any handle
                                      it found without halves, so two unmaps of
                                      one handle's two halves both freed it */
    bool status_unpopulate_busy_checked; /* gnttab_unpopulate_status_frames() refuses
                                            (-EBUSY) a status frame still referenced
                                            (XSA-255, 141be845d9, 2018); before, its
                                            BUG_ON(pg->count_info & ~PGC_xen_heap) */
    bool frame_gfn_split;                /* Arm records a status frame's GFN apart
                                            from the shared frames' and reports it
                                            (XSA-255, 9d2f8f9c65, 2018); before, one
                                            array: status frame IDX's GFN overwrote
                                            shared frame IDX's, and Xen's lookup of a
                                            status frame's GFN was the constant 0 */
    bool arm_status_shared;              /* Arm status frames are shared with the domain
                                            (share_xen_page_with_guest(), 53fa8c8883, 4.12.0);
                                            before, Arm's gnttab_create_status_page() was empty:
                                            Xen heap pages with no owner */
    /* XENMEM_add_to_physmap(XENMAPSPACE_grant_table): gnttab_map_frame() and
       xenmem_add_to_physmap_one() (src/xen/physmap_gnttab.c) */
    bool physmap_m2p_locked;   /* x86 xenmem_add_to_physmap_one() reads the frame's
                                  M2P entry and updates the P2M under one P2M lock
                                  (XSA-379, f147422bf9, 4.16.0; 53e797c042 4.13.4,
                                  98bcd536c2 4.14.3, d40287a000 4.15.1); before,
                                  the M2P read came first, unlocked */
    bool map_frame_takes_ref;  /* gnttab_map_frame() takes a page reference its
                                  caller puts after the P2M update (XSA-384,
                                  eb6bbf7b30, 4.16.0; 9c4b19c110 4.13.4, ef6455a370
                                  4.14.3, 6f92f38419 4.15.1); before, the frame could
                                  be freed before it reached the P2M */
    bool map_frame_holds_lock; /* gnttab_map_frame_begin()/_end(): the grant-table
                                  lock held across the caller's P2M update (XSA-486,
                                  02708d3b51, 4.22.0; 7dedada019 4.17.7 .. 0d8b25d1fc
                                  4.21.2, later than the rows) */
    bool map_frame_gfn_in_set; /* 1b78d4c636 (4.17.0): gnttab_map_frame() no longer
                                  removes the frame's old GFN itself; Arm's
                                  gnttab_set_frame_gfn() does, x86 leaves it to
                                  xenmem_add_to_physmap_one(); a GFN of INVALID_GFN
                                  is -EINVAL */
    unsigned default_max_grant_frames;
    unsigned default_max_maptrack_frames;
};

/* The profile called @name ("4.14.1", "4.17", "master"), or NULL. */
const struct xen_profile *xen_profile_find(const char *name);

/* All profiles, oldest first; *@nr receives the count. Cannot fail. */
const struct xen_profile *xen_profiles(size_t *nr);

/*
 * Revert (@vulnerable) or apply the fix of XSA @xsa in @p: the knob the XSA names
 * (profile.c xen_xsa_knobs). Returns 0, or -ENOENT for an XSA without a knob.
 */
int xen_profile_set_xsa(struct xen_profile *p, unsigned xsa, bool vulnerable);
/* The @i-th XSA with a knob (ascending), or 0 past the last. Cannot fail. */
unsigned xen_xsa_knob(size_t i);

const char *xen_era_name(enum gnttab_iommu_era e);
const char *xen_arm_pred_name(enum arm_iommu_pred p);
/* The Arm predicate called @name ("need_iommu", "need_iommu_pt_sync", "iommu_enabled",
 * "passthrough_and_enabled"), or -1. */
int xen_arm_pred_find(const char *name);

#endif
