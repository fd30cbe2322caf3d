# XSA-255 (CVE-2018-7541), the first of its two fixes: 9d2f8f9c65
# ("gnttab/ARM: don't corrupt shared GFN array", 2018; 4.10.1, older than
# 4.11). Arm has no M2P: Xen keeps each grant-table frame's GFN in an array.
# Before the fix there was one, so status frame IDX's GFN
# (XENMAPIDX_grant_table_status) overwrote shared frame IDX's, and the
# status GFN macro was 0: GNTTABOP_get_status_frames lists GFN 0, and so is
# the GFN Xen takes a status frame out of the P2M at (the switch to v1,
# gnttab_map_frame()'s old GFN: both read it through gnttab_get_frame_gfn()
# since 38bfcc165d). `world xsa255=vulnerable` reverts it (profile
# frame_gfn_split) together with 141be845d9 (xsa-255.gsc). No frame here
# has a reference beyond its allocation's (page ... refs == 1), so
# 141be845d9's busy check is never what differs: the harm is the GFN's.
# gntsim maps status frame 0 at 0x38040 when v2 populates it, as the
# guest's XENMAPIDX_grant_table_status request would, and records that GFN
# where the release does (docs/scenario-language.md, add-to-physmap).
# Case 1: the switch back to v1 removes GFN 0 and frees the status frame
# the guest still maps at 0x38040 (S11: it reads and writes a free page).
# Case 2: shared frame 0's GFN is the status frame's (GNTTABOP_setup_table
# tells the guest so), so moving the shared frame removes the status frame
# from the P2M and leaves the shared frame at its old GFN too (S16).
# Rows: every one where the revert is one and the rest lets it show. Arm
# grant v2 needs gnttab=max-ver:2 (domain max-version=2) from 9a5c16a3e7
# (4.12.0); 4.11's switch back to v1 is XSA-268's BUG_ON (xsa-268.gsc).
# From 71320946d5 (4.17.0) an Arm frame's GFN lives in its page_info and no
# array is shared, so reverting there is a what-if (case 1 the same, case 2
# -EILSEQ: p2m_remove_mapping() checks the mfn from 5a4a2cef08). The XSA-379
# and XSA-384 fixes make no difference here: one is x86's M2P lock, the
# other a page reference held across the P2M update, which only a race sees.
releases 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.13.4 4.13.5 4.14.0 4.14.1 4.14.2 4.14.3 4.14.4 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1

# Case 1, fixed: Xen takes the status frame out of the P2M, then frees it.
domain d1 max-version=2
set-version d1 2 expect rc == 0 and version == 2
status-frames d1 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0x38040
p2m d1 0x38040 expect mfn == 0x800107
page 0x800107 expect refs == 1 and owner == 1    # the allocation's only
set-version d1 1 expect rc == 0 and version == 1
p2m d1 0x38040 expect entry == "none"
page 0x800107 expect refs == 0 and owner == 0x7ff4
check expect findings == 0

# Case 1, vulnerable: Xen removes GFN 0 (nothing there) and frees the frame
# the guest still maps at 0x38040.
reset xsa255=vulnerable
domain d1 max-version=2
set-version d1 2 expect rc == 0 and version == 2
status-frames d1 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0
p2m d1 0x38040 expect mfn == 0x800107
page 0x800107 expect refs == 1 and owner == 1    # no busy frame: no BUG_ON
set-version d1 1 expect rc == 0 and version == 1
p2m d1 0x38040 expect mfn == 0x800107            # still mapped ...
page 0x800107 expect refs == 0 and owner == 0x7ff4   # ... and free
crashed d1 expect xen == 0 and domain == 0
check expect findings == 1 and first == S11

# Case 2, fixed: shared frame 0 moves from 0x38000 to 0x38102; the status
# frame stays where it is.
reset
domain d1 max-version=2
set-version d1 2 expect rc == 0
setup-table d1 nr=1 expect status == GNTST_okay and gfn == 0x38000
add-to-physmap d1 grant-table 0 gfn=0x38102 expect rc == 0
p2m d1 0x38000 expect entry == "none"
p2m d1 0x38102 expect mfn == 0x800104
setup-table d1 nr=1 expect status == GNTST_okay and gfn == 0x38102
p2m d1 0x38040 expect mfn == 0x800107
check expect findings == 0

# Case 2, vulnerable: Xen's GFN for shared frame 0 is the status frame's:
# the move takes the status frame out of the P2M and the shared frame is at
# two GFNs.
reset xsa255=vulnerable
domain d1 max-version=2
set-version d1 2 expect rc == 0
setup-table d1 nr=1 expect status == GNTST_okay and gfn == 0x38040   # the status frame's
add-to-physmap d1 grant-table 0 gfn=0x38102 expect rc == 0
p2m d1 0x38040 expect entry == "none"            # the wrong page removed
p2m d1 0x38000 expect mfn == 0x800104            # the shared frame's old GFN ...
p2m d1 0x38102 expect mfn == 0x800104            # ... and its new one
page 0x800107 expect refs == 1 and owner == 1
check expect findings == 1 and first == S16
