# error: domain: d2: hwdom: d0 is the hardware domain
# Xen has one hardware domain (is_hardware_domain(d) is d == hardware_domain).
domain d0 hwdom direct iommu mfn=0x40000
domain d2 hwdom
