# A step without vcpu= (set-version) runs on vCPU 0: two of one domain clash.
# error: runs on d1.s vCPU 0, as line 5 does: a step without vcpu= runs on vCPU 0
domain d1 arch=x86-hvm vcpus=2
parallel {
set-version d1 2
set-version d1 1
}
