# dma-policy=dom0-iommu-flag: one feature flag for the whole dom0, set when its
# IOMMU is enabled, and a kernel that then drops swiotlb-xen for every device
# (Stefano Stabellini's "[RFC] xen/arm: introduce XENFEAT_ARM_dom0_iommu",
# Feb 2021). Julien Grall refused it: an IOMMU on the board does not mean every
# device is behind it. On the mixed board nic0, behind the SMMU, reads the page
# at its gfn without any 1:1 map, even under 4.14.1; nic1, not behind it, is
# handed the same gfn, which on its bus is no memory: a bus error, and no SMMU
# report. The flag alone is not enough; per device it works
# (policy-per-device.gsc).
releases all

world dma-policy=dom0-iommu-flag
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0 expect swiotlb == 0 and cflush == 0
linux-boot d1
write d1 0x400cb148 "to nic0 via SMMU"
write d1 0x400cc148 "to nic1 direct.."
linux-grant d1 to=d0 gfn=0x400cb ro as g0
linux-grant d1 to=d0 gfn=0x400cc ro as g1
linux-map d0 d1 $g0.ref ro host=0x100000 as m0
  expect status == GNTST_okay
linux-map d0 d1 $g1.ref ro host=0x100001 as m1
dma-map d0 nic0 0x100000148 16 to-device as d0
  expect addr == 0x100000148 and actions contains "dma ops dma-direct (not swiotlb-xen)"
dma-read nic0 $d0.addr 16 expect rc == 0 and bytes == "to nic0 via SMMU"
dma-map d0 nic1 0x100001148 16 to-device as d1
  expect addr == 0x100001148
dma-read nic1 $d1.addr 16 expect rc == -EIO and actions.smmu_fault == 0
fault expect fault == none
expect log contains "DMA bus error: HRESP not OK"
