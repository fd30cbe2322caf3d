# An order of two action kinds that does not hold must fail (exit 1): the
# map's completion comes after its pin, and 4.14.1 makes no IOMMU map at all.
releases 4.14.1
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro
  expect actions.gnttab_map before gnttab_pin
  expect actions.gnttab_pin before iommu_map
  expect actions.p2m_set == {"d0 p2m gfn 0x100000 -> mfn 0x8424cb p2m_grant_map_ro", "d0 p2m gfn 0x8424cb -> mfn 0x8424cb p2m_iommu_map_ro"}
