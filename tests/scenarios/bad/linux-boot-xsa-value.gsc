# error: xsa155=maybe: expected vulnerable or fixed
domain d0
linux-boot d0 xsa155=maybe
