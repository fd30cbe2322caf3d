#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Debian's unmodified libxenvchan (libxenvchan.so.4.17, with libxengnttab, libxenevtchn
# and libxenstore) on gntsimd through libgntsim-preload.so: a server in d1 and a client
# in d2 exchange 1 MiB each way with every byte checked, with one-page and with 64 KiB
# rings; a SIGKILLed server's client sees the close; a process in d0 cannot map what d1
# granted to d2; grant copies through libxengnttab; afterwards no grant, pin, maptrack handle, event channel, lent frame
# or open file is left and no invariant broke; the daemon's log replays with no
# difference. Usage: vchan.sh GNTSIM GNTSIMD VCHAN_PAIR
# GNTCOPY SCRATCH.
set -u
G=$1 D=$2 V=$3 C=$4 T=$5
rm -rf "$T"
mkdir -p "$T"
. "$(dirname "$0")/../cli/lib.sh"

. "$(dirname "$0")/daemon.sh"

daemon_start 3 --check=verify --log "$T/log" # the step check, and every request a full one
as() { dom=$1; shift; timeout 30 "$G" attach --dir "$T/s" --domid "$dom" -- "$@"; }

ready() { # FILE: wait for a server's "ready" line
    i=0
    while ! grep -q ready "$1" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
}
pair() { # RING: a server and a client, 1 MiB each way
    as 1 "$V" server 2 "/local/domain/1/data/v$1" 1048576 11 22 "$1" >"$T/srv$1.out" 2>&1 &
    spid=$!
    ready "$T/srv$1.out"
    t "1 MiB each way, ring $1" as 2 "$V" client 1 "/local/domain/1/data/v$1" 1048576 22 11
    expect_rc 0; expect_out 'sent 1048576 bytes, received 1048576 bytes, all matched'
    wait $spid
    name="the server saw the same, ring $1"
    if [ $? = 0 ] && grep -q 'all matched' "$T/srv$1.out"; then ok; else bad "$(cat "$T/srv$1.out")"; fi
}
pair 0
pair 65536

# a hostile client of the device socket: closed or refused, and the daemon goes on
t "garbage on the device socket" "$(dirname "$D")/dev_garbage" "$T/s/d1/dev"
expect_rc 0; expect_out '^short message: closed$'; expect_out '^wrong magic: closed$'
expect_out '^length disagrees: closed$'; expect_out '^a descriptor for the daemon: closed$'
expect_out '^ioctl before open: closed$'; expect_out "^unknown device kind: rc -19$"
expect_out '^mmap of no page: rc -22$'; expect_out 'connections: [1-9][0-9]* closed at accept$'

# libxengnttab's grant copy (IOCTL_GNTDEV_GRANT_COPY): d1 shares a page, d2 copies it
# in and writes into it; a bad ref fails alone, a copy across the grant's page is refused
rm -f "$T/fifo"
mkfifo "$T/fifo"
as 1 "$C" share 2 <"$T/fifo" >"$T/share.out" 2>&1 &
exec 3>"$T/fifo"
i=0
while ! grep -q '^ref ' "$T/share.out" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
t "grant copy in and out of d1's page" as 2 "$C" copy 1 "$(sed -n 's/^ref //p' "$T/share.out")"
expect_rc 0; expect_out 'copied a page in, 200 bytes out; statuses 0 0 -3; EINVAL across the page'
echo go >&3
exec 3>&-
wait $!
name="d1 sees the 200 bytes d2 copied into its page"
if grep -q 'holds what the peer copied' "$T/share.out"; then ok; else bad "$(cat "$T/share.out")"; fi
expect_clean "after two transfers and the copies"

as 1 "$V" hang 2 /local/domain/1/data/vc2 >"$T/hang.out" 2>&1 &
ready "$T/hang.out"
t "d0 may not map what d1 granted to d2" as 0 "$V" client 1 /local/domain/1/data/vc2 16 1 2
expect_rc 1; expect_err 'init failed'
as 2 "$V" wait-close 1 /local/domain/1/data/vc2 >"$T/wait.out" 2>&1 &
wpid=$!
sleep 0.5
name="while connected, d1 grants and pins a page and d2 maps it"
s=$(daemon_state)
if echo "$s" | grep -q 'd1 grants=1 pinned=1 maptrack=0 ports=1$' &&
    echo "$s" | grep -q 'd2 grants=0 pinned=0 maptrack=1 ports=1$' &&
    echo "$s" | grep -q 'lent=1 open-files=4'; then ok; else bad "$s"; fi
pkill -9 -f "$V hang 2 /local/domain/1/data/vc2"
wait $wpid
rc=$?
name="the client sees the SIGKILLed server's close"
if [ $rc = 0 ] && grep -q "server's end closed" "$T/wait.out"; then ok; else bad "status $rc: $(cat "$T/wait.out")"; fi
expect_clean "after the kill"

# a process still attached when the daemon stops is killed with its domain
as 1 "$V" hang 2 /local/domain/1/data/vc3 >"$T/hang3.out" 2>&1 &
hpid=$!
ready "$T/hang3.out"
daemon_stop
i=0
while kill -0 $hpid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
name="a process still attached dies with the daemon"
if kill -0 $hpid 2>/dev/null; then bad "pid $hpid still runs"; kill -9 $hpid; else ok; fi

# the session's log (grant maps, event channels, xenstore) replays; a change is caught
t "the log replays with no difference" "$D" --replay "$T/log"
expect_rc 0; expect_out ' 0 differences$'
name="the log holds device requests, replies, pending ports and unmasks"
if grep -q '^D d2 ' "$T/log" && grep -q '^R d1 ' "$T/log" && grep -q '^E d' "$T/log" &&
    grep -q '^U d' "$T/log"; then ok; else bad "$(cut -c1-40 "$T/log" | head)"; fi
sed '0,/^R d1 #\([0-9]*\) 00/s//R d1 #\1 01/' "$T/log" >"$T/log.bad"
t "a changed device reply is a difference" "$D" --replay "$T/log.bad"
expect_rc 1; expect_err 'the reply differs from the log'
t "bad --memory" "$D" --memory=0 --dir "$T/x"
expect_rc 2; expect_err 'not 1..1024'
t "bad --check" "$D" --check=never --dir "$T/x"
expect_rc 2; expect_err 'not each, stop or verify'
finish
