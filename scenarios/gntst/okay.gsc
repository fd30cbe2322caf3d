# GNTST_okay (0): a domU grants a page, dom0 maps it, copies from it and
# unmaps it. Every op succeeds in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
write d1 0x400cb000 "payload"
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m
  expect rc == 0 and status == GNTST_okay and bus == 0x8424cb000 and ok == 1
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40010 len=7
  expect rc == 0 and status == GNTST_okay
read d0 0x40010000 7 expect bytes == "payload"
unmap d0 $m.handle host=0x100000 expect rc == 0 and status == GNTST_okay
