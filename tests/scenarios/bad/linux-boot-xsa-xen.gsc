# A Xen fix is a world option, not a kernel one: linux-boot knows only the
# Linux fixes (gntsim_linux_xsa_knob_at()).
# error: unknown key 'xsa224'
domain d0
linux-boot d0 xsa224=vulnerable
