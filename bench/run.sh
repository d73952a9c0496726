#!/bin/sh
# The matcher and import benchmark, from one command (docs: bench/README.md).
#
#   bench/run.sh                 1,000,000 factories, seed 42, 200 matcher runs
#   N=100000 bench/run.sh        a quick run
#
# Environment: N (factories), SEED, RUNS (matcher runs after 10 warm-up runs), BUILD (meson
# build directory, default build), WORK (where the CSV and databases go, default
# $BUILD/bench/work), RECORD=0 to leave bench/RESULTS.md alone, REUSE_IMPORT=1 to keep the
# database and import figures of the last run with the same N and SEED (to iterate on the
# matcher without waiting for the import again), PERTURB_N (rows of the perturbed real rows
# file, default 300000; 0 to skip it), OSH_LISTS (the real Open Supply Hub lists it is made
# from, default ../shared/data/osh/lists beside the source tree), PERTURB_ONLY=1 to run only
# the perturbed real rows (and record only their section).
#
# Builds bench/gen_factories and bench/bench_match (not built by `ninja` or `make test`),
# generates the CSV, runs the import against `sqlite3 .import` and the matcher against the
# memory floor and the SQL query, prints a summary and appends it to bench/RESULTS.md with
# the machine's description.
set -eu

cd "$(dirname "$0")/.."
N=${N:-1000000}
SEED=${SEED:-42}
RUNS=${RUNS:-200}
BUILD=${BUILD:-build}
WORK=${WORK:-$BUILD/bench/work}
RECORD=${RECORD:-1}
PERTURB_N=${PERTURB_N:-300000}
OSH_LISTS=${OSH_LISTS:-../shared/data/osh/lists}

# the code measured is the code built now: note its commit before building
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
git diff --quiet HEAD -- lib include src 2>/dev/null || commit="$commit + uncommitted changes to lib/include/src"

command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 shell is needed (apt-get install sqlite3)" >&2; exit 1; }
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=debugoptimized
# a build directory configured before bench/ existed picks it up here
[ -n "$(ninja -C "$BUILD" -t targets all 2>/dev/null | grep '^bench/bench_match:')" ] ||
    meson setup --reconfigure "$BUILD" >/dev/null
ninja -C "$BUILD" bench/gen_factories bench/bench_match >/dev/null

mkdir -p "$WORK"
# run copies: the build directory is shared, and a rebuild during the run must not swap the
# code being measured
cp "$BUILD/bench/gen_factories" "$BUILD/bench/bench_match" "$WORK/"
CSV=$WORK/factories-$N-$SEED.csv
KV_IMPORT=$WORK/import-$N-$SEED.kv
KV_MATCH=$WORK/match.kv

start=$(date +%s)
reused=""
PERTURB_ONLY=${PERTURB_ONLY:-0}
if [ "$PERTURB_ONLY" != 0 ]; then
    echo "== the generated factories and the matcher: skipped (PERTURB_ONLY=1)"
elif [ "${REUSE_IMPORT:-0}" != 0 ] && [ -f "$KV_IMPORT" ] && [ -f "$WORK/factories.db" ]; then
    # iterating on the matcher: keep the database and the import figures of an earlier run
    . "$KV_IMPORT"
    reused=" Import figures and database reused from the run of $import_date (REUSE_IMPORT=1)."
    echo "== reusing the import of $import_date"
else
    echo "== generating $N factories (seed $SEED)"
    t0=$(date +%s.%N)
    "$WORK/gen_factories" "$N" "$SEED" "$CSV"
    t1=$(date +%s.%N)
    gen_s=$(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}')
    echo "   $CSV: $(wc -c < "$CSV") bytes in $gen_s s"
    echo "== import"
    "$WORK/bench_match" import "$CSV" "$WORK" > "$KV_IMPORT.tmp"
    { echo "gen_s=$gen_s"; echo "import_date='$(date -u '+%Y-%m-%d %H:%M UTC')'"; } >> "$KV_IMPORT.tmp"
    mv "$KV_IMPORT.tmp" "$KV_IMPORT"
    . "$KV_IMPORT"
fi
if [ "$PERTURB_ONLY" = 0 ]; then
    echo "== match"
    "$WORK/bench_match" match "$WORK/factories.db" bench/program12.yaml "$RUNS" > "$KV_MATCH"
    . "$KV_MATCH"
fi

# ---- the perturbed real rows: near-duplicates of the Open Supply Hub lists (issue 8) ----
perturbed=""
if [ "$PERTURB_N" != 0 ] && ls "$OSH_LISTS"/*.csv >/dev/null 2>&1; then
    echo "== perturbed real rows: $PERTURB_N from $OSH_LISTS"
    mkdir -p "$WORK/perturbed"
    PCSV=$WORK/perturbed/osh-perturbed-$PERTURB_N-$SEED.csv
    "$WORK/gen_factories" perturb "$PERTURB_N" "$SEED" "$PCSV" "$OSH_LISTS"/*.csv
    echo "   $PCSV: $(wc -c < "$PCSV") bytes"
    "$WORK/bench_match" import "$PCSV" "$WORK/perturbed" | sed 's/^/pert_/' > "$WORK/perturbed/import.kv"
    . "$WORK/perturbed/import.kv"
    perturbed=yes
elif [ "$PERTURB_N" != 0 ]; then
    echo "== perturbed real rows: skipped, no lists in $OSH_LISTS (set OSH_LISTS)"
fi
end=$(date +%s)

# ---- the machine ----
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
cc_version=$(${CC:-cc} --version 2>/dev/null | head -1)
buildtype=$(meson introspect --buildoptions "$BUILD" 2>/dev/null |
    python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')
sqlite_cli=$(sqlite3 --version | cut -d' ' -f1)

mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
yes_no() { awk "BEGIN {print ($1) ? \"**met**\" : \"**missed**\"}"; }

if [ "$PERTURB_ONLY" != 0 ]; then
    [ -n "$perturbed" ] || { echo "bench: PERTURB_ONLY=1 and nothing to perturb (PERTURB_N, OSH_LISTS)" >&2; exit 1; }
    section=$(cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') - perturbed real rows only (PERTURB_ONLY=1)

Machine: $cpu, $(nproc) cores (nproc), $mem RAM, Linux $(uname -r), $cc_version,
SQLite $sqlite_cli (sqlite3 shell), build \`$buildtype\`, commit $commit.
Whole run $((end - start)) s.
EOF
)
else
rss_max=$(( match_rss_kb > import_rss_kb ? match_rss_kb : import_rss_kb ))

p50_met=$(yes_no "$match_p50_ms <= 20")
sql_met=$(yes_no "$sql_over_match >= 20")
imp_met=$(yes_no "$import_ratio <= 1.5")
rss_met=$(yes_no "$rss_max <= 300 * 1024")
p50_by=$(awk -v v="$match_p50_ms" 'BEGIN {printf (v <= 20) ? "" : " (%.1fx over)", v / 20}')
sql_by=$(awk -v v="$sql_over_match" 'BEGIN {printf (v >= 20) ? "" : " (%.0f%% of it)", v / 20 * 100}')
imp_by=$(awk -v v="$import_ratio" 'BEGIN {printf (v <= 1.5) ? "" : " (%.1fx over)", v / 1.5}')

section=$(cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') - $N factories, seed $SEED

Machine: $cpu, $(nproc) cores (nproc), $mem RAM, Linux $(uname -r), $cc_version,
SQLite $sqlite_lib_version (library) / $sqlite_cli (sqlite3 shell), build \`$buildtype\`, commit $commit.
Whole run $((end - start)) s (generation $gen_s s).$reused

| measure | result | baseline, same run | ratio | target | |
|---|---|---|---|---|---|
| match latency p50 ($match_runs runs, $match_threads threads as \`selvedge match\` runs it) | $match_p50_ms ms | memory floor $floor_p50_ms ms | ${match_over_floor}x the floor | <= 20 ms | $p50_met$p50_by |
| match latency p99 | $match_p99_ms ms (max $match_max_ms) | memory floor p99 $floor_p99_ms ms | | | |
| match latency on one thread, p50 / p99 (interleaved with the above) | $match_1thread_p50_ms / $match_1thread_p99_ms ms | | | | lists identical to the threaded run: $match_threads_same |
| same filter and ranking as one SQL query, p50 ($sql_runs runs) | $sql_p50_ms ms | matcher p50 $match_p50_ms ms | SQL ${sql_over_match}x slower | >= 20x | $sql_met$sql_by |
| the same SQL, database memory-mapped (SQLite's best case), p50 (3 runs) | $sql_mmap_p50_ms ms | matcher p50 | SQL ${sql_mmap_over_match}x slower | | |
| import of the ${N}-row CSV (\`sv_factories_import\`) | $import_sv_s s | \`sqlite3 .import\` $import_sqlite3_s s | ${import_ratio}x | <= 1.5x | $imp_met$imp_by |
| resident memory, matcher process: peak (loading the table, matching) | $(mb "$match_rss_kb") MB | resident once loaded $(mb "$match_rss_loaded_kb") MB | | <= 300 MB | $rss_met |
| resident memory, import process | $(mb "$import_rss_kb") MB | \`sqlite3 .import\` $(mb "$import_sqlite3_rss_kb") MB | | <= 300 MB | |

- Import: $import_rows rows, $import_added new factories, $import_merged merged as duplicates,
  $import_review pairs listed for review, $import_bad bad rows. The CSV reader alone (rows
  dropped) takes $import_parse_s s. Seconds at each 100,000 rows: $import_progress.
  \`sqlite3 .import\` runs: $import_sqlite3_runs s (the faster is the baseline).
  CSV $(mb $((import_csv_bytes / 1024))) MB; selvedge database $(mb $((import_db_bytes / 1024))) MB, bare table $(mb $((import_bare_db_bytes / 1024))) MB.
- Matcher: $match_factories factories and $match_prices price bands in $(mb $((match_table_bytes / 1024))) MB of columns, loaded by
  \`sv_store_factory_table\` in $match_load_s s. $match_candidates of $match_scanned pass the category
  screen; $match_top factories make all 12 styles, so the lists are partial matches and a split
  into $match_groups groups. Memory floor: every byte of the columns read in $floor_p50_ms ms ($floor_gbps GB/s).
- SQL: runs $sql_all_s s; its top 10 equal the matcher's (id and score): $sql_same_top.
EOF
)
fi
if [ -n "$perturbed" ]; then
    section=$(cat <<EOF
$section

Perturbed real rows (\`gen_factories perturb $PERTURB_N $SEED\`: the $(ls "$OSH_LISTS"/*.csv | wc -l) Open Supply Hub lists, each row
listed about $((PERTURB_N / 1900)) times with typos, case, legal forms and address abbreviations changed,
with their coordinates and a status, \`lat,lng,is_closed\`, as real lists and downloads have them):

| measure | result | baseline, same run | ratio |
|---|---|---|---|
| import of the ${PERTURB_N}-row file (\`sv_factories_import\`) | $pert_import_sv_s s | \`sqlite3 .import\` $pert_import_sqlite3_s s | ${pert_import_ratio}x |
| the CSV reader alone | $pert_import_parse_s s | | |
| resident memory, import process | $(mb "$pert_import_rss_kb") MB | \`sqlite3 .import\` $(mb "$pert_import_sqlite3_rss_kb") MB | |

- $pert_import_rows rows: $pert_import_added factories, $pert_import_merged merged as spellings of one,
  $pert_import_review pairs to review, $pert_import_bad bad rows. Seconds at each 100,000 rows:
  $pert_import_progress.
EOF
)
fi

echo
echo "$section"
if [ "$RECORD" != 0 ]; then
    printf '%s\n' "$section" >> bench/RESULTS.md
    echo
    echo "(appended to bench/RESULTS.md)"
fi

# ---- the check benchmark: check against cost on big programs, its own section ----
[ "${CHECK:-1}" = 0 ] || [ "$PERTURB_ONLY" != 0 ] || BUILD=$BUILD WORK=$WORK RECORD=$RECORD bench/check.sh
[ "${LEDGER:-1}" = 0 ] || [ "$PERTURB_ONLY" != 0 ] || BUILD=$BUILD WORK=$WORK RECORD=$RECORD SEED=$SEED bench/ledger.sh
[ "${SERVE:-1}" = 0 ] || [ "$PERTURB_ONLY" != 0 ] || BUILD=$BUILD WORK=$WORK RECORD=$RECORD SEED=$SEED N=$N bench/serve.sh
