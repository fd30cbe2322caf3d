# XTF xsa-224 (pv64): a PV domain grants a frame to itself, maps it
# GNTMAP_host_map|GNTMAP_device_map read-write, and unmaps the two halves
# in separate calls (host by host_addr, then device by dev_bus_addr).
# Afterwards no writable type reference may be left on the frame; XTF then
# pins it as an L1 page table, which needs a type count of 0. gntsim does
# not model page-table types, so the observable is the type count itself
# (page ... types) and the page references back to the allocation's one.
# Same in every release (XSA-224 predates 4.11).
releases all
world strict=off

domain d0 hwdom iommu arch=x86-pv
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d1 gfn=0x8424cb                 # a PV entry names the mfn
map d1 d1 8 host=0x100000 dev as m expect status == GNTST_okay and bus == 0x8424cb000
page 0x8424cb expect types == 2 and refs == 3  # device RW + self host RW
unmap d1 $m.handle host=0x100000 expect status == GNTST_okay
page 0x8424cb expect types == 1
unmap d1 $m.handle bus=0x8424cb000 expect status == GNTST_okay
page 0x8424cb expect types == 0 and refs == 1
unmap d1 $m.handle host=0x100000 bus=0x8424cb000 expect status == GNTST_bad_handle
  expect actions.gnttab_pin == 0   # the stale handle changes nothing
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access
check expect findings == 0
