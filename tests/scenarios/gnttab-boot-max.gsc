# Xen's gnttab_max_frames= boot option: before 4.18 (b2ea81d2b9) a domain may
# not ask for more grant frames than it; raised, the same domain is created.
releases 4.15.0 4.17 master
world gnttab-max-frames=256
domain d1 grant-frames=256
  expect rc == 0
domain d2 grant-frames=257
  expect[4.15.0, 4.17] rc == -EINVAL
  expect[master] rc == 0
query-size d1 as q
  expect max == 256
