#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# fresh-check.sh: run the README's first commands, exactly as README.md writes
# them, as root in a pristine minimal Debian 12 root (debootstrap
# --variant=minbase) through chroot.  It proves that `make demo` and
# `make check` install everything they need on a machine that has nothing.
#
#   tools/fresh-check.sh            the check (as root); ends with PASS or FAIL
#   tools/fresh-check.sh --print    print the commands taken from README.md
#
# The commands are the indented lines between README.md's markers
# "<!-- fresh-check: begin -->" and "<!-- fresh-check: end -->", each without
# its trailing "  # comment"; REPO_URL in them becomes a git bundle of the
# committed HEAD (uncommitted changes are refused: they would not be tested).
#
# The debootstrapped root is cached as a tarball, keyed by suite and
# architecture, in $FRESH_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/gntsim)
# and extracted anew for every run, so each run starts from the same pristine
# root.  The chroot gets /proc, /sys, /dev/pts and /dev/shm mounted; they are
# always unmounted on exit, and the root is deleted only when nothing is
# mounted under it.
#
# Environment:
#   FRESH_SUITE        Debian suite (bookworm: Debian 12, what the README promises)
#   FRESH_MIRROR       Debian mirror (default: the host's apt source for the suite)
#   FRESH_CACHE_DIR    where the root tarball is cached
#   FRESH_CACHE_DAYS   rebuild the tarball when older than this (default 30)
#   FRESH_REFRESH=1    rebuild the tarball now
#   FRESH_WORKDIR      where the root is extracted (default /var/tmp)
#   FRESH_KEEP=1       keep the extracted root afterwards (its path is printed)
#   FRESH_ALLOW_DIRTY=1  test HEAD even with uncommitted changes (warns)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readme=$top/README.md
suite=${FRESH_SUITE:-bookworm}
cache_dir=${FRESH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gntsim}
cache_days=${FRESH_CACHE_DAYS:-30}
chroot_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { printf 'fresh-check: %s\n' "$*"; }
die() {
    fail_reason=$*
    printf 'fresh-check: error: %s\n' "$*" >&2
    exit 1
}

# The README's commands, one a line, comments stripped.
readme_commands() {
    [ -r "$readme" ] || die "$readme not readable"
    local begins ends
    begins=$(grep -c '^<!-- fresh-check: begin -->$' "$readme" || true)
    ends=$(grep -c '^<!-- fresh-check: end -->$' "$readme" || true)
    [ "$begins" = 1 ] && [ "$ends" = 1 ] ||
        die "README.md needs exactly one '<!-- fresh-check: begin -->' and one" \
            "'<!-- fresh-check: end -->' line (found $begins and $ends)"
    awk '/^<!-- fresh-check: begin -->$/ { on = 1; next }
         /^<!-- fresh-check: end -->$/   { on = 0; next }
         on && /^    [^ ]/ { sub(/^    /, ""); sub(/[ \t]+#.*$/, ""); print }' "$readme"
}

check_commands() {
    local cmds=$1
    [ -n "$cmds" ] || die "no indented command lines between README.md's fresh-check markers"
    grep -qx 'make demo' <<<"$cmds" || die "README.md's fresh-check block has no 'make demo' line"
    grep -qx 'make check' <<<"$cmds" || die "README.md's fresh-check block has no 'make check' line"
    [ "$(grep -c 'REPO_URL' <<<"$cmds")" = 1 ] ||
        die "README.md's fresh-check block must name REPO_URL (the clone) exactly once"
}

if [ "${1:-}" = --print ]; then
    cmds=$(readme_commands)
    check_commands "$cmds"
    printf '%s\n' "$cmds"
    exit 0
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--print]" >&2
    exit 2
fi

# ------------------------------------------------------------ cleanup, result

work='' root='' fail_reason='' passed=0
start=$SECONDS

# Mount points at or under $1 (mountinfo field 5; our paths have no spaces).
mounts_under() {
    awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo
}

cleanup() {
    local rc=$? p r m left pass
    trap - EXIT INT TERM
    set +e
    if [ -n "$root" ] && [ -d "$root" ]; then
        # Processes still running inside the chroot were started by this run
        # (an interrupted run): kill them by pid, until none is left.
        for pass in 1 2 3 4 5; do
            left=''
            for p in /proc/[0-9]*; do
                r=$(readlink "$p/root" 2>/dev/null) || continue
                [ "$r" = "$root" ] && left="$left ${p#/proc/}"
            done
            [ -n "$left" ] || break
            say "killing processes left in the chroot:$left"
            kill -KILL $left 2>/dev/null
            sleep 1
        done
        for m in dev/shm dev/pts sys proc; do
            if mountpoint -q "$root/$m"; then
                umount "$root/$m" || umount -l "$root/$m"
            fi
        done
    fi
    if [ -n "$work" ] && [ -d "$work" ]; then
        left=$(mounts_under "$work")
        if [ -n "$left" ]; then
            printf 'fresh-check: error: still mounted, NOT deleting %s:\n%s\n' "$work" "$left" >&2
            fail_reason="mounts left under $work"
            rc=1
        elif [ "${FRESH_KEEP:-0}" = 1 ]; then
            say "kept the root: $root"
        else
            rm -rf --one-file-system "$work"
        fi
    fi
    if [ "$rc" = 0 ] && [ "$passed" = 1 ]; then
        say "PASS: README.md's commands work as root on a fresh minimal Debian $suite" \
            "($((SECONDS - start)) s)"
    else
        [ "$rc" != 0 ] || rc=1
        say "FAIL${fail_reason:+: $fail_reason} ($((SECONDS - start)) s)"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'fail_reason="interrupted"; exit 130' INT
trap 'fail_reason="terminated"; exit 143' TERM

# ---------------------------------------------------------------- preflight

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, mount, chroot); run it as root"
for t in chroot mount umount mountpoint tar gzip git awk; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found"
done
command -v dpkg >/dev/null 2>&1 || die "dpkg not found: fresh-check runs on Debian"
arch=$(dpkg --print-architecture)

cmds=$(readme_commands)
check_commands "$cmds"

cd "$top"
git rev-parse --verify -q HEAD >/dev/null || die "$top: no commit to test"
if [ -n "$(git status --porcelain)" ]; then
    if [ "${FRESH_ALLOW_DIRTY:-0}" = 1 ]; then
        say "WARNING: uncommitted changes are NOT tested (FRESH_ALLOW_DIRTY=1); testing HEAD"
    else
        git status --short >&2
        die "uncommitted changes: fresh-check tests what is committed (HEAD);" \
            "commit or stash them, or set FRESH_ALLOW_DIRTY=1 to test HEAD anyway"
    fi
fi
head=$(git rev-parse HEAD)
branch=$(git symbolic-ref -q --short HEAD || true)
say "testing commit $(git log -1 --format='%h %s' HEAD)"

# The host's Debian mirror for $suite: deb822 .sources, then one-line .list.
host_mirror() {
    local f m
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        m=$(awk -v s="$suite" 'BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; suites = ""; types = ""; enabled = "yes"
                for (i = 1; i <= NF; i++) {
                    l = $i
                    if (l ~ /^[ \t]*#/) continue
                    k = tolower(l); sub(/:.*/, "", k)
                    v = l; sub(/^[^:]*:[ \t]*/, "", v)
                    if (k == "uris") uris = v
                    else if (k == "suites") suites = v
                    else if (k == "types") types = v
                    else if (k == "enabled") enabled = tolower(v)
                }
                if (enabled != "no" && (" " types " ") ~ / deb / &&
                    (" " suites " ") ~ (" " s " ")) {
                    split(uris, u, /[ \t]+/); print u[1]; exit
                }
            }' "$f")
        [ -z "$m" ] || { echo "$m"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        m=$(awk -v s="$suite" '$1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == s) { print $i; exit }
            }' "$f")
        [ -z "$m" ] || { echo "$m"; return; }
    done
    echo http://deb.debian.org/debian
}
mirror=${FRESH_MIRROR:-$(host_mirror)}
mirror=${mirror%/}
say "suite $suite ($arch), mirror $mirror"

# ----------------------------------------------------- the pristine root

mkdir -p "$cache_dir"
tarball=$cache_dir/debootstrap-minbase-$suite-$arch.tar.gz
workdir_base=${FRESH_WORKDIR:-/var/tmp}
work=$(mktemp -d "$workdir_base/gntsim-fresh.XXXXXX")
root=$work/root

# The mirror must answer (through apt's own HTTP client and proxy settings):
# without it the check cannot run, and that is a FAIL, never a skip.
apt_helper=/usr/lib/apt/apt-helper
[ -x "$apt_helper" ] || die "$apt_helper not found (package apt)"
say "probing $mirror/dists/$suite/InRelease"
timeout 60 "$apt_helper" -o APT::Sandbox::User=root download-file \
    "$mirror/dists/$suite/InRelease" "$work/InRelease" >"$work/probe.log" 2>&1 || {
    cat "$work/probe.log" >&2
    die "cannot fetch $mirror/dists/$suite/InRelease (no network?): fresh-check cannot run"
}

if [ -f "$tarball" ] && [ "${FRESH_REFRESH:-0}" != 1 ] &&
    [ -z "$(find "$tarball" -mtime +"$cache_days")" ]; then
    say "cached root: $tarball (made $(date -r "$tarball" '+%F %R'))"
else
    if ! command -v debootstrap >/dev/null 2>&1; then
        say "installing debootstrap on the host"
        apt-get update -q >/dev/null || die "apt-get update failed on the host"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            debootstrap >/dev/null || die "apt-get install debootstrap failed on the host"
    fi
    say "debootstrap --variant=minbase $suite $mirror (log: $work/debootstrap.log)"
    t=$SECONDS
    if ! debootstrap --variant=minbase --arch="$arch" "$suite" "$work/bootstrap" \
        "$mirror" >"$work/debootstrap.log" 2>&1; then
        tail -n 30 "$work/debootstrap.log" >&2
        die "debootstrap failed (log above)"
    fi
    say "debootstrap done ($((SECONDS - t)) s); caching it as $tarball"
    tar --numeric-owner -C "$work/bootstrap" -czf "$tarball.tmp.$$" . ||
        die "could not write $tarball"
    mv -f "$tarball.tmp.$$" "$tarball"
    [ -z "$(mounts_under "$work/bootstrap")" ] || die "$work/bootstrap has mounts"
    rm -rf --one-file-system "$work/bootstrap"
fi

mkdir "$root"
tar --numeric-owner -C "$root" -xzpf "$tarball" || die "could not extract $tarball"
say "extracted a pristine root in $root"

# apt in the chroot: the host's sources for this mirror (a Debian install
# gets updates and security too, debootstrap only "$suite main"), any apt
# proxy setting, and the host's resolver.
copied=0
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] && grep -qF "$mirror" "$f" || continue
    mkdir -p "$root/etc/apt/sources.list.d"
    cp "$f" "$root/etc/apt/sources.list.d/host-${f##*/}"
    copied=1
done
rm -f "$root/etc/apt/sources.list"
if [ "$copied" = 0 ]; then
    echo "deb $mirror $suite main" >"$root/etc/apt/sources.list"
fi
for f in /etc/apt/apt.conf.d/*; do
    [ -f "$f" ] && grep -qi 'proxy' "$f" && cp "$f" "$root/etc/apt/apt.conf.d/" || true
done
rm -f "$root/etc/resolv.conf"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

# The clone source: a bundle of HEAD (and its branch, so the clone is on it).
bundle=/tmp/gntsim.bundle
git bundle create -q "$root$bundle" HEAD ${branch:+"$branch"} ||
    die "git bundle of HEAD failed"

# The script the chroot runs: the README's lines, each echoed, stopping at the
# first failure as a person would.
{
    echo 'set -e'
    echo 'cd /root'
    while IFS= read -r c; do
        c=${c//REPO_URL/$bundle}
        printf 'printf "\\n%%s\\n" %q\n' "fresh-check: [chroot] # $c"
        printf '%s\n' "$c"
    done <<<"$cmds"
    printf 'test "$(git rev-parse HEAD)" = %q || { echo "fresh-check: the clone is not at %s" >&2; exit 1; }\n' "$head" "$head"
} >"$root/tmp/fresh-check-commands.sh"

say "README.md's commands (REPO_URL = $bundle, a bundle of $head):"
printf '    %s\n' "${cmds//$'\n'/$'\n'    }"

# What a booted system has mounted: /proc (ASan reads /proc/self/maps), /sys,
# /dev/pts (apt's log wants a pty) and /dev/shm, all fresh instances.
mount -t proc proc "$root/proc" || die "could not mount /proc in the chroot"
mount -t sysfs -o ro sysfs "$root/sys" || die "could not mount /sys in the chroot"
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts" ||
    die "could not mount /dev/pts in the chroot"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm" ||
    die "could not mount /dev/shm in the chroot"

# In the background, so that a SIGTERM or SIGINT to this script interrupts the
# wait at once (bash runs traps only between commands); cleanup then kills
# whatever still runs in the chroot.
t=$SECONDS
chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash \
    TERM=dumb PATH="$chroot_path" /bin/bash /tmp/fresh-check-commands.sh </dev/null &
if ! wait "$!"; then
    die "a README command failed in the fresh root (output above)"
fi
say "README.md's commands ran in $((SECONDS - t)) s"
passed=1
