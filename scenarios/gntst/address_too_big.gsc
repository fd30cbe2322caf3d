# GNTST_address_too_big (-11) comes only from GNTTABOP_transfer, when the
# receiver cannot address the page: a 32-bit x86 PV guest on a host whose
# RAM reaches beyond what its M2P window can describe. switch_compat() then
# clamps its allocations to 37 bits (frames below 0x2000000), and
# gnttab_transfer() copies a higher page into a free frame below that
# limit, or fails the op with GNTST_address_too_big when there is none.
# (Arm has no page transfer: see general_error.gsc and bad_page.gsc.) In
# 4.11.0 the copy is XSA-284's: the freed original is handed on
# (scenarios/xsa/xsa-284.gsc).
releases all

# 256 KiB of low RAM (64 frames) and 16 MiB above 0x2980000 frames (~166 GiB).
world ram="0x40000000:0x40000 0x2980000000:0x1000000"

domain d1 arch=x86-pv32 mfn=0x40000 pages=63
domain d2 arch=x86-pv mfn=0x2980800 pages=16

# d1 accepts a page from d2 on refs 8 and 9: flags GTF_accept_transfer, domid 2.
write d1 0x38000040 hex:0200020000000000
write d1 0x38000048 hex:0200020000000000
transfer d2 gfn=0x2980800 to=d1 ref=8 expect rc == 0 and status == GNTST_okay
# ...copied into the one free low frame, below 2^37: committed, completed.
grant-info d1 8 expect flags == GTF_accept_transfer|GTF_transfer_committed|GTF_transfer_completed
  expect[!4.11] frame == 0x4003f
  expect[4.11] frame == 0x2980800                # XSA-284: the freed original
page 0x4003f expect[!4.11] owner == 1
# d2 gave its page away: its P2M entry is gone.
p2m d2 0x40000 expect entry == "none"

# Low RAM is now full: the next page cannot be placed where d1 can see it.
transfer d2 gfn=0x2980801 to=d1 ref=9 expect rc == 0 and status == GNTST_address_too_big
grant-info d1 9 expect flags == GTF_accept_transfer
check expect[!4.11] findings == 0
  expect[4.11] findings == 1 and first == S11    # d1 maps the free 0x2980800
