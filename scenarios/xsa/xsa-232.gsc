# XSA-232 (CVE-2017-14318): GNTTABOP_cache_flush of a frame owned by a system
# domain. page_get_owner_and_reference() returns dom_io, which has no grant
# table; before c3d830b244 ("grant_table: fix GNTTABOP_cache_flush
# handling", 2017, older than 4.11) cache_flush() went on to lock
# owner->grant_table: a NULL dereference in Xen. With the fix it is -EPERM
# (the page reference it took stays: Xen never puts it). `world
# xsa232=vulnerable` reverts the fix (profile cflush_checks_gt). The XTF
# equivalent (the first MiB of an x86 machine) is
# scenarios/conformance/xsa-232.gsc; here the frame is given to DOMID_IO as
# x86's arch_init_memory() does (`iomem`, scenarios/domid-io-frame.gsc).
releases 4.11 4.16.0 master

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
iomem 0x60000 expect rc == 0
cache-flush d1 bus=0x60000000 len=64 clean expect rc == -EPERM
page 0x60000 expect owner == 0x7ff1 and refs == 2
crashed d1 expect xen == 0 and domain == 0
check expect findings == 0

reset xsa232=vulnerable
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
iomem 0x60000 expect rc == 0
cache-flush d1 bus=0x60000000 len=64 clean
crashed d1 expect xen == 1                      # Xen's page fault
check expect findings == 1 and first == S9
cache-flush d1 bus=0x60000000 len=64 clean expect rc == -EIO   # nothing answers
