# XSA-396's netfront RX half (CVE-2022-23042): a malicious backend maps the
# grant of netfront's first posted RX buffer (ref 10, the page 0x400fd) and
# keeps the mapping while it answers the RX request: d1 pings dom0 and
# netback copies the echo reply into that buffer. netfront's poll then
# revokes the buffer's grant and Xen refuses (the backend still maps it).
# Before 66e3531b3306 ("xen/netfront: react properly to failing
# gnttab_end_foreign_access_ref()", `linux-boot D xsa396=vulnerable`)
# xennet_get_responses() did BUG_ON() on that failure: the frontend's kernel
# stops (S14), a denial of service by the backend. Fixed: "Grant still in use
# by backend domain", the device broken, the page kept while mapped (never on
# the kernel's free list: no S17); once the backend unmaps it, netfront's
# retry revokes the grant and frees the page. No race: the order is fixed.
releases 4.15.0 master

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
linux-boot d0
linux-boot d1 xsa396=vulnerable
vif d1 backend=d0 as v
net-stats $v.id expect grants_out == 34 and broken == 0
grant-info d1 10 expect frame == 0x400fd and flags == GTF_permit_access and pin == 0
map d0 d1 10 host=0x100000 as m expect status == GNTST_okay
grant-info d1 10 as g expect pin == 0x1 and flags == GTF_permit_access|GTF_reading|GTF_writing
page $g.mfn expect refs == 2
net-send $v.id to=dom0 icmp as p expect rc == 0
net-run
crashed d1 expect kernel == 1 and domain == 0
check expect findings == 1 and first == S14
# the reply reached the buffer (netback's copy), the kernel died before reading it
net-packet $p.pkt expect delivered == 1 and replied == 0
net-stats $v.id expect rx_ok == 0 and refused == 0 and broken == 0 and copies == 2
grant-info d1 10 expect pin == 0x1 and flags == GTF_permit_access|GTF_reading|GTF_writing
# the stopped kernel sends nothing and tears nothing down
net-send $v.id to=dom0 expect rc == -EIO
vif-destroy $v.id expect rc == -EIO
check expect findings == 1

reset
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
linux-boot d0
linux-boot d1
vif d1 backend=d0 as w
map d0 d1 10 host=0x100000 as n expect status == GNTST_okay
grant-info d1 10 as h expect pin == 0x1 and frame == 0x400fd
net-send $w.id to=dom0 icmp as q expect rc == 0
net-run
crashed d1 expect kernel == 0
net-packet $q.pkt expect delivered == 1 and replied == 0
net-stats $w.id expect broken == 1 and refused == 1 and rx_ok == 0 and grants_out == 34
grant-info d1 10 expect pin == 0x1 and flags == GTF_permit_access|GTF_reading|GTF_writing
page $h.mfn expect refs == 2
check expect findings == 0
net-send $w.id to=dom0 expect rc == -EIO
# the backend lets go; netfront's next event retries the revoke: page freed
unmap d0 $n.handle host=0x100000 expect status == GNTST_okay
net-poll $w.id expect rc == 0
net-stats $w.id expect grants_out == 33 and broken == 1
grant-info d1 10 expect pin == 0 and flags == 0
page $h.mfn expect refs == 1
vif-destroy $w.id expect rc == 0
check expect findings == 0
