# dma-policy=per-device-iommus with a kernel that has the patch: protected
# devices' iommus point at the xen,iommu-el2-v1 node
# (<20220111112611.90508-1-Sergiy_Kibrik@epam.com>), xen_is_protected_device()
# says so, and they get dma-direct at the guest-physical address; with dom0's
# declaration Xen makes no 1:1 IOMMU map. On the mixed board it behaves as
# per-device does (policy-per-device.gsc); only old kernels tell the two apart
# (policy-per-device-iommus.gsc).
releases all

world dma-policy=per-device-iommus
smmu
domain d0 hwdom direct iommu mfn=0x40000 no-swiotlb-xen
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay and actions.iommu_map == 0
  expect actions !contains "double_gt_lock"
dma-map d0 nic0 0x100000148 16 to-device as d0
  expect addr == 0x100000148
  expect actions contains "d0 dev0 dma ops dma-direct (iommus -> xen,iommu-el2-v1)"
dma-read nic0 $d0.addr 16 expect rc == 0 and bytes == "GET / HTTP/1.1\r\n"
dma-map d0 nic1 0x100000148 16 to-device as d1
  expect addr == 0x8424cb148
dma-read nic1 $d1.addr 16 expect rc == 0 and bytes == "GET / HTTP/1.1\r\n"
fault expect fault == none
