#!/bin/sh
# SPDX-License-Identifier: MIT
#
# gntsimd --check=each finds a broken invariant after the very request that broke it.
# Under Xen 4.14.1 (the seed bug, 91d4eca7ad) the Arm direct-mapped dom0 grant-maps
# without the 1:1 IOMMU entry a DMA needs: S7. A libxenvchan server in d1 and a client
# in d0 (Debian's libxenvchan, through the shim) exchange 64 KiB each way; the client's
# first grant map is an MMAP of /dev/xen/gntdev. The daemon's first finding must be S7,
# numbered with that request (the log's Nth request line is d0's MMAP). The break lasts
# while d0 maps the rings: with --check=stop (invariants only when the daemon stops) the
# same session reports nothing, so a check that is not made after each request fails
# this test. --check=verify, which also walks the whole world after each request, must
# find nothing the step check missed.
# Usage: check_each.sh GNTSIM GNTSIMD VCHAN_PAIR SCRATCH.
set -u
G=$1 D=$2 V=$3 T=$4
rm -rf "$T"
mkdir -p "$T"
. "$(dirname "$0")/../cli/lib.sh"

. "$(dirname "$0")/daemon.sh"

as() { dom=$1; shift; timeout 30 "$G" attach --dir "$T/s" --domid "$dom" -- "$@"; }

session() { # CHECK: a d1 server and a d0 client under 4.14.1, logged in $T/log.CHECK
    daemon_start 3 --release 4.14.1 --check="$1" --log "$T/log.$1"
    as 1 "$V" server 0 /local/domain/1/data/v 65536 11 22 >"$T/srv.$1" 2>&1 &
    spid=$!
    i=0
    while ! grep -q ready "$T/srv.$1" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    t "64 KiB each way between d1 and d0, --check=$1" \
        as 0 "$V" client 1 /local/domain/1/data/v 65536 22 11
    expect_rc 0; expect_out 'all matched'
    wait $spid
    kill "$pid"
    wait "$pid"
    rc=$?
    cp "$T/daemon.err" "$T/err.$1"
}

# The log's request line (xenstore ">" or device "D") numbered $2 in $1.
nth_request() { grep -E '^(>|D) ' "$1" | sed -n "${2}p"; }

# The request after which the first finding was reported ($1: stderr), or nothing.
first_finding_after() { sed -n 's/^gntsimd: FINDING S7 after request \([0-9]*\):.*/\1/p' "$1" | head -n 1; }

# d0's MMAP request: struct gd_dev_req's magic "gdv1" then op 3, little-endian.
is_d0_mmap() { echo "$1" | grep -q '^D d0 #[0-9]* 3176646703000000'; }

session each
name="--check=each: exit 0"
if [ "$rc" = 0 ]; then ok; else bad "status $rc: $(cat "$T/err.each")"; fi
n=$(first_finding_after "$T/err.each")
line=$(nth_request "$T/log.each" "${n:-0}")
name="--check=each: S7 found after d0's first grant map (request ${n:-none})"
if [ -n "$n" ] && grep -m1 FINDING "$T/err.each" | grep -q 'FINDING S7' && is_d0_mmap "$line"
then ok; else bad "$(cat "$T/err.each"); request: $line"; fi

session stop
name="--check=stop: the S7 was gone (d0 unmapped) before the only check: not reported"
if [ "$rc" = 0 ] && ! grep -q FINDING "$T/err.stop"; then ok; else bad "$(cat "$T/err.stop")"; fi

session verify
name="--check=verify: the step check missed nothing, exit 0"
if [ "$rc" = 0 ] && ! grep -q 'MISSED' "$T/err.verify" &&
    grep -q 'FINDING S7' "$T/err.verify"; then ok; else bad "status $rc: $(cat "$T/err.verify")"; fi
finish
