# The seed at the grant-table level (no machine, no Linux): what Xen leaves
# in dom0's P2M and IOMMU after the read-only map, per release.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
write d1 0x400cb148 "GET / HTTP/1.1\r\n"
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m
  expect status == GNTST_okay and handle == 0 and bus == 0x8424cb000
p2m d0 0x100000 expect type == p2m_grant_map_ro and mfn == 0x8424cb and perm == r
iommu d0 0x8424cb
  expect[affected] entry == none
  expect[!affected] type == p2m_iommu_map_ro and perm == r
grant-info d1 8
  expect flags == GTF_permit_access|GTF_readonly|GTF_reading and hstr == 1 and pin == 0x100
page 0x8424cb expect refs == 2 and owner == 1
read d0 0x100000148 16 expect bytes == "GET / HTTP/1.1\r\n"
check
  expect[affected] first == S7
  expect[!affected] findings == 0
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
iommu d0 0x8424cb expect entry == none
grant-info d1 8 expect flags == GTF_permit_access|GTF_readonly and pin == 0
end-access d1 8 expect rc == 0
