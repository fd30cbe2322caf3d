# error: dom d65537 is out of range
# A domid is 16 bits: d65537 must not become d1.
domain d65537
