# At most 16 domains at once (XEN_MAX_DOMAINS of the model).
# error: domain: d17: too many domains .at most 16.
domain d1
domain d2
domain d3
domain d4
domain d5
domain d6
domain d7
domain d8
domain d9
domain d10
domain d11
domain d12
domain d13
domain d14
domain d15
domain d16
domain d17
