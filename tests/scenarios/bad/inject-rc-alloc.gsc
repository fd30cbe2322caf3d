# error: rc= is for iommu-map and iommu-unmap
inject alloc rc=-ENOMEM
