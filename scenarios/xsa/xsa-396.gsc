# XSA-396 (CVE-2022-23037, netfront's TX half): Linux frontends tested "is
# the grant still in use" (gnttab_query_foreign_access()) and then revoked it
# (gnttab_end_foreign_access_ref()) without looking at the revoke's result.
# netfront's xennet_tx_buf_gc then released the ref and freed the skb's page.
# A backend that maps the grant between the test and the revoke keeps a page
# the frontend's kernel frees and reuses. 31185df7e2b1 (Linux 5.17, 2022)
# revokes first and tests that; `linux-boot D xsa396=vulnerable` is a
# netfront before it. Here d1 sends one frame to dom0 (ref 42, page 0x400dd)
# with its event held (`net-send ... hold`), netback answers, and then d1's
# vCPU runs netfront's handler (`net-poll`) while dom0's vCPU 1 maps ref 42
# again, as a hostile backend does. gntsim explore finds the order query,
# map, revoke: the revoke fails unnoticed, the page goes back to d1's
# allocator while dom0 maps it (S17). The fixed side, exhaustively clean:
# xsa-396-fixed.gsc; the interleaving as a schedule, both sides, and the
# page's reuse: xsa-396-race.gsc.
#   gntsim explore scenarios/xsa/xsa-396.gsc
releases 4.15.0 master
races 4.15.0 master

domain d0 hwdom direct iommu mfn=0x40000 vcpus=2
domain d1 mfn=0x842400
linux-boot d0
linux-boot d1 xsa396=vulnerable
vif d1 backend=d0 as v
net-send $v.id size=64 to=dom0 discard hold
net-run
grant-info d1 42 expect frame == 0x400dd and flags == GTF_permit_access|GTF_readonly
parallel {
net-poll $v.id
map d0 d1 42 host=0x100000 ro vcpu=1
}
check expect findings == 0
