# error: grant-frames 0x100000001 is out of range
domain d1 grant-frames=0x100000001
