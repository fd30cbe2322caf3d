# A scenario with a typo in a key: the parser must say file:line:col.
releases master
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 hots=0x100000 ro as m
