# XSA-236, fixed (e008f7619d, in every modelled release): the copies' pins go
# before their page references, and a copy of a pinned entry whose frame the
# granter no longer owns fails (GNTST_bad_domain). gntsim explore finds no
# interleaving of the two copies and the granter's decrease_reservation in
# which Xen uses the freed frame; afterwards no pin is left and the frame is
# free. The vulnerable side: scenarios/xsa/xsa-236.gsc.
#   gntsim explore scenarios/xsa/xsa-236-fixed.gsc
releases 4.11 4.14.1 4.17 master
races

domain d0 hwdom arch=x86-hvm vcpus=2
domain d1 arch=x86-hvm
write d1 0x40010000 "d1 page!"
grant d1 8 to=d0 gfn=0x40010 ro
p2m d1 0x40010 as e
parallel {
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 vcpu=0
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40021 len=8 vcpu=1
decrease-reservation d1 0x40010 expect rc == 0
}
grant-info d1 8 expect pin == 0
page $e.mfn expect refs == 0
check expect findings == 0
