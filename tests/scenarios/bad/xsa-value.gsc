# error: xsa230=maybe: expected vulnerable or fixed
world xsa230=maybe
domain d0 hwdom direct iommu mfn=0x40000
