# error: at most 16 values in a set
domain d0 hwdom direct iommu mfn=0x40000
domain d1
grant d1 8 to=d0 gfn=0x40000
map d0 d1 8 host=0x100000 expect handle in {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}
