# Multi-slot packets: a frame that crosses a page, and one cut into 512-byte
# slots. netback copies the first 128 bytes (spanning slots when the first
# is shorter, as after XSA-423) and grant-maps every remainder read-only;
# each mapped slot is a page the NIC reads, so every one faults where the
# seed bug is present.
releases 4.14.1 4.15.0 master
group affected 4.14.1

smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

# 1500 bytes starting 3000 bytes into a page: two slots (1096 + 404); at
# MTU 1500 the peer's echo must fit macb's 1536-byte RX buffer
net-send $v.id to=peer size=1500 off=3000 as a
net-run
net-packet $a.pkt
  expect[affected] dropped == 1
  expect[!affected] delivered == 1 and replied == 1
net-stats $v.id expect maps == 2 and tx_errors == 0

# 1500 bytes in 512-byte slots: three slots, all mapped after the copy
net-send $v.id to=peer size=1500 slot-max=512 as b
net-run
net-packet $b.pkt
  expect[affected] dropped == 1
  expect[!affected] delivered == 1 and replied == 1
net-stats $v.id expect maps == 5 and refused == 0

# 200 bytes to dom0 in 100-byte slots: the copy takes 100 + 28 bytes, the
# second slot's last 72 bytes are mapped (read by dom0's CPU, never DMA'd)
net-send $v.id to=dom0 size=200 slot-max=100 icmp as c
net-run
net-packet $c.pkt expect delivered == 1 and replied == 1
net-stats $v.id expect maps == 6
vif-destroy $v.id expect rc == 0
# the invariants run after every step: in the affected releases the netback
# mappings lacked their 1:1 IOMMU entries while they lived (S7)
check expect[affected] findings >= 1 and first == S7
  expect[!affected] findings == 0
