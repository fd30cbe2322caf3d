# error: count -4294967231 is out of range
# The count is checked on all 64 bits, not its low 32 (65 ops into a 64-op buffer).
domain d1
hypercall d1 5 count=-4294967231
