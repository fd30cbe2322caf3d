# A RAM bank list that is not BASE:SIZE pairs.
# error: world: ram: expected BASE:SIZE at 'zz'
world ram="0x40000000:0x1000 zz"
domain d0
