# error: trans-dom= and trans-ref= go together
domain d1 arch=x86-hvm
grant d1 8 to=d0 trans-dom=d2
