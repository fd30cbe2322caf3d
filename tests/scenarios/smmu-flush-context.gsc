# world smmu-flush=context (the default, Xen's drivers): every P2M change
# invalidates the whole context bank (TLBIVMID), so a second grant map drops the
# first page's IOTLB entry too and the next DMA walks the tables again (a miss).
# tests/scenarios/smmu-flush.gsc is the same run with smmu-flush=range.
releases 4.15.0 master
world smmu-flush=context
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 coherent
write d1 0x400cb148 "hello"
grant d1 8 to=d0 gfn=0x400cb ro
grant d1 9 to=d0 gfn=0x400cc ro
map d0 d1 8 host=0x100000 ro as m
  expect actions contains "TLBIVMID vmid 1" and actions !contains "TLBIIPAS2"
dma-read nic0 0x8424cb148 5
  expect bytes == "hello" and actions.iotlb_miss == 1
map d0 d1 9 host=0x100001 ro as m2
  expect actions contains "TLBIVMID vmid 1: 1 IOTLB entries invalidated"
dma-read nic0 0x8424cb148 5
  expect bytes == "hello" and actions.iotlb_hit == 0 and actions.iotlb_miss == 1
unmap d0 $m.handle host=0x100000
dma-read nic0 0x8424cb148 5
  expect rc == -EIO
