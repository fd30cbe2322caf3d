#!/bin/sh
# SPDX-License-Identifier: MIT
#
# `make deps-*` as a user who is not root: it must print a command that works
# as printed (apt-get update first, no debconf question, su when there is no
# sudo) and fail, never half-install. Usage: deps.sh GNTSIM SCRATCH-DIR (from
# the source tree's top; GNTSIM is unused). Skips (77) when it cannot run make
# as an unprivileged user here.
set -u
T=$2
mkdir -p "$T"
. "$(dirname "$0")/lib.sh"

pkg=gntsim-test-no-such-package
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null 2>&1 || { echo "skip: no setpriv to drop root"; exit 77; }
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups --"
    $as_user test -r Makefile || { echo "skip: nobody cannot read the tree"; exit 77; }
else
    as_user=""
fi
command -v dpkg-query >/dev/null 2>&1 || { echo "skip: not a Debian system"; exit 77; }

for target in deps-demo deps-check; do
    t "$target as a user" $as_user make -s "$target" DEMO_PKGS=$pkg CHECK_PKGS=$pkg
    if [ "$rc" != 0 ]; then ok; else bad "exit status 0 with a package missing"; fi
    expect_err "$target: missing Debian packages: $pkg"
    expect_err "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $pkg"
    # the printed command is one shell line that parses as printed
    line=$(grep -E "^    (su -c|sudo sh -c) '" "$T/err" | sed 's/^    //')
    if [ -n "$line" ] && sh -n -c "$line" 2>/dev/null; then ok; else bad "no runnable command line: '$line'"; fi
done
finish
