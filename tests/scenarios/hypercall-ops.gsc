# Raw GNTTABOP hypercalls whose ops the scenario writes, in the layout of Xen's public
# <xen/grant_table.h> structs (ops="FIELD=VALUE ...; ..." or data=hex:...), and what
# Xen wrote back: status of the first and last op, how many are GNTST_okay, the first
# op's handle and dev_bus_addr, the first frame of a frame list, every op's bytes.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1
group xsa316 4.12.1 4.12.2 4.13.0    # _set_status() failure reported as 1 (XSA-316)

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
grant d1 8 to=d0 gfn=0x400cb ro

# a batch of two maps of the read-only grant: the second asks to write
hypercall d0 0 count=2 ops="host_addr=0x100000000 flags=GNTMAP_host_map|GNTMAP_readonly ref=8 dom=1 status=99 handle=0xdead; host_addr=0x100001000 flags=GNTMAP_host_map ref=8 dom=1" as m
  expect rc == 0 and status == GNTST_okay and handle == 0 and bus == 0x8424cb000
  expect ok == 1 expect[!xsa316] last == GNTST_general_error  # _set_status: write-pin of a r/o entry
  expect[xsa316] last == 1
  expect[affected] actions.iommu_map == 0
  expect[!affected] actions.iommu_map == 1
grant-info d1 8 expect hstr == 1 and hstw == 0
# at=1: the second op's status, handle and dev_bus_addr; ref 9 was never granted
hypercall d0 0 count=2 at=1 ops="host_addr=0x100002000 flags=GNTMAP_host_map|GNTMAP_readonly ref=9 dom=1 handle=77; host_addr=0x100003000 flags=GNTMAP_host_map|GNTMAP_readonly ref=8 dom=1 handle=77" as h
  expect status == GNTST_okay and handle == 3 and bus == 0x8424cb000 and ok == 1
  expect out contains hex:4d000000               # op 0's handle: Xen left the 77 given
# (handle 3: a failed op's handle went to the free list's tail, put_maptrack_handle)
unmap d0 $h.handle host=0x100003 expect status == GNTST_okay
p2m d0 0x100000 expect type == p2m_grant_map_ro and mfn == 0x8424cb
p2m d0 0x100001 expect entry == none

# hostile ops: every field at its largest
hypercall d0 0 ops="host_addr=0xffffffffffffffff flags=0xffffffff ref=0xffffffff dom=0xffff handle=0xffffffff dev_bus_addr=0xffffffffffffffff"
  expect rc == 0 and status == GNTST_general_error and ok == 0
hypercall d0 0 ops="host_addr=0x100002000 flags=0 ref=8 dom=1"  # neither host nor device map
  expect status == GNTST_bad_gntref
hypercall d0 1 count=2 ops="handle=0xffffffff host_addr=0x100000000; handle=0 host_addr=0x100000000"
  expect status == GNTST_bad_handle and last == GNTST_okay and ok == 1
p2m d0 0x100000 expect entry == none
grant-info d1 8 expect pin == 0

# GNTTABOP_query_size as bytes: dom = DOMID_SELF (0x7ff0, little-endian); Xen writes
# nr_frames 1 at offset 4, max_nr_frames 64 at 8 and status 0 at 12
hypercall d1 6 data=hex:f07f
  expect rc == 0 and status == GNTST_okay
  expect out == hex:f07f0000010000004000000000000000

# a frame list: any non-zero handle is a list gntsim owns; 0 is an unmapped buffer
hypercall d1 2 ops="dom=DOMID_SELF nr_frames=3 frame_list=0xdeadbeef"
  expect status == GNTST_okay and frame == 0x38000
  expect out contains hex:efbeadde             # the handle given comes back as given
query-size d1 expect nr == 3
hypercall d1 2 ops="dom=DOMID_SELF nr_frames=2 frame_list=0" expect status == GNTST_bad_virt_addr
hypercall d1 2 ops="dom=DOMID_SELF nr_frames=0xffffffff frame_list=1" expect status == GNTST_general_error
hypercall d1 9 ops="nr_frames=1 dom=DOMID_SELF frame_list=1" expect status == GNTST_general_error

# count below the ops written: Xen reads only count ops
hypercall d0 0 count=0 ops="host_addr=0x100000000 flags=GNTMAP_host_map ref=8 dom=1"
  expect rc == 0
grant-info d1 8 expect pin == 0
