# XSA-224 (CVE-2017-10920), the first of its four fixes: 1959b49f35 ("gnttab:
# fix handling of dev_bus_addr during unmap", 2017, older than 4.11). Before
# it, __gnttab_unmap_common() cleared the maptrack's GNTMAP_device_map only
# for a non-zero dev_bus_addr, but __gnttab_unmap_common_complete() tested the
# flags read before and put the device half's page reference and pin anyway.
# An unmap of the host half alone (dev_bus_addr 0) of a host+device mapping
# thus drops both halves' references and pins while the device half stays
# live; each repeat drops one more reference: the page is freed while its
# owner still has it. `world xsa224=vulnerable` reverts the fix (profile
# unmap_dev_bus_addr_checked). The other three fixes (00f67ee347, 11fc7ccb72,
# 3b4fdddf55) have no knob; XTF's xsa-224 (scenarios/conformance/xsa-224.gsc)
# shows the fixed side of the type counts.
releases 4.11 4.16.0 master
world strict=off

domain d0 hwdom iommu arch=x86-pv
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d1 gfn=0x8424cb ro                 # a PV entry names the mfn
map d1 d1 8 host=0x100000 dev ro as m expect status == GNTST_okay and bus == 0x8424cb000
page 0x8424cb expect refs == 3                   # allocation + device + host
unmap d1 $m.handle host=0x100000 expect status == GNTST_okay
page 0x8424cb expect refs == 2                   # the device half keeps its own
grant-info d1 8 expect pin == 0x1000000          # GNTPIN_devr_inc
unmap d1 $m.handle host=0x100000 expect status == GNTST_okay   # nothing left to do
page 0x8424cb expect refs == 2
unmap d1 $m.handle bus=0x8424cb000 expect status == GNTST_okay
page 0x8424cb expect refs == 1 and owner == 1
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access|GTF_readonly
check expect findings == 0

reset strict=off xsa224=vulnerable
domain d0 hwdom iommu arch=x86-pv
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d1 gfn=0x8424cb ro
map d1 d1 8 host=0x100000 dev ro as m expect status == GNTST_okay and bus == 0x8424cb000
unmap d1 $m.handle host=0x100000 expect status == GNTST_okay
page 0x8424cb expect refs == 1                   # the device half's reference went too
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access|GTF_readonly
maptrack d1 handle=$m.handle expect flags == 5   # GNTMAP_device_map|GNTMAP_readonly
check expect findings == 1 and first == S1       # a live device half, no pin
unmap d1 $m.handle host=0x100000 expect status == GNTST_okay
page 0x8424cb expect refs == 0                   # freed: d1's RAM page
grant-info d1 8 expect pin == 0xff000000         # devr underflow
check expect findings == 4                       # S1 again, S2, S11 (d1's P2M names a free frame)
crashed d1 expect xen == 0
unmap d1 $m.handle host=0x100000 expect status == GNTST_okay   # puts the freed page again
crashed d1 expect xen == 1                       # Xen's put_page() of a free page
check expect findings == 5                       # S9 among them
