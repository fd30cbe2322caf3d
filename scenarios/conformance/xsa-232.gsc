# XTF xsa-232: GNTTABOP_cache_flush over the first 1 MiB of machine memory,
# which on x86 belongs to DOMID_IO (no grant table). Xen must not follow the
# owner's missing grant table: each op fails and Xen stays up. In gntsim
# those frames are RAM nobody owns (page_get_owner_and_reference() fails:
# -EPERM); a frame that is not RAM at all is -EINVAL (!mfn_valid). XTF runs
# as pv64 and hvm64: the x86 callers here behave as Arm (gntsim does not
# model the 4.21 x86 -ENOSYS, docs/fidelity.md). Same in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 arch=x86-pv mfn=0x850000
domain d3 arch=x86-hvm mfn=0x860000
cache-flush d1 bus=0x0 len=4096 clean inval expect rc == -EPERM
cache-flush d1 bus=0x1000 len=4096 clean inval expect rc == -EPERM
cache-flush d1 bus=0x80000 len=4096 clean inval expect rc == -EPERM
cache-flush d1 bus=0xff000 len=4096 clean inval expect rc == -EPERM
cache-flush d2 bus=0x0 len=4096 clean inval expect rc == -EPERM
cache-flush d2 bus=0xff000 len=4096 clean inval expect rc == -EPERM
cache-flush d3 bus=0x0 len=4096 clean inval expect rc == -EPERM
cache-flush d3 bus=0xff000 len=4096 clean inval expect rc == -EPERM
# not RAM (between the two banks)
cache-flush d1 bus=0x80000000 len=4096 clean inval expect rc == -EINVAL
# another domain's frame that was never granted to the caller
cache-flush d1 bus=0x40000000 len=4096 clean inval expect rc == -EINVAL
crashed d1 expect xen == 0 and domain == 0
crashed d2 expect xen == 0 and domain == 0
crashed d3 expect xen == 0 and domain == 0
check expect findings == 0
