# GNTST_eagain (-12): swap_grant_ref of an entry that is pinned (mapped by
# dom0). Once unmapped the swap goes through. Same in every release.
# (x86 paging/sharing, the other source, is not modelled.)
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb
grant d1 9 to=d0 gfn=0x400cc
map d0 d1 8 host=0x100000 as m expect status == GNTST_okay
swap d1 8 9 expect rc == 0 and status == GNTST_eagain
  expect actions.gnttab_pin == 0 and actions contains "d1 swap refs 8 and 9: GNTST_eagain"
swap d1 9 8 expect rc == 0 and status == GNTST_eagain
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
swap d1 8 9 expect rc == 0 and status == GNTST_okay
  expect actions contains "d1 swap refs 8 and 9: GNTST_okay"
grant-info d1 8 expect frame == 0x400cc
