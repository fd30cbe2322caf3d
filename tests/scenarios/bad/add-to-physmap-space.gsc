# error: add-to-physmap: no space 'gmfn'
domain d1 arch=x86-hvm
add-to-physmap d1 gmfn 0 gfn=0x38100
