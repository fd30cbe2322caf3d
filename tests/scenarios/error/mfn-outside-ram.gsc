# error: domain: d1: mfn=0xffffffffff pages=256: not within one bank of machine RAM
# A RAM placement outside the machine: the message names the keys, not internal fields
# (it said "invalid configuration (vcpus 1..8, domid < 0x7ff0)").
domain d1 mfn=0xffffffffff
