# A well-formed scenario whose expectation does not hold: exit 1 with
# file:line, the release, expected and actual.
releases 4.14.1 master
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m
  expect status == GNTST_okay
iommu d0 0x8424cb
  expect type == p2m_iommu_map_rw
