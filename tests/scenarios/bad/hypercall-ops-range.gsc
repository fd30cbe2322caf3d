# error: ops: not a number or constant that fits the field
# dom is a domid_t: 16 bits.
domain d0
hypercall d0 0 ops="ref=8 dom=0x10000"
