# SPDX-License-Identifier: MIT
#
# gntsimd for the user-space tests (sourced after tests/cli/lib.sh, with D the daemon
# and T the scratch directory):
#   daemon_start N [OPTION...]  gntsimd with N domains serving $T/s, pid in $pid
#   daemon_state                its SIGUSR1 state lines (four: per domain, then totals)
#   expect_clean WHAT           no grant, pin, handle, port, lent frame, open file or
#                               finding in any of three domains
#   daemon_stop                 SIGTERM: it exits 0 and reported no invariant finding

daemon_start() {
    n=$1
    shift
    "$D" --dir "$T/s" --domains "$n" "$@" >"$T/daemon.out" 2>"$T/daemon.err" &
    pid=$!
    i=0
    while [ ! -S "$T/s/d$((n - 1))/dev" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}

daemon_state() {
    n=$(grep -c 'state: lent' "$T/daemon.out")
    kill -USR1 "$pid"
    i=0
    while [ "$(grep -c 'state: lent' "$T/daemon.out")" = "$n" ] && [ $i -lt 100 ]; do
        sleep 0.05; i=$((i + 1))
    done
    grep 'state:' "$T/daemon.out" | tail -n 4
}

expect_clean() {
    name="nothing left: $1"
    s=$(daemon_state)
    if [ "$(echo "$s" | grep -c 'grants=0 pinned=0 maptrack=0 ports=0$')" = 3 ] &&
        echo "$s" | grep -q 'lent=0 open-files=0 findings=0$'; then ok; else bad "$s"; fi
}

daemon_stop() {
    kill "$pid"
    wait "$pid"
    rc=$?
    name="gntsimd stops on SIGTERM with status 0"
    if [ "$rc" = 0 ]; then ok; else bad "status $rc: $(cat "$T/daemon.err")"; fi
    name="no invariant finding"
    if grep -q FINDING "$T/daemon.err"; then bad "$(cat "$T/daemon.err")"; else ok; fi
}
