# XSA-379, fixed (f147422bf9 in 4.13.4, 4.14.3, 4.15.1, 4.16.0 and later;
# gntsim's 4.11 to 4.15.0 rows are covered by gnttab_map_frame()'s own
# removal of the old GFN, see xsa-379.gsc): two vCPUs map status frame 0
# at two GFNs; in no interleaving does the frame stay at both, and the switch
# to v1 afterwards frees it with nothing left mapped. The vulnerable side:
# scenarios/xsa/xsa-379.gsc.
#   gntsim explore scenarios/xsa/xsa-379-fixed.gsc
releases all
races

domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
parallel {
add-to-physmap d1 grant-table 0 status gfn=0x38101 vcpu=0
add-to-physmap d1 grant-table 0 status gfn=0x38102 vcpu=1
}
set-version d1 1 expect rc == 0
check expect findings == 0
