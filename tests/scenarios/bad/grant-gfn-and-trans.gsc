# error: grant needs either gfn=
domain d1 arch=x86-hvm
grant d1 8 to=d0 gfn=0x40010 trans-dom=d2 trans-ref=9
