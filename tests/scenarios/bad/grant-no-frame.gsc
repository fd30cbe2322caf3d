# error: grant needs either gfn=
domain d1 arch=x86-hvm
grant d1 8 to=d0
