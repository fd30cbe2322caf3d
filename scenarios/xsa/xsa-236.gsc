# XSA-236 (CVE-2017-15597): pin count / page reference race in grant copy.
# gnttab_copy_release_buf() dropped a copy's page reference before its pin
# (release_grant_for_copy()), while acquire_grant_for_copy() trusted that an
# entry with a pin has a page with a reference (ASSERT(td), compiled out of a
# release build). Here the granter d1 gives its page back
# (XENMEM_decrease_reservation) while two of dom0's vCPUs copy from it:
# when one copy has put its reference but not yet its pin, the page is freed,
# and the other copy, finding the entry pinned, copies from the freed frame
# without a reference (S13). e008f7619d (2017, older than 4.11, so in every
# modelled release) drops the pin first and refuses a pinned frame the
# granter no longer owns. `world xsa236=vulnerable` reverts it: gntsim
# explore finds the interleaving in every release with the option, and none
# without (scenarios/xsa/xsa-236-fixed.gsc). The interleaving as a schedule:
# scenarios/xsa/xsa-236-race.gsc.
#   gntsim explore scenarios/xsa/xsa-236.gsc
releases 4.11 4.14.1 4.17 master
races all
world xsa236=vulnerable

domain d0 hwdom arch=x86-hvm vcpus=2
domain d1 arch=x86-hvm
write d1 0x40010000 "d1 page!"
grant d1 8 to=d0 gfn=0x40010 ro
parallel {
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 vcpu=0
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40021 len=8 vcpu=1
decrease-reservation d1 0x40010
}
grant-info d1 8 expect pin == 0
check expect findings == 0
