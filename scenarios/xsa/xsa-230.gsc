# XSA-230: acquire_grant_for_copy() (xen/common/grant_table.c) clears the status
# flags its failed pin no longer backs. Before 6e2a4c7356 ("gnttab: correct pin
# status fixup for copy", 2017, older than 4.11) it looked at the host pins only,
# so a copy failing on an entry that a device mapping pins writable cleared
# GTF_writing: the granter sees no writer while the device may still write.
# The failing copy here names a granter that is dying (kept by dom0's mapping):
# a pinned entry of a dying domain is GNTST_bad_domain through unlock_out_clear.
# `world xsa230=vulnerable` reverts the fix (profile copy_status_dev_pins); the
# fixed run keeps GTF_writing and the invariants find nothing; the vulnerable run
# leaves the device pin without GTF_writing (S2).
releases 4.11 4.16.0 master
world strict=off

domain d0 hwdom iommu arch=x86-pv mfn=0x40000
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb
map d0 d1 8 dev nohost as m expect status == GNTST_okay
grant-info d1 8 expect devw == 1 and flags == GTF_permit_access|GTF_reading|GTF_writing
domain-destroy d1 expect rc == 0                 # kept, dying, by d0's device mapping
copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=8
  expect rc == 0 and status == GNTST_bad_domain
grant-info d1 8 expect devw == 1 and flags == GTF_permit_access|GTF_reading|GTF_writing
check expect findings == 0

reset strict=off xsa230=vulnerable
domain d0 hwdom iommu arch=x86-pv mfn=0x40000
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x8424cb
map d0 d1 8 dev nohost as m expect status == GNTST_okay
domain-destroy d1 expect rc == 0
copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=8
  expect rc == 0 and status == GNTST_bad_domain
# the device still pins it writable; the granter is told nobody writes
grant-info d1 8 expect devw == 1 and flags == GTF_permit_access|GTF_reading
check expect findings == 1 and first == S2
unmap d0 $m.handle bus=$m.bus expect status == GNTST_okay
