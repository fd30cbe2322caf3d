# A granter destroyed while dom0 still maps its page. Xen keeps the dying
# domain in its domain list (a zombie) while a page it owns is referenced:
# the page holds a domain reference (assign_pages / free_domheap_pages), so
# the last put_domain() comes with the last page. Until then
# rcu_lock_domain_by_id() finds it: dom0's late unmap succeeds (unmap_common),
# drops the pin and the page reference, and the page and the domain go with
# it. The zombie keeps its id: creating d1 again is -EEXIST (is_free_domid;
# master: domid_free in _domain_destroy), destroying it again does nothing
# (domain_kill of a dead domain returns 0). Same in every release.
releases all

domain d0 hwdom direct mfn=0x40000
domain d1 mfn=0x842400
write d1 0x400cb000 "granted"
grant d1 8 to=d0 gfn=0x400cb
map d0 d1 8 host=0x100000 as m expect status == GNTST_okay
page 0x8424cb expect refs == 2 and owner == 1

domain-destroy d1 expect rc == 0
page 0x8424cb expect refs == 1 and owner == 1   # dom0's reference keeps it
page 0x8424cc expect refs == 0                  # d1's other pages are free
read d0 0x100000000 7 expect bytes == "granted"
domain d1 mfn=0x842400 expect rc == -EEXIST     # the zombie holds d1
domain-destroy d1 expect rc == 0                # already dead: nothing to do
check expect findings == 0

unmap d0 $m.handle host=0x100000 expect rc == 0 and status == GNTST_okay
crashed d0 expect domain == 0
p2m d0 0x100000 expect entry == "none"
page 0x8424cb expect refs == 0 and owner == 0x7ff4
check expect findings == 0
domain-destroy d1 expect rc == -ESRCH           # the last page took the domain
domain d1 mfn=0x842400 expect rc == 0           # and freed its id
page 0x8424cb expect refs == 1 and owner == 1
check expect findings == 0
