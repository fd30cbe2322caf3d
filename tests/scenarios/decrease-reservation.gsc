# XENMEM_decrease_reservation (guest_remove_page): a domain's own page leaves its
# P2M and its allocation reference; a grant mapping keeps the frame until it is
# unmapped, then it is free. A direct-mapped domain keeps the reference.
releases 4.11 4.17 master
domain d0 hwdom iommu arch=x86-pv vcpus=2
domain d1 arch=x86-pv mfn=0x842400
p2m d1 0x40010 as e expect mfn == 0x842410
page 0x842410 expect refs == 1 and owner == 1
grant d1 8 to=d0 gfn=0x842410 ro
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
page 0x842410 expect refs == 2
decrease-reservation d1 0x40010 expect rc == 0
p2m d1 0x40010 expect entry == "none"
page 0x842410 expect refs == 1 and owner == 1   # the mapping's reference
decrease-reservation d1 0x40010 expect rc == -ENOENT
decrease-reservation d1 0x38000 expect rc == -ENOENT   # a grant frame: not modelled
unmap d0 $m.handle host=0x100000 expect status == GNTST_okay
page 0x842410 expect refs == 0
check expect findings == 0
