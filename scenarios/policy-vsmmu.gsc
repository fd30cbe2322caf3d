# dma-policy=vsmmu: Xen keeps iommus for dom0's devices behind its SMMU,
# pointing at a virtual SMMUv3 (Milan Djokic's series v3,
# <cover.1774918270.git.milan_djokic@epam.com>, 31 Mar 2026, after Rahul
# Singh's RFC of Dec 2022; not merged, so gntsim applies it to the tree it was
# written against: 4.22 and master). dom0's arm-smmu-v3 driver programs stage
# 1 (IOVA -> dom0's IPA), Xen's P2M stays stage 2. Since Linux 6.12
# (b5c58b2fdc42) use_dma_iommu() comes before dev->dma_ops, so nic0 gets
# iommu-dma: an IOVA from the top of the stage-1 space down, the granted page
# mapped at its gfn in stage 1, and the DMA translated twice. The series leaves
# grant tables alone: Xen still makes its 1:1 map, which nothing uses now.
# Unmapping invalidates stage 1 by a command Xen's vSMMU traps.
# policy-vsmmu-old-kernel.gsc: a kernel before 6.12.
releases 4.22 master

world dma-policy=vsmmu
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0 expect swiotlb == 1
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay and actions.iommu_map == 1     # kept, unused
dma-map d0 nic0 0x100000148 16 to-device as d0
  expect addr == 0xfffffffff148 and actions.cache_flush_op == 0
  expect actions contains "d0 dev0 dma ops iommu-dma (iommus -> vSMMUv3, use_dma_iommu())"
  expect actions contains "d0 dev0 vsmmu stage 1 iova 0xfffffffff000 -> ipa 0x100000000"
dma-read nic0 $d0.addr 16 expect rc == 0 and bytes == "GET / HTTP/1.1\r\n"
# the unmarked nic1 keeps swiotlb-xen
dma-map d0 nic1 0x100000148 16 to-device as d1
  expect addr == 0x8424cb148 and actions.cache_flush_op == 1
dma-read nic1 $d1.addr 16 expect rc == 0 and bytes == "GET / HTTP/1.1\r\n"
dma-unmap d0 nic0 $d0.addr 16 to-device
  expect rc == 0 and actions.vsmmu_unmap == 1
# the IOVA is gone from stage 1: a late DMA faults there, before stage 2
dma-read nic0 $d0.addr 16 expect rc == -EIO and actions.vsmmu_fault == 1
  expect actions.smmu_fault == 0
expect log contains "[d0] arm-smmu-v3 vsmmu: event 0x10 received:"
fault expect fault == none
