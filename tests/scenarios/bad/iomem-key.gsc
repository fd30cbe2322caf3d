# iomem takes the frame only: Xen gives DOMID_IO frames at boot, to no
# domain in particular. The parser must say file:line:col.
releases master
iomem 0x60000 owner=d1
