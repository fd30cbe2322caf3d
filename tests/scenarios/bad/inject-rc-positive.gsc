# error: rc= must be a -errno
domain d0 hwdom direct iommu mfn=0x40000
inject iommu-map dom=d0 rc=5
