# GNTST_bad_virt_addr (-5): in Xen, setup_table (and get_status_frames)
# report it when copying the frame list out to the guest fails. gntsim's
# frame list is a host array; a missing one (`nolist`) is refused up front
# as if guest_handle_okay() had failed: the whole hypercall returns -EFAULT
# and no status is written. That is x86 PV behaviour for an unmapped
# handle, but NOT Arm's: Arm's guest_handle_okay() is the constant 1
# (asm/guest_access.h), so on Arm Xen reaches the copy-out and reports
# GNTST_bad_virt_addr with rc 0. The model therefore does not produce
# GNTST_bad_virt_addr; this scenario records what it does (a known
# deviation, src/xen/gnttab/table.c gnttab_setup_table and version.c
# gnttab_get_status_frames). x86 PV PTE errors, the other source, are not
# modelled (docs/fidelity.md).
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
setup-table d1 nr=1 nolist expect rc == -EFAULT
setup-table d1 nr=1 expect rc == 0 and status == GNTST_okay and gfn == 0x38000
status-frames d1 nr=1 nolist expect rc == -EFAULT
