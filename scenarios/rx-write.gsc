# Read-write variant: netfront posts an RX buffer (granted read-write),
# netback maps it read-write and the NIC writes a received frame into it.
# Affected releases: translation fault on the write; the domU sees nothing.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877
linux-boot d0
linux-boot d1

linux-grant d1 to=d0 gfn=0x400cb as g
linux-map d0 d1 $g.ref host=0x100000 as m
  expect status == GNTST_okay and bus == 0x8424cb000
iommu d0 0x8424cb
  expect[affected] entry == none
  expect[!affected] type == p2m_iommu_map_rw and perm == rw
dma-map d0 nic0 0x100000040 16 from-device as d
  expect addr == 0x8424cb040
dma-write nic0 $d.addr "RX frame payload"
  expect[affected] rc == -EIO
  expect[!affected] rc == 0
fault
  expect[affected] fsr == 0x402 and far == 0x8424cb040 and cb == 0
  expect[!affected] fault == none
dma-unmap d0 nic0 $d.addr 16 from-device
read d1 0x400cb040 16
  expect[affected] bytes != "RX frame payload"
  expect[!affected] bytes == "RX frame payload"
