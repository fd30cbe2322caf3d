# GNTTABOP_setup_table and GNTTABOP_get_status_frames beyond 64 frames, up to what
# the domain's max_grant_frames and the machine's RAM allow (xen/common/grant_table.c
# gnttab_setup_table, gnttab_get_status_frames, gnttab_grow_table; every release
# alike for 64-bit guests): nr above max_grant_frames or above the status frames is
# GNTST_general_error with no frame written; a grow that runs out of memory fails
# whole (gnttab_grow_table frees what the call allocated: nr_grant_frames unchanged).
# gfn/last/count: the first and last entries Xen wrote into the list and how many.
releases all
# gnttab_max_frames=2048: every release accepts such maxima (4.11-4.17 cap a domain's
# at this boot option); 1 MiB of RAM (256 frames) makes the allocations run out
world gnttab-max-frames=2048 ram="0x40000000:0x100000"

domain d1 pages=32 gfn=0x40000
setup-table d1 nr=100
  expect status == GNTST_okay and count == 100 and gfn == 0x38000 and last == 0x38063
query-size d1 expect nr == 100 and max == 2048
grant d1 51199 to=d0 gfn=0x40000                        # the last v1 entry of frame 99
grant-info d1 51199 expect domid == 0 and frame == 0x40000
setup-table d1 nr=2049 expect status == GNTST_general_error and count == 0
setup-table d1 nr=0xffffffff expect status == GNTST_general_error and count == 0
setup-table d1 nr=0 expect status == GNTST_okay and count == 0
setup-table d1 nr=100 nolist expect status == GNTST_bad_virt_addr and count == 0

# the get_status_frames list of a v2 table
domain d4 arch=x86-hvm pages=16 max-version=2
set-version d4 2 expect rc == 0
setup-table d4 nr=9 expect count == 9
status-frames d4 nr=2                                   # 9 v2 frames: 2 status frames
  expect status == GNTST_okay and count == 2 and gfn == 0x38800 and last == 0x38801
status-frames d4 nr=3 expect status == GNTST_general_error and count == 0

status-frames d4 nr=0xffffffff expect status == GNTST_general_error and count == 0
status-frames d1 nr=1 expect status == GNTST_general_error   # v1: no status frames

# out of RAM: fewer than 100 frames are left, 199 more are asked for
domain d2 pages=16 gfn=0x40000
setup-table d2 nr=200 expect status == GNTST_general_error and count == 0
query-size d2 expect nr == 1                            # nothing of it was kept
setup-table d2 nr=50                                    # so this fits
  expect status == GNTST_okay and count == 50 and last == 0x38031
query-size d2 expect nr == 50
setup-table d2 nr=2048 expect status == GNTST_general_error
query-size d2 expect nr == 50

