# "What if my backport of 04085ec1ac lands in 4.14.1?": the Arm predicate
# forced to 4.15.0's (direct-mapped and IOMMU enabled) makes the seed DMA
# succeed in 4.14.1; the release's own rule still fails (seed.gsc).
world arm-pred=iommu_enabled
releases 4.14.1 4.12.0
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 coherent   # snoops: sees the CPU's write
write d1 0x400cb148 "ping"
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro expect status == GNTST_okay
iommu d0 0x8424cb expect type == p2m_iommu_map_ro and mfn == 0x8424cb
dma-read nic0 0x8424cb148 4 expect rc == 0 and bytes == "ping"
fault expect fault == none
check expect findings == 0
