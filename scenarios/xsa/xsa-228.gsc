# XSA-228 (CVE-2017-12136): the maptrack free lists and the steal path.
# Before 02cbeeb620 (2017, older than 4.11, so in every modelled release)
# each vCPU's free list was lock-free (cmpxchg on head and tail), which the
# steal path broke by popping other vCPUs' lists; the fix put each list under
# its own maptrack_freelist_lock and, "while we are here", ended the list of
# a vCPU that steals its first entry: the stolen sentinel's link was left as
# it was in the victim's list. `world xsa228=vulnerable` reverts the fix (the
# lists then lock-free, every access a scheduling point for gntsim explore).
# What this file shows is the sentinel: dom0's vCPU 1 has no list when the
# frames run out, steals handle 253 from vCPU 0 as its sentinel and 254 for
# its map; vulnerable, its list runs 253 -> 254, a handle in use (S8). The
# next map on vCPU 1 takes 253 and leaves its head on 254; the one after is
# given 254 again, the live mapping's own entry. Fixed, vCPU 1's list is the
# sentinel alone and a third map finds no handle. The lock-free race itself
# (an ABA of a head): scenarios/xsa/xsa-228-race.gsc.
releases 4.11 4.14.1 4.17 master
world xsa228=vulnerable

domain d0 hwdom arch=x86-pv vcpus=2 maptrack-frames=1
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x842410 ro
grant d1 9 to=d0 gfn=0x842411 ro
grant d1 10 to=d0 gfn=0x842412 ro
map d0 d1 8 host=0x100000 ro count=100 expect ok == 100
map d0 d1 9 host=0x200000 ro count=100 expect ok == 100
map d0 d1 10 host=0x300000 ro count=53 expect ok == 53
maptrack d0 vcpu=0 expect free == "253 254 255"
map d0 d1 10 host=0x400000 ro vcpu=1 as s expect status == GNTST_okay and handle == 254
check expect findings == 1 and first == S8   # v1's list: 253 -> 254, in use
map d0 d1 10 host=0x401000 ro vcpu=1 expect status == GNTST_okay and handle == 253
map d0 d1 10 host=0x402000 ro vcpu=1 expect status == GNTST_okay and handle == 254

reset xsa228=fixed
domain d0 hwdom arch=x86-pv vcpus=2 maptrack-frames=1
domain d1 arch=x86-pv mfn=0x842400
grant d1 8 to=d0 gfn=0x842410 ro
grant d1 9 to=d0 gfn=0x842411 ro
grant d1 10 to=d0 gfn=0x842412 ro
map d0 d1 8 host=0x100000 ro count=100 expect ok == 100
map d0 d1 9 host=0x200000 ro count=100 expect ok == 100
map d0 d1 10 host=0x300000 ro count=53 expect ok == 53
map d0 d1 10 host=0x400000 ro vcpu=1 expect status == GNTST_okay and handle == 254
maptrack d0 vcpu=1 expect free == "253"
check expect findings == 0
map d0 d1 10 host=0x401000 ro vcpu=1 expect status != GNTST_okay
check expect findings == 0
