# error: inject linux-map fails the next call only
domain d0
linux-boot d0
inject linux-map dom=d0 times=2
