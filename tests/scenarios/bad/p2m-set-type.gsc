# p2m-set places only the types Xen's other P2M writers make: a grant entry
# comes from a grant map. The parser must say file:line:col.
# error: no p2m-set type 'p2m_grant_map_rw'
releases master
domain d1 mfn=0x842400
domain d2 mfn=0x850000
p2m-set d2 0x60000 mfn=0x8424cb type=p2m_grant_map_rw
