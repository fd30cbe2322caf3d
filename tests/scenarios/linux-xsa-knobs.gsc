# The kernel knobs (linux-boot D xsaN=) and inject linux-map outside the
# network: `fixed` is the default kernel; a kernel's gnttab_map_refs() fails
# once as a whole, nothing reaches Xen, the next call works.
releases master
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 mfn=0x843400
inject linux-map dom=d1 expect rc == -ESRCH      # no kernel booted in d1
linux-boot d0 xsa155=fixed xsa362=fixed xsa396=fixed xsa403=fixed xsa423=fixed xsa432=fixed
linux-boot d1 xsa362=vulnerable
grant d1 8 to=d0 gfn=0x400cb ro
inject linux-map dom=d0 rc=-EFAULT
linux-map d0 d1 8 ro host=0x100000 expect rc == -EFAULT
grant-info d1 8 expect pin == 0
p2m d0 0x100000 expect entry == none
linux-map d0 d1 8 ro host=0x100000 expect rc == 0 and status == GNTST_okay
grant-info d1 8 expect pin != 0
check expect findings == 0
