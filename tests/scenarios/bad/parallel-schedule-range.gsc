# error: schedule=: '2' is not a vCPU of this block
domain d0 hwdom iommu arch=x86-pv vcpus=2
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel schedule="0 2" {
map d0 d1 8 host=0x100000 vcpu=0 ro
map d0 d1 8 host=0x101000 vcpu=1 ro
}
