# XEN_DOMCTL_set_machine_address_size is x86's (arch_do_domctl).
# error: machine-addr-bits is x86's
releases 4.11
domain d1 pages=16 machine-addr-bits=32
