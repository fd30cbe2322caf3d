# XSA-423 (CVE-2022-3643) and XSA-432 (CVE-2023-34319), netback's linear
# area. Before ad7f402ae4f4 ("xen/netback: Ensure protocol headers don't
# fall in the non-linear area", Linux 6.1) netback grant-copied only the
# first slot's own bytes (at most XEN_NETBACK_TX_COPY_LEN) into the skb's
# linear area and mapped every other slot as a frag: a frontend cutting a
# frame into small slots puts the Ethernet and IP headers in the frags,
# which some NIC drivers mishandle (the advisory: a NIC reset). The fix
# copies the first 128 bytes across as many slots as they span; its loop
# counted nr_slots without the slots past MAX_SKB_FRAGS, and 534fc31d09b7
# ("xen/netback: Fix buffer overrun triggered by unusual packet", XSA-432)
# counts them: a head and 18 slots of at most 128 bytes in all used up one
# slot more than counted, the unsigned count wrapped and the map-op loop
# ran past queue->tx_map_ops. `linux-boot D xsa423=vulnerable` is a netback
# before ad7f402ae4f4, `xsa432=vulnerable` one with it but before
# 534fc31d09b7.
releases 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

# fixed: 200 bytes in 20-byte slots; the first 128 bytes are copied from
# seven slots, the seventh's last 12 bytes and the other three are mapped
net-send $v.id to=dom0 size=200 slot-max=20 icmp as a
net-run
net-packet $a.pkt expect delivered == 1 and replied == 1
net-stats $v.id expect maps == 4 and head_split == 0
# 128 bytes in a head of 20 and 18 slots of 6: copied whole, delivered
net-attack $v.id slots slots=19 size=128 expect refused == 0 and tx_ok == 1 and tx_errors == 0
net-stats $v.id expect maps == 4 and head_split == 0
check expect findings == 0

# XSA-423 vulnerable: the linear area holds the first slot's 20 bytes; the
# rest of the Ethernet header and the IPv4 header are in mapped frags
reset
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0 xsa423=vulnerable
linux-boot d1
vif d1 backend=d0 nic=nic0 as w
net-send $w.id to=dom0 size=200 slot-max=20 icmp as b
net-run
# dom0's stack (as modelled) reads the frags too: the frame still arrives;
# a driver that needs the headers linear is not modelled
net-packet $b.pkt expect delivered == 1 and replied == 1
net-stats $w.id expect maps == 9 and head_split == 1
# to the NIC: 300 bytes in 20-byte slots, 14 frags DMA'd from the guest's pages
net-send $w.id to=peer size=300 slot-max=20 as c
net-run
net-packet $c.pkt expect delivered == 1
net-stats $w.id expect maps == 23 and head_split == 2
# the 19-slot packet: only the first slot's 20 bytes are linear, no overrun
net-attack $w.id slots slots=19 size=128 expect tx_ok == 1 and tx_errors == 0
net-stats $w.id expect head_split == 3
check expect findings == 0

# XSA-432 vulnerable (with the XSA-423 fix): the 19-slot packet overruns
reset
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0 xsa432=vulnerable
linux-boot d1
vif d1 backend=d0 nic=nic0 as x
net-send $x.id to=dom0 size=200 slot-max=20 icmp as d
net-run
net-packet $d.pkt expect delivered == 1 and replied == 1
net-attack $x.id slots slots=19 size=128 expect tx_ok == 0 and tx_errors == 19 and ops == 0
check expect findings == 1 and first == S15
# a head of 20 and 17 slots of 6 (MAX_SKB_FRAGS) are counted right: delivered
net-attack $x.id slots slots=18 size=122 expect tx_ok == 1 and tx_errors == 0
