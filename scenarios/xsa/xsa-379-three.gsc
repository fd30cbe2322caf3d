# XSA-379's race with three requests, in gntsim's model of 4.11 to 4.16.1,
# f147422bf9 or not. Up to 1b78d4c636 (4.17.0), gnttab_map_frame() reads
# the GFN Xen has for the frame (x86: gnttab_get_frame_gfn(), the M2P
# entry) under the grant-table lock and then removes the frame there with
# guest_physmap_remove_page(), which takes the P2M lock: the read is not
# under the P2M lock. Request C maps the frame at its GFN and drops the
# grant-table lock; A does the same and its add sets the M2P entry; B's
# gnttab_map_frame() reads that entry (A's GFN) and waits for the P2M lock;
# C's xenmem_add_to_physmap_one() (f147422bf9: all under the P2M lock)
# moves the frame from A's GFN to C's; B's removal then finds A's GFN empty
# and still invalidates the frame's M2P entry (p2m_remove_page() at
# RELEASE-4.16.0 does that for the MFN it is given), so B's add sees no
# alias: the frame is at B's and C's GFNs (S16), and the switch to v1 frees
# it with one still mapped (S11). 1b78d4c636 ("gnttab: remove
# guest_physmap_remove_page() call from gnttab_map_frame()", 4.17.0, not a
# security fix: "pointless" without the P2M lock) leaves x86's removal to
# xenmem_add_to_physmap_one(): none found from 4.17, exhaustively. This is
# what the model derives from the code at the tags; gntsim has no report of
# it against those releases.
#   gntsim explore scenarios/xsa/xsa-379-three.gsc
releases all
races 4.11 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.13.4 4.13.5 4.14.0 4.14.1 4.14.2 4.14.3 4.14.4 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1

domain d1 arch=x86-hvm vcpus=3
set-version d1 2 expect rc == 0
parallel {
add-to-physmap d1 grant-table 0 status gfn=0x38101 vcpu=0
add-to-physmap d1 grant-table 0 status gfn=0x38102 vcpu=1
add-to-physmap d1 grant-table 0 status gfn=0x38103 vcpu=2
}
set-version d1 1 expect rc == 0
check expect findings == 0
