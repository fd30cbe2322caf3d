# XTF xsa-316: a domain fills in its own gref 8 (domid = itself, its own
# frame) but maps it naming dom 0 as the granter. dom0's ref 8 was never
# granted to it, so the map fails: the hypercall returns 0 and the status
# is GNTST_general_error. The XSA-316 bug returned a positive status (1)
# from that error path (863e74eb2c, part of XSA-295, moved a bracket:
# `rc = (_set_status(...) != GNTST_okay)`), in 4.12.1, 4.12.2 and 4.13.0 of
# the modelled rows, until da0c66c8f4; there XTF's test fails. XTF runs as
# pv64: the x86 PV mapper does the same (scenarios/xsa/xsa-316.gsc: the knob).
releases all
group xsa316 4.12.1 4.12.2 4.13.0

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 arch=x86-pv mfn=0x850000
grant d1 8 to=d1 gfn=0x400cb
map d1 d0 8 host=0x1 expect rc == 0
  expect[!xsa316] status == GNTST_general_error expect[xsa316] status == 1
  expect actions.gnttab_pin == 0 and actions.p2m_set == 0 and actions.iommu_map == 0
grant d2 8 to=d2 gfn=0x8500cb
map d2 d0 8 host=0x1 expect rc == 0
  expect[!xsa316] status == GNTST_general_error expect[xsa316] status == 1
  expect actions.gnttab_pin == 0 and actions.p2m_set == 0 and actions.iommu_map == 0
# the domain's own grant is untouched
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access
grant-info d2 8 expect pin == 0 and flags == GTF_permit_access
