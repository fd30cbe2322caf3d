# A step's actions (what Xen did, in order, as the trace renders them):
# one 1:1 IOMMU map where gnttab_need_iommu_mapping() holds (4.15.0), none
# where it does not (4.14.1); the unmap undoes exactly what the map did.
releases 4.14.1 4.15.0
group affected 4.14.1
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m
  expect[affected] actions.iommu_map == 0 and actions.p2m_set == 1
  expect[!affected] actions.iommu_map == 1 and actions.p2m_set == 2
  expect[!affected] actions contains "d0 iommu_legacy_map dfn 0x8424cb mfn 0x8424cb n=1 flags=r: 0"
  expect[affected] actions !contains "iommu_legacy_map"
  # the order of two kinds: the first of one precedes the first of the other
  expect actions.hypercall before gnttab_pin and actions.gnttab_pin before gnttab_map
  expect[!affected] actions.iommu_decision before iommu_map and actions.iommu_map before gnttab_map
  expect actions.gnttab_pin == 1 and actions.hypercall == 1 and actions.smmu_fault == 0
  expect actions contains "d1 ref 8 pin 0x100" and actions !contains "FINDING"
unmap d0 $m.handle host=0x100000
expect[affected] actions.iommu_unmap == 0 and actions.p2m_remove == 1
expect[!affected] actions.iommu_unmap == 1 and actions.p2m_remove == 2
expect[!affected] actions contains "d0 iommu_legacy_unmap dfn 0x8424cb n=1: 0"
expect[!affected] actions.p2m_remove before iommu_unmap
expect actions.gnttab_pin in {1} and actions.iommu_decision <= 1
# the exact list, in order: of one kind, or all of the step's actions
map d0 d1 8 host=0x100000 ro as m2
  expect[!affected] actions.iommu_map == {"d0 iommu_legacy_map dfn 0x8424cb mfn 0x8424cb n=1 flags=r: 0"}
  expect[!affected] actions.p2m_set == {"d0 p2m gfn 0x100000 -> mfn 0x8424cb p2m_grant_map_ro", "d0 p2m gfn 0x8424cb -> mfn 0x8424cb p2m_iommu_map_ro"}
  expect[affected] actions.p2m_set == {"d0 p2m gfn 0x100000 -> mfn 0x8424cb p2m_grant_map_ro"}
