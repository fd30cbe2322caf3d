# GNTST_bad_gntref (-3): a ref beyond the granter's table (1 frame = 512 v1
# entries here), and a map with neither GNTMAP_host_map nor
# GNTMAP_device_map (no pin to take). Same in every release.
releases all

domain d0 hwdom direct iommu mfn=0x40000
domain d1 mfn=0x842400
map d0 d1 100000 host=0x100000 expect rc == 0 and status == GNTST_bad_gntref
grant d1 8 to=d0 gfn=0x400cb
map d0 d1 8 nohost expect rc == 0 and status == GNTST_bad_gntref
swap d1 8 100000 expect rc == 0 and status == GNTST_bad_gntref
