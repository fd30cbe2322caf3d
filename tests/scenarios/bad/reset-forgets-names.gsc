# error: .m. .line 7. was named before the reset at line 8
# A reset forgets every result named before it: $m was the old world's.
releases 4.14.1 master
domain d0
domain d1
grant d1 8 to=d0 gfn=0x40000
map d0 d1 8 host=0x100000 as m
reset
domain d0
unmap d0 $m.handle host=0x100000
