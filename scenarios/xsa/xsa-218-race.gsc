# XSA-218 part (a), replayed: the interleaving `gntsim explore --lock-steps
# scenarios/xsa/xsa-218.gsc` finds, as a fixed schedule. vCPU 0 runs its unmap's
# first phase (the host half gone, the handle keeps its device half), vCPU 1
# runs its whole first phase (the device half gone: no half left), then both
# second phases. Before b7f6cbb9d4 (xsa218=vulnerable) each second phase finds
# the handle without halves and frees it: the second free makes the free
# list's tail point to itself (S8), so later maps would all get that one
# handle. With the fix the first phase that removed the last half frees it,
# once, under the active entry lock; the same order of the two unmaps' phases
# has one decision point fewer there (the free takes its lock in phase 1).
releases 4.11 4.14.1 4.17 master
world strict=off xsa218=vulnerable

domain d0 hwdom iommu arch=x86-pv vcpus=2 pages=256
domain d1 arch=x86-pv mfn=0x842400 pages=256
grant d1 8 to=d0 gfn=0x8424cb ro
map d0 d1 8 host=0x100000 dev ro as m expect status == GNTST_okay
parallel lock-steps schedule="0 0 0 0 1 1 1 0 0" {
unmap d0 $m.handle host=0x100000 vcpu=0 expect status == GNTST_okay
unmap d0 $m.handle bus=0x8424cb000 vcpu=1 expect status == GNTST_okay
}
grant-info d1 8 expect pin == 0
check expect findings == 1 and first == S8   # the tail links on to itself
maptrack d0 handle=$m.handle expect flags == 0

reset strict=off xsa218=fixed
domain d0 hwdom iommu arch=x86-pv vcpus=2 pages=256
domain d1 arch=x86-pv mfn=0x842400 pages=256
grant d1 8 to=d0 gfn=0x8424cb ro
map d0 d1 8 host=0x100000 dev ro as m2 expect status == GNTST_okay
parallel lock-steps schedule="0 0 0 0 1 1 1 0" {
unmap d0 $m2.handle host=0x100000 vcpu=0 expect status == GNTST_okay
unmap d0 $m2.handle bus=0x8424cb000 vcpu=1 expect status == GNTST_okay
}
grant-info d1 8 expect pin == 0
check expect findings == 0
