# error: 'domain' cannot run in a parallel block
domain d0 hwdom iommu arch=x86-pv vcpus=2
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel {
domain d2
map d0 d1 8 host=0x101000 vcpu=1 ro
}
