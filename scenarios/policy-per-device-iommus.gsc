# dma-policy=per-device-iommus: protected devices' iommus point at a dummy
# xen,iommu-el2-v1 node (Sergiy Kibrik, Jan 2022, v3
# <20220111112611.90508-1-Sergiy_Kibrik@epam.com>). A kernel with the patch
# behaves as under per-device (xen_is_protected_device()). The difference this
# file shows is the objection raised in that thread (Robin Murphy, Rob Herring):
# a kernel without the patch finds an iommus phandle to a node no driver binds,
# so of_iommu_configure() defers nic0's probe for ever (fw_devlink): no driver,
# no network; the unmarked nic1 keeps working through swiotlb-xen.
releases all

world dma-policy=per-device-iommus
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0 policy-aware=off
linux-boot d1
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay
dma-map d0 nic0 0x100000148 16 to-device as d0
  expect rc == -ENODEV
  expect actions contains "d0 dev0 dma ops none (iommus -> xen,iommu-el2-v1: no driver, probe deferred)"
  expect actions.dma_map == 0
dma-map d0 nic1 0x100000148 16 to-device as d1
  expect rc == 0 and addr == 0x8424cb148
dma-read nic1 $d1.addr 16 expect rc == 0 and bytes == "GET / HTTP/1.1\r\n"
