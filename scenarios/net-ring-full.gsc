# Ring full: with the backend not yet run, 14 frames of 18 slots each
# (1800 bytes in 100-byte slots) take 252 of the TX ring's 256 entries; the
# 15th does not fit. netfront refuses it (netif_stop_queue: -EBUSY, counted
# as ring_full) without touching the ring; once netback has answered,
# there is room again.
releases master

domain d0 hwdom direct iommu mfn=0x40000 pages=1024
domain d1 mfn=0x842400 pages=1024
linux-boot d0
linux-boot d1
vif d1 backend=d0 delay=1000000 as v

net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == -EBUSY
net-stats $v.id expect ring_full == 1 and tx_ok == 0
net-run
net-stats $v.id expect tx_ok == 14 and rx_ok == 14 and tx_errors == 0
net-send $v.id to=dom0 size=1800 slot-max=100 expect rc == 0
net-run
net-stats $v.id expect tx_ok == 15 and ring_full == 1
vif-destroy $v.id expect rc == 0
net-stats $v.id expect grants_out == 0
