# XSA-384, replayed: the interleaving `gntsim explore --lock-steps scenarios/xsa/xsa-384.gsc`
# finds, as a fixed schedule, under 4.15.0 (before eb6bbf7b30), with the fix
# applied (xsa384=fixed), and with XSA-486's fix too (xsa486=fixed). vCPU 0
# (add-to-physmap of status frame 0 at 0x38100) runs gnttab_map_frame(),
# which takes the frame off its old GFN and drops the grant-table lock;
# vCPU 1 (set-version 1) runs whole; vCPU 0 maps the frame.
# - Vulnerable: the switch frees the unreferenced frame and succeeds; the
#   guest, not crashed, has the freed frame at 0x38100 (S11).
# - eb6bbf7b30: the mapper's reference makes the frame busy: -EBUSY, the
#   domain crashed (S10); the mapper still maps the frame and its put then
#   frees it (S11: XSA-486).
# - 02708d3b51 too: the switch waits for the grant-table lock until the
#   mapper is done, then takes the frame off 0x38100 and frees it.
releases 4.15.0

domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf expect gfn == 0x38040
p2m d1 $sf.gfn as st
parallel lock-steps schedule="0 0 0 0 0 1 1" {
add-to-physmap d1 grant-table 0 status gfn=0x38100 vcpu=1 expect rc == 0
set-version d1 1 expect rc == 0 and version == 1
}
check expect findings == 1 and first == S11
crashed d1 expect domain == 0
p2m d1 0x38100 expect mfn == $st.mfn
page $st.mfn expect refs == 0

reset xsa384=fixed
domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf
p2m d1 $sf.gfn as st
parallel lock-steps schedule="0 0 0 0 0 1 1" {
add-to-physmap d1 grant-table 0 status gfn=0x38100 vcpu=1 expect rc == 0
set-version d1 1 expect rc == -EBUSY and version == 2
}
check expect findings == 2 and first == S10
crashed d1 expect domain == 1
p2m d1 0x38100 expect mfn == $st.mfn
page $st.mfn expect refs == 0

reset xsa384=fixed xsa486=fixed
domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf
p2m d1 $sf.gfn as st
parallel lock-steps schedule="0 0 0" {
add-to-physmap d1 grant-table 0 status gfn=0x38100 vcpu=1 expect rc == 0
set-version d1 1 expect rc == 0 and version == 1
}
check expect findings == 0
p2m d1 0x38100 expect entry == "none"
page $st.mfn expect refs == 0
