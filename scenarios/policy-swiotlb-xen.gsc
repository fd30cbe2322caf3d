# dma-policy=swiotlb-xen: today's dom0 (the default; Linux xen_swiotlb_detect(),
# Xen's 1:1 IOMMU maps from gnttab_need_iommu_mapping(), 04085ec1ac).
#
# A mixed board, as on real SoCs: nic0 behind the SMMU, nic1 not. swiotlb-xen
# hands both the machine address of the granted page. nic1 needs nothing more;
# nic0's DMA goes through the SMMU, so it works only where Xen made the 1:1
# entry: not in the seed bug's releases. The price elsewhere: a 1:1 IOMMU map
# and unmap per grant, an IOTLB invalidation each, double_gt_lock in eras A
# and B, and a GNTTABOP_cache_flush per buffer of a non-coherent device.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1
group double-lock 4.11 4.13.3 4.14.2 4.15.0

world dma-policy=swiotlb-xen
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0 expect swiotlb == 1 and cflush == 1
linux-boot d1
write d1 0x400cb148 "to nic0 via SMMU"
write d1 0x400cc148 "to nic1 direct.."
linux-grant d1 to=d0 gfn=0x400cb ro as g0
linux-grant d1 to=d0 gfn=0x400cc ro as g1
linux-map d0 d1 $g0.ref ro host=0x100000 as m0
  expect status == GNTST_okay and bus == 0x8424cb000
  expect[affected] actions.iommu_map == 0
  expect[!affected] actions.iommu_map == 1
  expect[double-lock] actions contains "d0 double_gt_lock d1"
  expect[!double-lock] actions !contains "double_gt_lock"
linux-map d0 d1 $g1.ref ro host=0x100001 as m1
  expect[!affected] actions.iommu_map == 1

# nic0: swiotlb-xen, the machine address, through the SMMU
dma-map d0 nic0 0x100000148 16 to-device as d0
  expect addr == 0x8424cb148 and actions.cache_flush_op == 1
  expect actions !contains "dma ops"                  # today's choice is not traced
dma-read nic0 $d0.addr 16
  expect[affected] rc == -EIO
  expect[!affected] rc == 0 and bytes == "to nic0 via SMMU"
fault
  expect[affected] fsr == 0x402 and far == 0x8424cb148 and cb == 0
  expect[!affected] fault == none

# nic1: swiotlb-xen, the machine address, no SMMU: works everywhere
dma-map d0 nic1 0x100001148 16 to-device as d1
  expect addr == 0x8424cc148 and actions.cache_flush_op == 1
dma-read nic1 $d1.addr 16 expect rc == 0 and bytes == "to nic1 direct.."

linux-unmap d0 $m0
  expect[affected] actions.iommu_unmap == 0
  expect[!affected] actions.iommu_unmap == 1
