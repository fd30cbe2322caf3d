# GNTTABOP_copy into an entry the caller already holds pinned read-only while
# the granter has re-pointed the entry's frame (XSA-500, CVE-2026-62428).
# acquire_grant_for_copy() (xen/common/grant_table.c) re-reads a pinned entry
# only to add a writable pin: _set_status() and get_paged_frame() of the new
# frame, but the active entry keeps its frame and the caller gets act->mfn.
# Before 61b0a59ce2 ("gnttab: check values against active entry when copying
# an already-pinned one") the page reference is taken on the new frame and
# the bytes go to the old, pinned one, here the very frame d0 maps read-only.
# With it the mismatch fails GNTST_general_error. 61b0a59ce2 is on master;
# backports: 4.17.7 (49f1cd9478), 4.18.6 (82b09c158e), 4.19.6 (7dfed62794),
# 4.20.4 (42093dac70), 4.21.2 (14558d435f), 4.22.0 (52239dd76f). Of gntsim's
# rows only 4.22 and master have it (4.21 is RELEASE-4.21.0).
releases 4.14.1 4.17 4.20 4.21 4.22 master
group fixed 4.22 master

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
write d1 0x40001000 "old page"                  # gfn 0x40001 = mfn 0x842401
write d1 0x40002000 "new page"                  # gfn 0x40002 = mfn 0x842402
write d0 0x40010000 "written!"
grant d1 8 to=d0 gfn=0x40001                    # a writable grant
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay and bus == 0x842401000
# the granter rewrites only the frame of ref 8 (v1 entry at 0x38000040: flags,
# domid, frame): GTF_reading stays set, the pin stays on mfn 0x842401
write d1 0x38000044 hex:02000400
grant-info d1 8 expect frame == 0x40002 and mfn == 0x842401 and hstr == 1
copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=8
  expect[!fixed] rc == 0 and status == GNTST_okay
  expect[fixed] rc == 0 and status == GNTST_general_error
read d1 0x40001000 8
  expect[!fixed] bytes == "written!"
  expect[fixed] bytes == "old page"
read d1 0x40002000 8 expect bytes == "new page"
# the copy's pin and its page reference are gone either way
grant-info d1 8 expect hstw == 0 and hstr == 1 and flags == GTF_permit_access|GTF_reading
page 0x842401 expect refs == 2
page 0x842402 expect refs == 1
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
page 0x842401 expect refs == 1
# invariants run after every step: 4.14.1's read-only map lacked its 1:1 IOMMU
# entry while it lived (S7, the seed bug)
check expect[4.14.1] findings == 1 and first == S7
  expect[!4.14.1] findings == 0
