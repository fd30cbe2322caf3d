# SPDX-License-Identifier: MIT
#
# net-peer-send: the peer host on the wire behind dom0's NIC sends d1 a UDP datagram
# of its own (the receive side of netperf's UDP_STREAM: RX only, nothing goes out).
# After the wire's latency macb DMA-writes it into dom0's own receive buffer, mapped
# FROM_DEVICE (gem_rx_refill, gem_rx: bus = phys + NET_IP_ALIGN, through the SMMU's
# stream for dom0), the bridge hands it to netback, which copies it with one
# GNTTABOP_copy into the page d1 granted for its RX ring slot (xenvif_rx_copy_add,
# GNTCOPY_dest_gref): no grant map, no 1:1 IOMMU entry, no P2M change, so the same
# in every release, the seed bug's included. d1 receives exactly the peer's bytes.
releases 4.14.1 4.15.0 master
smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=256
domain d1 mfn=0x842400 pages=256
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

net-peer-send $v.id size=1500 as big
  expect rc == 0 and actions.dma == 0 and actions.net_wire == 0   # still on the wire
net-run
  expect actions.net_wire == {"nic0 wire in frame of 1500 bytes"}
  expect actions.dma_map == {"d0 dev0 dma_map phys 0x400de040 len 0x600 from_device -> 0x400de040 (direct)"}
  expect actions.iotlb_miss == {"smmu: stream 2167 cb 0 IOTLB miss iova 0x400de042: table walk"}
  expect actions.dma == {"nic0 DMA write bus 0x400de042 len 1500: 0"}
  expect actions.smmu_fault == 0 and actions.bounce == 0
  expect actions.arch_sync == {"d0 arch dma sync pa 0x400de040 len 0x600 clean", "d0 arch dma sync pa 0x400de040 len 0x600 invalidate"}
  expect actions.gnttab_copy == {"d0 copy d32752:0x400df+0 -> d1:0xa+0 len 1500: GNTST_okay"}
  expect actions.hypercall == 1 and actions.dma before gnttab_copy
  expect actions.gnttab_map == 0 and actions.iommu_map == 0 and actions.p2m_set == 0
  expect actions.iotlb_flush == 0 and actions !contains "double_gt_lock"
net-packet $big.pkt as got
  expect delivered == 1 and replied == 0 and dropped == 0 and rx_len == 1500
read d1 $got.rx_addr 1500 expect bytes == $big.frame
  expect bytes contains hex:00163e000001020000000003   # to d1's MAC, from the peer's
net-stats $v.id expect rx_ok == 1 and copies == 1 and maps == 0 and tx_ok == 0
  expect rx_dropped == 0 and refused == 0

net-peer-send $v.id size=60 as small   # Ethernet's shortest frame (ETH_ZLEN)
net-run expect actions.gnttab_copy == 1 and actions contains "len 60: GNTST_okay"
net-packet $small.pkt as got60 expect delivered == 1 and rx_len == 60
read d1 $got60.rx_addr 60 expect bytes == $small.frame
net-stats $v.id expect rx_ok == 2 and copies == 2

# refused before anything reaches the wire
net-peer-send $v.id size=59 expect rc == -EINVAL     # shorter than ETH_ZLEN
net-peer-send $v.id size=1515 expect rc == -EINVAL   # beyond the link's MTU of 1500
net-peer-send 7 size=64 expect rc == -EINVAL         # no such vif
net-run expect ran == 0                              # nothing to deliver
vif d1 backend=d0 as local                           # no NIC: the peer cannot reach it
net-peer-send $local.id size=64 expect rc == -EINVAL
net-run expect actions.net_wire == 0 and actions.dma == 0 and actions.gnttab_copy == 0
net-stats $v.id expect rx_ok == 2 and copies == 2
net-stats $local.id expect rx_ok == 0 and copies == 0

# netback holds one frame for a guest that posted one buffer (rxq=1): the second,
# arriving at once, is dropped (XSA-392's bounded queue)
vif d1 backend=d0 nic=nic0 rx-bufs=1 rxq=1 as slow
net-peer-send $slow.id size=64 as a
net-peer-send $slow.id size=64 as b
net-run
net-packet $a.pkt expect delivered == 1 and dropped == 0
net-packet $b.pkt expect delivered == 0 and dropped == 1 and reason == "netback: RX queue full"
net-stats $slow.id expect rx_ok == 1 and rx_dropped == 1 and copies == 1

# the peer does not know the vif is gone: its frame dies in netback
vif-destroy $v.id expect rc == 0
net-peer-send $v.id size=64 as late expect rc == 0
net-run
net-packet $late.pkt expect delivered == 0 and dropped == 1 and reason == "netback: vif not connected"
net-stats $v.id expect rx_ok == 2 and rx_dropped == 1 and copies == 2 and grants_out == 0
