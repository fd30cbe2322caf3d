# `reset`: a fresh world inside one file, so one file holds independent cases.
# Each case below starts from nothing: the domains, their memory and grant tables,
# the console and the invariant findings of the world before are gone (domids and
# machine frames are free again), while the `world` line's options stay and the
# reset's own options apply to that world only.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1
world gnttab-max-frames=32

# case 1: the seed bug's read-only map under the file's world
smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m
  expect status == GNTST_okay and handle == 0
  expect[affected] actions.iommu_map == 0
  expect[!affected] actions.iommu_map == 1
query-size d1 expect max == 32
check
  expect[affected] findings >= 1 and first != none
  expect[!affected] findings == 0
page 0x8424cb expect refs >= 2
device nic0 owner=d0 sid=0x877
dma-read nic0 0x1000 4 expect rc == -EIO    # nothing at IOVA 0x1000: a context fault
expect log contains "Unhandled context fault"

# case 2: the same map with gnttab_need_iommu_mapping() forced on
reset need-iommu-mapping=on
get-version d2 expect rc == -ESRCH
query-size d1 expect rc == -ESRCH
fault expect fault == none
expect log !contains "Unhandled context fault"
check expect findings == 0
domain d0 hwdom direct iommu mfn=0x40000 expect rc == 0
domain d1 mfn=0x842400 expect rc == 0
query-size d1 expect max == 32              # the world line still applies
grant-info d1 8 expect flags == 0 and pin == 0
page 0x8424cb expect refs == 1              # only its owner's: the old map is gone
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m           # a name may be given again
  expect status == GNTST_okay and handle == 0 and actions.iommu_map == 1
iommu d0 0x8424cb expect type == p2m_iommu_map_ro
check expect findings == 0
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay and actions.iommu_unmap == 1

# case 3: a reset's options do not carry to the next world
reset gnttab-max-frames=4
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
query-size d1 expect max == 4
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro
  expect status == GNTST_okay
  expect[affected] actions.iommu_map == 0
  expect[!affected] actions.iommu_map == 1

# case 4: back to the file's world
reset
domain d1
query-size d1 expect max == 32
