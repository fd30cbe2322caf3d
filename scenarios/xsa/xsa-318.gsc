# XSA-318 ("Bad continuation handling in GNTTABOP_copy"), fixed by
# d6f22d5d9e (4.14.0; b66ce5058e 4.13.1, 3536f8dc39 4.12.3, d353f82b2e 4.11.4).
# gnttab_copy() stops at an op whose transitive entry changed while its locks
# were dropped (ERESTART) and returns the ops left; do_grant_table_op() turns
# that into a continuation the guest's vCPU re-enters at that op. Since the
# XSA-226 fix it turned the ops left into the ops done *before* testing for a
# continuation: stopped at the first op, the ops done are 0, which reads as
# "all done": the hypercall returns 0 and no status is written. A guest that
# did not initialise its statuses (here 0, GNTST_okay) believes the copy
# happened; nothing was copied.
#
# The interleaving is xsa-411-race.gsc's, with 6e3aab858e applied (xsa411=
# fixed): both copies find their outer entry changed and stop at ERESTART.
# Fixed: each continuation copies the op again, from d1's page now. Vulnerable
# (4.11, 4.12.0-4.12.2, 4.13.0; `world xsa318=vulnerable` elsewhere): rc 0,
# status 0, the destination pages as they were.
releases 4.11 4.12.2 4.13.0 4.13.1 4.14.0 master
group vulnerable 4.11 4.12.2 4.13.0
world transitive=on xsa411=fixed

domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
set-version d2 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
write d1 0x40011000 "d1 page!"
write d1 0x40020000 "d1 dest."
write d2 0x40020000 "d2 dest."
parallel lock-steps schedule="0 0 0 0 0 0 1 1 2 1 1 3 1 0 0 1 1" {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 expect rc == 0 and status == GNTST_okay
copy d1 src=d2 src-ref=9 dst=0x7ff0 dst-gfn=0x40020 len=8 expect rc == 0 and status == GNTST_okay
grant d2 9 to=d1 trans-dom=d1 trans-ref=8
grant d1 8 to=d2 gfn=0x40011
}
read d2 0x40020000 8
  expect[vulnerable] bytes == "d2 dest."     # "GNTST_okay", nothing copied
  expect[!vulnerable] bytes == "d1 page!"    # the continuation's copy
read d1 0x40020000 8
  expect[vulnerable] bytes == "d1 dest."
  expect[!vulnerable] bytes == "d1 page!"
grant-info d1 8 expect pin == 0
grant-info d2 9 expect pin == 0
check expect findings == 0

# The knob: every release without the fix, then every release with it.
reset transitive=on xsa411=fixed xsa318=vulnerable
domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
set-version d2 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
write d1 0x40011000 "d1 page!"
write d2 0x40020000 "d2 dest."
parallel lock-steps schedule="0 0 0 0 0 0 1 1 2 1 1 3 1 0 0 1 1" {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 expect rc == 0 and status == GNTST_okay
copy d1 src=d2 src-ref=9 dst=0x7ff0 dst-gfn=0x40020 len=8
grant d2 9 to=d1 trans-dom=d1 trans-ref=8
grant d1 8 to=d2 gfn=0x40011
}
read d2 0x40020000 8 expect bytes == "d2 dest."

reset transitive=on xsa411=fixed xsa318=fixed
domain d1 arch=x86-hvm
domain d2 arch=x86-hvm
set-version d1 2
set-version d2 2
grant d1 8 to=d2 trans-dom=d2 trans-ref=9
grant d2 9 to=d1 gfn=0x40010
write d1 0x40011000 "d1 page!"
write d2 0x40020000 "d2 dest."
parallel lock-steps schedule="0 0 0 0 0 0 1 1 2 1 1 3 1 0 0 1 1" {
copy d2 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 expect rc == 0 and status == GNTST_okay
copy d1 src=d2 src-ref=9 dst=0x7ff0 dst-gfn=0x40020 len=8
grant d2 9 to=d1 trans-dom=d1 trans-ref=8
grant d1 8 to=d2 gfn=0x40011
}
read d2 0x40020000 8 expect bytes == "d1 page!"
