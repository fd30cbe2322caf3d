# XSA-384 (CVE-2021-28701): a status frame freed while the caller of
# gnttab_map_frame() is still putting it into the P2M. A guest on grant v2
# maps its status frame 0 (XENMEM_add_to_physmap, XENMAPSPACE_grant_table
# with XENMAPIDX_grant_table_status) on one vCPU while another switches the
# table back to v1. gnttab_map_frame() finds the frame under the grant-table
# lock and drops the lock; before eb6bbf7b30 nothing else holds the frame, so
# the switch (gnttab_unpopulate_status_frames()) finds it unreferenced and
# frees it, and xenmem_add_to_physmap_one() then maps the freed frame into
# the running guest's P2M (S11, no crash: the guest keeps access to a page
# Xen reuses). eb6bbf7b30 (4.16.0; 9c4b19c110 4.13.4, ef6455a370 4.14.3,
# 6f92f38419 4.15.1) takes a page reference until the P2M update is done:
# the switch then finds the frame busy, crashes the domain (S10) and answers
# -EBUSY. What is left of the race then is XSA-486 (scenarios/xsa/xsa-486.gsc):
# the crashed domain's P2M still gets the frame, freed when the mapper puts
# its reference. This file asserts only what eb6bbf7b30 fixed: no freed
# frame in the P2M of a domain Xen lets run on (the first finding is never
# S11). gntsim explore finds it in the 12 rows without eb6bbf7b30, none in
# the others. The interleaving as a schedule: scenarios/xsa/xsa-384-race.gsc.
#   gntsim explore scenarios/xsa/xsa-384.gsc
releases all
races 4.11 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.14.0 4.14.1 4.14.2 4.15.0

domain d1 arch=x86-hvm vcpus=2
set-version d1 2 expect rc == 0
parallel {
add-to-physmap d1 grant-table 0 status gfn=0x38100 vcpu=1
set-version d1 1
}
check expect first != S11
