# 4.11-4.17 refuse a max_grant_frames above gnttab_max_frames (grant_table_init).
# error: domain: d1: grant-frames=65 maptrack-frames=1024: Xen 4.17 refuses more than gnttab_max_frames=64, gnttab_max_maptrack_frames=1024
releases 4.17
domain d1 grant-frames=65
