# A hypercall on a vCPU its domain does not have: a run error, not a vacuous block.
# error: parallel: line 7: d0 has 2 vCPUs, no vCPU 5
domain d0 hwdom arch=x86-hvm vcpus=2
domain d1 arch=x86-hvm
grant d1 8 to=d0 gfn=0x40010 ro
parallel {
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8 vcpu=5
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40021 len=8 vcpu=1
}
check expect findings == 0
