#!/bin/sh
# SPDX-License-Identifier: MIT
#
# `gntsim compare-policies`: its table, CSV and SVG outputs, and that the numbers
# are the model's (the seed bug faults on 1500-byte TX under 4.14.1, not 4.15.0, and
# never on RX; dma-direct bounces nothing; era B takes double_gt_lock; smmu-flush=range
# drops fewer IOTLB entries). Timings are printed, never checked.
# Usage: compare.sh GNTSIM SCRATCH-DIR (from the source tree's top).
set -u
GNTSIM=$1
T=${2:-${TMPDIR:-/tmp}/gntsim-compare-$$}
mkdir -p "$T" || exit 1
. "$(dirname "$0")/lib.sh"
G=$GNTSIM
XMLCHECK="$(dirname "$0")/xml_wellformed.awk"
rm -rf "$T/svg" "$T/c.csv"

# ---- usage errors: exit 2, a message and the --help hint ----
for args in "--policy=bogus" "--workload=net-tx-9000" "--iterations=0" \
    "--iterations=12x" "--iterations=-3" "--release=9.99" "--policy=," "extra" \
    "--csv=" "--svg=" "--per-gib=yes" "--frobnicate"; do
    t "usage $args" "$G" compare-policies "$args"
    expect_rc 2
    expect_err "^gntsim compare-policies: "
    expect_err "^Try 'gntsim compare-policies --help'"
done
t "unknown policy names --list" "$G" compare-policies --policy swiotlb-xen,nope
expect_err "unknown policy 'nope' \(see --list\)"

t help "$G" compare-policies --help
expect_rc 0
expect_out "^Usage: gntsim compare-policies"
t "help via gntsim help" "$G" help compare-policies
expect_rc 0
expect_out "--iterations=N"
t "in gntsim --help" "$G" --help
expect_out "compare-policies"

t list "$G" compare-policies --list
expect_rc 0
expect_has swiotlb-xen dma-direct swiotlb-xen+range dma-direct+range \
    net-tx-64 net-tx-1500 net-echo-64 net-echo-1500 net-rx-64 net-rx-1500 blk-read-4k \
    blk-read-64k blk-write-4k blk-write-64k

# ---- one matrix: every policy and workload under 4.14.1 and 4.15.0 ----
t matrix "$G" compare-policies -n 8 -r 4.14.1,RELEASE-4.15.0 --csv "$T/c.csv" \
    --svg "$T/svg"
expect_rc 0
cp "$T/out" "$T/table"
expect_out "^policy +release +workload +map +unmap +tlbi +dropped +bounceB +cmo +dgtlock +gnttab +faults +sim-us$"
expect_out "^swiotlb-xen +4\.14\.1 +net-tx-1500 "
expect_out "^dma-direct\+range +4\.15\.0 +blk-write-64k "
expect_out "^20 charts written into .*/svg/$"
no_out "FAILED"
# 5 policies x 2 releases x 10 workloads
n=$(grep -cE '^(swiotlb-xen|dma-direct)' "$T/table")
name="table rows"
if [ "$n" = 100 ]; then ok; else bad "$n table rows, expected 100"; fi

# the CSV: its header, 160 rows of 26 fields each (the 5 policies above and the three
# proposals that exist in 4.14.1 and 4.15.0: per-device, per-device-iommus,
# dom0-iommu-flag; not-direct-mapped and vsmmu are reported as not run), numbers where
# numbers go
name=csv
head -n 1 "$T/c.csv" >"$T/header"
want="policy,release,workload,unit,unit_bytes,units,status"
for m in iommu_map iommu_unmap iotlb_inval iotlb_dropped bounce_bytes cache_maint \
    double_gt_lock gnttab_hypercalls smmu_faults; do want="$want,${m}_per_unit"; done
for m in iommu_map iommu_unmap iotlb_inval iotlb_dropped bounce_bytes cache_maint \
    double_gt_lock gnttab_hypercalls smmu_faults; do want="$want,${m}_per_gib"; done
want="$want,sim_ns_per_unit"
if [ "$(cat "$T/header")" = "$want" ]; then ok; else bad "CSV header: $(cat "$T/header")"; fi
rows=$(awk -F, 'NR > 1 && NF == 26 && $6 == 24 && $7 == "ok"' "$T/c.csv" | wc -l)
if [ "$rows" = 160 ]; then ok; else bad "$rows well-formed CSV rows, expected 160"; fi
expect_err "not-direct-mapped under 4\.14\.1: not run: .*4\.20"
expect_err "vsmmu under 4\.15\.0: not run: "
nonnum=$(awk -F, 'NR > 1 { for (i = 8; i <= NF; i++) if ($i !~ /^[0-9.e+-]+$/) print NR ": " $i }' "$T/c.csv" | head -n 3)
if [ -z "$nonnum" ]; then ok; else bad "non-numeric CSV values: $nonnum"; fi

# csv POLICY RELEASE WORKLOAD COLUMN: one value of the CSV
csv() {
    awk -F, -v p="$1" -v r="$2" -v w="$3" -v c="$4" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == p && $2 == r && $3 == w { print $(col[c]) }' "$T/c.csv"
}
# is NAME VALUE WANT: the value equals WANT (as numbers)
is() {
    name=$1
    if awk -v a="$2" -v b="$3" 'BEGIN { exit !(a + 0 == b + 0 && a != "") }'; then ok
    else bad "got '$2', expected $3"; fi
}
# the seed bug: under 4.14.1 every 1500-byte frame faults at the SMMU with
# swiotlb-xen (no 1:1 entry); 4.15.0 maps it; dma-direct uses the gfn and works
is "4.14.1 tx-1500 faults" "$(csv swiotlb-xen 4.14.1 net-tx-1500 smmu_faults_per_unit)" 1
is "4.15.0 tx-1500 no fault" "$(csv swiotlb-xen 4.15.0 net-tx-1500 smmu_faults_per_unit)" 0
is "4.14.1 no 1:1 map" "$(csv swiotlb-xen 4.14.1 net-tx-1500 iommu_map_per_unit)" 0
is "4.15.0 1:1 map" "$(csv swiotlb-xen 4.15.0 net-tx-1500 iommu_map_per_unit)" 1
is "dma-direct 4.14.1 no fault" "$(csv dma-direct 4.14.1 net-tx-1500 smmu_faults_per_unit)" 0
is "4.14.1 64k read faults" "$(csv swiotlb-xen 4.14.1 blk-read-64k smmu_faults_per_unit)" 16
# a 64 KiB request: 16 pages, each with its 1:1 map and unmap; era B's double lock
is "64k maps" "$(csv dma-direct 4.15.0 blk-read-64k iommu_map_per_unit)" 16
is "64k maps per GiB" "$(csv dma-direct 4.15.0 blk-read-64k iommu_map_per_gib)" 262144
is "era B double_gt_lock" "$(csv swiotlb-xen 4.15.0 blk-write-4k double_gt_lock_per_unit)" 2
is "4.14.1 no double_gt_lock" "$(csv swiotlb-xen 4.14.1 blk-write-4k double_gt_lock_per_unit)" 0
# the review's proposal: per-device DMA with dom0's declaration, no 1:1 maps, no
# double_gt_lock, one grant hypercall fewer per page than swiotlb-xen's cache flush
is "per-device 64k no maps" "$(csv per-device 4.15.0 blk-read-64k iommu_map_per_unit)" 0
is "per-device no double_gt_lock" "$(csv per-device 4.15.0 blk-write-4k double_gt_lock_per_unit)" 0
is "per-device 4.14.1 no fault" "$(csv per-device 4.14.1 net-tx-1500 smmu_faults_per_unit)" 0
is "one flag without the declaration still maps" "$(csv dom0-iommu-flag 4.15.0 blk-read-64k iommu_map_per_unit)" 16
# swiotlb-xen flushes foreign pages by GNTTABOP_cache_flush: two more hypercalls
is "swiotlb-xen grant hypercalls" "$(csv swiotlb-xen 4.15.0 blk-read-4k gnttab_hypercalls_per_unit)" 4
is "dma-direct grant hypercalls" "$(csv dma-direct 4.15.0 blk-read-4k gnttab_hypercalls_per_unit)" 2
# bounces: none without swiotlb-xen, none with it (cache_flush exists), every byte
# of the request in a kernel without the cache_flush probe
name="dma-direct never bounces"
b=$(awk -F, '$1 ~ /^dma-direct/ && $12 != 0' "$T/c.csv")
if [ -z "$b" ]; then ok; else bad "dma-direct bounced: $b"; fi
is "swiotlb-xen no bounce" "$(csv swiotlb-xen 4.15.0 blk-write-64k bounce_bytes_per_unit)" 0
is "nocflush bounces" "$(csv swiotlb-xen-nocflush 4.15.0 blk-write-64k bounce_bytes_per_unit)" 65536
# RX from the peer: the NIC writes dom0's own buffer and netback grant-copies, so no
# 1:1 map, no fault (4.14.1 included), no invalidation, no bounce, in every policy;
# one GNTTABOP_copy per burst (-n 8: a burst of 8 frames), a clean and an invalidate
# per frame
for p in swiotlb-xen dma-direct swiotlb-xen-nocflush per-device; do
    for r in 4.14.1 4.15.0; do
        is "$p $r rx-1500 no map" "$(csv $p $r net-rx-1500 iommu_map_per_unit)" 0
        is "$p $r rx-1500 no fault" "$(csv $p $r net-rx-1500 smmu_faults_per_unit)" 0
        is "$p $r rx-1500 no tlbi" "$(csv $p $r net-rx-1500 iotlb_inval_per_unit)" 0
        is "$p $r rx-1500 no bounce" "$(csv $p $r net-rx-1500 bounce_bytes_per_unit)" 0
        is "$p $r rx-64 grant copies" "$(csv $p $r net-rx-64 gnttab_hypercalls_per_unit)" 0.125
        is "$p $r rx-1500 cmo" "$(csv $p $r net-rx-1500 cache_maint_per_unit)" 2
    done
done
# selective invalidation keeps the other pages' entries
is "context drops" "$(csv swiotlb-xen 4.15.0 net-tx-1500 iotlb_dropped_per_unit)" 2
is "range drops" "$(csv swiotlb-xen+range 4.15.0 net-tx-1500 iotlb_dropped_per_unit)" 1

# the charts: 10 a release, each a well-formed SVG document naming its metric
name=svg
n=$(ls "$T/svg" | grep -c '\.svg$')
if [ "$n" = 20 ]; then ok; else bad "$n SVG files, expected 20"; fi
for f in "$T"/svg/*.svg; do
    name="well-formed $(basename "$f")"
    if awk -v root=svg -f "$XMLCHECK" "$f" >"$T/xml" 2>&1; then ok; else bad "$(cat "$T/xml")"; fi
done
name="chart content"
if grep -q '>IOMMU map calls per packet or request, Xen 4.15.0<' "$T/svg/iommu_map-4.15.0.svg" &&
    grep -q '>blk-read-64k<' "$T/svg/iommu_map-4.15.0.svg"; then ok; else bad "iommu_map-4.15.0.svg"; fi
# the checker itself refuses a broken document
printf '<svg><g></svg>\n' >"$T/broken.svg"
name="xml check refuses"
if awk -v root=svg -f "$XMLCHECK" "$T/broken.svg" >/dev/null 2>&1; then bad "accepted"; else ok; fi

# ---- --csv -: the CSV alone on standard output, the table on standard error ----
t "csv to stdout" "$G" compare-policies -n 2 -p dma-direct -w blk-read-4k -r master \
    --per-gib --csv -
expect_rc 0
expect_out "^policy,release,workload,"
expect_out "^dma-direct,master,blk-read-4k,request,4096,6,ok,"
no_out "^policy +release"
expect_err "^dma-direct +master +blk-read-4k "
expect_err "^Per GiB of payload"

# ---- an output that cannot be written: exit 2 ----
t "csv unwritable" "$G" compare-policies -n 1 -p dma-direct -w blk-read-4k -r master \
    --csv "$T/no/such/dir/c.csv"
expect_rc 2
expect_err "cannot write '.*c.csv'"
: >"$T/afile"
t "svg not a directory" "$G" compare-policies -n 1 -p dma-direct -w blk-read-4k \
    -r master --svg "$T/afile"
expect_rc 2
expect_err "cannot write the charts"
finish
