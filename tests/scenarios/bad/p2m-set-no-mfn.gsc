# p2m-set needs the frame: mfn= is required. The parser must say file:line:col.
releases master
domain d1 mfn=0x842400
p2m-set d1 0x60000 type=p2m_mmio_direct_dev
