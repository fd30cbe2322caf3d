# GNTST_bad_dev_addr (-6): unmap with a dev_bus_addr that is not the
# mapping's (mfn << 12). Since c5bf1295b0 (4.16.0) the check applies only to
# mappings with GNTMAP_device_map and fails GNTST_bad_dev_addr; before, it
# applied to any mapping and failed GNTST_general_error.
# Device maps exist only for x86 PV mappers (Arm: paging_mode_external,
# "No device mapping in HVM domain", general_error), so the mapper is an
# x86 PV dom0 (non-strict) granting to itself from a PV domU.
releases all
group new 4.16.0 4.16.1 4.17 4.18 4.19 4.20 4.21 4.22 master
world strict=off

domain d0 hwdom iommu arch=x86-pv
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb
map d0 d1 8 host=0x100000 dev as m expect status == GNTST_okay and bus == 0x8424cb000
unmap d0 $m.handle bus=0x8424ca000
  expect[new] rc == 0 and status == GNTST_bad_dev_addr
  expect[!new] rc == 0 and status == GNTST_general_error
# a host-only mapping: checked before 4.16 only
map d0 d1 8 host=0x100001 as h expect status == GNTST_okay
unmap d0 $h.handle host=0x100001 bus=0x8424ca000
  expect[new] status == GNTST_okay
  expect[!new] status == GNTST_general_error
unmap d0 $m.handle host=0x100000 bus=0x8424cb000 expect status == GNTST_okay
