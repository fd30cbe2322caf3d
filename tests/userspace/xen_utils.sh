#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Xen's own programs from Debian's xen-utils-4.17 (fetched by `make check` with apt-get
# download into build-debs/, never installed) on gntsimd: test-xenstore, whole, as dom0
# and as a domU; then vchan-socket-proxy as server (d1) and client (d2) carrying a TCP
# stream of 1 MiB to an echo server and back, every byte checked, and nothing left
# once both proxies are gone (test-xenstore as a domU is refused, as on Xen). Usage: xen_utils.sh GNTSIM GNTSIMD STREAM_PEER XEN_BINDIR
# XS_BINDIR SCRATCH. A missing binary fails with the reason (no skip).
set -u
G=$1 D=$2 S=$3 B=$4 X=$5 T=$6
rm -rf "$T"
mkdir -p "$T"
. "$(dirname "$0")/../cli/lib.sh"

for f in "$B/test-xenstore" "$B/vchan-socket-proxy" "$X/xenstore-read"; do
    if [ ! -x "$f" ]; then
        pkg=xen-utils-4.17
        case $f in "$X"/*) pkg=xenstore-utils ;; esac
        why=$(cat "build-debs/$pkg.failed" 2>/dev/null || true)
        echo "FAIL: Debian's $f is missing: ${why:-run make check, whose debs step fetches $pkg}"
        exit 1
    fi
done
. "$(dirname "$0")/daemon.sh"

daemon_start 3
as() { dom=$1; shift; "$G" attach --dir "$T/s" --domid "$dom" -- "$@"; }
bg_as() { dom=$1; shift; exec "$G" attach --dir "$T/s" --domid "$dom" -- "$@"; } # after &
# wait until xenstore node $1 reads $2 (as dom0)
await() {
    i=0
    while [ "$(XENSTORED_PATH="$T/s/d0/socket" "$X/xenstore-read" "$1" 2>/dev/null)" != "$2" ] &&
        [ $i -lt 200 ]; do
        sleep 0.05; i=$((i + 1))
    done
}

t "test-xenstore as dom0, every test" as 0 timeout 120 "$B/test-xenstore"
expect_rc 0; expect_out '^ta err '
# libxl makes /local/domain/N dom0's (domain N may only read it), so a domU cannot create
# test-xenstore's node there: xenstored's EACCES, as on Xen
t "test-xenstore as a domU is refused its node" as 1 timeout 120 "$B/test-xenstore" -t "read 1"
expect_rc 3; expect_out 'read 1 *: failed .ret = 13, stage pre-init.'

# d1's proxy serves the vchan and hands each connection to the echo server; d2's
# proxy takes TCP connections on a listening descriptor into the vchan
"$S" echo "$T/echo.sock" >"$T/echo.out" 2>&1 &
bg_as 1 "$B/vchan-socket-proxy" -m server -s /local/domain/1/data/vp-state 2 \
    /local/domain/1/data/vp "$T/echo.sock" >"$T/psrv.out" 2>&1 &
spid=$!
await /local/domain/1/data/vp-state running
"$S" listen-tcp "$T/port" -- "$G" attach --dir "$T/s" --domid 2 -- \
    "$B/vchan-socket-proxy" -m client 1 /local/domain/1/data/vp @FD@ >"$T/pcli.out" 2>&1 &
cpid=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
t "a TCP stream through vchan-socket-proxy and back" timeout 60 "$S" send-tcp "$(cat "$T/port")" 1048576 7
expect_rc 0; expect_out '1048576 bytes through the stream and back, all matched'
kill $cpid $spid 2>/dev/null
wait $cpid $spid 2>/dev/null

expect_clean "once the proxies are gone"
daemon_stop
finish
