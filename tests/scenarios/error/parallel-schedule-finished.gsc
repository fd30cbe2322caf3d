# A schedule naming a vCPU that has finished.
# error: parallel: schedule= entry 2: vCPU 0 cannot run there
domain d0 hwdom iommu arch=x86-pv vcpus=3
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel schedule="0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 1 2" {
grant d1 9 to=d0 gfn=0x8424cb
map d0 d1 8 host=0x100000 vcpu=1 ro
map d0 d1 8 host=0x101000 vcpu=2 ro
}
