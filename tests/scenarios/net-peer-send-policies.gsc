# SPDX-License-Identifier: MIT
#
# net-peer-send under other dom0 DMA policies (tests/scenarios/net-peer-send.gsc: the
# default, swiotlb-xen): dom0's receive buffer is its own page, so whatever the
# policy the NIC writes it at dom0's address, translated by the SMMU through dom0's
# P2M, and nothing bounces; netback's grant copy is the same.
releases 4.14.1 4.15.0 master

# the 2021 review's proposal: macb, marked xen,behind-iommu, uses dma-direct
reset dma-policy=per-device
smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=256 no-swiotlb-xen
domain d1 mfn=0x842400 pages=256
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v
net-peer-send $v.id size=1500 as big
net-run
  expect actions.dma_map == {"d0 dev0 dma_map phys 0x400de040 len 0x600 from_device -> 0x400de040 (dma-direct)"}
  expect actions.dma == {"nic0 DMA write bus 0x400de042 len 1500: 0"}
  expect actions.iotlb_miss == {"smmu: stream 2167 cb 0 IOTLB miss iova 0x400de042: table walk"}
  expect actions.bounce == 0 and actions.gnttab_copy == 1 and actions.iommu_map == 0
net-packet $big.pkt as got expect delivered == 1 and rx_len == 1500
read d1 $got.rx_addr 1500 expect bytes == $big.frame

# a kernel without GNTTABOP_cache_flush bounces foreign pages only: dom0's own
# receive buffer goes to the NIC unbounced, at its machine address
reset
smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=256
domain d1 mfn=0x842400 pages=256
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0 cflush=off
linux-boot d1
vif d1 backend=d0 nic=nic0 as v
net-peer-send $v.id size=1500 as big
net-run
  expect actions.dma_map == {"d0 dev0 dma_map phys 0x400de040 len 0x600 from_device -> 0x400de040 (direct)"}
  expect actions.dma == {"nic0 DMA write bus 0x400de042 len 1500: 0"}
  expect actions.bounce == 0 and actions.gnttab_copy == 1
net-packet $big.pkt as got expect delivered == 1 and rx_len == 1500
read d1 $got.rx_addr 1500 expect bytes == $big.frame
