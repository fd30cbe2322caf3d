# The one-way transmit load (pktgen, netperf UDP_STREAM): netfront sends UDP
# datagrams to the peer's discard port (RFC 863), which consumes them without
# answer. This is the path `make bench` times as net_tx_pps: netfront ->
# netback (128 bytes copied, the rest mapped) -> bridge -> swiotlb-xen dma map
# -> NIC DMA through the SMMU -> the wire. Nothing comes back, so netback's RX
# path and netfront's RX buffers stay untouched. Where
# gnttab_need_iommu_mapping() is false (4.12.0-4.14.1) the 1500-byte datagram
# dies at the seed's SMMU fault; the 64-byte one, all in the copied linear
# area, goes out in every release.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1

smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

net-send $v.id to=peer size=64 discard as small
net-send $v.id to=peer size=1500 discard as large
net-send $v.id to=peer size=64 discard icmp expect rc == -EINVAL
net-run
net-packet $small.pkt expect delivered == 1 and replied == 0
net-packet $large.pkt
  expect[affected] delivered == 0 and dropped == 1 and reason == "NIC DMA fault"
  expect[!affected] delivered == 1 and replied == 0
net-stats $v.id
  expect[affected] tx_ok == 1 and tx_dropped == 1
  expect[!affected] tx_ok == 2 and tx_dropped == 0
  expect rx_ok == 0 and rx_dropped == 0 and tx_errors == 0 and maps == 1

vif-destroy $v.id expect rc == 0
net-stats $v.id expect grants_out == 0
# the invariants run after every step: in the affected releases the netback
# mappings lacked their 1:1 IOMMU entries while they lived (S7)
check expect[affected] findings >= 1 and first == S7
  expect[!affected] findings == 0
