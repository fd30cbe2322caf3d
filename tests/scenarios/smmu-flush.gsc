# world smmu-flush=range: after a P2M change Xen's SMMU driver invalidates only
# the changed pages by IPA (TLBIIPAS2), not the whole context (TLBIVMID, what
# Xen's SMMUv2, SMMUv3 and IPMMU drivers do). A second grant map leaves the
# first page's IOTLB entry in place (a hit); an unmap still drops its own page.
# tests/scenarios/smmu-flush-context.gsc is the same run with the default.
releases 4.15.0 master
world smmu-flush=range
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 coherent
write d1 0x400cb148 "hello"
grant d1 8 to=d0 gfn=0x400cb ro
grant d1 9 to=d0 gfn=0x400cc ro
map d0 d1 8 host=0x100000 ro as m
  expect actions contains "TLBIIPAS2 vmid 1: 0 IOTLB entries" and actions !contains "TLBIVMID"
dma-read nic0 0x8424cb148 5
  expect bytes == "hello" and actions.iotlb_miss == 1
map d0 d1 9 host=0x100001 ro as m2
  expect actions.iotlb_flush == 2 and actions !contains "TLBIVMID"
dma-read nic0 0x8424cb148 5
  expect bytes == "hello" and actions.iotlb_hit == 1 and actions.iotlb_miss == 0
unmap d0 $m.handle host=0x100000
  expect actions contains "TLBIIPAS2 vmid 1: 1 IOTLB entries"
dma-read nic0 0x8424cb148 5
  expect rc == -EIO
