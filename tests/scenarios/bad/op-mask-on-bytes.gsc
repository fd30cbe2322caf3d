# error: '&' needs a number field
domain d0 hwdom direct iommu mfn=0x40000
domain d1
write d1 0x40000000 "x"
read d1 0x40000000 1 expect bytes & 1 == 0
