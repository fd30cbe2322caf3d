# The era A IOMMU bookkeeping race (xen/common/grant_table.c map_grant_ref,
# RELEASE-4.11.0 to 4.13.0; fixed by 921f1f4226, "gnttab: fix IOMMU mapping
# for concurrent maps of the same ref", backported to 4.11.4, 4.12.2, 4.13.1).
# Era A decides a grant map's 1:1 IOMMU entry from the pin transition its own
# vCPU saw under the active entry lock, then takes double_gt_lock for
# mapkind(): two dom0 vCPUs mapping one ref read-only can each see the other's
# pin (so neither is the first) or the other's published maptrack entry (so
# the first finds a mapping already there), and both skip the IOMMU map. The
# domU's page then has no IOMMU entry while dom0 maps it (the `iommu` query
# finds none; a device DMA to it would fault). Era B (mapkind() alone) and C (per-mfn counters) decide
# from shared state under the lock and have no such race.
#   gntsim explore scenarios/races/era-a-iommu.gsc
releases 4.11 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.17 master
races 4.11 4.12.0 4.12.1 4.13.0

domain d0 hwdom iommu arch=x86-pv vcpus=2 pages=256
domain d1 arch=x86-pv mfn=0x842400 pages=256
grant d1 8 to=d0 gfn=0x8424cb ro
parallel {
map d0 d1 8 host=0x100000 vcpu=0 ro as a
map d0 d1 8 host=0x101000 vcpu=1 ro as b
}
expect $a.status == GNTST_okay and $b.status == GNTST_okay
iommu d0 0x8424cb expect mfn == 0x8424cb and perm == "r"
check expect findings == 0
