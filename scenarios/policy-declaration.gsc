# The declared capability (item 2 of issue 16): dom0's kernel says it can do
# without swiotlb-xen (the ELF note Julien Grall's review of 04085ec1ac
# proposed, 247f517e-a283-12c8-2ccb-3915cda4ac2e@xen.org; never upstream), so
# Arm gnttab_need_iommu_mapping() is false for it: no 1:1 IOMMU map and no
# double_gt_lock, in every release.
#
# Here the declaration is wrong: the kernel still hands nic0, behind the SMMU,
# the machine address through swiotlb-xen (dma-policy=swiotlb-xen). Xen
# believed every device of dom0 translated at the guest-physical address, so
# the SMMU finds nothing at the machine frame: the seed bug's fault line again,
# now in every release, fixed ones included. nic1, not behind the SMMU, works:
# only devices behind the IOMMU need the 1:1 entries.
releases all
group double-lock 4.11 4.13.3 4.14.2 4.15.0

smmu
domain d0 hwdom direct iommu mfn=0x40000 no-swiotlb-xen
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0 expect swiotlb == 1
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay and bus == 0x8424cb000
  # what the declaration saves: no 1:1 map, and not the double lock either
  expect actions.iommu_map == 0 and actions.iommu_decision == 0
  expect actions !contains "double_gt_lock"
iommu d0 0x8424cb expect entry == none

dma-map d0 nic0 0x100000148 16 to-device as d
  expect addr == 0x8424cb148
dma-read nic0 $d.addr 16 expect rc == -EIO
fault expect fsr == 0x402 and far == 0x8424cb148 and fsynr == 0x1 and cb == 0
expect log contains "smmu: /smmu@fd800000: Unhandled context fault: fsr=0x402, iova=0x8424cb148, fsynr=0x1, cb=0"
expect log contains "DMA bus error: HRESP not OK"

# the same page to the NIC without an SMMU: the machine address is the address
dma-map d0 nic1 0x100000148 16 to-device as d1
  expect addr == 0x8424cb148
dma-read nic1 $d1.addr 16 expect rc == 0 and bytes == "GET / HTTP/1.1\r\n"

linux-unmap d0 $m
  expect status == GNTST_okay and actions.iommu_unmap == 0
  expect actions !contains "double_gt_lock"
