# error: a transitive entry has no 'ro'
domain d1 arch=x86-hvm
grant d1 8 to=d0 trans-dom=d2 trans-ref=9 ro
