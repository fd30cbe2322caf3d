# GNTST_bad_handle (-4): unmapping a handle that was never allocated, and
# unmapping a handle twice (its maptrack entry is free). Same in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
unmap d0 999 host=0x100000 expect rc == 0 and status == GNTST_bad_handle
grant d1 8 to=d0 gfn=0x400cb
map d0 d1 8 host=0x100000 as m expect status == GNTST_okay
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
unmap d0 $m.handle host=0x100000 expect rc == 0 and status == GNTST_bad_handle
  expect actions.p2m_remove == 0 and actions.iommu_unmap == 0 and actions.gnttab_pin == 0
