# error: .before. orders two action kinds
domain d0 hwdom direct iommu mfn=0x40000
map d0 d0 8 host=0x100000 expect actions before iommu_map
