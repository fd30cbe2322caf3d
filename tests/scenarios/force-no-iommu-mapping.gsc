# gnttab_need_iommu_mapping() forced false in fixed releases: the seed bug
# comes back (no 1:1 entry, an SMMU translation fault) and invariant S7
# reports it; in era C (master) S5 too, since the checker derives which
# domains keep per-mfn counters itself instead of asking the forced predicate.
world need-iommu-mapping=off
releases 4.15.0 master
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro expect status == GNTST_okay
iommu d0 0x8424cb expect entry == none
dma-read nic0 0x8424cb148 4 expect rc == -EIO
fault expect fsr & 0x2 == 0x2
check expect first == S7
  expect[4.15.0] findings == 1
  expect[master] findings == 2
