# No IOMMU: dom0 is not behind an SMMU, the NIC's bus address is the
# machine address, and the grant map needs no 1:1 entry. Works everywhere.
releases all
world iommu=off

domain d0 hwdom direct mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 nosmmu
linux-boot d0 expect swiotlb == 1
linux-boot d1

write d1 0x400cb148 "no iommu"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay and bus == 0x8424cb000
iommu d0 0x8424cb expect entry == none
dma-map d0 nic0 0x100000148 8 to-device as d expect addr == 0x8424cb148
dma-read nic0 $d.addr 8 expect rc == 0 and bytes == "no iommu"
