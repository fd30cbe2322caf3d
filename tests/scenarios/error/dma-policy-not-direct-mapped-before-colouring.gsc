# LLC colouring, Xen's only way to a non-direct-mapped dom0, came in 4.20
# (02975cc383): before it the policy does not exist, and gntsim refuses it.
# error: world: dma-policy=not-direct-mapped under Xen 4.19: Xen builds dom0 direct-mapped
releases 4.19
world dma-policy=not-direct-mapped
domain d0 hwdom direct iommu mfn=0x40000 expect rc == 0
