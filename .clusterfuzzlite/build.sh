#!/bin/bash -eu
# SPDX-License-Identifier: MIT
#
# The OSS-Fuzz / ClusterFuzzLite build (also run by `make check`, test fuzz.oss-fuzz,
# with a local $CC, $CFLAGS, $LIB_FUZZING_ENGINE and $OUT): one libFuzzer binary per
# tests/fuzz/fuzz_<stem>.c in $OUT, each with its seed corpus ($OUT/fuzz_<stem>_seed_corpus.zip:
# tests/fuzz/corpus/<stem>, the regression inputs, and for the scenario language every
# scenario of the tree), and the scenario language's dictionary (generated from the
# parser's own tables by tests/fuzz/dict_scenario.c) with an .options file naming it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-$(mktemp -d)}
cd "$root"
flags=(-std=c11 -D_GNU_SOURCE -D__XEN_TOOLS__ -Iinclude -iquote src)
read -r -a cflags <<<"${CFLAGS:-}"

mkdir -p "$work/obj" "$OUT"
objs=()
for f in $(find src -name '*.c' | sort); do
    o="$work/obj/$(echo "${f%.c}" | tr / _).o"
    "$CC" "${cflags[@]}" "${flags[@]}" -c "$f" -o "$o"
    objs+=("$o")
done
rm -f "$work/libgntsim.a"
ar rcs "$work/libgntsim.a" "${objs[@]}"

# the scenario language's words, from the parser's tables
"$CC" "${cflags[@]}" "${flags[@]}" tests/fuzz/dict_scenario.c "$work/libgntsim.a" \
    -o "$work/dict_scenario"
"$work/dict_scenario" >"$OUT/fuzz_scenario.dict"

for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    stem=${name#fuzz_}
    extra=()
    [ "$stem" = scenario ] && extra=(tests/trace/json.c -Itests/trace)
    # shellcheck disable=SC2086 # LIB_FUZZING_ENGINE is a list of flags
    "$CC" "${cflags[@]}" "${flags[@]}" "$src" "${extra[@]}" -o "$OUT/$name" \
        $LIB_FUZZING_ENGINE "$work/libgntsim.a"
    seeds=("tests/fuzz/corpus/$stem")
    [ -d "tests/fuzz/regress/$stem" ] && seeds+=("tests/fuzz/regress/$stem")
    if [ "$stem" = scenario ]; then
        seeds+=(scenarios tests/scenarios)
    fi
    # one flat directory, each file named after its path (names repeat across folders)
    rm -rf "$work/seeds" "$OUT/${name}_seed_corpus.zip"
    mkdir -p "$work/seeds"
    find "${seeds[@]}" -type f -print | sort | while read -r f; do
        cp "$f" "$work/seeds/$(echo "$f" | tr / _)"
    done
    (cd "$work/seeds" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
    {
        echo "[libfuzzer]"
        echo "max_len = 4096"
        [ "$stem" = scenario ] && echo "dict = fuzz_scenario.dict"
    } >"$OUT/$name.options"
done
echo "build.sh: $(ls "$OUT"/fuzz_*.options | wc -l) fuzz targets in $OUT"
