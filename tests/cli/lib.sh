# SPDX-License-Identifier: MIT
#
# Helpers for the command-line tests (POSIX sh). A test script sources this
# with GNTSIM (the binary) and T (a scratch directory) set, calls `t NAME
# CMD...` for each command, then checks what it did with the expect_*
# helpers; `finish` prints "N passed, N failed" and sets the exit status.

passed=0
failed=0
name=
rc=0

# t NAME CMD...: run CMD with stdout in $T/out and stderr in $T/err.
t() {
    name=$1
    shift
    rc=0
    "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
}

# t_in NAME FILE CMD...: like t, with FILE on standard input.
t_in() {
    name=$1
    in=$2
    shift 2
    rc=0
    "$@" >"$T/out" 2>"$T/err" <"$in" || rc=$?
}

ok() { passed=$((passed + 1)); }

bad() {
    failed=$((failed + 1))
    echo "FAIL: $name: $*"
    echo "--- stdout"; head -c 2000 "$T/out"; echo "--- stderr"; head -c 2000 "$T/err"
    echo "---"
}

expect_rc() { if [ "$rc" = "$1" ]; then ok; else bad "exit status $rc, expected $1"; fi; }

# expect_out / expect_err EXTENDED-REGEX: some line of stdout / stderr matches.
expect_out() { if grep -Eq -- "$1" "$T/out"; then ok; else bad "stdout lacks /$1/"; fi; }
expect_err() { if grep -Eq -- "$1" "$T/err"; then ok; else bad "stderr lacks /$1/"; fi; }
# expect_has FIXED...: each string appears in stdout or stderr.
expect_has() {
    for p in "$@"; do
        if cat "$T/out" "$T/err" | grep -qF -- "$p"; then ok; else bad "no '$p' in the output"; fi
    done
}
# no_out / no_err REGEX: no line matches.
no_out() { if grep -Eq -- "$1" "$T/out"; then bad "stdout has /$1/"; else ok; fi; }
no_err() { if grep -Eq -- "$1" "$T/err"; then bad "stderr has /$1/"; else ok; fi; }

# count_err REGEX N: exactly N lines of stderr match.
count_err() {
    n=$(grep -Ec -- "$1" "$T/err" || true)
    if [ "$n" = "$2" ]; then ok; else bad "$n stderr lines match /$1/, expected $2"; fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}
