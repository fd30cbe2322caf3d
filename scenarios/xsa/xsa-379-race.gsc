# XSA-379, replayed: the interleaving `gntsim explore --lock-steps scenarios/xsa/xsa-379.gsc`
# finds in 4.17 with f147422bf9 reverted, as a fixed schedule, then with it.
# vCPU 0 (status frame 0 to 0x38101) runs gnttab_map_frame(), reads the
# frame's M2P entry (gntsim's 0x38040) without the P2M lock and clears
# 0x38101; vCPU 1 (to 0x38102) runs gnttab_map_frame() and reads the M2P
# entry too, still 0x38040; vCPU 0 moves the frame from 0x38040 to 0x38101;
# vCPU 1 clears 0x38102, removes the frame from the now empty 0x38040, which
# invalidates its M2P entry all the same, and adds it at 0x38102 with no
# alias left to remove.
# - Vulnerable: the frame at 0x38101 and 0x38102 (S16); the switch to v1
#   takes it off 0x38102 only and frees it: 0x38101 maps a free frame (S11).
# - Fixed: both gnttab_map_frame() calls first too, but each request's M2P
#   read and P2M update are one P2M critical section: vCPU 1 finds the frame
#   at 0x38101 and moves it.
releases 4.17
world xsa379=vulnerable

domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf expect gfn == 0x38040
p2m d1 $sf.gfn as st
parallel lock-steps schedule="0 0 0 0 1 1 1 0 0" {
add-to-physmap d1 grant-table 0 status gfn=0x38101 vcpu=0 expect rc == 0
add-to-physmap d1 grant-table 0 status gfn=0x38102 vcpu=1 expect rc == 0
}
p2m d1 0x38101 expect mfn == $st.mfn
p2m d1 0x38102 expect mfn == $st.mfn
status-frames d1 nr=1 expect gfn == 0x38102
check expect findings == 1 and first == S16   # one Xen page at two GFNs
set-version d1 1 expect rc == 0
p2m d1 0x38102 expect entry == "none"
page $st.mfn expect refs == 0
check expect findings == 2   # and S11: 0x38101 maps the freed frame

reset xsa379=fixed
domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf
p2m d1 $sf.gfn as st
parallel lock-steps schedule="0 1 0" {
add-to-physmap d1 grant-table 0 status gfn=0x38101 vcpu=0 expect rc == 0
add-to-physmap d1 grant-table 0 status gfn=0x38102 vcpu=1 expect rc == 0
}
p2m d1 0x38101 expect entry == "none"
p2m d1 0x38102 expect mfn == $st.mfn
set-version d1 1 expect rc == 0
check expect findings == 0
