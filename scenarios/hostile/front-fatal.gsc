# A malicious netfront netback gives up on: xenvif_fatal_tx_err() disables
# the vif ("fatal error; disabling device") for a chain past req_prod
# ("Asked for %d slots but exceeds this limit"), 20 extra slots ("Malicious
# frontend using %d slots", FATAL_SKB_SLOTS_DEFAULT), a slot crossing its
# page, and an impossible producer index (xenvif_tx_build_gops). Nothing is
# mapped before the error; teardown leaves no pin and Xen stays safe.
releases 4.14.1 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 as a
vif d1 backend=d0 as b
vif d1 backend=d0 as c
vif d1 backend=d0 as d

net-attack $a.id slots slots=22 expect reasons == "too_many_slots,legacy_slots" and disabled == 1 and ops == 0
net-attack $b.id endless-chain slots=3 expect reasons == "need_more" and disabled == 1 and ops == 0
net-attack $c.id cross-page expect reasons == "cross_page" and disabled == 1 and ops == 0
net-attack $d.id prod-overrun by=257 expect reasons == "ring_overflow" and disabled == 1 and ops == 0

# a disabled vif serves nobody, the frontend is not told
net-send $a.id to=dom0 icmp as p
net-run
net-packet $p.pkt expect delivered == 0 and replied == 0
net-stats $a.id expect tx_ok == 0 and maps == 0

vif-destroy $a.id expect rc == 0
vif-destroy $b.id expect rc == 0
vif-destroy $c.id expect rc == 0
vif-destroy $d.id expect rc == 0
net-stats $a.id expect grants_out == 0
net-stats $d.id expect grants_out == 0
# the invariants run after every step: 4.14.1's netback mappings lacked their
# 1:1 IOMMU entries while they lived (S7, the seed bug)
check expect[4.14.1] findings >= 1 and first == S7
  expect[!4.14.1] findings == 0
