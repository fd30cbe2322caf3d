# GNTST_permission_denied (-8): a copy side given by gmfn must be
# DOMID_SELF (0x7ff0; gntsim's gnttab_copy_lock_domain accepts no other
# id); dom0 naming d1's frame by gmfn is refused. Same in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
copy d0 src=d1 src-gfn=0x400cb dst=0x7ff0 dst-gfn=0x40010 len=8
  expect rc == 0 and status == GNTST_permission_denied
# query_size of another domain by a domU (XSM_TARGET, dummy policy)
query-size d1 target=d0 expect rc == 0 and status == GNTST_permission_denied
