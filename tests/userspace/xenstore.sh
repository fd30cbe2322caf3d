#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Debian's unmodified xenstore tools (xenstore-utils, fetched by `make check` with
# apt-get download into build-debs/) against gntsimd: write, read, ls, rm, exists,
# chmod and watch as dom0 and as a domU, xenstored's permissions as the domU sees
# them, a client that sends garbage, and the daemon's log replayed with no
# difference. Usage: xenstore.sh GNTSIMD BINDIR SCRATCH. A missing binary fails
# with the reason (no skip).
set -u
D=$1 B=$2 T=$3
rm -rf "$T"
mkdir -p "$T"
. "$(dirname "$0")/../cli/lib.sh"

if [ ! -x "$B/xenstore-read" ]; then
    why=$(cat "$B/../../../xenstore-utils.failed" 2>/dev/null || true)
    echo "FAIL: Debian's xenstore-utils are not in $B: ${why:-run make check, whose debs step fetches them}"
    exit 1
fi
"$D" --dir "$T/s" --domains 3 --log "$T/log" >"$T/daemon.out" 2>"$T/daemon.err" &
pid=$!
i=0
while [ ! -S "$T/s/d2/socket" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
d0() { XENSTORED_PATH="$T/s/d0/socket" "$@"; }
d1() { XENSTORED_PATH="$T/s/d1/socket" "$@"; }

t "d0 writes" d0 "$B/xenstore-write" /test/a hello /test/b world
expect_rc 0
t "d0 reads" d0 "$B/xenstore-read" /test/a /test/b
expect_rc 0; expect_out '^hello$'; expect_out '^world$'
t "d0 lists the domains' homes" d0 "$B/xenstore-ls" /local/domain
expect_rc 0; expect_out '^0 = ""'; expect_out '^2 = ""'; expect_out '^ domid = "1"'
t "d1 may not read dom0's node" d1 "$B/xenstore-read" /test/a
expect_rc 1; expect_err "couldn't read path /test/a"
t "d1 writes its home (relative path)" d1 "$B/xenstore-write" data/x 42
expect_rc 0
t "d0 sees it" d0 "$B/xenstore-read" /local/domain/1/data/x
expect_rc 0; expect_out '^42$'
t "d0 lets d1 read /test/b" d0 "$B/xenstore-chmod" /test/b n0 r1
expect_rc 0
t "d1 reads it now" d1 "$B/xenstore-read" /test/b
expect_rc 0; expect_out '^world$'
t "d1 still may not write it" d1 "$B/xenstore-write" /test/b x
expect_rc 1

# a watch: its initial event, then a write and a removal below it
d0 timeout 10 "$B/xenstore-watch" -n 3 /test >"$T/watch.out" 2>&1 &
wpid=$!
sleep 0.3
d0 "$B/xenstore-write" /test/c new
d0 "$B/xenstore-rm" /test/a
wait $wpid
name="xenstore-watch saw three events"
if [ "$(cat "$T/watch.out")" = "$(printf '/test\n/test/c\n/test/a')" ]; then ok; else bad "got: $(cat "$T/watch.out")"; fi
t "the removed node is gone" d0 "$B/xenstore-exists" /test/a
expect_rc 1

# a hostile client: a header announcing 1 MiB, then garbage; the daemon closes it
t "garbage on the socket" "$(dirname "$D")/xs_garbage" "$T/s/d1/socket"
expect_rc 0; expect_out '^closed$'
t "the daemon still answers" d0 "$B/xenstore-read" /test/c
expect_rc 0; expect_out '^new$'

kill "$pid"
wait "$pid"
rc=$?
name="gntsimd stops on SIGTERM with status 0"
if [ "$rc" = 0 ]; then ok; else bad "status $rc: $(cat "$T/daemon.err")"; fi
name="no invariant finding"
if grep -q FINDING "$T/daemon.err"; then bad "$(cat "$T/daemon.err")"; else ok; fi
t "the log replays with no difference" "$D" --replay "$T/log"
expect_rc 0; expect_out ' 0 differences$'
sed 's/^< d0 \(.*\)00$/< d0 \101/' "$T/log" >"$T/log.bad"
t "a changed reply is a difference" "$D" --replay "$T/log.bad"
expect_rc 1; expect_err 'differs from the log'
t "bad options" "$D" --domains 99 --dir "$T/x"
expect_rc 2; expect_err 'not 1..8'
finish
