#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The layering of src/ (docs/architecture.md), checked on every quoted
# #include: a layer includes only itself and the layers below it.
#   tools/check-layers.sh [SOURCE-ROOT]     (default: the tree this script is in)
# Prints every violation as file:line: what, and exits 1 if there is one.
set -eu
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root/src"

# layer: the include prefixes it may use ("xen/public" is Xen's public ABI, which
# the guest kernels share with the hypervisor; "gntsim" the public API's types)
allowed() {
    case $1 in
    env) echo "env" ;;
    hw) echo "hw env" ;;
    xen) echo "xen hw env" ;;
    dom0) echo "dom0 env" ;;
    linux) echo "linux xen/public gntsim hw env" ;;
    board) echo "board check linux dom0 xen hw env gntsim" ;;
    check) echo "check board linux xen hw env gntsim" ;;
    api) echo "api board linux dom0 xen hw env gntsim" ;;
    scenario) echo "scenario board gntsim env" ;;
    explore) echo "explore gntsim env" ;;
    decode) echo "decode gntsim hw env" ;;
    *) echo "" ;;
    esac
}

bad=0
checked=0
for f in $(find . -name '*.[ch]' | sort); do
    layer=$(echo "$f" | cut -d/ -f2)
    ok=$(allowed "$layer")
    if [ -z "$ok" ]; then
        echo "src/${f#./}: folder '$layer' has no layering rule (tools/check-layers.sh)"
        bad=1
        continue
    fi
    # every quoted include: line number and path
    out=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
        sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1 \2/') || true
    [ -n "$out" ] || continue
    while read -r line path; do
        checked=$((checked + 1))
        pass=0
        for p in $ok; do
            case $path in
            "$p"/*) pass=1 ;;
            esac
        done
        if [ $pass = 0 ]; then
            echo "src/${f#./}:$line: $layer may not include \"$path\" (allowed: $ok)"
            bad=1
        fi
    done <<EOT
$out
EOT
done
if [ $bad = 0 ]; then
    echo "check-layers: $checked includes in src/ follow the layering"
fi
exit $bad
