# XSA-396's netfront TX race (xsa-396.gsc) with 31185df7e2b1, the default
# kernel: xennet_tx_buf_gc revokes the grant and tests the result. Whichever
# comes first, netfront's revoke or dom0's map of ref 42, no page is freed
# while mapped: the map fails on a revoked entry (GNTST_general_error), or
# the revoke is refused ("Grant still in use by backend domain": the device
# broken, the page kept). gntsim explore finds no run that breaks an
# invariant, exhaustively.
#   gntsim explore scenarios/xsa/xsa-396-fixed.gsc
releases 4.15.0 master
races

domain d0 hwdom direct iommu mfn=0x40000 vcpus=2
domain d1 mfn=0x842400
linux-boot d0
linux-boot d1
vif d1 backend=d0 as v
net-send $v.id size=64 to=dom0 discard hold
net-run
grant-info d1 42 expect frame == 0x400dd and flags == GTF_permit_access|GTF_readonly
parallel {
net-poll $v.id
map d0 d1 42 host=0x100000 ro vcpu=1
}
check expect findings == 0
