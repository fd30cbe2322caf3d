# dma-policy=per-device through the PV network path: the seed report's
# "wget to an external host" (scenarios/net-ping-vs-wget.gsc) with the review's
# proposal in place. netback grant-maps the frame's tail read-only; macb, behind
# the SMMU and marked xen,behind-iommu, DMAs it at dom0's gfn; dom0 declared
# no-swiotlb-xen, so Xen makes no 1:1 map, takes no double_gt_lock and swiotlb-xen
# issues no GNTTABOP_cache_flush. The frame leaves the NIC in every release, the
# seed bug's included, and no invariant finds anything.
releases all
world dma-policy=per-device
smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024 no-swiotlb-xen
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v
net-send $v.id to=dom0 size=64 icmp as ping
net-run
net-packet $ping.pkt expect delivered == 1 and replied == 1
net-send $v.id to=peer size=1500 as wget
  expect actions.iommu_map == 0 and actions !contains "double_gt_lock"
net-run
  expect actions.gnttab_map == 1 and actions.iommu_map == 0 and actions.cache_flush_op == 0
  expect actions !contains "double_gt_lock" and actions contains "dma ops dma-direct (xen,behind-iommu)"
net-packet $wget.pkt expect delivered == 1 and replied == 1
net-stats $v.id expect tx_dropped == 0 and rx_ok == 2 and maps == 1
fault expect fault == none
vif-destroy $v.id expect rc == 0
net-stats $v.id expect grants_out == 0
check expect findings == 0
