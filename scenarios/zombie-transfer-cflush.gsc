# GNTTABOP_transfer and GNTTABOP_cache_flush against a dying domain, kept in
# Xen's domain list while another domain maps one of its pages.
# gnttab_transfer() finds the receiver with rcu_lock_domain_by_id() and then
# refuses it under its page_alloc_lock ("Transferee d%d is dying":
# GNTST_general_error, the stolen page freed; xen/common/grant_table.c,
# RELEASE-4.11.0 .. master). _cache_flush() takes the page's owner from
# page_get_owner_and_reference(): the dying owner keeps its grant table
# until it is freed, so dom0's flush of a page it still maps from it works.
releases all

# x86 PV: d1 accepts a page on ref 8; dom0 keeps one of d1's pages mapped
domain d0 hwdom arch=x86-pv mfn=0x40000 pages=16
domain d1 arch=x86-pv mfn=0x50000 pages=16
domain d2 arch=x86-pv mfn=0x60000 pages=16
write d1 0x38000040 hex:0200020000000000
grant d1 9 to=d0 gfn=0x50003
map d0 d1 9 dev nohost as m expect status == GNTST_okay
domain-destroy d1 expect rc == 0
transfer d2 gfn=0x60000 to=d1 ref=8 expect rc == 0 and status == GNTST_general_error
page 0x60000 expect refs == 0                   # stolen, then freed
transfer d2 gfn=0x60001 to=d5 ref=8 expect status == GNTST_bad_domain
unmap d0 $m.handle bus=0x50003000 expect status == GNTST_okay
domain d1 arch=x86-pv mfn=0x50000 pages=16 expect rc == 0
check expect findings == 0

# Arm: dom0 flushes the dying domain's page it maps
domain d3 direct mfn=0x70000
domain d4 mfn=0x842400
device dma0 owner=d3 nosmmu                     # non-coherent, sees DRAM
write d4 0x400cb000 "dirty"
grant d4 8 to=d3 gfn=0x400cb
map d3 d4 8 host=0x200000 as n expect status == GNTST_okay
domain-destroy d4 expect rc == 0
dma-read dma0 0x8424cb000 5 expect bytes == hex:0000000000   # still in d4's dirty line
cache-flush d3 bus=0x8424cb000 len=64 clean expect rc == 0
dma-read dma0 0x8424cb000 5 expect bytes == "dirty"            # cleaned to DRAM
cache-flush d3 bus=0x8424cc000 len=64 clean expect rc == -EPERM   # freed: no owner
unmap d3 $n.handle host=0x200000 expect status == GNTST_okay
check expect findings == 0
