# XSA-255 (CVE-2018-7541), the second of its two fixes: 141be845d9
# ("gnttab: don't blindly free status pages upon version change", 2018,
# older than 4.11). A domain on grant v2 maps one of
# its status frames, then asks for v1. Before the fix,
# gnttab_unpopulate_status_frames() put the allocation reference and hit
# BUG_ON(pg->count_info & ~PGC_xen_heap): the mapping's reference is still
# there, Xen goes down. With it, set_version is -EBUSY and the table stays
# v2 (x86 PV; Arm crashes the domain, scenarios/conformance/xsa-255.gsc).
# `world xsa255=vulnerable` reverts the fix (profile
# status_unpopulate_busy_checked) and the first one, 9d2f8f9c65 (Arm status
# GFNs written into the shared GFN array, profile frame_gfn_split), which
# changes nothing for the x86 domain here: scenarios/xsa/xsa-255-arm.gsc.
releases 4.11 4.16.0 master
world strict=off

domain d0 hwdom iommu arch=x86-pv
domain d2 arch=x86-pv mfn=0x850000
set-version d2 2 expect rc == 0 and version == 2
status-frames d2 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0x80010e  # PV: the MFN (mfn_to_gfn())
p2m d2 0x38040 expect mfn == 0x80010e    # a PV entry names the mfn
write d2 0x38000070 hex:01000200000000000e01800000000000  # v2 ref 7: permit, d2, mfn
map d2 d2 7 host=0x100000 as pm expect status == GNTST_okay and bus == 0x80010e000
set-version d2 1 expect rc == -EBUSY and version == 2
page 0x80010e expect refs == 2 and owner == 2    # the allocation's and the mapping's
crashed d2 expect xen == 0 and domain == 0
unmap d2 $pm.handle host=0x100000 expect status == GNTST_okay
set-version d2 1 expect rc == 0 and version == 1
page 0x80010e expect refs == 0 and owner == 0x7ff4   # freed only now
check expect findings == 0

reset strict=off xsa255=vulnerable
domain d0 hwdom iommu arch=x86-pv
domain d2 arch=x86-pv mfn=0x850000
set-version d2 2 expect rc == 0 and version == 2
status-frames d2 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0x80010e  # PV: the MFN (mfn_to_gfn())
write d2 0x38000070 hex:01000200000000000e01800000000000
map d2 d2 7 host=0x100000 as pm expect status == GNTST_okay and bus == 0x80010e000
set-version d2 1 expect rc == -EIO                # Xen's BUG(): nothing comes back
crashed d2 expect xen == 1
check expect findings == 1 and first == S9
unmap d2 $pm.handle host=0x100000 expect rc == -EIO
