# Kernel variants at boot. A dom0 kernel that does not use swiotlb-xen hands
# the NIC the grant mapping's own address (dma-direct, bus = phys): the SMMU
# walks dom0's P2M and finds the grant entry there, so the seed bug's DMA
# works in 4.14.1 too (what per-device IOMMU knowledge in dom0 would give,
# the review of 04085ec1ac). A kernel without the cache-flush probe never
# asks Xen to flush a foreign page.
releases 4.14.1 4.15.0
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0 swiotlb=off cflush=off
  expect swiotlb == 0 and cflush == 0
linux-boot d1
write d1 0x400cb148 "GET /"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay
dma-map d0 nic0 0x100000148 5 to-device as d
  expect addr == 0x100000148 and actions.cache_flush_op == 0
dma-read nic0 $d.addr 5 expect rc == 0 and bytes == "GET /"
fault expect fault == none
