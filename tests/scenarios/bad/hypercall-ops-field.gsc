# error: ops: no such field in this op's struct
# ops= names the fields of the op struct of CMD (0: gnttab_map_grant_ref).
domain d0
hypercall d0 0 ops="ref=8 dom=1; ref=9 bogus=1"
