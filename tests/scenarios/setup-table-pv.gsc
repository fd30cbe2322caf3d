# GNTTABOP_setup_table and GNTTABOP_get_status_frames on x86: machine frames for a PV
# domain. gnttab_shared_gfn() and gnttab_status_gfn() are mfn_to_gfn()
# (xen/arch/x86/include/asm/grant_table.h, every release): the frame's M2P entry for a
# translated domain (tests/scenarios/setup-table-many.gsc, its HVM domain), the MFN
# itself for one that is not.
releases all

domain d5 arch=x86-pv pages=16 max-version=2
setup-table d5 nr=2 expect status == GNTST_okay and count == 2
p2m d5 0x38000 as f0                                    # gntsim's PV stand-in
p2m d5 0x38001 as f1
setup-table d5 nr=2 expect gfn == $f0.mfn and last == $f1.mfn and gfn != 0x38000
set-version d5 2 expect rc == 0
p2m d5 0x38040 as s0                                    # after max_grant_frames (64)
status-frames d5 nr=1 expect status == GNTST_okay and count == 1 and gfn == $s0.mfn
