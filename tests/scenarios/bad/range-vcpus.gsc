# error: vcpus 4294967297 is out of range
# vcpus= is an unsigned int: 2^32+1 must not become 1.
domain d1 vcpus=4294967297
