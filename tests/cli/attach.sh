#!/bin/sh
# SPDX-License-Identifier: MIT
# `gntsim attach` refusals (its working path is tests/userspace/vchan.sh's): missing
# options, a domain out of range, a directory no daemon serves, a program that cannot
# run; and the environment it hands the program. $1 is the gntsim binary.
set -u
GNTSIM=$1
T=${2:-${TMPDIR:-/tmp}/gntsim-attach-$$}
rm -rf "$T"
mkdir -p "$T/s/d1" || exit 1
. "$(dirname "$0")/lib.sh"
G=$GNTSIM

t "no options" "$G" attach
expect_rc 2; expect_err 'need --dir, --domid'
t "a domain out of range" "$G" attach --dir "$T/s" --domid 8 -- true
expect_rc 2; expect_err 'domid .0\.\.7.'
t "an unknown option" "$G" attach --frob
expect_rc 2; expect_err 'unknown option'
t "no daemon there" "$G" attach --dir "$T/none" --domid 1 -- true
expect_rc 2; expect_err 'is gntsimd --dir'
# a socket file stands for the daemon's: attach checks only that it exists
: >"$T/s/d1/socket"
t "the program's environment" "$G" attach --dir "$T/s" --domid 1 -- env
expect_rc 0
expect_out "^XENSTORED_PATH=$T/s/d1/socket\$"
expect_out "^GNTSIM_DEV=$T/s/d1/dev\$"
expect_out '^LD_PRELOAD=.*/libgntsim-preload.so$'
t "a program that cannot run" "$G" attach --dir "$T/s" --domid 1 -- "$T/no-such-program"
expect_rc 127; expect_err 'No such file'
finish
