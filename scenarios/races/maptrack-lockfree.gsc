# The maptrack free lists as they were before 02cbeeb620 (XSA-228): lock-free,
# a cmpxchg on each vCPU's head and tail, every access a declared scheduling
# point. dom0's vCPU 1 has its own page, used up to its sentinel, and the
# frames are spent; vCPU 0's list is three entries long. Then at once: vCPU 1
# maps (its list empty: it steals from vCPU 0's list), vCPU 0 maps (a pop from
# its own list) and vCPU 2 unmaps a handle of vCPU 0 (a put onto that list).
# gntsim explore finds no interleaving that breaks a list (S8) or hands a
# handle out twice: this is a measurement of the model, not a claim about
# Xen. The race XSA-228 reports needs the head back at a value a stalled pop
# read (an ABA): the handle that pop read popped and put back on the tail, and
# the head advanced to it again. A put of another handle cannot make it;
# scenarios/xsa/xsa-228-race.gsc does (a failing map pops and puts back one
# handle, a second steal advances the head). The fix's other half, the stolen
# sentinel, is scenarios/xsa/xsa-228.gsc.
#   gntsim explore scenarios/races/maptrack-lockfree.gsc
releases 4.11 master
races
world xsa228=vulnerable

domain d0 hwdom arch=x86-pv vcpus=3 maptrack-frames=2
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x842410 ro
grant d1 9 to=d0 gfn=0x842411 ro
grant d1 10 to=d0 gfn=0x842412 ro
grant d1 11 to=d0 gfn=0x842413 ro
grant d1 12 to=d0 gfn=0x842414 ro
grant d1 13 to=d0 gfn=0x842415 ro
grant d1 14 to=d0 gfn=0x842416 ro
map d0 d1 8 host=0x100000 ro count=100 vcpu=1 expect ok == 100
map d0 d1 9 host=0x200000 ro count=100 vcpu=1 expect ok == 100
map d0 d1 10 host=0x300000 ro count=55 vcpu=1 expect ok == 55
map d0 d1 11 host=0x400000 ro count=100 expect ok == 100
map d0 d1 12 host=0x500000 ro count=100 expect ok == 100
map d0 d1 13 host=0x600000 ro count=53 expect ok == 53
maptrack d0 vcpu=0 expect free == "509 510 511"
maptrack d0 vcpu=1 expect free == "255"
parallel {
map d0 d1 14 host=0x700000 ro vcpu=1
map d0 d1 14 host=0x701000 ro vcpu=0
unmap d0 256 host=0x400000 vcpu=2
}
check expect findings == 0
