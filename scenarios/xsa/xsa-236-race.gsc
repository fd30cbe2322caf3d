# XSA-236, replayed: the interleaving `gntsim explore --lock-steps scenarios/xsa/xsa-236.gsc`
# finds, as a fixed schedule, before and after e008f7619d (xsa236=). vCPU 0's
# copy runs until its release: vulnerable, it has put its page reference and
# waits to drop its pin; vCPU 1's copy takes d1's table lock; d1 gives the
# page back (decrease_reservation): its last reference goes, the frame is
# free; vCPU 1 finds ref 8 pinned and copies from the freed frame (S13).
# Fixed, vCPU 0 is at its pin, its reference still held, when d1 gives the
# page back: the frame stays (owned by d1, one reference); vCPU 1 takes a
# reference of its own on it, copies, and the frame is freed when the last
# copy puts its reference.
releases 4.11 4.17 master
world xsa236=vulnerable

domain d0 hwdom arch=x86-hvm vcpus=2
domain d1 arch=x86-hvm
write d1 0x40010000 "d1 page!"
grant d1 8 to=d0 gfn=0x40010 ro
p2m d1 0x40010 as e
parallel lock-steps schedule="0 0 0 0 1 1 2 1 0" {
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 vcpu=0 expect status == GNTST_okay
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40021 len=8 vcpu=1 expect status == GNTST_okay
decrease-reservation d1 0x40010 expect rc == 0
}
check expect findings == 1 and first == S13
page $e.mfn expect refs == 0            # freed, and copied from all the same
read d0 0x40021000 8 expect bytes == "d1 page!"

reset xsa236=fixed
domain d0 hwdom arch=x86-hvm vcpus=2
domain d1 arch=x86-hvm
write d1 0x40010000 "d1 page!"
grant d1 8 to=d0 gfn=0x40010 ro
p2m d1 0x40010 as e2
parallel lock-steps schedule="0 0 0 0 1 1 2 1 0" {
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 vcpu=0 expect status == GNTST_okay
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40021 len=8 vcpu=1 expect status == GNTST_okay
decrease-reservation d1 0x40010 expect rc == 0
}
check expect findings == 0
page $e2.mfn expect refs == 0
grant-info d1 8 expect pin == 0
read d0 0x40021000 8 expect bytes == "d1 page!"
