#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Debian's unmodified xenstore tools (xenstore-utils, fetched by `make check` with
# apt-get download into build-debs/) against gntsimd: write, read, ls, rm, exists,
# chmod and watch as dom0 and as a domU, xenstored's permissions as the domU sees
# them, a directory too long for one reply (libxenstore falls back to
# XS_DIRECTORY_PART), watches on @introduceDomain and @releaseDomain with
# XS_INTRODUCE and XS_RELEASE sent through Debian's libxenstore (xs_domain), a
# client that sends garbage, and the daemon's log replayed with no difference.
# Usage: xenstore.sh GNTSIMD BINDIR SCRATCH. A missing binary fails with the
# reason (no skip).
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
. "$(dirname "$0")/daemon.sh"
daemon_start 3 --log "$T/log"
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

# a directory whose listing exceeds XENSTORE_PAYLOAD_MAX: XS_DIRECTORY says E2BIG and
# libxenstore's xs_directory() reads it in parts (XS_DIRECTORY_PART)
args= i=0
while [ $i -lt 200 ]; do
    args="$args /big/child-$(printf %03d $i)-abcdefghijklmnopqrst v$i"
    i=$((i + 1))
done
# shellcheck disable=SC2086 # the pairs split on purpose
t "d0 writes 200 children" d0 "$B/xenstore-write" $args
expect_rc 0
t "xenstore-ls lists all 200" d0 "$B/xenstore-ls" /big
expect_rc 0; expect_out '^child-000-abcdefghijklmnopqrst = "v0"$'
expect_out '^child-199-abcdefghijklmnopqrst = "v199"$'
name="xenstore-ls printed 200 lines, in creation order"
if [ "$(wc -l <"$T/out")" = 200 ] && [ "$(sed -n 131p "$T/out")" = 'child-130-abcdefghijklmnopqrst = "v130"' ]; then ok; else bad "$(wc -l <"$T/out") lines"; fi
t "xenstore-list too" d0 "$B/xenstore-list" /big
expect_rc 0; expect_out '^child-150-abcdefghijklmnopqrst$'

# @introduceDomain and @releaseDomain: dom0 hears both; d1 only its initial event,
# until dom0 gives it read permission on @releaseDomain
X="$(dirname "$D")/xs_domain"
d0 timeout 10 "$B/xenstore-watch" -n 3 @releaseDomain >"$T/rel0.out" 2>&1 &
r0=$!
d0 timeout 10 "$B/xenstore-watch" -n 2 @introduceDomain >"$T/intro0.out" 2>&1 &
i0=$!
d1 timeout 10 "$B/xenstore-watch" -n 2 @releaseDomain >"$T/rel1.out" 2>&1 &
r1=$!
sleep 0.3
t "d1 may not release a domain" d1 "$X" release 2
expect_rc 1; expect_err 'release: Permission denied'
t "d2 is introduced" d0 "$X" introduced 2
expect_rc 0; expect_out '^T$'
t "d0 releases d2" d0 "$X" release 2
expect_rc 0
t "what d2 owned went with it" d0 "$B/xenstore-exists" /local/domain/2/data
expect_rc 1
t "its home (dom0's) stays" d0 "$B/xenstore-read" /local/domain/2/domid
expect_rc 0; expect_out '^2$'
t "d2 is no longer introduced" d0 "$X" introduced 2
expect_rc 0; expect_out '^F$'
t "releasing it again: ENOENT" d0 "$X" release 2
expect_rc 1; expect_err 'No such file or directory'
t "d0 introduces d2 again" d0 "$X" introduce 2 0 1
expect_rc 0
t "a domain Xen does not have: EINVAL" d0 "$X" introduce 7 0 1
expect_rc 1; expect_err 'Invalid argument'
sleep 0.3
name="d1 heard only its initial @releaseDomain"
if [ "$(cat "$T/rel1.out")" = "@releaseDomain" ]; then ok; else bad "got: $(cat "$T/rel1.out")"; fi
t "d0 lets d1 read @releaseDomain" d0 "$B/xenstore-chmod" @releaseDomain n0 r1
expect_rc 0
t "d0 releases d2 once more" d0 "$X" release 2
expect_rc 0
wait $r0 $i0 $r1
name="dom0's watches saw each release and the introduction"
if [ "$(cat "$T/rel0.out")" = "$(printf '@releaseDomain\n@releaseDomain\n@releaseDomain')" ] &&
   [ "$(cat "$T/intro0.out")" = "$(printf '@introduceDomain\n@introduceDomain')" ]; then ok
else bad "got: $(cat "$T/rel0.out" "$T/intro0.out")"; fi
name="d1 heard the release after the chmod"
if [ "$(cat "$T/rel1.out")" = "$(printf '@releaseDomain\n@releaseDomain')" ]; then ok; else bad "got: $(cat "$T/rel1.out")"; fi

# a hostile client: a header announcing 1 MiB, then garbage; the daemon closes it
t "garbage on the socket" "$(dirname "$D")/xs_garbage" "$T/s/d1/socket"
expect_rc 0; expect_out '^closed$'
t "the daemon still answers" d0 "$B/xenstore-read" /test/c
expect_rc 0; expect_out '^new$'

daemon_stop
name="xenstore-ls and xenstore-list read /big in parts (XS_DIRECTORY_PART in the log)"
n=$(grep -c '^> d0 16000000' "$T/log" || true)
if [ "$n" -ge 4 ]; then ok; else bad "$n DIRECTORY_PART requests in the log"; fi
t "the log replays with no difference" "$D" --replay "$T/log"
expect_rc 0; expect_out ' 0 differences$'
sed 's/^< d0 \(.*\)00$/< d0 \101/' "$T/log" >"$T/log.bad"
t "a changed reply is a difference" "$D" --replay "$T/log.bad"
expect_rc 1; expect_err 'differs from the log'
t "bad options" "$D" --domains 99 --dir "$T/x"
expect_rc 2; expect_err 'not 1..8'
finish
