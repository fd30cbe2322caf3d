# error: hypercall: at=2 is not one of the 2 ops
# at= names an op of the batch.
releases 4.14.1 master
domain d0
hypercall d0 0 count=2 at=2 ops="ref=8 dom=0; ref=9 dom=0"
