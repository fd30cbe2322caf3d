# Arm: the 1:1 IOMMU unmap of a granted frame (dfn = mfn) when the P2M slot
# at that gfn holds a grant host mapping of the same frame. The P2M is the
# IOMMU's table, so a host mapping placed at gfn = mfn replaces the IOMMU
# entry; unmapping it at another gfn (Xen's replace_grant_host_mapping()
# removes whatever the caller names: an empty gfn passes) leaves it there.
# When the frame's last mapping goes, unmap_common() calls
# iommu_legacy_unmap() -> arm_iommu_unmap_page()
# (xen/drivers/passthrough/arm/iommu_helpers.c) -> guest_physmap_remove_page()
# -> p2m_remove_mapping() (xen/arch/arm/p2m.c), which from 5a4a2cef08 (4.17)
# refuses a RAM, grant or foreign entry unless the mfn passed is valid and
# matches (-EILSEQ). Before 4cde4a552e (RELEASE-4.21.0) the mfn passed is
# the dfn, which matches: the host mapping is removed and the unmap is okay.
# From it the mfn passed is INVALID_MFN: -EILSEQ, the unmap reports
# GNTST_general_error (the hardware domain is not crashed), the per-mfn
# counter keeps its count, and a later map of the frame makes no IOMMU entry.
releases 4.16.0 4.17 4.20 4.21 4.22 master
group invalid_mfn 4.21 4.22 master

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x40001                    # mfn 0x842401
map d0 d1 8 host=0x100000 as a expect status == GNTST_okay
iommu d0 0x842401 expect type == p2m_iommu_map_rw and mfn == 0x842401
map d0 d1 8 host=0x842401 as b expect status == GNTST_okay
p2m d0 0x842401 expect type == p2m_grant_map_rw and mfn == 0x842401
# b unmapped at a gfn that holds nothing: okay, its host mapping stays
unmap d0 $b.handle host=0x100001 expect status == GNTST_okay
p2m d0 0x842401 expect type == p2m_grant_map_rw and mfn == 0x842401
# the frame's last mapping: the IOMMU unmap at dfn 0x842401 meets b's mapping
unmap d0 $a.handle host=0x100000
  expect[!invalid_mfn] status == GNTST_okay
  expect[invalid_mfn] status == GNTST_general_error
p2m d0 0x100000 expect entry == none
p2m d0 0x842401
  expect[!invalid_mfn] entry == none
  expect[invalid_mfn] type == p2m_grant_map_rw and mfn == 0x842401
grant-info d1 8 expect pin == 0
crashed d0 expect xen == 0 and domain == 0
# a new map of the frame: the kept count (1) makes it the second writer
map d0 d1 8 host=0x100000 as c expect status == GNTST_okay
iommu d0 0x842401
  expect[!invalid_mfn] type == p2m_iommu_map_rw and mfn == 0x842401
  expect[invalid_mfn] type == p2m_grant_map_rw
