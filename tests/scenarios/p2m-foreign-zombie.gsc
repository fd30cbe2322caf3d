# A foreign mapping keeps its page, and so its owner, alive: d1 destroyed
# while d2 maps one of its pages as foreign stays dying (its id in use) until
# the entry goes, by XENMEM_remove_from_physmap or by d2's own death
# (relinquish_p2m_mapping). Arm p2m_put_l3_page() puts the page; the last
# put takes the domain (free_domheap_pages, put_domain).
releases 4.11 4.14.1 4.17 master

domain d1 mfn=0x842400
domain d2 mfn=0x850000
write d1 0x400cb000 "kept"
p2m-set d2 0x70000 mfn=0x8424cb type=p2m_map_foreign_rw expect rc == 0
p2m-set d2 0x70001 mfn=0x8424cc type=p2m_map_foreign_ro expect rc == 0
p2m d2 0x70001 expect perm == r
write d2 0x70001000 "x" expect rc == -EACCES
domain-destroy d1 expect rc == 0
domain d1 mfn=0x842400 expect rc == -EEXIST     # dying, not gone
page 0x8424cb expect refs == 1 and owner == 1
page 0x8424cd expect refs == 0
read d2 0x70000000 4 expect bytes == "kept"
check expect findings == 0
p2m-remove d2 0x70000 expect rc == 0
page 0x8424cb expect refs == 0
domain d1 mfn=0x842400 expect rc == -EEXIST     # 0x8424cc still mapped
domain-destroy d2 expect rc == 0                # relinquishes the other
page 0x8424cc expect refs == 0 and owner == 0x7ff4
domain d1 mfn=0x842400 expect rc == 0
check expect findings == 0
