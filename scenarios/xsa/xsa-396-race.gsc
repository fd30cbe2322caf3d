# XSA-396's netfront TX race, replayed: the interleaving `gntsim explore --lock-steps
# scenarios/xsa/xsa-396.gsc` finds, as a fixed schedule. d1's vCPU runs
# netfront's handler (net-poll): without 31185df7e2b1 (xsa396=vulnerable)
# xennet_tx_buf_gc reads ref 42's flags (not in use) and stops before its
# revoke; dom0's vCPU 1 maps ref 42 (pin, GTF_reading); the revoke then
# fails, unnoticed: the ref goes back to the free list and the page to the
# allocator while dom0 maps it (S17). Netfront's next frame takes both again:
# dom0 reads the new frame's bytes (the IPv4 id 0 becomes 1) through its old
# mapping, and the grant written over the pinned entry drops GTF_reading
# (S2); that frame's revoke, finding the entry unused, clears it (S2 again).
# Fixed, the same order (the revoke's test is the gc's only point): the
# revoke is refused, "Grant still in use by backend domain", the device
# broken, the page and the flags kept, no finding.
releases 4.15.0 master

domain d0 hwdom direct iommu mfn=0x40000 vcpus=2
domain d1 mfn=0x842400
linux-boot d0
linux-boot d1 xsa396=vulnerable
vif d1 backend=d0 as v
net-send $v.id size=64 to=dom0 discard hold
net-run
net-stats $v.id expect grants_out == 35 and tx_ok == 1
parallel lock-steps schedule="0 0 1 1 1 1 1 1 0" {
net-poll $v.id
map d0 d1 42 host=0x100000 ro vcpu=1 as m expect status == GNTST_okay
}
grant-info d1 42 expect pin == 0x100 and frame == 0x400dd and flags == GTF_permit_access|GTF_readonly|GTF_reading
net-stats $v.id expect grants_out == 34 and refused == 0
check expect findings == 1 and first == S17
read d0 0x100000042 20 expect bytes == hex:00163e00000000163e0000010800450000320000
net-send $v.id size=64 to=dom0 discard
grant-info d1 42 expect pin == 0x100 and frame == 0x400dd and flags == GTF_permit_access|GTF_readonly
read d0 0x100000042 20 expect bytes == hex:00163e00000000163e0000010800450000320001
check expect findings == 2   # S17 before, S2 now: flags 0x5 under pin 0x100
net-run
grant-info d1 42 expect pin == 0x100 and flags == 0
check expect findings == 3   # S2 again: flags 0 under pin 0x100

reset
domain d0 hwdom direct iommu mfn=0x40000 vcpus=2
domain d1 mfn=0x842400
linux-boot d0
linux-boot d1
vif d1 backend=d0 as w
net-send $w.id size=64 to=dom0 discard hold
net-run
parallel lock-steps schedule="0 1 1 1 1 1 1 0" {
net-poll $w.id
map d0 d1 42 host=0x100000 ro vcpu=1 as n expect status == GNTST_okay
}
grant-info d1 42 expect pin == 0x100 and frame == 0x400dd and flags == GTF_permit_access|GTF_readonly|GTF_reading
net-stats $w.id expect grants_out == 35 and refused == 1
net-send $w.id size=64 to=dom0 discard expect rc == -EIO
check expect findings == 0
