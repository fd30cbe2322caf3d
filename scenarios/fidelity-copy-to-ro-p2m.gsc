# GNTTABOP_copy to a gfn of the caller's own whose P2M entry is read-only:
# here a read-only grant mapping of one of its own pages. Xen's
# gnttab_copy_claim_buf() -> get_paged_frame() -> check_get_page_from_gfn()
# (xen/common/memory.c; RELEASE-4.12.0 .. master; 4.11: get_page_from_gfn()
# in get_paged_frame() itself) asks for no writability: the readonly flag
# only picks the P2M query (P2M_ALLOC / P2M_UNSHARE). Arm's
# p2m_get_page_from_gfn() (xen/arch/arm/p2m.c; an inline get_page_from_gfn()
# in asm-arm/p2m.h in 4.11) takes any p2m_is_any_ram() type, grant and
# read-only RAM included, and a reference if the domain owns the page; Arm's
# get_page_type() always succeeds. So the copy writes through the read-only
# mapping, in every release. A grant mapping of another domain's page fails
# get_page(page, d): GNTST_bad_page.
releases 4.11 4.14.1 4.17 4.21 master

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
write d1 0x40001000 "original"                  # gfn 0x40001 = mfn 0x842401
write d1 0x40003000 "new data"
grant d1 8 to=d1 gfn=0x40001 ro
map d1 d1 8 host=0x50000 ro as m expect status == GNTST_okay
p2m d1 0x50000 expect type == p2m_grant_map_ro and mfn == 0x842401 and perm == r
copy d1 src=0x7ff0 src-gfn=0x40003 dst=0x7ff0 dst-gfn=0x50000 len=8
  expect rc == 0 and status == GNTST_okay
read d1 0x40001000 8 expect bytes == "new data"
page 0x842401 expect refs == 2
unmap d1 $m.handle host=0x50000 expect status == GNTST_okay
# d0's read-only mapping of d1's page: not d0's page
grant d1 9 to=d0 gfn=0x40001 ro
map d0 d1 9 host=0x100000 ro as n expect status == GNTST_okay
copy d0 src=0x7ff0 src-gfn=0x40010 dst=0x7ff0 dst-gfn=0x100000 len=8
  expect rc == 0 and status == GNTST_bad_page
read d1 0x40001000 8 expect bytes == "new data"
unmap d0 $n.handle host=0x100000 expect status == GNTST_okay
page 0x842401 expect refs == 1
# invariants run after every step: 4.14.1's read-only map lacked its 1:1 IOMMU
# entry while it lived (S7, the seed bug)
check expect[4.14.1] findings == 1 and first == S7
  expect[!4.14.1] findings == 0
