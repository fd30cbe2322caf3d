# Grant-table limits of a new domain (xen/common/grant_table.c grant_table_init;
# grant_table_set_limits in 4.11). Until 4.18 (b2ea81d2b9) max_grant_frames and
# max_maptrack_frames may not exceed opt_max_grant_frames (64) and
# opt_max_maptrack_frames (1024): -EINVAL. From 4.18 they may, but Xen still
# allocates pointer arrays of the maxima up front: -ENOMEM when those exceed RAM.
# Values above INT_MAX cannot be put in the domctl's int32_t fields: -EINVAL.
# Regression: grant-frames=0x1000000 with v2 overflowed the status-frame count
# (32-bit arithmetic) and wrote past a heap buffer; maptrack-frames=0xffffffff
# asked the host for 32 GiB.
releases all
group capped 4.11 4.12.0 4.12.1 4.12.2 4.13.0 4.13.1 4.13.2 4.13.3 4.13.4 4.13.5 4.14.0 4.14.1 4.14.2 4.14.3 4.14.4 4.15.0 4.15.1 4.15.2 4.16.0 4.16.1 4.17

domain d0 hwdom
domain d1 arch=x86-pv max-version=2 grant-frames=0x1000000 expect[capped] rc == -EINVAL expect[!capped] rc == 0
domain d2 arch=x86-pv maptrack-frames=0xffffffff expect rc == -EINVAL
domain d3 arch=x86-pv grant-frames=0x80000000 expect rc == -EINVAL
domain d4 arch=x86-pv maptrack-frames=0x7fffffff expect[capped] rc == -EINVAL expect[!capped] rc == -ENOMEM
domain d5 arch=x86-pv grant-frames=65 expect[capped] rc == -EINVAL expect[!capped] rc == 0
domain d6 arch=x86-pv grant-frames=64 maptrack-frames=1024 expect rc == 0
