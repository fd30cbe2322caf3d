# XSA-486 (CVE-2026-23558): a status-frame map racing a switch from grant
# v2 to v1, what XSA-384's fix left. Since eb6bbf7b30 gnttab_map_frame()
# holds a page reference across its caller's P2M update, but it still drops
# the grant-table lock before that update. A switch to v1 in between finds
# the frame busy: gnttab_unpopulate_status_frames() has already put the
# frame's allocation reference, crashes the domain and answers -EBUSY
# (S10); xenmem_add_to_physmap_one() then maps the frame into the (crashed,
# not yet dead) domain's P2M and puts its reference, which frees it: a P2M
# entry of a freed frame (S11). Before eb6bbf7b30 the same window frees the
# frame before the map (XSA-384). 02708d3b51 ("gnttab: split
# gnttab_map_frame()", 4.22.0; backports 4.17.7 .. 4.21.2, later than the
# rows) keeps the lock until the P2M update is done
# (gnttab_map_frame_begin()/_end()). gntsim explore finds the race in every
# row before 4.22 and none, exhaustively, in 4.22 and master. The
# interleaving as a schedule: scenarios/xsa/xsa-486-race.gsc.
#   gntsim explore scenarios/xsa/xsa-486.gsc
releases all
races 4.11 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.13.4 4.13.5 4.14.0 4.14.1 4.14.2 4.14.3 4.14.4 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1 4.17 4.18 4.19 4.20 4.21

domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
parallel {
add-to-physmap d1 grant-table 0 status gfn=0x38100 vcpu=1
set-version d1 1
}
check expect findings == 0
