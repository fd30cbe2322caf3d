# XSA-501, replayed: the interleaving `gntsim explore --lock-steps scenarios/xsa/xsa-501.gsc`
# finds, as a fixed schedule, before and after 96dfeb4177 (xsa501=). vCPU 0
# (d2 copies from d1's ref 8, transitive to d2's ref 9) sets the status of
# ref 8 in d1's v2 status frame, drops d1's locks and pins d2's ref 9; vCPU 1
# (d1 switches to v1) runs whole; vCPU 0 takes d1's locks again.
# Vulnerable: the switch finds no pin on d1's entries and frees the status
# frame; the copy finds d1 no longer v2 (ERESTART) and clears the flags
# through the pointer it kept, in the freed frame (S13); its continuation
# then finds a v1 entry of type GTF_transitive, which v1 does not know
# (xsa318=fixed: 4.11 too continues; before d6f22d5d9e the hypercall would
# return 0 with the status unwritten, scenarios/xsa/xsa-318.gsc). Fixed: the copy in
# flight makes the switch -EAGAIN; the copy completes, and the switch then
# succeeds.
releases 4.11 4.17 4.22 master
world transitive=on xsa501=vulnerable xsa318=fixed

domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
parallel lock-steps schedule="0 0 0 0 0 1 1" {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 expect status == GNTST_general_error
set-version d1 1 expect rc == 0 and version == 1
}
check expect findings == 1 and first == S13
grant-info d2 9 expect pin == 0   # the inner grant was released

reset transitive=on xsa501=fixed xsa318=fixed
domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
write d2 0x40010000 "from d2!"
parallel lock-steps schedule="0 0 0 0 0 1 1" {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 expect status == GNTST_okay
set-version d1 1 expect rc == -EAGAIN and version == 2
}
check expect findings == 0
read d2 0x40020000 8 expect bytes == "from d2!"
set-version d1 1 expect rc == 0 and version == 1
