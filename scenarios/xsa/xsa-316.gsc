# XSA-316: map_grant_ref() (xen/common/grant_table.c) reports a failed
# _set_status() (an entry not granted to the mapper, a write pin of a
# read-only grant) as GNTST_general_error. 863e74eb2c (part of XSA-295,
# backported to 4.12.1 and in 4.13.0) moved a bracket,
# `rc = (_set_status(...) != GNTST_okay)`, so the op's status was 1, a value
# no GNTST_* code has, and Linux's net/blk-back crashed on it. da0c66c8f4
# (4.14.0; 46bde0561b 4.13.1, 52da38987a 4.12.3) put it back (profile
# map_status_negative; `world xsa316=`). The XTF equivalent is
# scenarios/conformance/xsa-316.gsc.
releases 4.12.0 4.12.1 4.13.0 4.13.1 master
group vulnerable 4.12.1 4.13.0

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 9 host=0x100000 expect rc == 0             # never granted
  expect[vulnerable] status == 1
  expect[!vulnerable] status == GNTST_general_error
map d0 d1 8 host=0x100001 expect rc == 0             # read-write map of a r/o grant
  expect[vulnerable] status == 1
  expect[!vulnerable] status == GNTST_general_error
  expect actions.gnttab_pin == 0 and actions.p2m_set == 0
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access|GTF_readonly

reset xsa316=vulnerable
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
map d0 d1 9 host=0x100000 expect rc == 0 and status == 1

reset xsa316=fixed
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
map d0 d1 9 host=0x100000 expect rc == 0 and status == GNTST_general_error
