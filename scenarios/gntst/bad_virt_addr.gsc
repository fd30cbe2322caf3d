# GNTST_bad_virt_addr (-5): setup_table and get_status_frames report it when
# copying the frame list out to the guest fails (Xen grant_table.c,
# __copy_to_guest_offset). guest_handle_okay() does not catch it first: it is
# the constant 1 on Arm and for HVM guests (asm/guest_access.h) and only a
# range check for PV. In gntsim a missing list (`nolist`) stands for an
# unmapped guest buffer, so the call returns 0 with this status, after the
# table has grown. x86 PV PTE errors, the other source, are not modelled
# (docs/fidelity.md).
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400 max-version=2
setup-table d1 nr=2 nolist expect rc == 0 and status == GNTST_bad_virt_addr
query-size d1 expect nr == 2
setup-table d1 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0x38000
status-frames d1 nr=1 nolist expect rc == 0 and status == GNTST_general_error  # v1: none
set-version d1 2 expect rc == 0 and version == 2
status-frames d1 nr=1 nolist expect rc == 0 and status == GNTST_bad_virt_addr
status-frames d1 nr=1 expect rc == 0 and status == GNTST_okay
