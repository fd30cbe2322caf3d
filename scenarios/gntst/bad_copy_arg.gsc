# GNTST_bad_copy_arg (-10): a copy whose offset + length crosses the page
# (4000 + 200 > 4096). Same in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro
copy d0 src=d1 src-ref=8 src-off=4000 dst=0x7ff0 dst-gfn=0x40010 len=200
  expect rc == 0 and status == GNTST_bad_copy_arg
grant-info d1 8 expect pin == 0
