# dma-policy=per-device with a dom0 kernel that predates the property
# (policy-aware=off): it ignores xen,behind-iommu and keeps swiotlb-xen for
# every device, and it carries no declaration, so Xen keeps its 1:1 IOMMU maps.
# The property is harmless to old kernels: this is today's behaviour, seed bug
# included. (Its Kibrik counterpart does not boot the device at all:
# policy-per-device-iommus.gsc.)
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1

world dma-policy=per-device
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0 policy-aware=off expect swiotlb == 1
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect[affected] actions.iommu_map == 0
  expect[!affected] actions.iommu_map == 1
dma-map d0 nic0 0x100000148 16 to-device as d
  expect addr == 0x8424cb148
  expect actions contains "d0 dev0 dma ops swiotlb-xen (xen,behind-iommu unknown to this kernel)"
dma-read nic0 $d.addr 16
  expect[affected] rc == -EIO
  expect[!affected] rc == 0 and bytes == "GET / HTTP/1.1\r\n"
