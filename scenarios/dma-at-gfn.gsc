# DMA at the gfn instead of the mfn (the path of Stefano's RFC
# "xen/arm: introduce XENFEAT_ARM_dom0_iommu"): without swiotlb-xen's
# pfn_to_bfn, the NIC uses dom0's IPA of the grant mapping. The SMMU walks
# dom0's P2M, which holds the grant entry, so this works in every release,
# the affected ones included.
releases all

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 coherent

write d1 0x400cb148 "DMA at the gfn"
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
p2m d0 0x100000 expect type == p2m_grant_map_ro and mfn == 0x8424cb
dma-read nic0 0x100000148 14 expect rc == 0 and bytes == "DMA at the gfn"
fault expect fault == none
