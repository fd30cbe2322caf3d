# XSA-155 (CVE-2015-8550): backends read a request out of the shared ring
# with a plain memcpy(), and the compiler was free to read the ring again
# where the copy's fields were used: a frontend rewriting the request
# between the two reads (a double fetch) passes the checks with one request
# and has the ops built from another. 68a33bfd8403 ("xen-netback: use
# RING_COPY_REQUEST() throughout", Linux 4.4) reads each request once,
# through a volatile copy. `linux-boot D xsa155=vulnerable` is a netback
# before it: it reads the first request's ref, offset and size again when
# it builds the grant ops. `net-attack ... change-after-post` rewrites the
# request (offset 66, size 64) to offset 4000, size 4000 as soon as netback
# has read it.
releases 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

# fixed: the copy taken once is what netback uses; the frame is delivered
net-attack $v.id change-after-post expect refused == 0 and tx_ok == 1 and tx_errors == 0
net-stats $v.id expect maps == 0 and tx_errors == 0
check expect findings == 0

# vulnerable: the request checked is 64 bytes at offset 66; the one read
# again runs from offset 4000 over 4000 bytes: the skb's frag would reach
# 3904 bytes past the page netback maps, which dom0's stack and its NIC
# then read (S15). gntsim stops the packet there, every slot ERROR.
reset
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0 xsa155=vulnerable
linux-boot d1
vif d1 backend=d0 nic=nic0 as w
# honest frames are unaffected, one slot or two (1096 + 404 bytes)
net-send $w.id to=dom0 icmp as p
net-run
net-packet $p.pkt expect delivered == 1 and replied == 1
net-send $w.id to=peer size=1500 off=3000 as q
net-run
net-packet $q.pkt expect delivered == 1 and replied == 1
check expect findings == 0
net-attack $w.id change-after-post expect tx_ok == 0 and tx_errors == 1 and ops == 0 and disabled == 0
check expect findings == 1 and first == S15
