# A frame owned by DOMID_IO (iomem: x86 arch_init_memory() shares I/O holes
# with dom_io at boot) met by the grant code.
#
# map_grant_ref() has a dom_io branch (page_get_owner_and_reference() ==
# dom_io: "HVM guests can't grant map iomem", iomem_access_permitted() for
# PV), but in 4.11 .. master no grant reaches it: the first pin takes its
# frame through get_paged_frame(), whose get_page_from_gfn() needs a page the
# granter owns (x86 PV: get_page(page, rd) of the mfn; Arm:
# p2m_get_page_from_gfn(), which sees no page behind an MMIO entry), and a
# pinned frame keeps its owner while referenced. So a PV granter naming a
# DOMID_IO frame and an Arm granter whose gfn is MMIO over it both get
# GNTST_bad_page, the flags rolled back and no reference taken.
# GNTTABOP_cache_flush of it is -EPERM: dom_io has no grant table (the XTF
# xsa-232 case), and XENMAPSPACE_gmfn_foreign cannot map it.
releases all

domain d0 hwdom arch=x86-pv mfn=0x40000 pages=16
domain d1 arch=x86-pv mfn=0x50000 pages=16
domain d2 mfn=0x842400
domain d3 mfn=0x850000

iomem 0x60000 expect rc == 0
page 0x60000 expect owner == 0x7ff1 and refs == 1
iomem 0x60000 expect rc == -EBUSY
iomem 0x50000 expect rc == -EBUSY               # d1's RAM
iomem 0x9000000 expect rc == -EINVAL            # not RAM

# x86 PV: the granter's entry names the mfn itself
grant d1 8 to=d0 gfn=0x60000
map d0 d1 8 dev nohost expect status == GNTST_bad_page
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access
page 0x60000 expect refs == 1 and types == 0

# Arm: MMIO over the frame in the granter's P2M
p2m-set d2 0x10000 mfn=0x60000 type=p2m_mmio_direct_dev expect rc == 0
grant d2 8 to=d3 gfn=0x10000
map d3 d2 8 host=0x300000 expect status == GNTST_bad_page
grant-info d2 8 expect pin == 0 and flags == GTF_permit_access
p2m d3 0x300000 expect entry == "none"
copy d2 src=0x7ff0 src-gfn=0x10000 dst=0x7ff0 dst-gfn=0x40000 len=4
  expect status == GNTST_bad_page
# cache_flush: page_get_owner_and_reference() takes a reference and returns
# dom_io, which has no grant table: -EPERM, the reference kept (every
# release; before c3d830b244 a NULL dereference, scenarios/xsa/xsa-232.gsc)
cache-flush d3 bus=0x60000000 len=64 clean expect rc == -EPERM
page 0x60000 expect owner == 0x7ff1 and refs == 2
p2m-set d3 0x70000 mfn=0x60000 type=p2m_map_foreign_rw expect rc == -EINVAL
page 0x60000 expect owner == 0x7ff1 and refs == 2
check expect findings == 0
