# RAM at or above 1 TiB of machine address space is beyond the frame table.
# error: world: invalid memory banks .4 KiB aligned, non-empty, below 1 TiB, at most 4.
world ram="0x10000000000:0x1000"
domain d0
