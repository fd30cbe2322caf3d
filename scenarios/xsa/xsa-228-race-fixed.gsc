# XSA-228, the race's fixed side: scenarios/xsa/xsa-228-race.gsc with
# `xsa228=fixed` (02cbeeb620, 2017, in every modelled release: each list under
# its vCPU's maptrack_freelist_lock). gntsim explore finds no interleaving of
# the two steals and the owner's pop and put that breaks a list or gives a
# handle out twice.
#   gntsim explore scenarios/xsa/xsa-228-race-fixed.gsc
releases 4.11 master
races
world xsa228=fixed

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
