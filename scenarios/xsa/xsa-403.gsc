# XSA-403 (CVE-2022-33740, netfront's half): netfront granted its backend
# RX buffer pages straight from the page pool, not zeroed: whatever the page
# held before (another task's or the kernel's data) was the backend's to
# read through its writable grant, before any packet arrived.
# 307c8de2b023 ("xen/netfront: fix leaking data in shared pages", Linux 5.19)
# allocates them with __GFP_ZERO. `linux-boot D xsa403=vulnerable` is a
# netfront before it. The backend here simply maps the grant netfront gave
# it for its first RX buffer (ref 10, the page 0x400fd) and reads it.
releases 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
# d1's kernel used the page earlier and freed it: "SECRET-key-12345" stays
write d1 0x400fd800 hex:5345435245542d6b65792d3132333435
vif d1 backend=d0 nic=nic0 as v
grant-info d1 10 expect frame == 0x400fd and domid == 0
map d0 d1 10 host=0x100000 ro as m expect status == GNTST_okay
# fixed: the page was zeroed before it was granted
read d0 0x100000800 16 expect bytes == hex:00000000000000000000000000000000
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
# and a frame received into it is what the backend wrote
net-peer-send $v.id size=64 as a
net-run
net-packet $a.pkt expect delivered == 1 and rx_addr == 0x400fd000

reset
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1 xsa403=vulnerable
write d1 0x400fd800 hex:5345435245542d6b65792d3132333435
vif d1 backend=d0 nic=nic0 as w
grant-info d1 10 expect frame == 0x400fd and domid == 0
map d0 d1 10 host=0x100000 ro as n expect status == GNTST_okay
# vulnerable: the backend reads d1's old bytes
read d0 0x100000800 16 expect bytes == hex:5345435245542d6b65792d3132333435
unmap d0 $n.handle host=0x100000 expect status == GNTST_okay
net-peer-send $w.id size=64 as b
net-run
net-packet $b.pkt expect delivered == 1 and rx_addr == 0x400fd000
check expect findings == 0
