# A v2 table whose max_grant_frames is 0x1000000 (accepted from 4.18,
# b2ea81d2b9): grant_to_status_frames(max) is computed in size_t by Xen,
# so setting up a frame works. Regression: gntsim's 32-bit product
# wrapped to 0 status frames and setup-table wrote past the array.
releases 4.18 4.19 4.20 4.21 4.22 master

domain d0 hwdom
domain d1 arch=x86-pv max-version=2 grant-frames=0x1000000 expect rc == 0
set-version d1 2 expect rc == 0
setup-table d1 nr=16 expect rc == 0 and status == GNTST_okay
query-size d1 expect nr == 16 and max == 0x1000000
check expect findings == 0
