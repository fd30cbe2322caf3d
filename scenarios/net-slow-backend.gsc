# A slow backend (1 ms from notification to work): the frontend keeps
# pushing; RING_PUSH_REQUESTS_AND_CHECK_NOTIFY notifies only for the first
# request the backend has not yet seen (req_event), so three sends cost one
# TX notification (plus the one for the first RX buffers at connect). When
# the backend runs it drains all three; RING_FINAL_CHECK_FOR_REQUESTS
# re-arms req_event, so the next send notifies again.
releases 4.14.1 master

smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 delay=1000000 as v

net-send $v.id to=dom0 size=64 icmp as p1
net-send $v.id to=dom0 size=64 icmp as p2
net-send $v.id to=dom0 size=64 icmp as p3
net-stats $v.id expect notify_tx == 2 and tx_ok == 0
net-run
net-packet $p1.pkt expect delivered == 1 and replied == 1
net-packet $p3.pkt expect delivered == 1 and replied == 1
net-stats $v.id expect tx_ok == 3 and rx_ok == 3
net-send $v.id to=dom0 size=64 icmp
net-stats $v.id expect notify_tx == 3
net-run
net-stats $v.id expect tx_ok == 4 and rx_ok == 4
vif-destroy $v.id expect rc == 0
