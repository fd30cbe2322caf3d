# Failure injection from the language and Xen's undo paths, observable:
# a failed allocation (the maptrack page a first map needs), a failed 1:1
# IOMMU map (the host mapping and the pin are undone).
releases 4.15.0 4.16.0
group nospace 4.16.0
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
inject alloc
map d0 d1 8 host=0x100000 ro
  expect[nospace] status == GNTST_no_space
  expect[!nospace] status == GNTST_no_device_space
  expect actions.p2m_set == 0 and actions.gnttab_pin == 0
grant-info d1 8 expect pin == 0
inject iommu-map dom=d0
map d0 d1 8 host=0x100000 ro
  expect status == GNTST_general_error and actions.iommu_map == 1
p2m d0 0x100000 expect entry == none
iommu d0 0x8424cb expect entry == none
grant-info d1 8 expect pin == 0
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
iommu d0 0x8424cb expect type == p2m_iommu_map_ro
check expect findings == 0
# rc= chooses the driver's error, as the action shows; times= fails several in a row
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
inject iommu-map dom=d0 rc=-EINVAL times=2
map d0 d1 8 host=0x100000 ro
  expect status == GNTST_general_error
  expect[4.15.0] actions contains "d0 iommu_legacy_map dfn 0x8424cb mfn 0x8424cb n=1 flags=r: -22"
map d0 d1 8 host=0x100000 ro expect status == GNTST_general_error
map d0 d1 8 host=0x100000 ro as m2 expect status == GNTST_okay
inject iommu-unmap dom=d0 rc=-EIO
unmap d0 $m2.handle host=0x100000
  expect status == GNTST_general_error and actions contains "n=1: -5"
p2m d0 0x100000 expect entry == none
iommu d0 0x8424cb expect type == p2m_iommu_map_ro     # the failed unmap left it
check expect findings >= 1 and first == S6   # Xen keeps the stale 1:1 entry (era C: and its counter, S5)
inject alloc times=2                 # the next two allocations fail
domain d2 expect rc == -ENOMEM
domain d2 expect rc == -ENOMEM
domain d2 expect rc == 0
