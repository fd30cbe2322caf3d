# XSA-284: copy-on-grant-transfer. When a transferred page lies
# above what the receiver can address (here a 32-bit PV guest, whose M2P
# window ends at 2^37), gnttab_transfer() copies it into a low frame and frees
# the original. Before 6d4f36c3fe (4.12.0; 1028304d42 in 4.11.2) the copy got
# no PGC_allocated reference and the local "mfn" was never updated: the freed
# original was added to the receiver's physmap, mapped in its IOMMU and
# written into its grant entry ("an IOMMU mapping into an unowned page").
# Fixed: the copy is the receiver's, with its reference, and the original is
# free and unmapped. `world xsa284=` reverts or applies the fix; 4.11.0, the
# oldest modelled row, is vulnerable without it.
releases 4.11 4.12.0 4.17 master
world ram="0x40000000:0x40000 0x2980000000:0x1000000" xsa284=vulnerable

domain d0 hwdom arch=x86-pv
domain d1 arch=x86-pv32 iommu mfn=0x40000 pages=63
domain d2 arch=x86-pv mfn=0x2980800 pages=16
write d2 0x40000000 "d2's page"
write d1 0x38000040 hex:0200020000000000        # ref 8: accept a page from d2
transfer d2 gfn=0x2980800 to=d1 ref=8 expect rc == 0 and status == GNTST_okay
grant-info d1 8 expect frame == 0x2980800       # the original, freed
page 0x2980800 expect refs == 0
iommu d1 0x2980800 expect mfn == 0x2980800 and perm == "rw"
check expect findings >= 1 and first == S11     # d1 maps a free frame

reset ram="0x40000000:0x40000 0x2980000000:0x1000000" xsa284=fixed
domain d0 hwdom arch=x86-pv
domain d1 arch=x86-pv32 iommu mfn=0x40000 pages=63
domain d2 arch=x86-pv mfn=0x2980800 pages=16
write d2 0x40000000 "d2's page"
write d1 0x38000040 hex:0200020000000000
transfer d2 gfn=0x2980800 to=d1 ref=8 expect rc == 0 and status == GNTST_okay
grant-info d1 8 expect frame == 0x4003f         # the copy, below 2^37
page 0x4003f expect refs == 1 and owner == 1
iommu d1 0x4003f expect mfn == 0x4003f
iommu d1 0x2980800 expect entry == "none"
page 0x2980800 expect refs == 0
check expect findings == 0
