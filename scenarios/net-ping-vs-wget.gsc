# The seed's observation through the PV network path (xen-grant-iommu.md 1.5):
# "ping and traffic to dom0 work, wget to an external host does not".
#
# netfront sends a 64-byte ping to dom0 and a 1500-byte TCP-sized frame to a
# peer host behind dom0's macb NIC. netback grant-copies the first 128 bytes
# (XEN_NETBACK_TX_COPY_LEN) into a local page and grant-maps the rest
# read-only. The ping lives entirely in the copied linear area and never
# leaves dom0; the large frame goes out of the NIC, whose DMA read of the
# grant-mapped page uses its machine frame as bus address. Where
# gnttab_need_iommu_mapping() is false (4.12.0-4.14.1) the SMMU has no 1:1
# entry there: translation fault, HRESP, frame dropped. Both flow elsewhere.
releases all
group affected 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.14.0 4.14.1

smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v

# ping dom0: copied, delivered by the CPU, answered
net-send $v.id to=dom0 size=64 icmp as ping
net-run
net-packet $ping.pkt expect delivered == 1 and replied == 1

# wget: 1500 bytes to the peer, out of the NIC
net-send $v.id to=peer size=1500 as wget
net-run
net-packet $wget.pkt
  expect[affected] delivered == 0 and dropped == 1 and reason == "NIC DMA fault"
  expect[!affected] delivered == 1 and replied == 1
net-stats $v.id
  expect[affected] tx_dropped == 1 and rx_ok == 1
  expect[!affected] tx_dropped == 0 and rx_ok == 2
  expect tx_errors == 0 and refused == 0 and maps == 1
fault
  expect[affected] fsr == 0x402 and cb == 0
  expect[!affected] fault == none
expect[affected] log contains "DMA bus error: HRESP not OK"
expect[!affected] log !contains "Unhandled context fault"

# teardown: every grant revoked, nothing left mapped
vif-destroy $v.id expect rc == 0
net-stats $v.id expect grants_out == 0
# the invariants run after every step: in the affected releases the netback
# mappings lacked their 1:1 IOMMU entries while they lived (S7)
check expect[affected] findings >= 1 and first == S7
  expect[!affected] findings == 0
