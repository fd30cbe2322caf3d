# XSA-379 (CVE-2021-28697): racing XENMAPSPACE_grant_table requests map one
# v2 status frame at two GFNs. Xen knows one GFN per status frame (x86: the
# frame's M2P entry), and a switch back to v1 takes the frame out of the P2M
# only there before freeing it: a second GFN keeps the freed frame mapped.
# Before f147422bf9 x86 xenmem_add_to_physmap_one() read the M2P entry
# without the P2M lock, then cleared the target GFN, removed the frame from
# the GFN it had read and added it, each step under the lock on its own.
# Two requests that both read the frame's old GFN: the first moves the frame
# from it to its GFN, the second's removal of the (now empty) old GFN
# invalidates the M2P entry all the same (p2m_remove_page() does that for
# the MFN it is given), and its add then finds no alias to remove: the frame
# is at both GFNs. f147422bf9 (4.16.0; 53e797c042 4.13.4, 98bcd536c2 4.14.3,
# d40287a000 4.15.1) holds the P2M lock from the M2P read to the add.
# Here the fix is reverted (xsa379=vulnerable) in every row, two vCPUs map
# status frame 0 at two GFNs (S16), and the switch to v1 afterwards shows
# the frame freed while still mapped (S11). gntsim explore finds it in 4.17 to
# 4.21 and none, exhaustively, elsewhere:
# - 4.11 to 4.16.1: gnttab_map_frame() itself takes the frame off the GFN
#   the M2P names, under the grant-table lock (XSA-255's 9d2f8f9c65), so two
#   requests cannot both read a stale GFN; three can, with or without
#   f147422bf9: scenarios/xsa/xsa-379-three.gsc;
# - 4.22 and master: gnttab_map_frame_begin() (02708d3b51, XSA-486) keeps
#   the grant-table lock across the P2M update, which serialises the two.
# Not shown: the rows the advisory named vulnerable (up to 4.15.0) with two
# requests (see the first point). The fixed side: xsa-379-fixed.gsc; the
# interleaving as a schedule: xsa-379-race.gsc.
#   gntsim explore scenarios/xsa/xsa-379.gsc
releases all
races 4.17 4.18 4.19 4.20 4.21
world xsa379=vulnerable

domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
parallel {
add-to-physmap d1 grant-table 0 status gfn=0x38101 vcpu=0
add-to-physmap d1 grant-table 0 status gfn=0x38102 vcpu=1
}
set-version d1 1 expect rc == 0
check expect findings == 0
