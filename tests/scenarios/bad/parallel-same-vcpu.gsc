# Two hypercalls on one vCPU cannot run at once.
# error: runs on d0.s vCPU 0, as line 7 does
domain d0 hwdom iommu arch=x86-pv vcpus=3
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel {
map d0 d1 8 host=0x100000 ro
map d0 d1 8 host=0x101000 ro
}
