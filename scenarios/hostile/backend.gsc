# A malicious netback (drivers/net/xen-netfront.c): a TX response with an id
# netfront never posted, or one answered twice, makes netfront stop trusting
# it ("xen/netfront: don't trust the backend response data", XSA-391) instead
# of crashing; a backend that never unmaps a TX grant (XSA-396) leaves the
# page with netfront, which cannot revoke it until the backend lets go. RX
# buffers are found by ring index (xennet_get_responses): a wrong id is
# harmless, a size beyond the page drops the frame.
releases 4.14.1 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 as k
vif d1 backend=d0 as b
vif d1 backend=d0 as t
vif d1 backend=d0 as r

# keeps-grant first, on the first vif: its 1500-byte frame's mapped slot is ref 144
net-attack $k.id backend-keeps-grant expect reasons == "grant_busy" and broken == 1 and tx_ok == 1 and grants_out == 35
grant-info d1 144 as g expect pin == 0x100
page $g.mfn expect refs == 2
vif-destroy $k.id expect rc == -EBUSY
net-send $k.id to=dom0 expect rc == -EIO
net-attack $k.id backend-release expect rc == 0 and grants_out == 0
vif-destroy $k.id expect rc == 0
grant-info d1 144 expect pin == 0 and flags == 0
page $g.mfn expect refs == 1

net-attack $b.id backend-bad-id id=5000 expect reasons == "bad_id" and broken == 1
net-send $b.id to=dom0 expect rc == -EIO
net-attack $t.id backend-double-answer expect reasons == "bad_id" and broken == 1 and tx_ok == 1

net-attack $r.id rx-bad-id id=77 expect refused == 0 and broken == 0
net-attack $r.id rx-bad-size expect reasons == "bad_rx" and broken == 0
net-send $r.id to=dom0 icmp as p
net-run
net-packet $p.pkt expect delivered == 1 and replied == 1
net-stats $r.id expect rx_ok == 2

vif-destroy $b.id expect rc == 0
vif-destroy $t.id expect rc == 0
vif-destroy $r.id expect rc == 0
net-stats $r.id expect grants_out == 0
# the invariants run after every step: 4.14.1's netback mappings lacked their
# 1:1 IOMMU entries while they lived (S7, the seed bug)
check expect[4.14.1] findings >= 1 and first == S7
  expect[!4.14.1] findings == 0
