#!/bin/sh
# The ledger benchmark (issue 10, item 6; docs: bench/README.md): a generated ledger loaded
# through the real import, then recording one event durably and the scorecards both ways,
# each scorecard against SQL over the same store in the same run. `make bench` runs it after
# the check benchmark (LEDGER=0 skips it).
#
#   bench/ledger.sh                        1,000,000 events, seed 42, 200 recording runs
#   LEDGER_N=100000 bench/ledger.sh        quicker: about 5 s (1,000,000: about 90 s)
#
# Environment: LEDGER_N (events, default 1000000), SEED (42), RUNS (200 recordings; the
# scorecards RUNS/10, at least 10), BUILD (build), WORK ($BUILD/bench/work), RECORD=0 to leave
# bench/RESULTS.md alone.
set -eu

cd "$(dirname "$0")/.."
LEDGER_N=${LEDGER_N:-1000000}
SEED=${SEED:-42}
RUNS=${RUNS:-200}
BUILD=${BUILD:-build}
WORK=${WORK:-$BUILD/bench/work}
RECORD=${RECORD:-1}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
git diff --quiet HEAD -- lib include src 2>/dev/null || commit="$commit + uncommitted changes to lib/include/src"

[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=debugoptimized
[ -n "$(ninja -C "$BUILD" -t targets all 2>/dev/null | grep '^bench/bench_ledger:')" ] ||
    meson setup --reconfigure "$BUILD" >/dev/null
ninja -C "$BUILD" bench/gen_factories bench/bench_ledger >/dev/null
mkdir -p "$WORK/ledger"
# run copies: the build directory is shared, a rebuild during the run must not swap them
cp "$BUILD/bench/gen_factories" "$BUILD/bench/bench_ledger" "$WORK/ledger/"

start=$(date +%s)
# the registry: 12,000 generated factories (re-listings merge), the first 10,000 named
CSV=$WORK/ledger/registry-12000-$SEED.csv
"$WORK/ledger/gen_factories" 12000 "$SEED" "$CSV"
KV=$WORK/ledger/ledger.kv
"$WORK/ledger/bench_ledger" "$LEDGER_N" "$SEED" "$CSV" "$WORK/ledger" "$RUNS" > "$KV.tmp"
mv "$KV.tmp" "$KV"
. "$KV"
end=$(date +%s)

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
cc_version=$(${CC:-cc} --version 2>/dev/null | head -1)
buildtype=$(meson introspect --buildoptions "$BUILD" 2>/dev/null |
    python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')

# met, or missed and by how much
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {printf (v <= t) ? "**met**" : "**missed** (%.1fx over)", v / t}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", (b > 0) ? a / b : 0}'; }
same() { [ "$1" = yes ] && echo "the same" || echo "**DIFFERENT**"; }

section=$(cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') - the ledger: $ledger_events events, seed $SEED (bench/ledger.sh)

Machine: $cpu, $(nproc) cores (nproc), $mem RAM, Linux $(uname -r), $cc_version,
build \`$buildtype\`, commit $commit. Whole run $((end - start)) s.
2,000 brands, 10,000 factories of a generated registry, $ledger_pairs pairs with events,
three seasons of RFQ cycles; generated in $ledger_gen_s s, imported (\`sv_ledger_import\`,
one transaction, every event admitted) in $ledger_import_s s. Peak RSS $((ledger_rss_kb / 1024)) MB.

| measure | result | baseline, same run | ratio | target | |
|---|---|---|---|---|---|
| record one event durably (\`sv_ledger_record\`, a message, one transaction; a pair of $record_pair_events events; synchronous=$record_synchronous), $record_runs runs | p50 $record_p50_ms ms, p99 $record_p99_ms ms | | | <= 1 ms | $(verdict "$record_p50_ms" 1) |
| factory $card_factory_who's scorecard over its $ledger_factory_brands brands ($card_factory_events events: read from the typed columns, computed) | p50 $card_factory_p50_ms ms, p99 $card_factory_p99_ms ms (\`sv_scorecard_compute\` alone $card_factory_compute_p50_ms ms) | SQL $card_factory_measure p50 $card_factory_sql_p50_ms ms | $(ratio "$card_factory_p50_ms" "$card_factory_sql_p50_ms") the SQL | <= 20 ms | $(verdict "$card_factory_p50_ms" 20) |
| brand $card_brand_who's scorecard over all its factories ($card_brand_events events) | p50 $card_brand_p50_ms ms, p99 $card_brand_p99_ms ms (\`sv_scorecard_compute\` alone $card_brand_compute_p50_ms ms) | SQL $card_brand_measure p50 $card_brand_sql_p50_ms ms | $(ratio "$card_brand_p50_ms" "$card_brand_sql_p50_ms") the SQL | <= 20 ms | $(verdict "$card_brand_p50_ms" 20) |
| RFQ comparison of brand $card_brand_who, 10 quotes x 20 styles: its $rfq_events events and the program read from the store, compared (\`quotes compare\`), $rfq_runs runs | p50 $rfq_p50_ms ms, p99 $rfq_p99_ms ms | SQL each quote's FOB total p50 $rfq_sql_p50_ms ms | $(ratio "$rfq_p50_ms" "$rfq_sql_p50_ms") the SQL | <= 20 ms | $(verdict "$rfq_p50_ms" 20) |
| the same, \`sv_quotes_compare\` alone (the events and the program already read) | p50 $rfq_alone_p50_ms ms, p99 $rfq_alone_p99_ms ms | | $(ratio "$rfq_alone_p50_ms" "$rfq_sql_p50_ms") the SQL | <= 20 ms | $(verdict "$rfq_alone_p50_ms" 20) |

The SQL's figures against the engine's: $card_factory_measure $card_factory_sql (engine
$card_factory_engine): $(same "$card_factory_same"); $card_brand_measure $card_brand_sql
(engine $card_brand_engine): $(same "$card_brand_same"); the RFQ's FOB totals at its
quantities, quote by quote ($rfq_ranked ranked, $rfq_complete quoting every style, the first
$rfq_fob_first minor units): $(same "$rfq_same"). Best fit: $rfq_best.
EOF
)
echo "$section"
if [ "$RECORD" != 0 ]; then
    printf '%s\n' "$section" >> bench/RESULTS.md
    echo
    echo "(appended to bench/RESULTS.md)"
fi
