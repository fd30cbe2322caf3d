# XSA-394 (CVE-2022-23034): era C keeps per-mfn read/write counters of a
# mapping domain's foreign mappings (9781b51efd, XSA-380). unmap_common()
# counted them down on every successful unmap, even a partial one that
# names neither the host mapping (host_addr 0) nor the device one: the 1:1
# IOMMU entry went while the mapping lived (S7, S5), and the real unmap
# then underflowed the counter: Xen's BUG(). 975a8fb45c ("gnttab: only
# decrement the counter when the mapping is fully released", 4.17.0; backports
# 4.13.5, 4.14.4, 4.15.2, 4.16.1; profile xsa394_fixed) counts down only when
# the handle is released. `world xsa394=` reverts or applies it. Eras A and B
# have no counters (scenarios/xsa/ runs era C releases only).
releases 4.13.4 4.14.3 4.15.1 4.16.0 4.13.5 4.16.1 master
group vulnerable 4.13.4 4.14.3 4.15.1 4.16.0

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay and bus == 0x8424cb000
counters d0 0x8424cb expect node == present and rd == 1 and wr == 0
iommu d0 0x8424cb expect type == p2m_iommu_map_ro
unmap d0 $m.handle host=0 bus=0 expect status == GNTST_okay     # the partial unmap
grant-info d1 8 expect hstr == 1                                # still mapped
p2m d0 0x100000 expect type == p2m_grant_map_ro
counters d0 0x8424cb
  expect[vulnerable] node == none
  expect[!vulnerable] node == present and rd == 1
iommu d0 0x8424cb
  expect[vulnerable] entry == "none"          # the device loses a live mapping
  expect[!vulnerable] type == p2m_iommu_map_ro
check
  expect[vulnerable] findings == 2
  expect[!vulnerable] findings == 0
unmap d0 $m.handle host=0x100000
  expect[vulnerable] status == GNTST_general_error
  expect[!vulnerable] status == GNTST_okay
crashed d0 expect[vulnerable] xen == 1 expect[!vulnerable] xen == 0
check expect[vulnerable] findings == 4 and first == S7
  expect[!vulnerable] findings == 0

# the other side in each release: fixed where it was vulnerable and back
reset xsa394=fixed
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
unmap d0 $m.handle host=0 bus=0 expect status == GNTST_okay
iommu d0 0x8424cb expect type == p2m_iommu_map_ro
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
iommu d0 0x8424cb expect entry == "none"
crashed d0 expect xen == 0
check expect findings == 0

reset xsa394=vulnerable
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
unmap d0 $m.handle host=0 bus=0 expect status == GNTST_okay
iommu d0 0x8424cb expect entry == "none"
unmap d0 $m.handle host=0x100000 expect status == GNTST_general_error
crashed d0 expect xen == 1
check expect findings == 4 and first == S7   # S7, S5, then S9 and S1
