# A domain grant-maps a page over one of its own RAM pages, then is destroyed.
# Arm create_grant_host_mapping() -> guest_physmap_add_entry() overwrites the RAM
# entry (nothing refuses it; p2m_put_l3_page() puts only foreign entries), so the
# RAM page stays on the mapper's page list with its allocation reference.
# Destruction: gnttab_release_mappings() puts the grant's page reference and
# relinquish_memory() frees the pages on d->page_list (xen/arch/arm/domain.c
# domain_relinquish_resources). The granter's page keeps its allocation
# reference and owner; the replaced RAM page is freed.
# Regression: domain_destroy freed "RAM" by looking up the P2M, putting the
# granter's page a second time (and leaking the replaced page): C3 abort with
# two such maps; with one, the granter's still-mapped page was freed unseen.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
domain d2 mfn=0x850000
grant d1 8 to=d2 gfn=0x400cb
p2m d1 0x400cb as g expect type == p2m_ram_rw
p2m d2 0x40010 as ram expect type == p2m_ram_rw
map d2 d1 8 host=0x40010 as m expect rc == 0 and status == GNTST_okay
p2m d2 0x40010 expect type == p2m_grant_map_rw
page $g.mfn expect refs == 2 and owner == 1
domain-destroy d2 expect rc == 0
page $g.mfn expect refs == 1 and owner == 1
page $ram.mfn expect refs == 0
grant-info d1 8 expect pin == 0
check expect findings == 0
# the granter's page is still its own RAM: nobody else can be given it
domain d3 pages=16 expect rc == 0
page $g.mfn expect refs == 1 and owner == 1
end-access d1 8 expect rc == 0
domain-destroy d1 expect rc == 0
page $g.mfn expect refs == 0
check expect findings == 0
