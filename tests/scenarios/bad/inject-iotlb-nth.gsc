# error: iotlb-flush skips the next ones: use times=
domain d0 hwdom direct iommu mfn=0x40000
inject iotlb-flush dom=d0 nth=2
