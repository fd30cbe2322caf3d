# XSA-228, the race replayed: the interleaving `gntsim explore --lock-steps
# scenarios/xsa/xsa-228-race.gsc` finds, as a fixed schedule, on both sides.
# dom0's frames are spent; vCPUs 1 and 3 have their sentinel alone, vCPU 0 the
# list 766 -> 767. vCPU 1 maps: its own list gives nothing, it takes the
# maptrack lock, finds no frame left and steals from vCPU 0: it reads the head
# (766) and its link (767) and stops before its cmpxchg (7 entries). vCPU 0
# maps a ref d1 never granted: it pops 766, fails, and puts 766 back on its
# tail, the list now 767 -> 766 (10 entries). vCPU 3 steals 767, the head
# back at 766, now the sentinel (8 entries). vCPU 1's cmpxchg finds the head
# it read, 766, and sets it to the link it read, 767: before 02cbeeb620
# (xsa228=vulnerable) vCPU 0's head is the live handle 767 and vCPU 1 maps
# with 766, the list's tail (S8); the next map on vCPU 0 gives 767 again, a
# second live mapping with one handle (S1: the pin counts two, the maptrack
# one). With the fix the same order of the three maps (vCPU 1 stopped before
# the free-list lock of vCPU 0, where the fixed code switches) leaves vCPU 1
# nothing to steal: its map fails, as does the next one on vCPU 0.
releases 4.11 4.14.1 4.17 master
world xsa228=vulnerable

domain d0 hwdom arch=x86-pv vcpus=4 maptrack-frames=3 pages=32
domain d1 arch=x86-pv mfn=0x842400 pages=32
grant d1 8 to=d0 gfn=0x842410 ro
grant d1 9 to=d0 gfn=0x842411 ro
grant d1 10 to=d0 gfn=0x842412 ro
grant d1 11 to=d0 gfn=0x842413 ro
grant d1 12 to=d0 gfn=0x842414 ro
grant d1 13 to=d0 gfn=0x842415 ro
grant d1 14 to=d0 gfn=0x842416 ro
grant d1 15 to=d0 gfn=0x842417 ro
grant d1 16 to=d0 gfn=0x842418 ro
grant d1 17 to=d0 gfn=0x842419 ro
grant d1 18 to=d0 gfn=0x84241a ro
map d0 d1 8 host=0x100000 ro count=100 vcpu=1 expect ok == 100
map d0 d1 9 host=0x200000 ro count=100 vcpu=1 expect ok == 100
map d0 d1 10 host=0x300000 ro count=55 vcpu=1 expect ok == 55
map d0 d1 11 host=0x400000 ro count=100 vcpu=3 expect ok == 100
map d0 d1 12 host=0x500000 ro count=100 vcpu=3 expect ok == 100
map d0 d1 13 host=0x600000 ro count=55 vcpu=3 expect ok == 55
map d0 d1 14 host=0x700000 ro count=100 expect ok == 100
map d0 d1 15 host=0x800000 ro count=100 expect ok == 100
map d0 d1 16 host=0x900000 ro count=54 expect ok == 54
maptrack d0 vcpu=0 expect free == "766 767"
maptrack d0 vcpu=1 expect free == "255"
maptrack d0 vcpu=3 expect free == "511"
parallel lock-steps schedule="0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 0 0 0" {
map d0 d1 17 host=0xa00000 ro vcpu=1 as p
map d0 d1 20 host=0xa01000 ro vcpu=0 as x
map d0 d1 18 host=0xa02000 ro vcpu=3 as z
}
expect $x.status == GNTST_general_error
expect $z.status == GNTST_okay and $z.handle == 767
expect $p.status == GNTST_okay and $p.handle == 766
check expect findings == 4 and first == S8   # v0's head: 767, in use
map d0 d1 18 host=0xa03000 ro expect status == GNTST_okay and handle == 767
check expect findings == 5   # S1: ref 18 pinned twice, one live maptrack entry

reset xsa228=fixed
domain d0 hwdom arch=x86-pv vcpus=4 maptrack-frames=3 pages=32
domain d1 arch=x86-pv mfn=0x842400 pages=32
grant d1 8 to=d0 gfn=0x842410 ro
grant d1 9 to=d0 gfn=0x842411 ro
grant d1 10 to=d0 gfn=0x842412 ro
grant d1 11 to=d0 gfn=0x842413 ro
grant d1 12 to=d0 gfn=0x842414 ro
grant d1 13 to=d0 gfn=0x842415 ro
grant d1 14 to=d0 gfn=0x842416 ro
grant d1 15 to=d0 gfn=0x842417 ro
grant d1 16 to=d0 gfn=0x842418 ro
grant d1 17 to=d0 gfn=0x842419 ro
grant d1 18 to=d0 gfn=0x84241a ro
map d0 d1 8 host=0x100000 ro count=100 vcpu=1 expect ok == 100
map d0 d1 9 host=0x200000 ro count=100 vcpu=1 expect ok == 100
map d0 d1 10 host=0x300000 ro count=55 vcpu=1 expect ok == 55
map d0 d1 11 host=0x400000 ro count=100 vcpu=3 expect ok == 100
map d0 d1 12 host=0x500000 ro count=100 vcpu=3 expect ok == 100
map d0 d1 13 host=0x600000 ro count=55 vcpu=3 expect ok == 55
map d0 d1 14 host=0x700000 ro count=100 expect ok == 100
map d0 d1 15 host=0x800000 ro count=100 expect ok == 100
map d0 d1 16 host=0x900000 ro count=54 expect ok == 54
maptrack d0 vcpu=0 expect free == "766 767"
maptrack d0 vcpu=1 expect free == "255"
maptrack d0 vcpu=3 expect free == "511"
parallel lock-steps schedule="0 0 0 1 1 1 1 1 2 2 2 2 2 2" {
map d0 d1 17 host=0xa00000 ro vcpu=1 as p2
map d0 d1 20 host=0xa01000 ro vcpu=0 as x2
map d0 d1 18 host=0xa02000 ro vcpu=3 as z2
}
expect $x2.status == GNTST_general_error
expect $z2.status == GNTST_okay and $z2.handle == 767
expect $p2.status != GNTST_okay   # no handle (GNTST_no_space in 4.17, master)
maptrack d0 vcpu=0 expect free == "766"
check expect findings == 0
map d0 d1 18 host=0xa03000 ro expect status != GNTST_okay
check expect findings == 0
