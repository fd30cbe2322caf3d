# A schedule longer than the block's decisions is refused, not ignored.
# error: parallel: schedule= has 17 entries, the block had only
domain d0 hwdom iommu arch=x86-pv vcpus=3
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel schedule="1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0" {
map d0 d1 8 host=0x100000 vcpu=0 ro
map d0 d1 8 host=0x101000 vcpu=1 ro
}
