#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The OSS-Fuzz / ClusterFuzzLite build (.clusterfuzzlite/build.sh) as those services
# run it, with clang and libFuzzer from this machine: every tests/fuzz/fuzz_*.c gives a
# binary, a seed corpus and an .options file in OUT, the scenario language a dictionary,
# and each binary runs its unpacked seeds once without a crash.
# Usage: oss_fuzz_build.sh SCRATCH (from the source tree's top).
set -eu
T=$1
rm -rf "$T"
mkdir -p "$T/out" "$T/work"
CC=clang CFLAGS="-g -fsanitize=address,undefined,fuzzer-no-link" \
    LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT="$T/out" WORK="$T/work" \
    bash .clusterfuzzlite/build.sh >"$T/build.log" 2>&1 || {
    tail -n 20 "$T/build.log"
    echo "FAIL: .clusterfuzzlite/build.sh failed"
    exit 1
}
bad=0
n=0
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    n=$((n + 1))
    for f in "$name" "${name}_seed_corpus.zip" "$name.options"; do
        [ -s "$T/out/$f" ] || { echo "FAIL: $f missing from OUT"; bad=1; }
    done
    mkdir -p "$T/seeds-$name"
    (cd "$T/seeds-$name" && unzip -qo "$T/out/${name}_seed_corpus.zip")
    if ! "$T/out/$name" -runs=0 "$T/seeds-$name" >"$T/$name.log" 2>&1; then
        tail -n 20 "$T/$name.log"
        echo "FAIL: $name on its seed corpus"
        bad=1
    fi
done
[ -s "$T/out/fuzz_scenario.dict" ] || { echo "FAIL: no scenario dictionary"; bad=1; }
[ "$bad" = 0 ] && echo "ok: $n fuzz targets built as OSS-Fuzz builds them, each ran its seeds"
exit $bad
