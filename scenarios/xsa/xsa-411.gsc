# XSA-411 (CVE-2022-33748): lock order inversion on the transitive grant copy
# error path. acquire_grant_for_copy() drops the granter's active entry and
# table locks before it acquires the inner grant a GTF_transitive entry names.
# When it takes them again and finds the entry changed, or pinned or unpinned
# by someone else meanwhile, it releases the inner grant and returns ERESTART.
# Before 6e3aab858e (2022; 4.17, and 042de08439 in 4.13.5; 4.14.6, 4.15.4 and
# 4.16.3 are later than gntsim's rows) it called release_grant_for_copy()
# with those locks still held, taking the other table's locks inside them.
# Two cooperating guests that grant each other transitive entries, rewriting
# them while copies run, then deadlock: here d2 copies from d1's ref 8
# (transitive to d2's ref 9) while d1 copies from d2's ref 9, which d2
# rewrites as transitive to d1's ref 8, and d1 rewrites ref 8 as a plain
# grant. gntsim explore finds the interleaving where each copy holds one
# active entry and waits for the other's (S12: Xen hung) in every release
# without the fix, and none, exhaustively, with it. `gntsim run` runs the
# block in statement order, which is safe. The interleaving as a schedule:
# scenarios/xsa/xsa-411-race.gsc.
#   gntsim explore scenarios/xsa/xsa-411.gsc
releases all
races 4.11 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.13.4 4.14.0 4.14.1 4.14.2 4.14.3 4.14.4 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1
world transitive=on

domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
set-version d2 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
write d2 0x40010000 "from d2"
# sequentially, a copy through the transitive entry reads d2's page
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=7 expect status == GNTST_okay
read d2 0x40020000 7 expect bytes == "from d2"
parallel {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8
copy d1 src=d2 src-ref=9 dst=0x7ff0 dst-gfn=0x40020 len=8
grant d2 9 to=d1 trans-dom=d1 trans-ref=8
grant d1 8 to=d2 gfn=0x40011
}
grant-info d1 8 expect pin == 0
grant-info d2 9 expect pin == 0
check expect findings == 0
