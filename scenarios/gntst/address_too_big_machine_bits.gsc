# GNTST_address_too_big through a domain's machine address size: the
# toolstack's XEN_DOMCTL_set_machine_address_size (41296317a3) sets
# arch.physaddr_bitsize, which gnttab_transfer()'s domain_clamp_alloc_bitsize()
# applies (xen/arch/x86/domctl.c, x86_64/mm.c, common/grant_table.c,
# RELEASE-4.11.0 .. 4.12.x). A page above the receiver's width is copied into
# a free frame below it, or the op fails GNTST_address_too_big when there is
# none. 27869ee00e dropped the domctl in 4.13.0 (-ENOSYS); from then on only a
# 32-bit PV guest's M2P window narrows the width (address_too_big.gsc). In
# 4.11.0 the copy is XSA-284's: the freed original is handed on
# (scenarios/xsa/xsa-284.gsc).
releases all
group domctl 4.11 4.12.0 4.12.1 4.12.2
group copied 4.12.0 4.12.1 4.12.2

# 64 frames below 4 GiB, 16 MiB at 32 GiB
world ram="0x40000000:0x40000 0x800000000:0x1000000"

domain d1 arch=x86-pv pages=0 machine-addr-bits=32
  expect[domctl] rc == 0
  expect[!domctl] rc == -ENOSYS
domain d1 arch=x86-pv pages=0
  expect[domctl] rc == -EEXIST
  expect[!domctl] rc == 0
domain d2 arch=x86-pv mfn=0x800100 pages=16
domain d3 arch=x86-pv mfn=0x40000 pages=63      # low RAM but one frame: 0x4003f

# d1 accepts a page from d2 on refs 8 and 9 (GTF_accept_transfer, domid 2)
write d1 0x38000040 hex:0200020000000000
write d1 0x38000048 hex:0200020000000000
transfer d2 gfn=0x800100 to=d1 ref=8 expect rc == 0 and status == GNTST_okay
grant-info d1 8
  expect flags == GTF_accept_transfer|GTF_transfer_committed|GTF_transfer_completed
  expect[copied] frame == 0x4003f                # copied below 2^32
  expect[!domctl] frame == 0x800100              # handed over as it is
  expect[4.11] frame == 0x800100                 # XSA-284: the freed original
page 0x4003f expect[copied] owner == 1
  expect[!domctl] refs == 0
transfer d2 gfn=0x800101 to=d1 ref=9 expect rc == 0
  expect[domctl] status == GNTST_address_too_big
  expect[!domctl] status == GNTST_okay
grant-info d1 9 expect[domctl] flags == GTF_accept_transfer
  expect[!domctl] frame == 0x800101
page 0x800101 expect[domctl] refs == 0            # stolen, then freed
  expect[!domctl] owner == 1
check expect[!4.11] findings == 0
  expect[4.11] findings == 1 and first == S11    # d1 maps the free 0x800100
