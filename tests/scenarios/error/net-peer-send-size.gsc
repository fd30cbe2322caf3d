# SPDX-License-Identifier: MIT
# error: net-packet: .jumbo.pkt has no value: 'net-peer-send' at line 13 failed: rc -EINVAL: size 9000: the peer's frames are 60 .. 1514 bytes
# The peer's link has an MTU of 1500: a jumbo frame is refused and nothing is sent, so
# the packet a later step asks about does not exist; the message says why.
releases 4.14.1 master
smmu
domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
device nic0 owner=d0 sid=0x877 dt=ff0e0000.ethernet if=eth0
linux-boot d0
linux-boot d1
vif d1 backend=d0 nic=nic0 as v
net-peer-send $v.id size=9000 as jumbo
net-run
net-packet $jumbo.pkt
