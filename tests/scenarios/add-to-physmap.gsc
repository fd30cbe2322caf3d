# XENMEM_add_to_physmap of grant-table frames (XENMAPSPACE_grant_table), one at a
# time: where the frames land in the P2M, what gnttab_get_status_frames reports
# afterwards (x86: the M2P entry; Arm: gt->arch.status_gfn[]), the page references
# gnttab_map_frame() takes and its caller puts (eb6bbf7b30, XSA-384), the errors,
# and a switch back to v1 that frees the status frame where the guest put it.
releases all

# --- x86 HVM, v2 ---
domain d1 arch=x86-hvm
set-version d1 2 expect rc == 0
status-frames d1 nr=1 as sf expect gfn == 0x38040   # gntsim's fixed place
p2m d1 0x38040 as st expect type == "p2m_ram_rw"
page $st.mfn expect refs == 1 and owner == 1        # the allocation reference only
add-to-physmap d1 grant-table 0 status gfn=0x38100 expect rc == 0
p2m d1 0x38100 expect mfn == $st.mfn and type == "p2m_ram_rw"
p2m d1 0x38040 expect entry == "none"               # one GFN at a time
page $st.mfn expect refs == 1                       # gnttab_map_frame()'s reference put again
status-frames d1 nr=1 expect gfn == 0x38100
# again at another GFN: the first one goes
add-to-physmap d1 grant-table 0 status gfn=0x38101 expect rc == 0
p2m d1 0x38100 expect entry == "none"
p2m d1 0x38101 expect mfn == $st.mfn
# a shared frame, growing the table to 3 frames on the way
add-to-physmap d1 grant-table 2 gfn=0x38102 expect rc == 0
query-size d1 expect nr == 3
p2m d1 0x38002 expect entry == "none"
p2m d1 0x38102 as sh expect type == "p2m_ram_rw"
page $sh.mfn expect refs == 1 and owner == 1
# errors: no such frame (beyond the maximum), a status frame of a v1 table
add-to-physmap d1 grant-table 64 gfn=0x38103 expect rc == -EINVAL
p2m d1 0x38103 expect entry == "none"
# RAM at the target GFN is given back (guest_remove_page())
p2m d1 0x40010 as ram expect type == "p2m_ram_rw"
add-to-physmap d1 grant-table 0 status gfn=0x40010 expect rc == 0
page $ram.mfn expect refs == 0
p2m d1 0x40010 expect mfn == $st.mfn
# v2 -> v1: the status frame leaves the GFN Xen has for it and is freed
set-version d1 1 expect rc == 0
p2m d1 0x40010 expect entry == "none"
p2m d1 0x38101 expect entry == "none"
page $st.mfn expect refs == 0
add-to-physmap d1 grant-table 0 status gfn=0x38104 expect rc == -EINVAL  # v1: idx 0x80000000
check expect findings == 0

# --- x86 PV: not translated ---
domain d2 arch=x86-pv mfn=0x850000
add-to-physmap d2 grant-table 0 gfn=0x38100 expect rc == -EACCES

# --- Arm, v1: shared frames only ---
domain d3 mfn=0x842400
add-to-physmap d3 grant-table 0 gfn=0x39000 as a expect rc == 0
p2m d3 0x39000 as ash expect type == "p2m_ram_rw"
p2m d3 0x38000 expect entry == "none"
page $ash.mfn expect refs == 1 and owner == 3
add-to-physmap d3 grant-table 0 status gfn=0x39001 expect rc == -EINVAL
check expect findings == 0
