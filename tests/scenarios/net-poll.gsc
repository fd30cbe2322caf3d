# net-send hold and net-poll: the frontend's event stays pending while the
# backend answers (its vCPU busy elsewhere), and net-poll runs netfront's
# handler (xennet_tx_buf_gc) on the statement's vCPU. The TX grant (ref 42:
# after the ring refs 8, 9 and 32 RX buffers) is revoked and its page freed
# only there, by either kernel: the fixed one (revoke, result tested) and one
# without 31185df7e2b1 (query, then revoke unchecked, xsa396=vulnerable),
# alike when nothing maps the grant meanwhile. A backend that keeps its map
# (backend-keeps-grant) finds both refusing: "Grant still in use".
releases master
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 mfn=0x843400
linux-boot d0
linux-boot d1
linux-boot d2 xsa396=vulnerable
vif d1 backend=d0 as v
vif d2 backend=d0 as w

net-send $v.id size=64 to=dom0 discard hold as s expect rc == 0
net-run
net-stats $v.id expect grants_out == 35 and tx_ok == 1
grant-info d1 42 expect flags == GTF_permit_access|GTF_readonly and frame == 0x400dd and pin == 0
net-poll $v.id expect rc == 0
net-stats $v.id expect grants_out == 34
grant-info d1 42 expect flags == 0 and pin == 0
# no longer held: the next answer is taken by net-run
net-send $v.id size=64 to=dom0 discard
net-run
net-stats $v.id expect grants_out == 34 and tx_ok == 2
net-poll 7 expect rc == -EINVAL

net-send $w.id size=64 to=dom0 discard hold
net-run
net-stats $w.id expect grants_out == 35
grant-info d2 42 expect flags == GTF_permit_access|GTF_readonly and frame == 0x400dd
net-poll $w.id
net-stats $w.id expect grants_out == 34 and refused == 0
grant-info d2 42 expect flags == 0 and pin == 0
check expect findings == 0

# a backend that keeps the mapping: the query finds it in use, the device breaks
reset
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
linux-boot d0
linux-boot d1 xsa396=vulnerable
vif d1 backend=d0 as k
net-attack $k.id backend-keeps-grant expect reasons == "grant_busy" and broken == 1 and grants_out == 35
grant-info d1 42 expect pin == 0x100
check expect findings == 0
