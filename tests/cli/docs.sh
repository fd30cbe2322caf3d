#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The --help texts, the manual page and the README agree: every long option a
# command's --help lists is in the manual page and every option the manual
# names is in some --help; every command is in the manual and the README.
# Usage: docs.sh GNTSIM SCRATCH-DIR (from the source tree's top).
set -u
GNTSIM=$1
T=$2
mkdir -p "$T"
. "$(dirname "$0")/lib.sh"

man=docs/man/gntsim.1
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man" >"$T/man.txt"
for cmd in run demo releases decode compare-policies attach explore; do
    t "$cmd --help" "$GNTSIM" "$cmd" --help
    expect_rc 0
    name=$cmd
    if grep -q "gntsim $cmd" "$T/man.txt"; then ok; else bad "the manual has no 'gntsim $cmd'"; fi
    if grep -qE "(gntsim|make) $cmd" README.md; then ok; else bad "the README has no 'gntsim $cmd'"; fi
    for opt in $(grep -oE -- '--[a-z][a-z-]+' "$T/out" | sort -u); do
        case "$opt" in --help | --version) continue ;; esac
        if grep -q -- "$opt" "$T/man.txt"; then ok; else bad "$opt of '$cmd --help' is not in $man"; fi
    done
done
# every option the manual gives a command exists (a run with it is not "unknown")
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$T/man.txt" | sort -u); do
    case "$opt" in --help | --version | --opt) continue ;; esac
    found=0
    for cmd in run demo releases decode compare-policies attach explore; do
        "$GNTSIM" "$cmd" --help | grep -q -- "$opt" && found=1
    done
    name="manual's $opt"
    if [ $found = 1 ]; then ok; else bad "$opt is in $man but in no --help"; fi
done
finish
