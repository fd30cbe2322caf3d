# The seed bug end to end (Xen 91d4eca7ad, fixed by 04085ec1ac).
#
# A domU's netfront grants its TX buffer read-only; the Arm direct-mapped
# dom0 (IOMMU on) maps it with GNTMAP_host_map|GNTMAP_readonly; swiotlb-xen
# hands the NIC dev_bus_addr (the machine frame); the NIC reads it through
# the SMMU, which walks dom0's P2M. With gnttab_need_iommu_mapping() false
# (4.12.0-4.14.1) there is no 1:1 entry at the machine frame: translation
# fault, macb HRESP error. Elsewhere (4.11, 4.13.3+, 4.14.2+, 4.15.0+) the
# NIC reads the domU's bytes.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1
# How each release's grant_table.c calls the IOMMU (d40029c844, 68a8aa5d72)
group order-0 4.13.3 4.13.4 4.13.5 4.14.2 4.14.3 4.14.4
group count-1 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1 4.17 4.18 4.19 4.20 4.21 4.22 master
# Eras A and B with the predicate true: the IOMMU step runs under double_gt_lock
group double-lock 4.11 4.13.3 4.14.2 4.15.0

smmu                                        # ZynqMP /smmu@fd800000
domain d0 hwdom direct iommu mfn=0x40000    # Arm dom0: RAM 1:1, IOMMU on
domain d1 mfn=0x842400                      # domU: gfn 0x400cb is mfn 0x8424cb
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0   # macb, non-coherent
linux-boot d0 expect swiotlb == 1
linux-boot d1

# netfront: the TX buffer, granted read-only to dom0
write d1 0x400cb148 "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"
linux-grant d1 to=d0 gfn=0x400cb ro as g

# netback: grant-map it read-only at a dom0 page
linux-map d0 d1 $g.ref ro host=0x100000 as m
  expect status == GNTST_okay and bus == 0x8424cb000
  # the 1:1 IOMMU map Xen must make for the NIC, and its absence in the bug
  expect[affected] actions.iommu_map == 0
  expect[!affected] actions.iommu_map == 1 and actions.iommu_map before gnttab_map
  expect[4.11] actions contains "d0 iommu_map_page dfn 0x8424cb mfn 0x8424cb flags=r: 0"
  expect[order-0] actions contains "d0 iommu_legacy_map dfn 0x8424cb mfn 0x8424cb order=0 flags=r: 0"
  expect[count-1] actions contains "d0 iommu_legacy_map dfn 0x8424cb mfn 0x8424cb n=1 flags=r: 0"
  # the review of 04085ec1ac: gnttab_need_iommu_mapping() also decides double_gt_lock
  expect[double-lock] actions contains "d0 double_gt_lock d1" and actions.lock == 8
  expect[!double-lock] actions !contains "double_gt_lock"
  expect actions.get_page == 1 and actions contains "get_page mfn 0x8424cb of d1: count 2"
iommu d0 0x8424cb
  expect[affected] entry == none
  expect[!affected] type == p2m_iommu_map_ro and mfn == 0x8424cb

# the packet goes out through the NIC
dma-map d0 nic0 0x100000148 37 to-device as d
  expect addr == 0x8424cb148
  # swiotlb-xen cleans the foreign page through Xen (GNTTABOP_cache_flush)
  expect actions.cache_flush_op == 1 and actions contains "cache clean pa 0x8424cb148 len 37"
dma-read nic0 $d.addr 37 as r
  expect[affected] rc == -EIO
  expect[!affected] rc == 0 and bytes == "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"
# The real report says fsynr=0xb0001: FSYNR0.S1CBNDX (0x0b there) is an
# implementation-defined index gntsim does not model (docs/fidelity.md);
# PLVL=1 and WNR=0 (a read) are the fields that matter.
fault
  expect[affected] fsr == 0x402 and far == 0x8424cb148 and fsynr == 0x1 and cb == 0
  expect[!affected] fault == none
expect[affected] log contains "smmu: /smmu@fd800000: Unhandled context fault: fsr=0x402, iova=0x8424cb148, fsynr=0x1, cb=0"
expect[affected] log contains "DMA bus error: HRESP not OK"
expect[!affected] log !contains "Unhandled context fault"

# netback unmaps once the NIC is done: the 1:1 entry goes with the last mapping
linux-unmap d0 $m
  expect status == GNTST_okay
  expect[affected] actions.iommu_unmap == 0
  expect[!affected] actions.iommu_unmap == 1 and actions.p2m_remove before iommu_unmap
  expect actions.put_page == 1 and actions contains "put_page mfn 0x8424cb of d1: count 1"
iommu d0 0x8424cb expect entry == none
