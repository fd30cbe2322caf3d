# A member may not use a result of its own block.
# error: a result of the same parallel block
releases 4.11
domain d0 hwdom iommu arch=x86-pv vcpus=2
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel {
map d0 d1 8 host=0x100000 vcpu=0 ro as a
unmap d0 $a.handle host=0x100000 vcpu=1
map d0 d1 8 host=0x101000 vcpu=1 ro
}
