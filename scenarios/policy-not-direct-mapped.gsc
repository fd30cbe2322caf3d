# dma-policy=not-direct-mapped: LLC colouring, the one upstream way to a dom0
# that is not direct-mapped: create_dom0() sets CDF_directmap only without it
# ("xen/arm: permit non direct-mapped Dom0 construction", 02975cc383, and
# 6cdea3444e, 4.20.0). Xen then says XENFEAT_not_direct_mapped (d66bf122c0),
# Linux's xen_swiotlb_detect() says no, and gnttab_need_iommu_mapping() is
# false: no swiotlb-xen, no 1:1 IOMMU maps, no double lock, for all devices at
# once. The `direct` below is what an uncoloured boot would do; colouring
# overrides it. Earlier releases refuse the policy
# (tests/scenarios/error/dma-policy-not-direct-mapped-before-colouring.gsc).
#
# Its edge is the flag's: every DMA master must be behind the IOMMU. nic0
# reads the page at its gfn; nic1, without an SMMU, is handed the gfn too.
releases 4.20 4.21 4.22 master

world dma-policy=not-direct-mapped
smmu
domain d0 hwdom direct iommu mfn=0x40000
  expect actions contains "d0 created (arm, iommu), 256 pages"      # not direct-mapped
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0 expect swiotlb == 0 and cflush == 0
  expect actions contains "d0 XENVER_get_features submap 0 = 0x56805"   # bit 16: not_direct_mapped (bit 18: runstate_phys_area, 48a3fd1432, 4.18)
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay and actions.iommu_map == 0
  expect actions !contains "double_gt_lock" and actions.iommu_decision == 0
iommu d0 0x8424cb expect entry == none
dma-map d0 nic0 0x100000148 16 to-device as d0
  expect addr == 0x100000148 and actions.cache_flush_op == 0
dma-read nic0 $d0.addr 16 expect rc == 0 and bytes == "GET / HTTP/1.1\r\n"
dma-map d0 nic1 0x100000148 16 to-device as d1
  expect addr == 0x100000148
dma-read nic1 $d1.addr 16 expect rc == -EIO and actions.smmu_fault == 0
fault expect fault == none
linux-unmap d0 $m expect status == GNTST_okay and actions.iommu_unmap == 0
