# error: '~' takes a number or constant
domain d0 hwdom direct iommu mfn=0x40000
p2m d0 0x40000 expect mfn & ~~1 == 0
