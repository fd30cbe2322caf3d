# XSA-486, replayed: the interleaving `gntsim explore --lock-steps scenarios/xsa/xsa-486.gsc`
# finds in 4.17, as a fixed schedule, before and after 02708d3b51
# (xsa486=). vCPU 0 (add-to-physmap of status frame 0 at 0x38100) runs
# gnttab_map_frame(): the frame and a page reference (eb6bbf7b30); vCPU 1
# (set-version 1) runs whole; vCPU 0 updates the P2M and puts its reference.
# - Vulnerable: the switch takes the frame off its GFN, puts the allocation
#   reference, finds the frame busy: domain crashed, -EBUSY (S10). The
#   mapper maps it at 0x38100 and its put frees it (S11).
# - Fixed: gnttab_map_frame_begin() keeps the grant-table lock until
#   gnttab_map_frame_end(); the switch runs after the map, takes the frame
#   off 0x38100 and frees it; nothing is left mapped.
releases 4.17
world xsa486=vulnerable

domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf expect gfn == 0x38040
p2m d1 $sf.gfn as st
parallel lock-steps schedule="0 0 1 1 1" {
add-to-physmap d1 grant-table 0 status gfn=0x38100 vcpu=1 expect rc == 0
set-version d1 1 expect rc == -EBUSY and version == 2
}
check expect findings == 2 and first == S10
crashed d1 expect domain == 1
p2m d1 0x38100 expect mfn == $st.mfn
p2m d1 $sf.gfn expect entry == "none"
page $st.mfn expect refs == 0

reset xsa486=fixed
domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf
p2m d1 $sf.gfn as st
parallel lock-steps schedule="0 0 0" {
add-to-physmap d1 grant-table 0 status gfn=0x38100 vcpu=1 expect rc == 0
set-version d1 1 expect rc == 0 and version == 1
}
check expect findings == 0
crashed d1 expect domain == 0
p2m d1 0x38100 expect entry == "none"
page $st.mfn expect refs == 0
