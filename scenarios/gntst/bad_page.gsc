# GNTST_bad_page (-9): the granted gfn is not RAM of the granter (nothing
# mapped at gfn 0x10). Same in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x10
map d0 d1 8 host=0x100000 expect rc == 0 and status == GNTST_bad_page
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access
