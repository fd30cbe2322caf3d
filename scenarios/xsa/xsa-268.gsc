# XSA-268: grant table v2 on Arm. At 4.11.0 an Arm guest could switch to v2
# (opt_gnttab_max_version = 2 everywhere), but Arm's status frames were Xen
# heap pages never shared with it (asm-arm gnttab_create_status_page() was
# empty), so switching back to v1 reached gnttab_unpopulate_status_frames()'s
# BUG_ON(page_get_owner(pg) != d): any guest could bring Xen down. The fix,
# 9a5c16a3e7 ("ARM: disable grant table v2", 4.12.0), makes v1 Arm's
# GNTTAB_MAX_VERSION (profile arm_gnttab_v1_only; `world xsa268=` reverts or
# applies it); 53fa8c8883 (4.12.0) later shared the status frames as x86 does
# (profile arm_status_shared), so from 4.12 the BUG is unreachable even with
# v2 allowed (gnttab=max-ver:2, or xsa268=vulnerable here).
releases 4.11 4.12.0 4.16.0 master
group vulnerable 4.11

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
set-version d1 2
  expect[vulnerable] rc == 0 and version == 2
  expect[!vulnerable] rc == -ENOSYS and version == 1
status-frames d1 nr=1 expect[vulnerable] status == GNTST_okay and gfn == 0x38040
p2m d1 0x38040 expect[vulnerable] mfn != 0
set-version d1 1
  expect[vulnerable] rc == -EIO                # Xen's BUG(): nothing comes back
  expect[!vulnerable] rc == 0 and version == 1
crashed d1 expect[vulnerable] xen == 1 expect[!vulnerable] xen == 0 and domain == 0
check
  expect[vulnerable] findings == 1 and first == S9
  expect[!vulnerable] findings == 0

# the fix applied to 4.11, reverted from the others
reset xsa268=fixed
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
set-version d1 2 expect rc == -ENOSYS and version == 1
crashed d1 expect xen == 0

reset xsa268=vulnerable
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
set-version d1 2 expect rc == 0 and version == 2
status-frames d1 nr=1 expect status == GNTST_okay and gfn == 0x38040
set-version d1 1
  expect[vulnerable] rc == -EIO
  expect[!vulnerable] rc == 0 and version == 1  # shared status frames (53fa8c8883)
crashed d1 expect[vulnerable] xen == 1 expect[!vulnerable] xen == 0
check
  expect[vulnerable] findings == 1 and first == S9
  expect[!vulnerable] findings == 0
