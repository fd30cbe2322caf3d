# error: pages -1 is out of range
domain d1 pages=-1
