# XSA-228 (CVE-2017-12136), the race: before 02cbeeb620 each vCPU's maptrack
# free list was lock-free (__get_maptrack_handle(): read the head, read its
# link, cmpxchg the head; put_maptrack_handle(): cmpxchg the tail, then link
# the old tail), safe while only the owner pops. steal_maptrack_handle() pops
# other vCPUs' lists, and then the head can go away and come back with another
# link (an ABA). Here dom0's frames are spent (three pages); vCPUs 1 and 3
# each have a list of their sentinel alone, vCPU 0 a list 766 -> 767. At once:
# vCPU 1 maps (its own list gives nothing: it steals from vCPU 0), vCPU 0 maps
# a ref d1 never granted (it pops 766 from its own list, fails, and puts 766
# back on the tail) and vCPU 3 maps (steals from vCPU 0).
# `gntsim explore` finds, under `world xsa228=vulnerable`: vCPU 1 reads head
# 766 and its link 767 and stops before its cmpxchg; vCPU 0 takes 766 and puts
# it back (the list 767 -> 766), vCPU 3 steals 767 (the head back at 766, now
# the sentinel); vCPU 1's cmpxchg holds: vCPU 0's head is 767, a live handle
# (S8), and vCPU 1 maps with 766, the list's tail. The next map on vCPU 0
# gives 767 a second time (scenarios/xsa/xsa-228-race-replay.gsc replays it on
# both sides). The sentinel half of the fix (scenarios/xsa/xsa-228.gsc) plays
# no part: no vCPU here steals a sentinel. `gntsim run` runs the block in
# statement order, which is safe: vCPU 1 takes 766 and the others find no
# handle. Fixed: scenarios/xsa/xsa-228-race-fixed.gsc.
#   gntsim explore scenarios/xsa/xsa-228-race.gsc
releases 4.11 master
races all
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
parallel {
map d0 d1 17 host=0xa00000 ro vcpu=1
map d0 d1 20 host=0xa01000 ro vcpu=0
map d0 d1 18 host=0xa02000 ro vcpu=3
}
check expect findings == 0
