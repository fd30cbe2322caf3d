# The virtual SMMUv3 series is in no release; gntsim applies it to the tree it
# was written against (4.22, master) only.
# error: world: dma-policy=vsmmu under Xen 4.21: the virtual SMMUv3 series
releases 4.21
world dma-policy=vsmmu
domain d0 hwdom direct iommu mfn=0x40000 expect rc == 0
