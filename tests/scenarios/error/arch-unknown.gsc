# An architecture gntsim does not model.
# error: domain: unknown arch 'x86-pvh' .arm, x86-pv, x86-pv32, x86-hvm.
domain d1 arch=x86-pvh
