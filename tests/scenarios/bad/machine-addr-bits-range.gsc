# machine-addr-bits takes an address width a frame fits in: 13..64 bits.
# error: machine-addr-bits=12: an address width of 13..64 bits
releases 4.11
domain d1 arch=x86-pv pages=0 machine-addr-bits=12
