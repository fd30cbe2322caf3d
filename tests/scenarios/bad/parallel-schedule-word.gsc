# error: schedule=: 'x' is not a vCPU
domain d0 hwdom iommu arch=x86-pv vcpus=2
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel schedule="0 x" {
map d0 d1 8 host=0x100000 vcpu=0 ro
map d0 d1 8 host=0x101000 vcpu=1 ro
}
