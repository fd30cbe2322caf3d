# net-send gfn=: the page netfront sends from, chosen by the scenario, so the
# seed's addresses come back through the PV network path: d1's gfn 0x400cb
# is mfn 0x8424cb, which netback grant-maps and the NIC reads by its machine
# address. A page outside the lower half of d1's RAM (its allocator's) is
# refused.
releases 4.14.1 4.15.0
group affected 4.14.1
smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v
net-send $v.id to=peer size=1500 gfn=0x400cb as wget
  expect actions contains "d1 grants ref" and actions contains "gfn 0x400cb"
read d1 0x400cb042 6 expect bytes == hex:020000000003   # the frame's destination: the peer
net-run
net-packet $wget.pkt
  expect[affected] dropped == 1 and reason == "NIC DMA fault"
  expect[!affected] delivered == 1 and replied == 1
fault
  expect[affected] fsr == 0x402 and far & ~0xfff == 0x8424cb000
  expect[!affected] fault == none
net-send $v.id to=peer size=64 gfn=0x40300 expect rc == -EINVAL
net-send $v.id to=peer size=64 gfn=0x3ffff expect rc == -EINVAL
