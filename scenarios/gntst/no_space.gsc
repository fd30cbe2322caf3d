# GNTST_no_space (-13, 4.16.0+) and GNTST_no_device_space (-7, up to 4.15):
# maptrack exhaustion (5c10b96795 changed the code). dom0 has one maptrack
# frame (256 handles, the last never handed out: 255 mappings); each ref
# can be pinned 127 times for host writes before its counter would
# overflow, so three refs share the 256 maps.
releases all
group new 4.16.0 4.16.1 4.17 4.18 4.19 4.20 4.21 4.22 master

domain d0 hwdom direct iommu mfn=0x40000 maptrack-frames=1
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb
grant d1 9 to=d0 gfn=0x400cc
grant d1 10 to=d0 gfn=0x400cd
map d0 d1 8 host=0x100000 count=100 expect ok == 100
map d0 d1 9 host=0x100100 count=100 expect ok == 100
map d0 d1 10 host=0x100200 count=56 expect ok == 55
  expect[new] rc == 0 and status == GNTST_no_space
  expect[!new] rc == 0 and status == GNTST_no_device_space
