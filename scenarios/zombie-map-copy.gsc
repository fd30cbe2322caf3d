# Map and copy against a dying granter. A granter destroyed while dom0 maps
# one of its pages stays in Xen's domain list until that page goes, and
# rcu_lock_domain_by_id() (map_grant_ref) and rcu_lock_domain_by_any_id()
# (gnttab_copy_lock_domain) find it. map_grant_ref() has no is_dying test
# (xen/common/grant_table.c, RELEASE-4.11.0 .. master): another map of the
# pinned entry succeeds, its frame still the dying domain's own page; an
# unpinned entry fails get_paged_frame() (the P2M went in
# relinquish_p2m_mapping): GNTST_bad_page, flags rolled back.
# acquire_grant_for_copy() refuses a pinned entry of a dying granter
# (td != rd || rd->is_dying: GNTST_bad_domain) and an unpinned one fails
# get_paged_frame() (GNTST_bad_page). Only an unknown domain is
# GNTST_bad_domain at the lookup. query_size and get_version read its table.
releases all

domain d0 hwdom direct mfn=0x40000
domain d1 mfn=0x842400
domain d2 mfn=0x850000
write d1 0x400cb000 "granted"
grant d1 8 to=d0 gfn=0x400cb
grant d1 9 to=d0 gfn=0x400cc
grant d1 10 to=d2 gfn=0x400cb ro
map d0 d1 8 host=0x100000 as m expect status == GNTST_okay
domain-destroy d1 expect rc == 0
page 0x8424cb expect refs == 1 and owner == 1

# map: the pinned entry maps again; an unpinned one has no frame any more
map d0 d1 8 host=0x100001 as n expect status == GNTST_okay and bus == 0x8424cb000
grant-info d1 8 expect hstw == 2 and flags == GTF_permit_access|GTF_reading|GTF_writing
page 0x8424cb expect refs == 2
read d0 0x100001000 7 expect bytes == "granted"
map d0 d1 9 host=0x100002 expect status == GNTST_bad_page
grant-info d1 9 expect pin == 0 and flags == GTF_permit_access
p2m d0 0x100002 expect entry == "none"
map d2 d1 10 host=0x60000 ro expect status == GNTST_bad_page
map d0 d5 8 host=0x100003 expect status == GNTST_bad_domain

# copy: the pinned entry is refused for the dying granter, the others have no frame
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40010 len=4 expect status == GNTST_bad_domain
copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=4 expect status == GNTST_bad_domain
copy d0 src=d1 src-ref=9 dst=0x7ff0 dst-gfn=0x40010 len=4 expect status == GNTST_bad_page
grant-info d1 9 expect pin == 0 and flags == GTF_permit_access
grant-info d1 8 expect hstw == 2 and hstr == 0
copy d0 src=d5 src-ref=8 dst=0x7ff0 dst-gfn=0x40010 len=4 expect status == GNTST_bad_domain
check expect findings == 0

# query_size and get_version (rcu_lock_domain_by_any_id) read its table
query-size d0 target=d1 expect status == GNTST_okay and nr == 1 and max == 64
get-version d0 target=d1 expect rc == 0 and version == 1
query-size d2 target=d1 expect status == GNTST_permission_denied

# both mappings go: the page, then the domain
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
domain d1 mfn=0x842400 expect rc == -EEXIST
unmap d0 $n.handle host=0x100001 expect status == GNTST_okay
page 0x8424cb expect refs == 0
domain d1 mfn=0x842400 expect rc == 0
check expect findings == 0
