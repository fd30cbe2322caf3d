# XSA-411, replayed: the interleaving `gntsim explore --lock-steps scenarios/xsa/xsa-411.gsc`
# finds, as a fixed schedule, before and after 6e3aab858e (xsa411=).
#  1. vCPU 0 (d2 copies from d1's ref 8, transitive to d2's ref 9) drops d1's
#     locks, pins d2's ref 9 as the inner grant, and is about to take d1's
#     locks again;
#  2. vCPU 1 (d1 copies from d2's ref 9) takes d2's table lock; vCPU 2 (d2)
#     rewrites ref 9 as transitive to d1's ref 8; vCPU 1 finds it so, pinned,
#     and drops d2's locks for the inner grant; vCPU 3 (d1) rewrites ref 8 as a
#     plain grant, which vCPU 1 pins;
#  3. each takes its outer entry's locks again and finds it changed (vCPU 0:
#     pinned meanwhile; vCPU 1: another frame): ERESTART. Vulnerable, each
#     releases its inner grant under its outer active entry: vCPU 0 holds d1's
#     ref 8 and waits for d2's ref 9, which vCPU 1 holds while it waits for
#     d1's ref 8. Both CPUs spin forever (S12), and every later hypercall finds
#     Xen gone. Fixed, the locks are dropped first: both copies stop at
#     ERESTART, every pin goes, and each hypercall's continuation copies the
#     op again, both from d1's page now (xsa318=fixed: before d6f22d5d9e,
#     4.11 would return 0 with the statuses unwritten, scenarios/xsa/xsa-318.gsc).
releases 4.11 4.16.1 4.17 master
world transitive=on xsa411=vulnerable

domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
set-version d2 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
parallel lock-steps schedule="0 0 0 0 0 0 1 1 2 1 1 3 1 0 0 1 1" {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8
copy d1 src=d2 src-ref=9 dst=0x7ff0 dst-gfn=0x40020 len=8
grant d2 9 to=d1 trans-dom=d1 trans-ref=8
grant d1 8 to=d2 gfn=0x40011
}
check expect findings >= 1 and first == S12
crashed d1 expect xen == 1
grant-info d2 9 expect pin == 0x100   # vCPU 0's inner pin, never released
copy d1 src=d2 src-ref=9 dst=0x7ff0 dst-gfn=0x40020 len=8 expect rc == -EIO

reset transitive=on xsa411=fixed xsa318=fixed
domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
set-version d2 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
write d1 0x40011000 "d1 page!"
parallel lock-steps schedule="0 0 0 0 0 0 1 1 2 1 1 3 1 0 0 1 1" {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 expect status == GNTST_okay
copy d1 src=d2 src-ref=9 dst=0x7ff0 dst-gfn=0x40020 len=8 expect status == GNTST_okay
grant d2 9 to=d1 trans-dom=d1 trans-ref=8
grant d1 8 to=d2 gfn=0x40011
}
grant-info d1 8 expect pin == 0
grant-info d2 9 expect pin == 0
check expect findings == 0
# each continuation copied the op again: d2's from d1's ref 8, now a plain
# grant of d1's page at gfn 0x40011; d1's through d2's ref 9, now transitive
# to d1's ref 8, the same page
read d2 0x40020000 8 expect bytes == "d1 page!"
read d1 0x40020000 8 expect bytes == "d1 page!"
