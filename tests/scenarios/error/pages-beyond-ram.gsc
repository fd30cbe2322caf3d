# More RAM than the machine has free is refused before any frame is taken
# (it used to allocate every free frame, then fail, after a long loop).
# error: domain: d1: pages=2097152: more than the 1048576 free frames of machine RAM
domain d1 pages=0x200000
