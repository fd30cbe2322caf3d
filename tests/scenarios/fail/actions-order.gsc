# An order of two action kinds that does not hold must fail (exit 1): the
# map's completion comes after its pin, and 4.14.1 makes no IOMMU map at all.
releases 4.14.1
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro
  expect actions.gnttab_map before gnttab_pin
  expect actions.gnttab_pin before iommu_map
