# XSA-218 part (a), the fixed side: scenarios/xsa/xsa-218.gsc without
# `xsa218=vulnerable`. Every modelled release has b7f6cbb9d4: gntsim explore
# finds no interleaving of the two unmaps that frees the handle twice.
#   gntsim explore scenarios/xsa/xsa-218-fixed.gsc
releases 4.11 4.14.1 4.17 master
races
world strict=off

domain d0 hwdom iommu arch=x86-pv vcpus=2 pages=256
domain d1 arch=x86-pv mfn=0x842400 pages=256
grant d1 8 to=d0 gfn=0x8424cb ro
map d0 d1 8 host=0x100000 dev ro as m expect status == GNTST_okay
parallel {
unmap d0 $m.handle host=0x100000 vcpu=0 as h
unmap d0 $m.handle bus=0x8424cb000 vcpu=1 as d
}
expect $h.status == GNTST_okay and $d.status == GNTST_okay
grant-info d1 8 expect pin == 0
page 0x8424cb expect refs == 1
check expect findings == 0
