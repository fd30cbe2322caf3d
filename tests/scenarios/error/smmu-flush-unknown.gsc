# An IOTLB invalidation scope Xen's SMMU driver is not modelled with.
# error: world: unknown smmu-flush 'page' .context, range.
world smmu-flush=page
domain d0 hwdom direct iommu mfn=0x40000
