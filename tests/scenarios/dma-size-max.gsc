# dma-sync / dma-unmap with an impossible size (SIZE_MAX) on a non-coherent NIC.
# Linux takes it as size_t and does not check it: swiotlb-xen's cache maintenance
# issues one GNTTABOP_cache_flush per page for ever (arch/arm/xen/mm.c
# dma_cache_maint ignores each result) and arm64's dcache_*_poc fault at the first
# unmapped page. gntsim stops at the first refused page or hole with -EFAULT.
# Regression: both steps looped over SIZE_MAX bytes (a hang).
releases 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1

write d1 0x400cb148 "TX"
linux-grant d1 to=d0 gfn=0x400cb ro as g
linux-map d0 d1 $g.ref ro host=0x100000 as m expect status == GNTST_okay
dma-map d0 nic0 0x100000148 2 to-device as d expect rc == 0
dma-sync d0 nic0 $d.addr 0xffffffffffffffff to-device expect rc == -EFAULT
dma-sync d0 nic0 $d.addr 2 to-device expect rc == 0
dma-unmap d0 nic0 $d.addr 0xffffffffffffffff from-device expect rc == -EFAULT
# a local page: the stage-2 walk ends at the end of dom0's RAM
dma-map d0 nic0 0x40000000 16 bidirectional as l expect rc == 0
dma-sync d0 nic0 $l.addr 0xffffffffffffffff bidirectional expect rc == -EFAULT
dma-sync d0 nic0 $l.addr 0xffffffffffffffff bidirectional for-cpu expect rc == -EFAULT
dma-unmap d0 nic0 $l.addr 0xffffffffffffffff bidirectional expect rc == -EFAULT
check expect findings == 0
