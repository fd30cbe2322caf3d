# The seed with a cache-coherent NIC: caches are not the problem, the
# missing 1:1 IOMMU entry is. Same outcome per release as the seed.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 coherent
linux-boot d0
linux-boot d1

write d1 0x400cb148 "coherent TX"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m expect status == GNTST_okay
dma-map d0 nic0 0x100000148 11 to-device as d expect addr == 0x8424cb148
dma-read nic0 $d.addr 11
  expect[affected] rc == -EIO
  expect[!affected] bytes == "coherent TX"
fault
  expect[affected] fsr == 0x402 and far == 0x8424cb148
  expect[!affected] fault == none
