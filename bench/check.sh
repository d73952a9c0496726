#!/bin/sh
# The check benchmark: `selvedge check` against `selvedge cost` on big generated programs, in
# the same run (docs: bench/README.md). `make bench` runs it after the matcher benchmark.
#
#   bench/check.sh                       the two shapes below, 5 runs of each command
#   SHAPES="1000x50" RUNS=3 bench/check.sh
#
# Environment: SHAPES (STYLESxCOLOURS, space separated; default "1000x50 1000x88": the shape
# the issue timed, and the largest of that kind under the loader's 4 MiB), SEED (42), RUNS (5),
# BUILD (build), WORK ($BUILD/bench/work), RECORD=0 to leave bench/RESULTS.md alone,
# SELVEDGE (a binary to measure instead of the one built now, e.g. an older build) and LABEL
# (what RESULTS.md calls it, e.g. "lib at 0a71a6f").
set -eu

cd "$(dirname "$0")/.."
SHAPES=${SHAPES:-"1000x50 1000x88"}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
BUILD=${BUILD:-build}
WORK=${WORK:-$BUILD/bench/work}
RECORD=${RECORD:-1}
TODAY=2026-11-25

commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
git diff --quiet HEAD -- lib include src 2>/dev/null || commit="$commit + uncommitted changes to lib/include/src"

[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=debugoptimized
[ -n "$(ninja -C "$BUILD" -t targets all 2>/dev/null | grep '^bench/gen_program:')" ] ||
    meson setup --reconfigure "$BUILD" >/dev/null
ninja -C "$BUILD" selvedge bench/gen_program >/dev/null
mkdir -p "$WORK"
# measure a copy: the build directory is shared, a rebuild during the run must not swap it
if [ -n "${SELVEDGE:-}" ]; then
    cp "$SELVEDGE" "$WORK/selvedge-check"
    commit=${LABEL:-"a binary given in SELVEDGE, not the tree's"}
else
    cp "$BUILD/selvedge" "$WORK/selvedge-check"
fi
cp "$BUILD/bench/gen_program" "$WORK/"
BIN=$WORK/selvedge-check

# seconds of one run of "$@", output thrown away; a run that fails stops the benchmark
seconds() {
    t0=$(date +%s.%N)
    "$@" > /dev/null
    t1=$(date +%s.%N)
    echo "$t1 $t0" | awk '{printf "%.3f", $1 - $2}'
}

median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

rows=""
for shape in $SHAPES; do
    styles=${shape%x*}
    colours=${shape#*x}
    prog=$WORK/program-$shape-$SEED.yaml
    bytes=$("$WORK/gen_program" "$styles" "$colours" "$SEED" "$prog")
    findings=$("$BIN" check "$prog" --today $TODAY --json |
        python3 -c 'import json, sys; print(len(json.load(sys.stdin)["findings"]))')
    echo "== $shape: $bytes bytes, $findings findings"
    check_all="" cost_all=""
    i=0
    while [ $i -lt "$RUNS" ]; do
        # interleaved, so that a noisy minute hits both
        check_all="$check_all $(seconds "$BIN" check "$prog" --today $TODAY)"
        cost_all="$cost_all $(seconds "$BIN" cost "$prog")"
        i=$((i + 1))
    done
    check_s=$(echo "$check_all" | median)
    cost_s=$(echo "$cost_all" | median)
    ratio=$(awk -v a="$check_s" -v b="$cost_s" 'BEGIN {printf "%.1f", a / b}')
    met=$(awk -v r="$ratio" 'BEGIN {print (r <= 10) ? "**met**" : "**missed**"}')
    echo "   check $check_s s (runs:$check_all), cost $cost_s s (runs:$cost_all): ${ratio}x"
    rows="$rows
| $shape | $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}') MB | $findings | $check_s s | $cost_s s | ${ratio}x | <= 10x | $met |"
done

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
cc_version=$(${CC:-cc} --version 2>/dev/null | head -1)

section=$(cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') - check against cost, big programs (bench/check.sh)

Machine: $cpu, $(nproc) cores (nproc), $mem RAM, Linux $(uname -r), $cc_version, commit $commit.
\`bench/gen_program STYLES COLOURS $SEED\` programs (no origin preference, a launch the plan
cannot make); median of $RUNS runs of each command, interleaved, \`--today $TODAY\`, output to
/dev/null.

| styles x colours | file | findings | \`check\` | \`cost\` | check / cost | target | |
|---|---|---|---|---|---|---|---|$rows
EOF
)
echo "$section"
if [ "$RECORD" != 0 ]; then
    printf '%s\n' "$section" >> bench/RESULTS.md
    echo
    echo "(appended to bench/RESULTS.md)"
fi
