# MMIO and foreign entries in a P2M, and what the grant operations and the
# SMMU make of them (p2m-set, p2m-remove; src/xen/physmap.c).
#
# A foreign entry (XENMAPSPACE_gmfn_foreign, xen/arch/arm/mm.c) holds a
# reference on the other domain's page until it goes: Arm p2m_put_l3_page()
# drops it when the entry is removed, overwritten by another mfn, or
# relinquished at death (relinquish_p2m_mapping); an overwrite by the same
# mfn keeps it (__p2m_set_entry frees the old entry only when the mfn
# changes). MMIO entries (map_mmio_regions: p2m_mmio_direct_dev) hold none.
# A granted gfn that is MMIO or foreign is refused by get_paged_frame():
# p2m_get_page_from_gfn() returns no page for MMIO (not p2m_is_any_ram) and
# get_paged_frame() puts the foreign page it was given (p2m_is_foreign):
# GNTST_bad_page for map and copy alike, in every release.
releases all
group checks_mfn 4.17 4.18 4.19 4.20 4.21 4.22 master

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 mfn=0x850000
device nic0 owner=d0 sid=0x877 coherent
write d1 0x400cb000 "foreign"                   # gfn 0x400cb = mfn 0x8424cb
write d1 0x400cc000 "granted"                   # gfn 0x400cc = mfn 0x8424cc

# dom0 maps d1's page as a foreign page: a page reference, CPU and SMMU see it
p2m-set d0 0x200000 mfn=0x8424cb type=p2m_map_foreign_rw expect rc == 0
page 0x8424cb expect refs == 2 and owner == 1
p2m d0 0x200000 expect type == p2m_map_foreign_rw and mfn == 0x8424cb and perm == rw
read d0 0x200000000 7 expect bytes == "foreign"
iommu d0 0x200000 expect type == p2m_map_foreign_rw and perm == rw
dma-read nic0 0x200000000 7 expect rc == 0 and bytes == "foreign"
p2m-set d0 0x200001 mfn=0x8424cb type=p2m_map_foreign_ro expect rc == 0
dma-write nic0 0x200001000 "x" expect rc == -EIO
fault expect fsr & 0x8 == 0x8 and fsynr & 0x10 == 0x10   # FSR.PF on a write
page 0x8424cb expect refs == 3
p2m-remove d0 0x200001 expect rc == 0
page 0x8424cb expect refs == 2
p2m d0 0x200001 expect entry == "none"

# MMIO in dom0's P2M: the SMMU's walk translates it (no context fault); the
# frame is no RAM, so the NIC's read ends in a bus error
p2m-set d0 0x210000 mfn=0xff0e0 type=p2m_mmio_direct_dev expect rc == 0
iommu d0 0x210000 expect type == p2m_mmio_direct_dev and mfn == 0xff0e0
dma-read nic0 0x210000000 4 expect rc == -EIO
fault expect far == 0x200001000                 # still the earlier write's fault
expect log contains "DMA bus error: HRESP not OK"

# refused: a foreign mapping of one's own page, of a free frame, of Xen's
p2m-set d1 0x60000 mfn=0x8424cb type=p2m_map_foreign_rw expect rc == -EINVAL
p2m-set d2 0x60000 mfn=0x9000000 type=p2m_map_foreign_rw expect rc == -EINVAL
p2m-set d2 0x60000 mfn=0x8424cb type=p2m_ram_rw expect rc == -EINVAL
p2m d2 0x60000 expect entry == "none"

# a grant of a foreign gfn: get_paged_frame() gives the page back, bad_page
grant d0 8 to=d2 gfn=0x200000
map d2 d0 8 host=0x300000 expect status == GNTST_bad_page
grant-info d0 8 expect pin == 0 and flags == GTF_permit_access
page 0x8424cb expect refs == 2
p2m d2 0x300000 expect entry == "none"
copy d2 src=d0 src-ref=8 dst=0x7ff0 dst-gfn=0x50000 len=4 expect status == GNTST_bad_page
copy d0 src=0x7ff0 src-gfn=0x200000 dst=0x7ff0 dst-gfn=0x40000 len=4
  expect status == GNTST_bad_page

# MMIO in a domU (XEN_DOMCTL_memory_mapping): no reference, no grant, no copy
p2m-set d1 0x10000 mfn=0xff0e0 type=p2m_mmio_direct_dev expect rc == 0
p2m d1 0x10000 expect type == p2m_mmio_direct_dev and mfn == 0xff0e0 and perm == rw
grant d1 8 to=d2 gfn=0x10000
map d2 d1 8 host=0x300000 expect status == GNTST_bad_page
grant-info d1 8 expect pin == 0 and flags == GTF_permit_access
copy d1 src=0x7ff0 src-gfn=0x400cb dst=0x7ff0 dst-gfn=0x10000 len=4
  expect status == GNTST_bad_page
copy d1 src=0x7ff0 src-gfn=0x10000 dst=0x7ff0 dst-gfn=0x400cb len=4
  expect status == GNTST_bad_page
p2m-remove d1 0x10000 expect rc == -ENOENT     # remove_from_physmap takes no MMIO
p2m d1 0x10000 expect type == p2m_mmio_direct_dev

# a grant host mapping placed over a foreign entry of another frame: the
# foreign reference goes with the overwritten entry
p2m-set d2 0x300000 mfn=0x8424cb type=p2m_map_foreign_rw expect rc == 0
page 0x8424cb expect refs == 3
grant d1 9 to=d2 gfn=0x400cc
map d2 d1 9 host=0x300000 as m expect status == GNTST_okay
p2m d2 0x300000 expect type == p2m_grant_map_rw and mfn == 0x8424cc
page 0x8424cb expect refs == 2
unmap d2 $m.handle host=0x300000 expect status == GNTST_okay
p2m d2 0x300000 expect entry == "none"

# ...over a foreign entry of the same frame: the foreign reference stays
# with no entry left to drop it
p2m-set d2 0x300001 mfn=0x8424cc type=p2m_map_foreign_rw expect rc == 0
map d2 d1 9 host=0x300001 as n expect status == GNTST_okay
page 0x8424cc expect refs == 3
unmap d2 $n.handle host=0x300001 expect status == GNTST_okay
p2m d2 0x300001 expect entry == "none"
page 0x8424cc expect refs == 2                  # leaked: d1 can never be freed

# a foreign entry put where a grant is mapped: the unmap's removal meets it.
# 4.17+ (p2m_remove_mapping, 5a4a2cef08): -EILSEQ, general_error, entry kept;
# before: the foreign entry is removed (and its reference put) instead
map d2 d1 9 host=0x300002 as g expect status == GNTST_okay
p2m-set d2 0x300002 mfn=0x8424cb type=p2m_map_foreign_rw expect rc == 0
page 0x8424cb expect refs == 3
unmap d2 $g.handle host=0x300002
  expect[checks_mfn] status == GNTST_general_error
  expect[!checks_mfn] status == GNTST_okay
p2m d2 0x300002 expect[checks_mfn] type == p2m_map_foreign_rw
  expect[!checks_mfn] entry == "none"
page 0x8424cb expect[checks_mfn] refs == 3
  expect[!checks_mfn] refs == 2
grant-info d1 9 expect[checks_mfn] pin == 0x1
  expect[!checks_mfn] pin == 0

# relinquish_p2m_mapping() at death drops what d2's foreign entries hold;
# the leaked reference of the same-frame overwrite stays
domain-destroy d2 expect rc == 0
page 0x8424cb expect refs == 2
page 0x8424cc expect refs == 2
check expect findings == 0
