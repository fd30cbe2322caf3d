# XSA-224 (CVE-2017-10920), two of its four fixes, both older than 4.11.
#
# 1959b49f35 ("gnttab: fix handling of dev_bus_addr during unmap"). Before
# it, __gnttab_unmap_common() cleared the maptrack's GNTMAP_device_map only
# for a non-zero dev_bus_addr, but __gnttab_unmap_common_complete() tested the
# flags read before and put the device half's page reference and pin anyway.
# An unmap of the host half alone (dev_bus_addr 0) of a host+device mapping
# thus drops both halves' references and pins while the device half stays
# live; each repeat drops one more reference: the page is freed while its
# owner still has it.
#
# 00f67ee347 ("gnttab: correct logic to get page references during map
# requests"; 75b384ece6 on master). Before it, map_grant_ref took a type
# reference when the *host* mapping needed one (x86: writable, and the
# granter not HVM or the mapper itself), even for a device-only map, and the
# device half's own unchecked. A PV domain's writable device-only map of an
# HVM domain's page took none; its unmap (put_page_and_type) or its release at
# the mapper's death puts one: Xen's put_page_type() on a count of 0 (an
# ASSERT, or a corrupted type count in a release build; gntsim: Xen's BUG,
# S9).
#
# `world xsa224=vulnerable` reverts both (profile unmap_dev_bus_addr_checked,
# map_type_refs_counted). The other two fixes have no knob, for the reasons
# in docs/xsa.md (11fc7ccb72, 3b4fdddf55); XTF's xsa-224
# (scenarios/conformance/xsa-224.gsc) shows the fixed side of the type counts
# (a PV domain's own frame, for which both sides count alike).
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

# 00f67ee347: a PV domain maps an HVM domain's grant writable, device only.
reset strict=off
domain d0 hwdom iommu arch=x86-pv
domain d2 arch=x86-hvm mfn=0x843000 gfn=0x10
grant d2 9 to=d0 gfn=0x20                        # an HVM entry names its gfn
map d0 d2 9 dev nohost as w expect status == GNTST_okay and bus == 0x843010000
page 0x843010 expect types == 1 and refs == 2    # the device half's type reference
grant-info d2 9 expect pin == 0x10000            # GNTPIN_devw_inc
unmap d0 $w.handle bus=0x843010000 expect status == GNTST_okay
page 0x843010 expect types == 0 and refs == 1
grant-info d2 9 expect pin == 0 and flags == GTF_permit_access
check expect findings == 0

reset strict=off xsa224=vulnerable
domain d0 hwdom iommu arch=x86-pv
domain d2 arch=x86-hvm mfn=0x843000 gfn=0x10
grant d2 9 to=d0 gfn=0x20
map d0 d2 9 dev nohost as w expect status == GNTST_okay and bus == 0x843010000
page 0x843010 expect types == 0 and refs == 2    # no type reference taken
check expect findings == 0
unmap d0 $w.handle bus=0x843010000               # put_page_and_type()
crashed d0 expect xen == 1
check expect first == S9

# The same map held by a PV domU that dies: gnttab_release_mappings() puts it.
reset strict=off xsa224=vulnerable
domain d0 hwdom iommu arch=x86-pv
domain d1 arch=x86-pv mfn=0x842400
domain d2 arch=x86-hvm mfn=0x843000 gfn=0x10
grant d2 9 to=d1 gfn=0x20
map d1 d2 9 dev nohost expect status == GNTST_okay
page 0x843010 expect types == 0 and refs == 2
domain-destroy d1
crashed d1 expect xen == 1
check expect first == S9
