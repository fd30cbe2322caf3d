# XTF xsa-232: GNTTABOP_cache_flush over the first 1 MiB of machine memory,
# which on x86 belongs to DOMID_IO (no grant table). Xen must not follow the
# owner's missing grant table: each op fails and Xen stays up. In gntsim
# those frames are RAM nobody owns (page_get_owner_and_reference() fails:
# -EPERM); a frame that is not RAM at all is -EINVAL (!mfn_valid). XTF runs
# as pv64 and hvm64: from 4.21 an x86 Xen has no GNTTABOP_cache_flush
# (5642a6055c), so the x86 callers get -ENOSYS there
# (scenarios/fidelity-cache-flush-x86.gsc).
releases all
group x86_enosys 4.21 4.22 master

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 arch=x86-pv mfn=0x850000
domain d3 arch=x86-hvm mfn=0x860000
cache-flush d1 bus=0x0 len=4096 clean inval expect rc == -EPERM
  expect actions.cache_op == 0 and actions.cache_flush_op == 1   # refused, nothing flushed
cache-flush d1 bus=0x1000 len=4096 clean inval expect rc == -EPERM
cache-flush d1 bus=0x80000 len=4096 clean inval expect rc == -EPERM
cache-flush d1 bus=0xff000 len=4096 clean inval expect rc == -EPERM
cache-flush d2 bus=0x0 len=4096 clean inval
  expect[!x86_enosys] rc == -EPERM expect[x86_enosys] rc == -ENOSYS
cache-flush d2 bus=0xff000 len=4096 clean inval
  expect[!x86_enosys] rc == -EPERM expect[x86_enosys] rc == -ENOSYS
cache-flush d3 bus=0x0 len=4096 clean inval
  expect[!x86_enosys] rc == -EPERM expect[x86_enosys] rc == -ENOSYS
cache-flush d3 bus=0xff000 len=4096 clean inval
  expect[!x86_enosys] rc == -EPERM expect[x86_enosys] rc == -ENOSYS
# not RAM (between the two banks)
cache-flush d1 bus=0x80000000 len=4096 clean inval expect rc == -EINVAL
  expect actions.cache_op == 0
# another domain's frame that was never granted to the caller
cache-flush d1 bus=0x40000000 len=4096 clean inval expect rc == -EINVAL
crashed d1 expect xen == 0 and domain == 0
crashed d2 expect xen == 0 and domain == 0
crashed d3 expect xen == 0 and domain == 0
check expect findings == 0
