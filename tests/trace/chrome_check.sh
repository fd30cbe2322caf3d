#!/bin/sh
# SPDX-License-Identifier: MIT
# chrome_check.sh GNTSIM CHECK OUTDIR: write Chrome traces with gntsim and
# validate them with CHECK (tests/trace/chrome_check.c):
#   1. scenarios/seed.gsc under its 27 releases: 27 processes, boot-time RAM
#      population folded into 2 "populate RAM" slices per run;
#   2. seed.gsc, tests/scenarios/fail/expect.gsc (a passing and a failing
#      expectation) and a scenario whose path and strings hold a quote and a
#      control byte, in one document: they must come back decoded;
#   3. the JSON-lines trace of that scenario: every line valid JSON;
#   4. tests/scenarios/reset.gsc (three resets): still one process per release with
#      balanced, monotonic step slices across the worlds.
set -u
gntsim=$1 check=$2 out=$3
mkdir -p "$out" || exit 1
fail=0
run() { "$@" || { echo "FAILED: $*"; fail=1; }; }

run "$gntsim" run --format chrome --trace "$out/seed.json" scenarios/seed.gsc
run "$check" "$out/seed.json" --procs 27 --min-steps 648 --pass \
    --count "populate RAM" 54 54 --count p2m_set 1 200 \
    --has loc scenarios/seed.gsc:37 --has name d0v0 --has name nic0

q=$(printf 'q"uote\001')
weird=$out/$q.gsc
printf '%s\n' 'releases 4.14.1 master' \
    'domain d0 hwdom direct iommu mfn=0x40000' \
    "write d0 0x40000000 \"say \\\"hi\\\" $(printf '\001')\" as w" \
    "expect log !contains \"q\\\"$(printf '\002')\"" >"$weird" || exit 1
"$gntsim" run --format chrome --trace "$out/multi.json" scenarios/seed.gsc \
    tests/scenarios/fail/expect.gsc "$weird" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAILED: the multi-file run should exit 1"; fail=1; }
run "$check" "$out/multi.json" --procs 31 --pass --fail \
    --has name "$q.gsc under Xen master" --has file "$q" \
    --has text "say \\\"hi\\\" $(printf '\001')" --has expected "q\"$(printf '\002')"

run "$gntsim" run --format json --trace "$out/weird.jsonl" "$weird"
run "$check" "$out/weird.jsonl" --lines
run "$gntsim" run --format chrome --trace "$out/reset.json" --release 4.14.1,master \
    tests/scenarios/reset.gsc
run "$check" "$out/reset.json" --procs 2 --min-steps 60 --pass \
    --has loc tests/scenarios/reset.gsc:62
exit $fail
