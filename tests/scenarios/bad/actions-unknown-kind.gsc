# error: no action kind 'iommu_mapp'
domain d0 hwdom direct iommu mfn=0x40000
domain d1
grant d1 8 to=d0 gfn=0x40000
map d0 d1 8 host=0x100000 expect actions.iommu_mapp == 1
