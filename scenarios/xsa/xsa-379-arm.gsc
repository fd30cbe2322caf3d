# XSA-379's double mapping on Arm, where grant v2 needs gnttab=max-ver:2
# (domain max-version=2) from 9a5c16a3e7 (4.12.0). Arm has no M2P: Xen keeps
# the frame's GFN in gt->arch.status_gfn[], written by gnttab_set_frame_gfn()
# in gnttab_map_frame() under the grant-table lock, while
# xenmem_add_to_physmap_one() adds the frame to the P2M after that lock is
# dropped. Request A records its GFN and drops the lock; request B takes A's
# GFN off the P2M (nothing there yet) and records its own; both adds then
# map the frame, at two GFNs (S16), and the switch to v1 removes only B's
# and frees the frame (S11). f147422bf9 is x86 code; 1b78d4c636 (4.17.0)
# moved the removal into Arm's gnttab_set_frame_gfn() ("doesn't improve
# things in any way as far as the security of grant status frame mappings
# goes"); 02708d3b51 (XSA-486, 4.22.0) holds the grant-table lock across
# the P2M update. gntsim explore finds it in every row from 4.12.0 to 4.21
# and none, exhaustively, in 4.22 and master. 4.11 is left out: its switch
# back to v1 is XSA-268's BUG_ON (scenarios/xsa/xsa-268.gsc).
#   gntsim explore scenarios/xsa/xsa-379-arm.gsc
releases !4.11
races 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.13.4 4.13.5 4.14.0 4.14.1 4.14.2 4.14.3 4.14.4 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1 4.17 4.18 4.19 4.20 4.21

domain d1 max-version=2 vcpus=2
set-version d1 2 expect rc == 0
parallel {
add-to-physmap d1 grant-table 0 status gfn=0x38101 vcpu=0
add-to-physmap d1 grant-table 0 status gfn=0x38102 vcpu=1
}
set-version d1 1 expect rc == 0
check expect findings == 0
