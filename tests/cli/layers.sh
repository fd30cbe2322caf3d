#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The layering of src/ (tools/check-layers.sh): the tree follows it, and a
# guest kernel that reaches into the board, Xen's private headers or a dom0
# service, or a folder without a rule, is caught with file:line.
# Usage: layers.sh GNTSIM SCRATCH-DIR (from the source tree's top; GNTSIM unused).
set -u
T=$2
mkdir -p "$T"
. "$(dirname "$0")/lib.sh"

t "the tree" tools/check-layers.sh
expect_rc 0
expect_out "includes in src/ follow the layering"

# a copy of src/linux with one bad include each: every rule the issue names
for inc in board/world.h xen/gnttab/gnttab.h dom0/xenstored/xenstore.h; do
    rm -rf "$T/tree" && mkdir -p "$T/tree/src"
    cp -r src/linux "$T/tree/src/"
    sed -i "1a #include \"$inc\"" "$T/tree/src/linux/grant.c"
    t "src/linux including $inc" tools/check-layers.sh "$T/tree"
    expect_rc 1
    expect_out "^src/linux/grant.c:2: linux may not include \"$inc\""
done

rm -rf "$T/tree" && mkdir -p "$T/tree/src/newlayer" && echo '#include "env/trace.h"' >"$T/tree/src/newlayer/a.c"
t "a folder without a rule" tools/check-layers.sh "$T/tree"
expect_rc 1
expect_out "folder 'newlayer' has no layering rule"
finish
