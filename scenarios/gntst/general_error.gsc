# GNTST_general_error (-1): "most failures". Mapping a ref the granter never
# filled in (flags 0: not GTF_permit_access) fails _set_status; so does a
# read-write map of a read-only grant. Same in every release but 4.12.1,
# 4.12.2 and 4.13.0, where map_grant_ref() reported that failure as 1
# (XSA-316: 863e74eb2c until da0c66c8f4; scenarios/xsa/xsa-316.gsc).
releases all
group xsa316 4.12.1 4.12.2 4.13.0

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
map d0 d1 9 host=0x100000 expect rc == 0
  expect[!xsa316] status == GNTST_general_error expect[xsa316] status == 1
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100001 expect rc == 0
  expect[!xsa316] status == GNTST_general_error expect[xsa316] status == 1
  expect actions.gnttab_pin == 0 and actions.p2m_set == 0 and actions.iommu_map == 0
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access|GTF_readonly
