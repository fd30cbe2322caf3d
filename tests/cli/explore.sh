#!/bin/sh
# SPDX-License-Identifier: MIT
# `gntsim explore`: the race found where the file's `races` line says and its
# counterexample replayed by `gntsim run`; the fixed side clean and exhaustive;
# usage errors and files it refuses. $1 is the gntsim binary, $2 a scratch directory.
set -u
GNTSIM=$1
T=${2:-${TMPDIR:-/tmp}/gntsim-explore-$$}
rm -rf "$T"
mkdir -p "$T" || exit 1
. "$(dirname "$0")/lib.sh"
G=$GNTSIM

t "XSA-218 vulnerable: a race, written out" "$G" explore -q -r 4.11 -o "$T/cex.gsc" \
    scenarios/xsa/xsa-218.gsc
expect_rc 0
expect_out '4\.11: RACE in [0-9]+ runs'
expect_out 'counterexample: line [0-9]+ parallel schedule="[0-9 ]+"'
expect_out 'expected check\.findings == 0, got 1'
t "the counterexample replays and fails" "$G" run "$T/cex.gsc"
expect_rc 1
expect_err 'expected check\.findings == 0, got 1'
t "the fixed side: no race, exhaustive" "$G" explore -q scenarios/xsa/xsa-218-fixed.gsc
expect_rc 0
expect_out 'master: no race in [0-9]+ runs .*exhaustive$'
no_out 'RACE'
t "a race where none is declared fails" "$G" explore -q -r 4.11 \
    scenarios/races/era-a-iommu.gsc
expect_rc 0
sed 's/^races .*/races/' scenarios/races/era-a-iommu.gsc >"$T/none.gsc"
t "races (none) but one found" "$G" explore -q -r 4.11 "$T/none.gsc"
expect_rc 1
expect_out 'RACE .*-- unexpected'
t "progress goes to stderr" "$G" explore -r 4.11 scenarios/xsa/xsa-218-fixed.gsc
expect_rc 0
expect_err '^explore: 4\.11: [0-9]+ runs, [0-9]+ states'
t "random schedules are not exhaustive" "$G" explore -q --random=5 --seed=7 \
    -r master scenarios/xsa/xsa-218-fixed.gsc
expect_rc 0
expect_out 'no race in 5 runs .*NOT exhaustive'
t "no file" "$G" explore
expect_rc 2; expect_err 'expected one FILE'
t "a bad number" "$G" explore --random=x scenarios/xsa/xsa-218.gsc
expect_rc 2; expect_err -- '--random=x: not a number'
t "a file without a parallel block" "$G" explore scenarios/seed.gsc
expect_rc 2; expect_err 'no parallel block'
t "a missing file" "$G" explore "$T/none-such.gsc"
expect_rc 2; expect_err 'cannot open'
finish
