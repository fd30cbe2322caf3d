# dma-policy=per-device, nic0 (behind the SMMU) wrongly described unprotected
# (dt-iommu=off) and dom0 making no declaration: dom0 keeps swiotlb-xen for it
# and Xen keeps the 1:1 IOMMU maps, so the DMA works where those exist (the
# seed bug's releases excepted), at swiotlb-xen's price: a 1:1 map and unmap
# per grant with their IOTLB invalidations, double_gt_lock in eras A and B, a
# GNTTABOP_cache_flush per buffer. Compare policy-per-device.gsc.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1
group double-lock 4.11 4.13.3 4.14.2 4.15.0

world dma-policy=per-device
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877 dt-iommu=off
linux-boot d0
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect[!affected] actions.iommu_map == 1
  expect[double-lock] actions contains "d0 double_gt_lock d1"
dma-map d0 nic0 0x100000148 16 to-device as d
  expect addr == 0x8424cb148 and actions.cache_flush_op == 1
dma-read nic0 $d.addr 16
  expect[!affected] rc == 0 and bytes == "GET / HTTP/1.1\r\n"
  expect[affected] rc == -EIO
linux-unmap d0 $m
  expect[!affected] actions.iommu_unmap == 1
