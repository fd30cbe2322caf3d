# XSA-501 (CVE-2026-62436, part of it): a grant-table version change racing a
# copy that dropped the table's lock. acquire_grant_for_copy() points
# `status` at the entry's v2 status word, then drops the granter's locks to
# acquire the inner grant of a GTF_transitive entry. Nothing stops the
# granter from switching to v1 meanwhile: its entries are not pinned yet, so
# gnttab_set_version() frees the status frames. Once the locks are taken
# again the copy finds the table changed, gives up (ERESTART) and clears the
# status flags through the pointer it kept: into the freed frame (S13).
# 96dfeb4177 ("gnttab: cope with version changes racing other operations",
# 2026, master; no modelled release tag has it) counts v2 operations in
# flight and pinned sub-page entries, and refuses the switch to v1 while any
# (-EAGAIN). gntsim explore finds the write in every release before it and
# none, exhaustively, in master. `gntsim run` runs the block in statement
# order (the copy first), which is safe. The interleaving as a schedule:
# scenarios/xsa/xsa-501-race.gsc.
#   gntsim explore scenarios/xsa/xsa-501.gsc
releases all
races 4.11 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.13.4 4.13.5 4.14.0 4.14.1 4.14.2 4.14.3 4.14.4 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1 4.17 4.18 4.19 4.20 4.21 4.22
world transitive=on

domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
parallel {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8
set-version d1 1
}
check expect findings == 0
# nothing is in flight any more: the switch to v1 is allowed (or done already)
set-version d1 1 expect rc == 0 and version == 1
