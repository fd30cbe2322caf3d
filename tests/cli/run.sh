#!/bin/sh
# SPDX-License-Identifier: MIT
#
# `gntsim run` as people use it: results that never claim more than was
# checked, streams and files handled as a Unix tool should, GNU options.
# Usage: run.sh GNTSIM SCRATCH-DIR (from the source tree's top).
set -u
GNTSIM=$1
T=$2
mkdir -p "$T"
. "$(dirname "$0")/lib.sh"

# ---- results: what was run and checked, never "ok" for nothing checked
t dir "$GNTSIM" run scenarios/gntst
expect_rc 0
expect_out '^scenarios/gntst/okay\.gsc: ok: [0-9]+ releases?, [0-9]+ steps, [1-9][0-9]* expectations? checked, 0 failed, [1-9][0-9]* invariant findings?$'
expect_out '^[0-9]+ files, [0-9]+ runs: [0-9]+ steps, [1-9][0-9]* expectations checked, 0 failed, [1-9][0-9]* invariant findings, 0 warnings$'
no_out '^scenarios/gntst/?: ok'

# ---- invariants after every step, by default: findings counted, not failures
t invariants "$GNTSIM" run --release 4.14.1 scenarios/seed.gsc
expect_rc 0
expect_out '^scenarios/seed\.gsc: ok: 1 release, [0-9]+ steps, [1-9][0-9]* expectations checked, 0 failed, 1 invariant finding$'
t no-invariants "$GNTSIM" run --no-invariants --release 4.14.1 scenarios/seed.gsc
expect_rc 0
expect_out '^scenarios/seed\.gsc: ok: 1 release, [0-9]+ steps, [1-9][0-9]* expectations checked, 0 failed$'

# ---- reset: the findings of every world of a file count
{ cat scenarios/seed.gsc; echo reset; grep -v '^releases \|^group ' scenarios/seed.gsc; } \
    >"$T/twice.gsc"
t "reset: both worlds' findings" "$GNTSIM" run --release 4.14.1 "$T/twice.gsc"
expect_rc 0
expect_out 'twice\.gsc: ok: 1 release, [0-9]+ steps, [1-9][0-9]* expectations checked, 0 failed, 2 invariant findings$'

: >"$T/empty.gsc"
printf '# only a comment\n\n' >"$T/comment.gsc"
for f in empty comment; do
    t "$f file" "$GNTSIM" run "$T/$f.gsc"
    expect_rc 0
    expect_out 'NOTHING CHECKED: 1 release, 0 steps, 0 expectations checked'
    no_out ': ok'
    expect_err 'warning: the file has no expectation'
    t "$f file, strict" "$GNTSIM" run --strict "$T/$f.gsc"
    expect_rc 1
    expect_err 'error: the file has no expectation'
done

cat >"$T/dead.gsc" <<'GSC'
releases 4.14.1
domain d1
expect[4.15.0] rc == 0
expect rc == 0
GSC
t "dead expect[...]" "$GNTSIM" run "$T/dead.gsc"
expect_rc 0
expect_err "dead\.gsc:3:[0-9]+: warning: this expectation applies to none of the file's releases"
count_err 'applies to none' 1
t "dead expect[...], strict" "$GNTSIM" run --strict "$T/dead.gsc"
expect_rc 1
t "dead expect[...] made live by --release" "$GNTSIM" run --release 4.15.0 "$T/dead.gsc"
no_err 'applies to none'

cat >"$T/some.gsc" <<'GSC'
releases 4.14.1 4.15.0
domain d1
expect[4.15.0] rc == 0
GSC
t "a release that checks nothing" "$GNTSIM" run -v "$T/some.gsc"
expect_rc 0
expect_err 'some\.gsc: 4\.14\.1: warning: no expectation applies to this release'
expect_out '^  4\.14\.1: NOTHING CHECKED: 1 step, 0 expectations checked'
expect_out '^  4\.15\.0: ok: 1 step, 1 expectation checked, 0 failed'

t "release outside the file's list" "$GNTSIM" run --release 4.17 "$T/some.gsc"
expect_rc 0
expect_err 'some\.gsc: 4\.17: warning: not among the releases the file names'
t "release outside the file's list, strict" "$GNTSIM" run -s -r 4.17 "$T/some.gsc"
expect_rc 1

t "a file where one release checked nothing is not ok" "$GNTSIM" run "$T/some.gsc"
expect_out 'some\.gsc: PARTLY CHECKED: 2 releases, 2 steps, 1 expectation checked, 0 failed, 1 release checked nothing'
no_out ': ok:'

# ---- a failed setup step stops its release with one message
cat >"$T/setup.gsc" <<'GSC'
releases 4.14.1 4.15.0
domain d1
device nic0 owner=d5
dma-read nic0 0x1000 4
  expect rc == 0
dma-write nic0 0x1000 "abcd"
  expect rc == 0
GSC
t "failed setup step" "$GNTSIM" run "$T/setup.gsc"
expect_rc 1
count_err 'setup\.gsc:[0-9]+: ' 2
expect_err 'setup\.gsc:3: 4\.14\.1: device: .*\(rc -[A-Z]+\)$'
expect_out 'FAILED: 2 releases, 4 steps, 0 expectations checked, 0 failed, 2 run errors, 2 releases stopped'

cat >"$T/direct.gsc" <<'GSC'
domain d0 hwdom direct iommu
GSC
t "direct without mfn=" "$GNTSIM" run "$T/direct.gsc"
expect_rc 2
expect_err "direct\.gsc:1:17: 'direct' needs mfn=FRAME"
no_err 'mfn_base'

# ---- a failing step says why where a later expectation reads it
cat >"$T/why.gsc" <<'GSC'
domain d1
write d1 0x90000000 "hello"
read d1 0x90000000 5 as r
expect $r.bytes == "hello"
GSC
t "failing step's reason" "$GNTSIM" run "$T/why.gsc"
expect_rc 1
expect_err "why\.gsc:4: master: expected \\\$r\.bytes == \"hello\", got no value \('read' at line 3 failed: rc -EFAULT: d1: read of 5 bytes at IPA 0x90000000: not mapped\)"

# ---- binary and hostile input: bounded, escaped
head -c 3000 "$GNTSIM" >"$T/binary.gsc"
t "binary file" "$GNTSIM" run "$T/binary.gsc"
expect_rc 2
expect_err 'binary\.gsc:1:[0-9]+: a NUL byte: not a scenario \(text\) file'
printf 'bad\001 x\n' >"$T/ctl.gsc"
i=0
while [ $i -lt 40 ]; do printf 'nosuchcmd%d\n' $i >>"$T/ctl.gsc"; i=$((i + 1)); done
t "control bytes and many errors" "$GNTSIM" run "$T/ctl.gsc"
expect_rc 2
expect_err "unknown command 'bad\\\\x01'"
count_err 'ctl\.gsc:[0-9]+:[0-9]+: ' 20
expect_err 'too many errors, giving up'
if LC_ALL=C tr -d '\n\t -~' <"$T/err" | grep -q .; then bad "raw control bytes on stderr"; else ok; fi

# ---- streams and files
t "trace alone on stdout" "$GNTSIM" run --console --trace - --format json scenarios/seed.gsc
expect_rc 0
if grep -qv '^{' "$T/out"; then bad "a non-JSON line on stdout"; else ok; fi
expect_err '^scenarios/seed\.gsc: ok: 27 releases'
expect_err '^\[4\.14\.1\] \(XEN\) smmu: /smmu@fd800000: Unhandled context fault'
t "trace to a full disk" "$GNTSIM" run --trace /dev/full scenarios/seed.gsc
expect_rc 2
expect_err '^gntsim run: /dev/full: write error: No space left on device'
t "pcap of several runs" "$GNTSIM" run --pcap "$T/empty.pcap" scenarios/gntst/okay.gsc
expect_rc 2
expect_err 'captures one run'
t "pcap without network" "$GNTSIM" run -r 4.14.1 --pcap "$T/empty.pcap" scenarios/gntst/okay.gsc
expect_rc 0
if [ "$(od -An -tx1 -N4 "$T/empty.pcap" | tr -d ' ')" = d4c3b2a1 ] &&
    [ "$(wc -c <"$T/empty.pcap")" = 24 ]; then ok; else bad "not a header-only pcap"; fi
t "one path for two outputs" "$GNTSIM" run --trace "$T/x" --pcap "$T/x" scenarios/seed.gsc
expect_rc 2
expect_err "--trace and --pcap name the same file"
t "stdin" "$GNTSIM" run - <scenarios/gntst/okay.gsc
t_in "stdin" scenarios/gntst/okay.gsc "$GNTSIM" run -
expect_rc 0
expect_out '^<stdin>: ok: '

# ---- GNU conventions
for cmd in run demo releases decode; do
    t "$cmd --help" "$GNTSIM" "$cmd" --help
    expect_rc 0
    expect_out "^Usage: gntsim $cmd"
    t "$cmd --version" "$GNTSIM" "$cmd" --version
    expect_rc 0
    expect_out '^gntsim [0-9]+\.[0-9]+\.[0-9]+$'
    t "$cmd --bogus" "$GNTSIM" "$cmd" --bogus
    expect_rc 2
    expect_err "Try 'gntsim $cmd --help'"
done
for cmd in demo releases; do
    t "$cmd extra" "$GNTSIM" "$cmd" extra
    expect_rc 2
    expect_err "gntsim $cmd: unexpected argument 'extra'"
done
t "help run" "$GNTSIM" help run
expect_rc 0
expect_out '^Usage: gntsim run'

for r in 4.17.0 RELEASE-4.17.0 4.17 release-4.17.0; do
    t "release form $r" "$GNTSIM" run -v --release="$r" scenarios/seed.gsc
    expect_rc 0
    expect_out '^  4\.17: ok: '
done
t "several releases" "$GNTSIM" run -v -r 4.14.1,4.15.0 --release master scenarios/seed.gsc
expect_rc 0
expect_out 'seed\.gsc: ok: 3 releases'
t "release all" "$GNTSIM" run --release all scenarios/seed.gsc
expect_out 'seed\.gsc: ok: 27 releases'
t "a branch" "$GNTSIM" run --release 4.14 scenarios/seed.gsc
expect_rc 2
expect_err "release '4\.14' names a branch; pick one of 4\.14\.0 4\.14\.1 4\.14\.2 4\.14\.3 4\.14\.4"
t "unknown release" "$GNTSIM" run --release 4.99 scenarios/seed.gsc
expect_rc 2
expect_err "unknown release '4\.99'; valid: 4\.11 4\.12\.0 .* master"
t "-- ends options" "$GNTSIM" run -- scenarios/gntst/okay.gsc
expect_rc 0
t "an option as a value" "$GNTSIM" run --trace --format chrome scenarios/seed.gsc
expect_rc 2
expect_err "option '--trace' needs a value, not the option '--format'"
t "--format without --trace" "$GNTSIM" run --format chrome scenarios/seed.gsc
expect_rc 2
expect_err '--format needs --trace'
for opt in --verbose --strict --console --help; do
    t "$opt=value" "$GNTSIM" run "$opt=yes" scenarios/seed.gsc
    expect_rc 2
    expect_err "option '$opt' takes no value"
done
t "an empty release name" "$GNTSIM" run -r 4.14.1, scenarios/seed.gsc
expect_rc 2
expect_err "an empty release name"
t "help help" "$GNTSIM" help help
expect_rc 0
expect_out '^Usage: gntsim '
t "--seed is gone" "$GNTSIM" run --seed 1 scenarios/seed.gsc
expect_rc 2
t "--trace twice" "$GNTSIM" run --trace "$T/a" --trace "$T/b" scenarios/seed.gsc
expect_rc 2
expect_err -- '--trace given twice'

# ---- the demo checks what it shows
t "demo" "$GNTSIM" demo
expect_rc 0
expect_out '^Xen 4\.14\.1: the NIC.s DMA FAULTS$'
expect_out '^Xen 4\.15\.0: clean DMA$'
expect_out '^Checked: 25 expectations over the 3 releases, all held\.$'

finish
