# XSA-362 (CVE-2021-26931): Linux backends "handled" a failed grant map with
# BUG(). netback's xenvif_tx_action() ended its gnttab_map_refs() call with
# BUG_ON(ret), so any error of the call as a whole killed the backend
# domain's kernel. 3194a1746e8a ("xen-netback: don't "handle" error by
# BUG()", Linux 5.12) dropped it; 2991397d23ec (XSA-367) logs "Map fail"
# and lets xenvif_tx_check_gop() answer every slot whose op failed.
# `linux-boot D xsa362=vulnerable` is a netback before 3194a1746e8a.
# `inject linux-map` fails dom0's next gnttab_map_refs() as a whole (the
# trigger; x86 PV's set_foreign_p2m_mapping() -ENOMEM, which gntsim's Arm
# kernel cannot produce). A failed map op's status alone (`inject
# iommu-map`) never reached the BUG_ON: both netbacks answer it ERROR.
releases 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

# fixed: the 1500-byte frame's remainder is to be mapped; the call fails
inject linux-map dom=d0
net-send $v.id to=peer size=1500 as a
net-run
net-packet $a.pkt expect delivered == 0 and replied == 0
net-stats $v.id expect tx_errors == 1 and maps == 0
# one op failing in Xen (its 1:1 IOMMU map) is that slot's error only
inject iommu-map dom=d0
net-send $v.id to=peer size=1500 as b
net-run
net-packet $b.pkt expect delivered == 0
net-stats $v.id expect tx_errors == 2
# the vif still works
net-send $v.id to=peer size=1500 as c
net-run
net-packet $c.pkt expect delivered == 1 and replied == 1
check expect findings == 0
crashed d0 expect kernel == 0

# vulnerable: the same failure is dom0's kernel BUG() (S14)
reset
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0 xsa362=vulnerable
linux-boot d1
vif d1 backend=d0 nic=nic0 as w
inject iommu-map dom=d0
net-send $w.id to=peer size=1500 as d
net-run
net-packet $d.pkt expect delivered == 0
check expect findings == 0
inject linux-map dom=d0
net-send $w.id to=peer size=1500 as e
net-run
net-packet $e.pkt expect delivered == 0 and dropped == 0
check expect findings == 1 and first == S14
crashed d0 expect kernel == 1 and xen == 0 and domain == 0
# dom0's kernel is gone: nothing is answered any more
net-send $w.id to=peer size=64 as f
net-run
net-packet $f.pkt expect delivered == 0 and dropped == 0
net-stats $w.id expect tx_ok == 0
