# A dma-policy= that is not in the table: the names are listed.
# error: no dma-policy 'swiotlb' .one of swiotlb-xen, per-device, per-device-iommus, dom0-iommu-flag, not-direct-mapped, vsmmu
world dma-policy=swiotlb
domain d0
