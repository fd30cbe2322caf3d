# A masked term and a set that do not hold: each must fail (exit 1).
releases 4.14.1
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro
  expect status in {GNTST_eagain, GNTST_bad_gntref}
dma-read nic0 0x8424cb148 4
fault
  expect fsr & 0x2 == 0
