# The expectation operators on the seed bug's path: a bit mask on a term
# (FSR.TF is bit 1, FSR.FORMAT bits 9-10; FSYNR0.WNR bit 4), the ordered
# comparisons and sets, for numbers and strings.
releases 4.14.1 4.15.0
group affected 4.14.1

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m
  expect status in {GNTST_okay, GNTST_eagain} and status !in {GNTST_bad_gntref}
  expect handle < 4 and handle <= 0 and handle >= 0 and handle != 1
  expect bus & 0xfff == 0 and bus > 0x8424ca000 and bus >= 0x8424cb000
iommu d0 0x8424cb
  expect[affected] entry == none
  expect[!affected] type in {p2m_iommu_map_ro, p2m_iommu_map_rw} and type != p2m_ram_rw
dma-read nic0 0x8424cb148 4
fault
  expect[affected] fsr & 0x2 == 0x2 and fsr & 0x600 == 0x400 and fsynr & 0x10 == 0
  expect[affected] fsr & 0x2 != 0 and cb in {0, 1} and far > 0x8424cb000
