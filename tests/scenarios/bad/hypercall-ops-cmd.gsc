# error: ops= needs CMD as the number of a GNTTABOP with ops
# GNTTABOP 13 does not exist: gntsim knows no struct to write.
domain d0
hypercall d0 13 ops="ref=8"
