# A missing cache clean on a non-coherent NIC: dom0 maps the grant with the
# raw hypercall and lets the NIC read dev_bus_addr without GNTTABOP_cache_flush.
# The domU's bytes are still in its CPU cache: the NIC reads stale DRAM.
# After the clean it reads the right bytes. (Fixed releases only: the
# affected ones fault before caches matter; see seed.gsc.)
releases 4.11 4.15.0 master

smmu
domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
device nic0 owner=d0 sid=0x877

write d1 0x400cb148 "fresh bytes"
grant d1 8 to=d0 gfn=0x400cb ro
map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay
dma-read nic0 0x8424cb148 11
  expect rc == 0 and bytes != "fresh bytes" and bytes == hex:0000000000000000000000
cache-flush d0 bus=0x8424cb000 off=0x148 len=11 clean expect rc == 0
dma-read nic0 0x8424cb148 11 expect rc == 0 and bytes == "fresh bytes"
