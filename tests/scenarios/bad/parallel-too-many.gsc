# error: more than 8 statements
domain d0 hwdom iommu arch=x86-pv vcpus=3
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb ro
parallel {
grant d1 10 to=d0 gfn=0x8424cb
grant d1 11 to=d0 gfn=0x8424cb
grant d1 12 to=d0 gfn=0x8424cb
grant d1 13 to=d0 gfn=0x8424cb
grant d1 14 to=d0 gfn=0x8424cb
grant d1 15 to=d0 gfn=0x8424cb
grant d1 16 to=d0 gfn=0x8424cb
grant d1 17 to=d0 gfn=0x8424cb
grant d1 18 to=d0 gfn=0x8424cb
}
