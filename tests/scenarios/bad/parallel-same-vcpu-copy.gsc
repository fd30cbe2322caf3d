# A copy has a vCPU too (vcpu=, default 0): two of one domain need two.
# error: runs on d0.s vCPU 0, as line 7 does
domain d0 hwdom arch=x86-hvm vcpus=2
domain d1 arch=x86-hvm
grant d1 8 to=d0 gfn=0x40010 ro
parallel {
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40020 len=8
copy d0 src=d1 src-ref=8 dst=0x7ff0 dst-gfn=0x40021 len=8
}
