# GNTTABOP_cache_flush is Arm-only from 4.21: "x86/gnttab: do not implement
# GNTTABOP_cache_flush" (5642a6055c, RELEASE-4.21.0, not backported) wraps
# _cache_flush() and its case in do_grant_table_op() in
# CONFIG_HAS_GRANT_CACHE_FLUSH, which only xen/arch/arm/Kconfig selects. An
# x86 caller (PV or HVM: same build) then reaches the default case, -ENOSYS,
# before any argument is read; the opaque continuation bits are still allowed
# for the op number. Arm callers are unchanged. Each caller stands for its
# architecture's Xen build.
releases 4.14.1 4.20 4.21 4.22 master
group x86_enosys 4.21 4.22 master

domain d0 hwdom direct iommu mfn=0x40000
domain d2 arch=x86-pv mfn=0x850000
domain d3 arch=x86-hvm mfn=0x860000
# each flushes a page of its own
cache-flush d0 bus=0x40010000 len=4096 clean inval expect rc == 0
cache-flush d2 bus=0x850000000 len=4096 clean inval
  expect[!x86_enosys] rc == 0
  expect[x86_enosys] rc == -ENOSYS
cache-flush d3 bus=0x860000000 len=4096 clean inval
  expect[!x86_enosys] rc == 0
  expect[x86_enosys] rc == -ENOSYS
# Linux's probe (op 0, length 0: xen_mm_init)
cache-flush d0 bus=0 len=0 expect rc == 0
cache-flush d2 bus=0 len=0
  expect[!x86_enosys] rc == 0
  expect[x86_enosys] rc == -ENOSYS
# argument errors are never reached once the op is compiled out
cache-flush d3 bus=0x860000000 off=4096 len=1 clean
  expect[!x86_enosys] rc == -EINVAL
  expect[x86_enosys] rc == -ENOSYS
# GNTTABOP_cache_flush (12) with continuation bits and no array
hypercall d2 0x100c count=1 null
  expect[!x86_enosys] rc == -EFAULT
  expect[x86_enosys] rc == -ENOSYS
hypercall d0 0x100c count=1 null expect rc == -EFAULT
crashed d2 expect xen == 0 and domain == 0
check expect findings == 0
