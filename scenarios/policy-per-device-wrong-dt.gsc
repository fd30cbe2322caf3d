# dma-policy=per-device with a wrong description: what dom0's DT says of the
# devices differs from the hardware (dt-iommu=), while dom0 declared it needs no
# 1:1 IOMMU maps (no-swiotlb-xen).
#
# nic0 is behind the SMMU but described unprotected: dom0 keeps swiotlb-xen for
# it, hands it the machine address, and Xen, believing it translated at the
# gfn, made no 1:1 entry: the seed bug's fault line, in every release. nic1 is
# not behind the SMMU but described protected: dom0 gives it the gfn, which on
# a bus without translation is no memory at all (a bus error, and no SMMU
# report to tell why). policy-per-device-unprotected.gsc: nic0 described
# unprotected without the declaration works, at swiotlb-xen's price.
releases all

world dma-policy=per-device
smmu
domain d0 hwdom direct iommu mfn=0x40000 no-swiotlb-xen
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 dt-iommu=off
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1 dt-iommu=on
linux-boot d0
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay and actions.iommu_map == 0

dma-map d0 nic0 0x100000148 16 to-device as d0
  expect addr == 0x8424cb148
  expect actions contains "d0 dev0 dma ops swiotlb-xen (xen_swiotlb_detect())"
dma-read nic0 $d0.addr 16 expect rc == -EIO
fault expect fsr == 0x402 and far == 0x8424cb148 and cb == 0
expect log contains "Unhandled context fault: fsr=0x402, iova=0x8424cb148, fsynr=0x1, cb=0"

dma-map d0 nic1 0x100000148 16 to-device as d1
  expect addr == 0x100000148
  expect actions contains "d0 dev1 dma ops dma-direct (xen,behind-iommu)"
dma-read nic1 $d1.addr 16 expect rc == -EIO
  expect actions.smmu_fault == 0 and actions contains "nic1 DMA read bus 0x100000148 len 16: -5"
fault expect far == 0x8424cb148          # still nic0's: nic1's error left no report
