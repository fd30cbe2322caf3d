# XTF xsa-255: a domain on grant v2 maps its first status frame, then asks
# for v1, which would free the status frames. Xen must refuse (-EBUSY)
# while the frame is still referenced; after the unmap the switch succeeds.
# XTF maps the frame into its own page tables; here the domain maps it
# through its own reserved v2 grant 7 (reserved entries 0-7 do not count
# in set_version's pin check, so the -EBUSY is the status-frame one).
#  - x86 PV (XTF's pv64): -EBUSY, the table stays v2; unmap; v1 succeeds
#    and the status frame is freed.
#  - Arm (translated): the P2M entry of the status frame is removed first
#    and the still-referenced frame crashes the domain
#    ("Wrong page state of status frame") besides the -EBUSY; a crashed
#    domain's later hypercalls return -EIO.
# Arm needs gnttab=max-ver:2 (max-version=2) from 4.12 (9a5c16a3e7). Same
# outcome in every release (the 2026 -EAGAIN is in no release), except Arm
# at 4.11.0: its status frames were never shared with the domain (Arm's
# gnttab_create_status_page() was empty until 53fa8c8883, 4.12), so the
# domain's own grant of one fails (GNTST_bad_page) and the switch back hits
# Xen's BUG_ON(page_get_owner(pg) != d): XSA-268 (scenarios/xsa/xsa-268.gsc).
releases all
world strict=off

domain d0 hwdom iommu arch=x86-pv
domain d1 mfn=0x842400 max-version=2
domain d2 arch=x86-pv mfn=0x850000

# --- x86 PV ---
set-version d2 2 expect rc == 0 and version == 2
status-frames d2 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0x800115  # PV: the MFN (mfn_to_gfn())
p2m d2 0x38040 as ps expect mfn == 0x800115    # a PV entry names the mfn
write d2 0x38000070 hex:01000200000000001501800000000000  # v2 ref 7: permit, d2, mfn
map d2 d2 7 host=0x100000 as pm expect status == GNTST_okay and bus == 0x800115000
set-version d2 1 expect rc == -EBUSY and version == 2
  expect actions.p2m_remove == 0   # the status frames stay mapped
get-version d2 expect version == 2
crashed d2 expect domain == 0
unmap d2 $pm.handle host=0x100000 expect status == GNTST_okay
set-version d2 1 expect rc == 0 and version == 1
page 0x800115 expect refs == 0 and owner == 0x7ff4
status-frames d2 nr=1 expect rc == 0 and status == GNTST_general_error

# --- Arm ---
set-version d1 2 expect rc == 0 and version == 2
status-frames d1 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0x38040
p2m d1 0x38040 expect mfn == 0x800115    # the frame x86 freed, reused
write d1 0x38000070 hex:01000100000000004080030000000000  # v2 ref 7: permit, d1, gfn
map d1 d1 7 host=0x100000 as am
  expect[!4.11] status == GNTST_okay and bus == 0x800115000
  expect[4.11] status == GNTST_bad_page        # a frame d1 does not own
set-version d1 1
  expect[!4.11] rc == -EBUSY and version == 2
  expect[4.11] rc == -EIO                      # Xen's BUG(): nothing comes back
crashed d1 expect[!4.11] domain == 1 and xen == 0 expect[4.11] xen == 1
p2m d1 0x38040 expect entry == "none"
unmap d1 $am.handle host=0x100000 expect rc == -EIO
set-version d1 1 expect rc == -EIO
check expect findings == 1
  expect[!4.11] first == "S10"   # d1 crashed by Xen (Arm)
  expect[4.11] first == "S9"     # Xen's BUG()
