# A malicious netfront whose requests netback refuses without disabling the
# vif (drivers/net/xen-netback/netback.c): each refusal is counted with its
# reason, the packet answered NETIF_RSP_ERROR (or, XSA-155 and XSA-448,
# handled safely), and the vif keeps serving an honest frame afterwards.
releases 4.14.1 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

# a ref outside the table: the grant copy fails (xenvif_tx_check_gop)
net-attack $v.id bad-ref expect rc == 0 and reasons == "bad_ref" and tx_errors == 1 and disabled == 0
# a ref inside the table that d1 never granted
net-attack $v.id bad-ref ref=300 expect reasons == "bad_ref" and tx_ok == 0 and disabled == 0
# the frontend ends access before netback's copy: the copy fails, nothing pinned
net-attack $v.id revoke-mid-flight expect reasons == "bad_ref" and tx_errors == 1 and ops == 1
# a later slot larger than the packet ("Invalid tx request"): dropped, both slots ERROR
net-attack $v.id size-mismatch expect reasons == "slot_size" and tx_errors == 2 and ops == 0
# 20 and 21 slots: more than XEN_NETBK_LEGACY_SLOTS_MAX extra slots, dropped
net-attack $v.id slots slots=20 expect reasons == "legacy_slots" and tx_errors == 20 and disabled == 0
net-attack $v.id slots slots=21 expect reasons == "legacy_slots" and tx_errors == 21 and disabled == 0
# 19 slots (18 extra) is still a packet
net-attack $v.id slots slots=19 expect refused == 0 and tx_ok == 1 and ops == 20
# XSA-155: the request rewritten after netback's copy; the copy is used
net-attack $v.id change-after-post expect refused == 0 and tx_ok == 1 and tx_errors == 0
# XSA-448: a zero-length fragment with a bad ref gets no grant op
net-attack $v.id zero-frag expect reasons == "zero_frag" and tx_ok == 1 and ops == 2

net-stats $v.id expect grants_out == 34
net-send $v.id to=dom0 icmp as p
net-run
net-packet $p.pkt expect delivered == 1 and replied == 1
vif-destroy $v.id expect rc == 0
net-stats $v.id expect grants_out == 0
grant-info d1 8 expect pin == 0 and flags == 0
grant-info d1 42 expect pin == 0 and flags == 0
# the invariants run after every step: 4.14.1's netback mappings lacked their
# 1:1 IOMMU entries while they lived (S7, the seed bug)
check expect[4.14.1] findings >= 1 and first == S7
  expect[!4.14.1] findings == 0
