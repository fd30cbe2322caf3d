/* SPDX-License-Identifier: MIT */
/*
 * The release table. One row per Xen release naming each behaviour that
 * changed on the modelled path (designated initialisers: a knob is set by
 * name or not at all). Each knob's commits (verified with `git tag
 * --contains` and the source at each tag, docs/fidelity.md):
 *
 *   arm_pred   91d4eca7ad (4.12.0) broke it: need_iommu_pt_sync() is false on Arm;
 *              04085ec1ac (4.15.0; d7a1e06efd 4.13.3, b0b734a8b3 4.14.2) fixed it;
 *              7788391622 (4.21.0) added IS_ENABLED(CONFIG_HAS_PASSTHROUGH)
 *   need_sync  91d4eca7ad (4.12), 80ff3d338d (4.13: hap_pt_share at init)
 *   era        921f1f4226 A -> B (4.14.0; 4a0187b846 4.12.2, 55ca8abe77 4.13.1);
 *              9781b51efd B -> C, XSA-380 (4.16.0; 4d65fe936a 4.13.4, b81187fc40 4.14.3,
 *              2f6ebcec02 4.15.1)
 *   self_map   e8185c5f01 (4.15.0; 98e6482bd1 4.13.3, 9b6054a63e 4.14.2)
 *   xsa394     975a8fb45c (4.17.0; e48c7878e5 4.13.5, dbd85c0a82 4.14.4,
 *              2700abffa5 4.15.2, 965fbc8e80 4.16.1)
 *   pin_oflow  8cec5d065c (4.15.0, not backported)
 *   no_space   5c10b96795 (4.16.0)
 *   bad_dev    c5bf1295b0 (4.16.0)
 *   eilseq     5a4a2cef08 (4.17.0)
 *   cdf        CDF_directmap (4.17.0; is_hardware_domain() before)
 *   xenfeat    XENFEAT_direct_mapped / XENFEAT_not_direct_mapped (d66bf122c0, 4.16.0;
 *              not backported)
 *   xfphys     XENFEAT_runstate_phys_area (all) and XENFEAT_vcpu_time_phys_area (x86)
 *              in submap 0 ("domain: expose newly introduced hypercalls as XENFEAT",
 *              48a3fd1432, 4.18.0, not backported)
 *   xfmsix     x86 XENFEAT_dm_msix_all_writes (64b21662b1, 4.19.0, not backported)
 *   len0       GNTTABOP_copy ignores zero-length ops entirely (a4a790f432, 4.19.0;
 *              after XSA-448, not backported)
 *   av1        Arm GNTTAB_MAX_VERSION 1: "ARM: disable grant table v2" (9a5c16a3e7,
 *              4.12.0-rc1; RELEASE-4.11.0 still had opt_gnttab_max_version = 2)
 *   mtr        v2 maps of GTF_transitive entries refused (b339e3a976, 4.15.0;
 *              638b578713 4.13.3, 4a505ed5c4 4.14.2)
 *   tpv        GNTTABOP_transfer needs CONFIG_PV: opt_grant_transfer (185250ec78,
 *              4.17.0-rc1, not backported); Arm answers -EOPNOTSUPP before any op
 *   cap        grant_table_init (grant_table_set_limits in 4.11) refuses max_grant_frames
 *              above opt_max_grant_frames and max_maptrack_frames above
 *              opt_max_maptrack_frames (-EINVAL) until b2ea81d2b9 (4.18.0-rc1,
 *              "xen/grants: repurpose command line max options": defaults only)
 *   xsa500     GNTTABOP_copy checks a pinned entry against the re-read one (XSA-500,
 *              61b0a59ce2 on master, in no tag; backports 49f1cd9478 4.17.7,
 *              82b09c158e 4.18.6, 7dfed62794 4.19.6, 42093dac70 4.20.4, 14558d435f
 *              4.21.2, 52239dd76f 4.22.0): of the rows, 4.22 and master
 *   unmapinv   Arm arm_iommu_unmap_page() passes INVALID_MFN to guest_physmap_remove_page
 *              ("xen/arm: allow translated iommu mappings", 4cde4a552e, 4.21.0-rc1,
 *              not backported); before, the dfn
 *   iommu api  grant_table.c's IOMMU calls: iommu_map_page/iommu_unmap_page (4.11),
 *              iommu_legacy_map/unmap with a page order of 0 ("iommu: rename wrapper
 *              functions", d40029c844, 4.12.0), with a page count of 1 ("iommu: make
 *              map and unmap take a page count, similar to flush", 68a8aa5d72, 4.15.0,
 *              not backported: 4.13.5 and 4.14.6 still pass order 0)
 *   maddr      x86 XEN_DOMCTL_set_machine_address_size (41296317a3) exists until
 *              27869ee00e "xen: Drop XEN_DOMCTL_{get,set}_machine_address_size"
 *              (4.13.0-rc1; stable-4.12 keeps it): 4.11 and 4.12.x
 *   llc        non-direct-mapped dom0 with LLC colouring: create_dom0() sets
 *              CDF_directmap only when !llc_coloring_enabled (02975cc383, 6cdea3444e,
 *              4.20.0-rc1)
 *   xsa379/384 f147422bf9, eb6bbf7b30 (4.16.0; 4.13.4, 4.14.3, 4.15.1: the era C rows)
 *   xsa486     02708d3b51 (4.22.0; backports 4.17.7 .. 4.21.2 postdate the rows)
 *   mfgfn      1b78d4c636 (4.17.0): gnttab_map_frame() leaves the old GFN's removal
 *              to gnttab_set_frame_gfn() (Arm) or xenmem_add_to_physmap_one() (x86)
 *   vsmmu      not upstream: the virtual SMMUv3 series (v3 31 Mar 2026) was written
 *              against the 4.22 development tree; gntsim applies it to 4.22 and master
 *   cflush     GNTTABOP_cache_flush only with CONFIG_HAS_GRANT_CACHE_FLUSH, which only
 *              Arm selects: "x86/gnttab: do not implement GNTTABOP_cache_flush"
 *              (5642a6055c, 4.21.0-rc1, not backported)
 *   ashare     Arm status frames shared with the domain: "xen/gnttab: Drop
 *              gnttab_create_{shared,status}_page()" (53fa8c8883, 4.12.0-rc1): the
 *              common share_xen_page_with_guest() replaced Arm's empty macro
 *
 *   xsa318     a copy's ERESTART at an invocation's first op continues the hypercall:
 *              d6f22d5d9e (4.14.0; b66ce5058e 4.13.1, 3536f8dc39 4.12.3, d353f82b2e
 *              4.11.4); before, the hypercall returned 0 with the statuses unwritten
 *   xsa316     map_grant_ref's _set_status() failure is GNTST_general_error, not 1:
 *              broken by 863e74eb2c (XSA-295; backports in 4.12.1, 4.13.0), fixed by
 *              da0c66c8f4 (4.14.0; 46bde0561b 4.13.1, 52da38987a 4.12.3)
 *
 * Fixes older than 4.11 (FIXED_BEFORE_4_11), so in every row; a world option
 * (`world xsa230=vulnerable`, xen_profile_set_xsa()) reverts one:
 *   xsa230     copy pins: GTF_writing kept while a device writable pin exists
 *              ("gnttab: correct pin status fixup for copy", 6e2a4c7356, 2017)
 *   xsa232     cache_flush refuses a page whose owner has no grant table (DOMID_IO)
 *              ("grant_table: fix GNTTABOP_cache_flush handling", c3d830b244, 2017)
 *   xsa218     unmap frees a handle in its first phase, once its last half is gone,
 *              under the active entry lock after re-reading flags, domid and ref
 *              ("gnttab: Avoid potential double-put of maptrack entry", b7f6cbb9d4,
 *              2017; the part of XSA-218 a race shows: gntsim explore)
 *   xsa224     unmap drops the device_map half only for a non-zero, matching
 *              dev_bus_addr ("gnttab: fix handling of dev_bus_addr during unmap",
 *              1959b49f35, 2017), and a writable device map takes its own type
 *              reference ("gnttab: correct logic to get page references during map
 *              requests", 00f67ee347, 2017; 75b384ece6 on master): two of XSA-224's
 *              four fixes, reverted together
 *   xsa255     two fixes, reverted together: a still-referenced status frame makes
 *              set_version -EBUSY, not Xen's BUG_ON ("gnttab: don't blindly free
 *              status pages upon version change", 141be845d9, 2018), and Arm records
 *              its status frames' GFNs apart from the shared frames' ("gnttab/ARM:
 *              don't corrupt shared GFN array", 9d2f8f9c65, 2018; 4.10.1). Reverting
 *              9d2f8f9c65 onto 4.11 .. 4.16, whose gnttab_get_frame_gfn() (added by
 *              38bfcc165d, right after it) reads the status GFN macro: status frame
 *              IDX's GFN goes into the one array's slot IDX, shared frame IDX's, and
 *              the macro is the constant 0 again, so get_status_frames lists GFN 0
 *              and Xen takes a status frame out of the P2M at GFN 0 (gnttab_map_frame's
 *              old GFN, the switch to v1). From 71320946d5 (4.17.0) an Arm frame's
 *              GFN lives in its page_info, no array is shared: gntsim's arrays stand
 *              for that, and the same revert there is a what-if
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "env/compiler.h"
#include "xen/profile.h"

/*
 * A row names every knob it sets; a knob left out is false. Behaviours that
 * arrived with a release line and stayed are grouped by that line; fixes that
 * were backported are named one by one, since each stable branch got them at
 * a different point release.
 */
#define SINCE_4_12                                                                       \
    .arm_gnttab_v1_only = true, .iommu_legacy_api = true, .arm_status_shared = true,     \
    FIX_XSA284
#define SINCE_4_15 .pin_oflow_per_counter = true, .iommu_page_count = true
#define SINCE_4_16                                                                       \
    .maptrack_no_space = true, .unmap_bad_dev_addr = true, .xenfeat_direct_mapped = true
#define SINCE_4_17                                                                       \
    .p2m_remove_checks_mfn = true, .directmap_cdf = true, .transfer_needs_pv = true,     \
    .map_frame_gfn_in_set = true /* 1b78d4c636 */
#define SINCE_4_18     .xenfeat_phys_area = true
#define SINCE_4_19     .copy_len0_ok = true, .xenfeat_dm_msix = true
#define SINCE_4_20     .llc_coloring = true
#define SINCE_4_21     .cache_flush_needs_has = true, .arm_iommu_unmap_invalid_mfn = true
#define VSMMU_SERIES   .vsmmu_series = true           /* not merged: a what-if */
#define FIX_SELF_MAP   .self_map_bypass = true        /* e8185c5f01 */
#define FIX_TRANSITIVE .map_rejects_transitive = true /* b339e3a976 */
#define FIX_XSA394     .xsa394_fixed = true           /* 975a8fb45c */
#define FIX_XSA500     .copy_pinned_checked = true    /* 61b0a59ce2 */
#define FIX_XSA284     .transfer_copy_owned = true /* 6d4f36c3fe (4.11.2: 1028304d42) */
#define FIX_XSA411     .copy_trans_restart_unlocked = true /* 6e3aab858e; 042de08439 */
#define FIX_XSA318     .copy_restart_continues = true /* d6f22d5d9e; b66ce5058e 4.13.1 */
#define FIX_XSA501     .v2_ops_counted = true         /* 96dfeb4177 */
/* f147422bf9 and eb6bbf7b30 reached each stable line at the same point release as
 * 9781b51efd (era C): 4.13.4, 4.14.3, 4.15.1, 4.16.0 */
#define FIX_XSA379_384 .physmap_m2p_locked = true, .map_frame_takes_ref = true
#define FIX_XSA486     .map_frame_holds_lock = true /* 02708d3b51 */
#define NO_XSA316      .map_status_negative = true  /* before 863e74eb2c; da0c66c8f4 */
#define LIMITS_CAPPED  .gnttab_limits_capped = true /* until b2ea81d2b9 */
#define MACHINE_ADDR   .machine_address_size = true /* until 27869ee00e */
#define DEFAULT_LIMITS .default_max_grant_frames = 64, .default_max_maptrack_frames = 1024
#define FIXED_BEFORE_4_11                                                                \
    .copy_status_dev_pins = true,              /* 6e2a4c7356 (XSA-230) */                \
        .cflush_checks_gt = true,              /* c3d830b244 (XSA-232) */                \
        .unmap_dev_bus_addr_checked = true,    /* 1959b49f35 (XSA-224) */                \
        .map_type_refs_counted = true,         /* 00f67ee347 (XSA-224) */                \
        .unmap_put_handle_phase1 = true,       /* b7f6cbb9d4 (XSA-218) */                \
        .maptrack_freelist_locked = true,      /* 02cbeeb620 (XSA-228) */                \
        .copy_release_pin_first = true,        /* e008f7619d (XSA-236) */                \
        .frame_gfn_split = true,               /* 9d2f8f9c65 (XSA-255) */                \
        .status_unpopulate_busy_checked = true /* 141be845d9 (XSA-255) */

/* Rows up to 4.14.1: the broken predicate (eras A and B, no backported fix yet). */
#define XEN_OLD(n, t, pred, sync, er, ...)                                               \
    {                                                                                    \
        .name = n, .tag = t, .arm_pred = pred, .need_sync = sync, .era = er,             \
        DEFAULT_LIMITS, FIXED_BEFORE_4_11, __VA_ARGS__                                   \
    }
/* Rows with the 04085ec1ac predicate or later: the self-map and transitive fixes too. */
#define XEN_FIXED(n, t, pred, er, ...)                                                   \
    {                                                                                    \
        .name = n, .tag = t, .arm_pred = pred, .need_sync = NEED_SYNC_413, .era = er,    \
        DEFAULT_LIMITS, FIXED_BEFORE_4_11, SINCE_4_12, FIX_SELF_MAP, FIX_TRANSITIVE,     \
        NO_XSA316, FIX_XSA318, __VA_ARGS__                                               \
    }

#define EN PRED_IOMMU_ENABLED
#define PE PRED_PT_AND_ENABLED

static const struct xen_profile xen_profile_table[] = {
    XEN_OLD("4.11", "RELEASE-4.11.0", PRED_NEED_IOMMU, NEED_SYNC_NONE_411, ERA_A,
            LIMITS_CAPPED, MACHINE_ADDR, NO_XSA316),
    XEN_OLD("4.12.0", "RELEASE-4.12.0", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_412, ERA_A,
            SINCE_4_12, LIMITS_CAPPED, MACHINE_ADDR, NO_XSA316),
    XEN_OLD("4.12.1", "RELEASE-4.12.1", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_412, ERA_A,
            SINCE_4_12, LIMITS_CAPPED, MACHINE_ADDR),
    XEN_OLD("4.12.2", "RELEASE-4.12.2", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_412, ERA_B,
            SINCE_4_12, LIMITS_CAPPED, MACHINE_ADDR),
    XEN_OLD("4.13.0", "RELEASE-4.13.0", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_413, ERA_A,
            SINCE_4_12, LIMITS_CAPPED),
    XEN_OLD("4.13.1", "RELEASE-4.13.1", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_413, ERA_B,
            SINCE_4_12, LIMITS_CAPPED, NO_XSA316, FIX_XSA318),
    XEN_OLD("4.13.2", "RELEASE-4.13.2", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_413, ERA_B,
            SINCE_4_12, LIMITS_CAPPED, NO_XSA316, FIX_XSA318),
    XEN_FIXED("4.13.3", "RELEASE-4.13.3", EN, ERA_B, LIMITS_CAPPED),
    XEN_FIXED("4.13.4", "RELEASE-4.13.4", EN, ERA_C, LIMITS_CAPPED, FIX_XSA379_384),
    XEN_FIXED("4.13.5", "RELEASE-4.13.5", EN, ERA_C, FIX_XSA394, FIX_XSA411,
              LIMITS_CAPPED, FIX_XSA379_384),
    XEN_OLD("4.14.0", "RELEASE-4.14.0", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_413, ERA_B,
            SINCE_4_12, LIMITS_CAPPED, NO_XSA316, FIX_XSA318),
    XEN_OLD("4.14.1", "RELEASE-4.14.1", PRED_NEED_IOMMU_PT_SYNC, NEED_SYNC_413, ERA_B,
            SINCE_4_12, LIMITS_CAPPED, NO_XSA316, FIX_XSA318),
    XEN_FIXED("4.14.2", "RELEASE-4.14.2", EN, ERA_B, LIMITS_CAPPED),
    XEN_FIXED("4.14.3", "RELEASE-4.14.3", EN, ERA_C, LIMITS_CAPPED, FIX_XSA379_384),
    XEN_FIXED("4.14.4", "RELEASE-4.14.4", EN, ERA_C, FIX_XSA394, LIMITS_CAPPED,
              FIX_XSA379_384),
    XEN_FIXED("4.15.0", "RELEASE-4.15.0", EN, ERA_B, SINCE_4_15, LIMITS_CAPPED),
    XEN_FIXED("4.15.1", "RELEASE-4.15.1", EN, ERA_C, SINCE_4_15, LIMITS_CAPPED,
              FIX_XSA379_384),
    XEN_FIXED("4.15.2", "RELEASE-4.15.2", EN, ERA_C, SINCE_4_15, FIX_XSA394,
              LIMITS_CAPPED, FIX_XSA379_384),
    XEN_FIXED("4.16.0", "RELEASE-4.16.0", EN, ERA_C, SINCE_4_15, SINCE_4_16,
              LIMITS_CAPPED, FIX_XSA379_384),
    XEN_FIXED("4.16.1", "RELEASE-4.16.1", EN, ERA_C, SINCE_4_15, SINCE_4_16, FIX_XSA394,
              LIMITS_CAPPED, FIX_XSA379_384),
    XEN_FIXED("4.17", "RELEASE-4.17.0", EN, ERA_C, SINCE_4_15, SINCE_4_16, SINCE_4_17,
              FIX_XSA394, FIX_XSA411, LIMITS_CAPPED, FIX_XSA379_384),
    XEN_FIXED("4.18", "RELEASE-4.18.0", EN, ERA_C, SINCE_4_15, SINCE_4_16, SINCE_4_17,
              SINCE_4_18, FIX_XSA394, FIX_XSA411, FIX_XSA379_384),
    XEN_FIXED("4.19", "RELEASE-4.19.0", EN, ERA_C, SINCE_4_15, SINCE_4_16, SINCE_4_17,
              SINCE_4_18, SINCE_4_19, FIX_XSA394, FIX_XSA411, FIX_XSA379_384),
    XEN_FIXED("4.20", "RELEASE-4.20.0", EN, ERA_C, SINCE_4_15, SINCE_4_16, SINCE_4_17,
              SINCE_4_18, SINCE_4_19, SINCE_4_20, FIX_XSA394, FIX_XSA411, FIX_XSA379_384),
    XEN_FIXED("4.21", "RELEASE-4.21.0", PE, ERA_C, SINCE_4_15, SINCE_4_16, SINCE_4_17,
              SINCE_4_18, SINCE_4_19, SINCE_4_20, SINCE_4_21, FIX_XSA394, FIX_XSA411,
              FIX_XSA379_384),
    XEN_FIXED("4.22", "RELEASE-4.22.0", PE, ERA_C, SINCE_4_15, SINCE_4_16, SINCE_4_17,
              SINCE_4_18, SINCE_4_19, SINCE_4_20, SINCE_4_21, FIX_XSA394, FIX_XSA411,
              FIX_XSA500, VSMMU_SERIES, FIX_XSA379_384, FIX_XSA486),
    XEN_FIXED("master", "c447b7308b", PE, ERA_C, SINCE_4_15, SINCE_4_16, SINCE_4_17,
              SINCE_4_18, SINCE_4_19, SINCE_4_20, SINCE_4_21, FIX_XSA394, FIX_XSA411,
              FIX_XSA500, FIX_XSA501, VSMMU_SERIES, FIX_XSA379_384, FIX_XSA486,
              .xenver = 0x40017 /* 4.23-unstable */),
};

const struct xen_profile *xen_profiles(size_t *nr)
{
    *nr = ARRAY_SIZE(xen_profile_table);
    return xen_profile_table;
}

const struct xen_profile *xen_profile_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(xen_profile_table); i++)
        if (!strcmp(xen_profile_table[i].name, name) ||
            !strcmp(xen_profile_table[i].tag, name))
            return &xen_profile_table[i];
    return NULL;
}

/*
 * The XSAs whose fix a world option may revert or apply, each the knob of its fix
 * (true: fixed). Ascending by XSA.
 */
static const struct xsa_knob {
    unsigned xsa;
    size_t off; /* of a bool in struct xen_profile */
} xen_xsa_knobs[] = {
    {218, offsetof(struct xen_profile, unmap_put_handle_phase1)},        /* b7f6cbb9d4 */
    {224, offsetof(struct xen_profile, unmap_dev_bus_addr_checked)},     /* 1959b49f35 */
    {224, offsetof(struct xen_profile, map_type_refs_counted)},          /* 00f67ee347 */
    {228, offsetof(struct xen_profile, maptrack_freelist_locked)},       /* 02cbeeb620 */
    {230, offsetof(struct xen_profile, copy_status_dev_pins)},           /* 6e2a4c7356 */
    {232, offsetof(struct xen_profile, cflush_checks_gt)},               /* c3d830b244 */
    {236, offsetof(struct xen_profile, copy_release_pin_first)},         /* e008f7619d */
    {255, offsetof(struct xen_profile, frame_gfn_split)},                /* 9d2f8f9c65 */
    {255, offsetof(struct xen_profile, status_unpopulate_busy_checked)}, /* 141be845d9 */
    {268, offsetof(struct xen_profile, arm_gnttab_v1_only)},             /* 9a5c16a3e7 */
    {284, offsetof(struct xen_profile, transfer_copy_owned)},            /* 6d4f36c3fe */
    {316, offsetof(struct xen_profile, map_status_negative)},            /* da0c66c8f4 */
    {318, offsetof(struct xen_profile, copy_restart_continues)},         /* d6f22d5d9e */
    {379, offsetof(struct xen_profile, physmap_m2p_locked)},             /* f147422bf9 */
    {384, offsetof(struct xen_profile, map_frame_takes_ref)},            /* eb6bbf7b30 */
    {394, offsetof(struct xen_profile, xsa394_fixed)},                   /* 975a8fb45c */
    {411, offsetof(struct xen_profile, copy_trans_restart_unlocked)},    /* 6e3aab858e */
    {486, offsetof(struct xen_profile, map_frame_holds_lock)},           /* 02708d3b51 */
    {500, offsetof(struct xen_profile, copy_pinned_checked)},            /* 61b0a59ce2 */
    {501, offsetof(struct xen_profile, v2_ops_counted)},                 /* 96dfeb4177 */
};

int xen_profile_set_xsa(struct xen_profile *p, unsigned xsa, bool vulnerable)
{
    int rc = -ENOENT;

    for (size_t i = 0; i < ARRAY_SIZE(xen_xsa_knobs); i++)
        if (xen_xsa_knobs[i].xsa == xsa) {
            *(bool *)((char *)p + xen_xsa_knobs[i].off) = !vulnerable;
            rc = 0; /* an XSA with several modelled fixes: all of them */
        }
    return rc;
}

unsigned xen_xsa_knob(size_t i)
{
    for (size_t k = 0; k < ARRAY_SIZE(xen_xsa_knobs); k++)
        if ((k == 0 || xen_xsa_knobs[k].xsa != xen_xsa_knobs[k - 1].xsa) && i-- == 0)
            return xen_xsa_knobs[k].xsa;
    return 0;
}

const char *xen_era_name(enum gnttab_iommu_era e)
{
    return e == ERA_A ? "A" : e == ERA_B ? "B" : "C";
}

int xen_arm_pred_find(const char *name)
{
    static const char *const names[] = {
        [PRED_NEED_IOMMU] = "need_iommu",
        [PRED_NEED_IOMMU_PT_SYNC] = "need_iommu_pt_sync",
        [PRED_IOMMU_ENABLED] = "iommu_enabled",
        [PRED_PT_AND_ENABLED] = "passthrough_and_enabled",
    };

    for (int i = 0; i < (int)ARRAY_SIZE(names); i++)
        if (!strcmp(names[i], name))
            return i;
    return -1;
}

const char *xen_arm_pred_name(enum arm_iommu_pred p)
{
    switch (p) {
    case PRED_NEED_IOMMU:
        return "direct_mapped && need_iommu";
    case PRED_NEED_IOMMU_PT_SYNC:
        return "direct_mapped && need_iommu_pt_sync (always false)";
    case PRED_IOMMU_ENABLED:
        return "direct_mapped && is_iommu_enabled";
    case PRED_PT_AND_ENABLED:
        return "HAS_PASSTHROUGH && direct_mapped && is_iommu_enabled";
    }
    return "?";
}
