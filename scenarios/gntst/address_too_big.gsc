# GNTST_address_too_big (-11) comes only from GNTTABOP_transfer, when the
# receiving domain cannot address the page (x86 PV: a 32-bit PV receiver
# and an mfn above its limit). gntsim cannot produce it:
#  - Arm has no page transfer: before 4.17 steal_page() fails each op
#    (GNTST_general_error; a frame that is not RAM: GNTST_bad_page), from
#    4.17 (185250ec78, no CONFIG_PV) the hypercall returns -EOPNOTSUPP;
#  - x86 PV transfer is modelled, but a scenario cannot give a receiver a
#    physaddr_bitsize and no mfn reaches 2^32; here d2 offers d0's page:
#    steal_page() -EINVAL, GNTST_bad_page.
# This scenario records those outcomes instead.
releases all
group tpv 4.17 4.18 4.19 4.20 4.21 4.22 master

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 arch=x86-pv mfn=0x850000
transfer d1 gfn=0x400cb to=d0 ref=8
  expect[tpv] rc == -EOPNOTSUPP
  expect[!tpv] rc == 0 and status == GNTST_general_error
transfer d1 gfn=0x10 to=d0 ref=8
  expect[tpv] rc == -EOPNOTSUPP
  expect[!tpv] rc == 0 and status == GNTST_bad_page
transfer d2 gfn=0x40000 to=d0 ref=8 expect rc == 0 and status == GNTST_bad_page
