# HYPERVISOR_xen_version through the hypercall entry (xen/common/kernel.c
# do_xen_version): XENVER_get_features submap 0 as each release builds it for an
# Arm domU, an Arm direct-mapped dom0, an x86 PV and an x86 HVM/PVH guest;
# XENVER_version; XENVER_pagesize.
#   all:   memory_op_vnode_supported (13); translated: writable_page_tables (0),
#          auto_translated_physmap (2); hwdom: dom0 (11); Arm: ARM_SMCCC_supported (14);
#          x86 PV: mmu_pt_update_preserve_ad (5), highmem_assist (6),
#          gnttab_map_avail_bits (7); x86 HVM: hvm_callback_vector (8), hvm_safe_pvclock (9)
#   4.16+: direct_mapped (17) when not translated or direct-mapped, else
#          not_direct_mapped (16) (d66bf122c0)
#   4.18+: runstate_phys_area (18), x86 also vcpu_time_phys_area (19) (48a3fd1432)
#   4.19+: x86 dm_msix_all_writes (20) (64b21662b1)
releases all
group e416 4.16.0 4.16.1 4.17
group e418 4.18
group e419 4.19 4.20 4.21 4.22 master
group new e416 e418 e419

domain d0 hwdom direct iommu mfn=0x40000
domain d1
domain d2 arch=x86-pv
domain d3 arch=x86-hvm

xenver d1 get_features
  expect rc == 0
  expect[!new] submap == 0x6005
  expect[e416] submap == 0x16005
  expect[e418, e419] submap == 0x56005
  expect submap & 0x4800 == 0x4000       # SMCCC, not dom0
xenver d0 get_features
  expect[!new] submap == 0x6805
  expect[e416] submap == 0x26805
  expect[e418, e419] submap == 0x66805
  expect submap & 0x800 == 0x800         # XENFEAT_dom0
xenver d2 get_features
  expect[!new] submap == 0x20e0
  expect[e416] submap == 0x220e0
  expect[e418] submap == 0xe20e0
  expect[e419] submap == 0x1e20e0
  expect submap & 0x5 == 0               # not translated
xenver d3 get_features
  expect[!new] submap == 0x2305
  expect[e416] submap == 0x12305
  expect[e418] submap == 0xd2305
  expect[e419] submap == 0x1d2305

# only submap 0 exists (XENFEAT_NR_SUBMAPS 1): -EINVAL, nothing written back
xenver d1 get_features submap=1 expect rc == -EINVAL and submap == 0xdeadbeef
# an unreadable argument: copy_from_guest() fails
xenver d1 get_features null expect rc == -EFAULT

# XENVER_version: XEN_VERSION << 16 | XEN_SUBVERSION of the release's xen/Makefile
xenver d1 version
  expect major == 4 and rc & 0xffff0000 == 0x40000
  expect[4.11] minor == 11 and rc == 0x4000b
  expect[4.14.1, 4.14.0] minor == 14
  expect[4.22] minor == 22
  expect[master] minor == 23
  expect[!4.11] minor >= 12

# XENVER_pagesize: PAGE_SIZE, only with a null argument
xenver d2 pagesize expect rc == 4096
xenver d2 pagesize buffer expect rc == -EINVAL

# a domain that does not exist issues nothing
xenver d9 version expect rc == -ESRCH
