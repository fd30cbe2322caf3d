# dma-policy=per-device: Xen marks each device behind its IOMMU with a
# xen,behind-iommu DT property (Roman Skakun, Oct 2021: Xen
# <cover.1633106362.git.roman_skakun@epam.com>, Linux
# <20211004095415.100756-1-Roman_Skakun@epam.com>); dom0 gives those
# dma-direct at the guest-physical address and keeps swiotlb-xen for the
# others, and declares so (no-swiotlb-xen: the review's proposal), so Xen makes
# no 1:1 IOMMU maps and takes no double_gt_lock.
#
# The mixed board works only per device: nic0 reads the granted page at its
# gfn, the SMMU walking dom0's P2M to the grant entry (even under 4.14.1, whose
# missing 1:1 entry no longer matters); nic1, not behind the SMMU, gets the
# machine address from swiotlb-xen. Compare policy-dom0-iommu-flag.gsc (one
# flag: nic1 breaks) and policy-declaration.gsc (the declaration alone: nic0
# faults).
releases all

world dma-policy=per-device
smmu
domain d0 hwdom direct iommu mfn=0x40000 no-swiotlb-xen
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
device nic1 owner=d0 sid=0x878 nosmmu dt=ff0b0000.ethernet if=eth1
linux-boot d0 expect swiotlb == 1      # still set up, for nic1
linux-boot d1
write d1 0x400cb148 "to nic0 via SMMU"
write d1 0x400cc148 "to nic1 direct.."
linux-grant d1 to=d0 gfn=0x400cb ro as g0
linux-grant d1 to=d0 gfn=0x400cc ro as g1
linux-map d0 d1 $g0.ref ro host=0x100000 as m0
  expect status == GNTST_okay and actions.iommu_map == 0
  expect actions !contains "double_gt_lock"
linux-map d0 d1 $g1.ref ro host=0x100001 as m1
  expect status == GNTST_okay and actions.iommu_map == 0
iommu d0 0x8424cb expect entry == none

# nic0: marked, dma-direct at the gfn; the CPU cleans the page by its address
dma-map d0 nic0 0x100000148 16 to-device as d0
  expect addr == 0x100000148 and actions.cache_flush_op == 0
  expect actions contains "d0 dev0 dma ops dma-direct (xen,behind-iommu)"
  expect actions contains "d0 arch dma sync pa 0x8424cb148 len 0x10 clean"
dma-read nic0 $d0.addr 16 expect rc == 0 and bytes == "to nic0 via SMMU"

# nic1: not marked, swiotlb-xen, the machine address, no SMMU in the way
dma-map d0 nic1 0x100001148 16 to-device as d1
  expect addr == 0x8424cc148 and actions.cache_flush_op == 1
  expect actions contains "d0 dev1 dma ops swiotlb-xen (xen_swiotlb_detect())"
dma-read nic1 $d1.addr 16 expect rc == 0 and bytes == "to nic1 direct.."
fault expect fault == none
expect log !contains "HRESP"

linux-unmap d0 $m0
  expect status == GNTST_okay and actions.iommu_unmap == 0
  expect actions !contains "double_gt_lock"
