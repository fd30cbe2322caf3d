# GNTST_bad_domain (-2): the granter named in the map (and in a copy by
# grant ref) does not exist. Same in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
map d0 7 8 host=0x100000 expect rc == 0 and status == GNTST_bad_domain
copy d0 src=7 src-ref=8 dst=0x7ff0 dst-gfn=0x40010 len=8
  expect rc == 0 and status == GNTST_bad_domain
