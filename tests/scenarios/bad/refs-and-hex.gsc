# Found by the scenario fuzzer: a reference without a name ("$.field") and a
# bad hex digit must be refused with file:line:col, not read out of bounds or
# leaked.
releases 4.14.1
domain d0 hwdom direct iommu mfn=0x40000
write d0 $.addr "x"
write d0 0x40000000 hex:0g
