# XTF xsa-234 (pv64): dom0 maps one grant twice, read-write and read-only,
# then GNTTABOP_unmap_and_replace removes the read-only mapping. Xen must
# drop only what that mapping held: the read-write mapping's writable type
# reference stays until it is unmapped itself. (gntsim accepts new_addr for
# PV but writes no PTE: docs/fidelity.md.) Same in every release.
releases all
world strict=off

domain d0 hwdom iommu arch=x86-pv
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb
map d0 d1 8 host=0x100000 as rw expect status == GNTST_okay
  expect actions contains "d1 ref 8 pin 0x1 flags 0x19"   # GTF_reading|GTF_writing
map d0 d1 8 host=0x100001 ro as ro expect status == GNTST_okay
page 0x8424cb expect types == 1                # the PV granter's RW host map
unmap-replace d0 $ro.handle host=0x100001 new=0x100002
  expect rc == 0 and status == GNTST_okay
  # only the read pin goes; the writer keeps GTF_writing
  expect actions.gnttab_pin == 1 and actions contains "d1 ref 8 pin 0x1 flags 0x19"
page 0x8424cb expect types == 1
grant-info d1 8 expect hstw == 1 and hstr == 0
unmap d0 $rw.handle host=0x100000 expect status == GNTST_okay
  expect actions contains "d1 ref 8 pin 0 flags 0x1"
page 0x8424cb expect types == 0 and refs == 1
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access
check expect findings == 0
