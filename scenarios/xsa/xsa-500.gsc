# XSA-500: GNTTABOP_copy adding a writable pin to an entry the caller already
# holds pinned re-reads the guest-writable shared entry. Before 61b0a59ce2
# ("gnttab: check values against active entry when copying an already-pinned
# one"; profile copy_pinned_checked) the copy took its page reference on the
# frame the entry names now and wrote the pinned frame, here one dom0 maps
# read-only. The per-release picture (the fix is in 4.22 and master only) is
# scenarios/fidelity-copy-pinned-repointed.gsc; this file flips the knob in
# one release each way (`world xsa500=`).
releases 4.20 master
group vulnerable 4.20

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
write d1 0x40001000 "old page"
write d0 0x40010000 "written!"
grant d1 8 to=d0 gfn=0x40001
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay and bus == 0x842401000
write d1 0x38000044 hex:02000400                # ref 8's frame: gfn 0x40002
copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=8
  expect[vulnerable] status == GNTST_okay
  expect[!vulnerable] status == GNTST_general_error
read d1 0x40001000 8                            # the frame d0 maps read-only
  expect[vulnerable] bytes == "written!"
  expect[!vulnerable] bytes == "old page"

reset xsa500=fixed
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
write d1 0x40001000 "old page"
write d0 0x40010000 "written!"
grant d1 8 to=d0 gfn=0x40001
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
write d1 0x38000044 hex:02000400
copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=8
  expect status == GNTST_general_error
read d1 0x40001000 8 expect bytes == "old page"

reset xsa500=vulnerable
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
write d1 0x40001000 "old page"
write d0 0x40010000 "written!"
grant d1 8 to=d0 gfn=0x40001
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
write d1 0x38000044 hex:02000400
copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=8 expect status == GNTST_okay
read d1 0x40001000 8 expect bytes == "written!"
