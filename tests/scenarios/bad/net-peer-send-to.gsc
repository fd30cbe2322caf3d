# SPDX-License-Identifier: MIT
# error: unknown key 'to' .net-peer-send takes: size=.
# The peer sends to a vif's frontend only: to= is net-send's. The parser says
# file:line:col.
releases master
net-peer-send 0 to=d1
