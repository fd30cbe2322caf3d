# A device write through a read-only mapping: the TX grant is read-only, so
# Xen's 1:1 entry is p2m_iommu_map_ro and the SMMU refuses the write with a
# permission fault (FSR.PF). In the affected releases there is no entry at
# all: translation fault (FSR.TF). Either way nothing reaches the page.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 coherent

write d1 0x400cb000 "original"
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
dma-write nic0 $m.bus "scribble" expect rc == -EIO
fault
  expect[affected] fsr == 0x402 and far == 0x8424cb000
  expect[!affected] fsr == 0x408 and far == 0x8424cb000
read d1 0x400cb000 8 expect bytes == "original"
