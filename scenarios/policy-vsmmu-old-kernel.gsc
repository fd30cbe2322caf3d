# dma-policy=vsmmu with a dom0 kernel before Linux 6.12 (policy-aware=off):
# its arm-smmu-v3 driver attaches nic0 to a translating stage-1 domain, but
# arch_setup_dma_ops() then lets xen_setup_dma_ops() put swiotlb-xen in
# dev->dma_ops, which those kernels consult first (b5c58b2fdc42 changed the
# order in 6.12). swiotlb-xen hands nic0 the machine address, stage 1 has no
# such IOVA: a stage-1 translation fault that Xen's vSMMU reports to dom0 (no
# SMMU context fault from stage 2), in every release the series applies to.
releases 4.22 master

world dma-policy=vsmmu
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0 policy-aware=off expect swiotlb == 1
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect actions.iommu_map == 1
dma-map d0 nic0 0x100000148 16 to-device as d
  expect addr == 0x8424cb148 and actions.vsmmu_map == 0
  expect actions contains "vSMMUv3 stage 1 on, but dev->dma_ops = swiotlb-xen (before 6.12)"
dma-read nic0 $d.addr 16 expect rc == -EIO
  expect actions contains "d0 dev0 vsmmu stage 1 translation fault at iova 0x8424cb148"
fault expect fault == none
expect log contains "[d0] arm-smmu-v3 vsmmu: event 0x10 received:"
expect log contains "DMA bus error: HRESP not OK"
