# The state queries of issue 14: era C per-mfn counters, era A/B mapkind(),
# the maptrack (limit, live handles, a vCPU's free list, one handle's entry).
releases 4.14.1 4.16.0
group eraC 4.16.0

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
grant d1 9 to=d0 gfn=0x400cb
map d0 d1 8 host=0x100000 ro as a
map d0 d1 9 host=0x100001 as b
  expect status == GNTST_okay and handle == 1
counters d0 0x8424cb
  expect[eraC] node == present and rd == 1 and wr == 1
  expect[!eraC] node == none
mapkind d0 d1 0x8424cb
  expect kind == rw
maptrack d0 handle=1
  expect live == 2 and limit >= 2 and ref == 9 and domid == 1 and flags & 0x4 == 0
  expect free !in {none} and nfree >= 1
unmap d0 $b.handle host=0x100001
counters d0 0x8424cb
  expect[eraC] rd == 1 and wr == 0
mapkind d0 d1 0x8424cb
  expect kind == r
maptrack d0
  expect live == 1
unmap d0 $a.handle host=0x100000
counters d0 0x8424cb
  expect node == none
mapkind d0 d1 0x8424cb
  expect kind == none
maptrack d0
  expect live == 0
