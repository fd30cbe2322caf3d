# XSA-218 (CVE-2017-10912), part (a): two concurrent unmaps of one handle free
# its maptrack entry twice. b7f6cbb9d4 ("gnttab: Avoid potential double-put of
# maptrack entry", 2017, older than 4.11, so in every modelled release) frees
# the entry in unmap_common's first phase, under the active entry lock, when
# that unmap removed the handle's last half, after re-reading the entry's
# flags, domid and ref ("Unstable handle"). Before it, unmap_common_complete
# freed any handle it found without halves: when two vCPUs unmap the host and
# the device half of one mapping and both first phases run before either
# second phase, both free the handle, and the vCPU's free list gains a cycle
# (S8). `world xsa218=vulnerable` reverts the fix: gntsim explore finds that
# interleaving in every release, and none without the option
# (scenarios/xsa/xsa-218-fixed.gsc). `gntsim run` runs the block in statement
# order, which is safe either way; the counterexample explore prints replays
# it (scenarios/xsa/xsa-218-race.gsc is one). Part (b), 0d6d54542f (pins and
# GTF flags changed in one critical section), is in every release with no knob.
#   gntsim explore scenarios/xsa/xsa-218.gsc
releases 4.11 4.14.1 4.17 master
races all
world strict=off xsa218=vulnerable

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
