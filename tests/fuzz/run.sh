#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Run one libFuzzer target with its seeds, dictionary and crash directory:
#   tests/fuzz/run.sh BUILD-DIR STEM [LIBFUZZER-OPTION...]
# from the source tree's top. `make check` runs it with -runs=3000 -seed=1 (the
# smoke run), `make fuzz` with -max_total_time=FUZZ_SECONDS. New inputs go to
# BUILD-DIR/fuzz-corpus-STEM, crashes and hangs (an input over 30 s) to
# BUILD-DIR/fuzz-crashes/ (see
# tests/fuzz/README.md for minimising one into a regression input).
set -eu
build=$1
stem=$2
shift 2
seeds="tests/fuzz/corpus/$stem"
dict=""
if [ "$stem" = scenario ]; then
    # every scenario of the tree, including the hostile and broken ones
    for d in scenarios scenarios/* tests/scenarios tests/scenarios/*; do
        [ -d "$d" ] && seeds="$seeds $d"
    done
    dict="-dict=$build/fuzz_scenario.dict"
fi
[ -d "tests/fuzz/regress/$stem" ] && seeds="$seeds tests/fuzz/regress/$stem"
mkdir -p "$build/fuzz-corpus-$stem" "$build/fuzz-crashes"
# shellcheck disable=SC2086 # $seeds and $dict are lists of words
exec "$build/fuzz_$stem" -max_len=4096 -timeout=30 $dict -artifact_prefix="$build/fuzz-crashes/$stem-" \
    "$@" "$build/fuzz-corpus-$stem" $seeds
