#!/bin/sh
# The server's benchmark (issue 12, item 9; docs: bench/README.md): `selvedge serve` against
# nginx serving the same readiness report as a static file, in the same run; the matcher over
# HTTP on a registry of a million generated factories; a minute at 128 connections with the
# server's resident memory sampled; kill -9 during writes, then the store's integrity and a
# restart. `make bench` runs it last (SERVE=0 skips it). Needs wrk and nginx (`make bench`
# installs them: BENCH_PACKAGES in the Makefile).
#
#   bench/serve.sh                          the million-factory store of bench/run.sh (built
#                                           here when missing: about 2 minutes), reused
#   N=100000 RECORD=0 bench/serve.sh        quicker, RESULTS.md left alone
#
# Environment: N (factories, 1000000), SEED (42), BUILD (build), WORK ($BUILD/bench/work),
# DURATION (seconds of each throughput run, 15), SOAK (seconds at 128 connections, 60),
# RECORD=0 to leave bench/RESULTS.md alone.
set -eu

cd "$(dirname "$0")/.."
N=${N:-1000000}
SEED=${SEED:-42}
BUILD=${BUILD:-build}
WORK=${WORK:-$BUILD/bench/work}
DURATION=${DURATION:-15}
SOAK=${SOAK:-60}
RECORD=${RECORD:-1}
TODAY=2026-11-25

for tool in wrk nginx curl sqlite3 python3; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
        { echo "bench: $tool is needed (make bench installs it)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
git diff --quiet HEAD -- lib include src 2>/dev/null || commit="$commit + uncommitted changes to lib/include/src"

[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=debugoptimized
[ -n "$(ninja -C "$BUILD" -t targets all 2>/dev/null | grep '^bench/bench_match:')" ] ||
    meson setup --reconfigure "$BUILD" >/dev/null
ninja -C "$BUILD" selvedge bench/gen_factories bench/bench_match >/dev/null

S=$WORK/serve
mkdir -p "$S"
# run copies: the build directory is shared, a rebuild during the run must not swap them
cp "$BUILD/selvedge" "$S/selvedge"
cp "$BUILD/bench/gen_factories" "$BUILD/bench/bench_match" "$WORK/"

# ---- the registry: bench/run.sh's store of N factories, built once and reused ----
KV_IMPORT=$WORK/import-$N-$SEED.kv
if [ -f "$KV_IMPORT" ] && [ -f "$WORK/factories.db" ]; then
    . "$KV_IMPORT"
    echo "== reusing the store of $import_date ($N factories)"
else
    echo "== generating and importing $N factories (seed $SEED): once, then reused"
    CSV=$WORK/factories-$N-$SEED.csv
    "$WORK/gen_factories" "$N" "$SEED" "$CSV"
    "$WORK/bench_match" import "$CSV" "$WORK" > "$KV_IMPORT.tmp"
    echo "import_date='$(date -u '+%Y-%m-%d %H:%M UTC')'" >> "$KV_IMPORT.tmp"
    mv "$KV_IMPORT.tmp" "$KV_IMPORT"
fi
# the server writes accounts, tokens and programs: into a copy, the benchmark's store stays
DB=$S/serve.db
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$WORK/factories.db" "$DB"
factories=$(sqlite3 "$DB" "SELECT count(*) FROM factory WHERE merged_into IS NULL" 2>/dev/null ||
    sqlite3 "$DB" "SELECT count(*) FROM factory")

SERVER_PID=""
NGINX_PID=""
cleanup() {
    [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
    [ -z "$NGINX_PID" ] || kill "$NGINX_PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# start the server on a free port; PORT and SERVER_PID set
start_server() {
    : > "$S/listen.out"
    "$S/selvedge" serve --db "$DB" --listen 127.0.0.1:0 --insecure-fast-hash \
        > "$S/listen.out" 2>> "$S/serve.log" &
    SERVER_PID=$!
    i=0
    until grep -q '^listening on' "$S/listen.out"; do
        i=$((i + 1))
        [ $i -lt 600 ] || { echo "bench: the server did not start" >&2; cat "$S/serve.log" >&2; exit 1; }
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: the server exited" >&2; tail "$S/serve.log" >&2; exit 1; }
        sleep 0.1
    done
    PORT=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$S/listen.out")
    URL=http://127.0.0.1:$PORT
}
: > "$S/serve.log"
start_server

# an account, an API token, the program
curl -sf -c "$S/jar" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password-1","org_name":"Bench","org_kind":"brand"}' \
    "$URL/api/signup" > "$S/signup.json"
csrf=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' < "$S/signup.json")
TOKEN=$(curl -sf -b "$S/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "$URL/api/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
AUTH="Authorization: Bearer $TOKEN"
PID_=$(curl -sf -H "$AUTH" -H 'Content-Type: application/yaml' --data-binary @bench/program12.yaml \
    "$URL/api/programs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
READY_PATH="/api/programs/$PID_/readiness?today=$TODAY"
MATCH_PATH="/api/programs/$PID_/matches?today=$TODAY"

# the same report, as a static file for nginx
NG=$S/nginx
rm -rf "$NG"
mkdir -p "$NG/logs" "$NG/tmp" "$NG/html"
curl -sf -H "$AUTH" "$URL$READY_PATH" > "$NG/html/readiness.json"
ready_bytes=$(wc -c < "$NG/html/readiness.json")
NGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s|@PORT@|$NGPORT|" -e "s|@ROOT@|$(cd "$NG/html" && pwd)|" bench/nginx.conf > "$NG/nginx.conf"
"$NGINX" -p "$(cd "$NG" && pwd)/" -c nginx.conf -e logs/error.log &
NGINX_PID=$!
i=0
until curl -sf "http://127.0.0.1:$NGPORT/readiness.json" > "$NG/check.json" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "bench: nginx did not start" >&2; cat "$NG/logs/error.log" >&2; exit 1; }
    sleep 0.1
done
cmp -s "$NG/check.json" "$NG/html/readiness.json" || { echo "bench: nginx serves another file" >&2; exit 1; }

# wrk's figures: req/s, p50 and p99 in ms, errors (socket errors and non-2xx)
wrk_kv() { # PREFIX FILE
    awk -v p="$1" '
        function ms(v) { if (v ~ /us$/) return v * 0.001; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
        /Requests\/sec:/ { printf "%s_rps=%.0f\n", p, $2 }
        $1 == "50%" { printf "%s_p50=%.3f\n", p, ms($2) }
        $1 == "99%" { printf "%s_p99=%.3f\n", p, ms($2) }
        /requests in/ { printf "%s_requests=%s\n", p, $1 }
        /Socket errors/ { gsub(",", ""); e += $4 + $6 + $8 + $10 }
        /Non-2xx/ { e += $NF }
        END { printf "%s_errors=%d\n", p, e }' "$2"
}

start=$(date +%s)
load_before=$(cut -d' ' -f1 /proc/loadavg)
echo "== (a) nginx, the static file, 64 connections, $DURATION s"
wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$NGPORT/readiness.json" > "$S/wrk-nginx.txt"
wrk_kv nginx "$S/wrk-nginx.txt" > "$S/serve.kv"
echo "== (b) selvedge serve, readiness with a token, 64 connections, $DURATION s"
wrk -t2 -c64 -d"${DURATION}s" --latency -H "$AUTH" "$URL$READY_PATH" > "$S/wrk-ready.txt"
wrk_kv ready "$S/wrk-ready.txt" >> "$S/serve.kv"
# and nginx again, after: the ceiling on either side of the server's run
wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$NGPORT/readiness.json" > "$S/wrk-nginx2.txt"
wrk_kv nginx2 "$S/wrk-nginx2.txt" >> "$S/serve.kv"
kill "$NGINX_PID" 2>/dev/null || true
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

echo "== (c) matches over HTTP against $factories factories"
tm() { curl -s -o "$2" -w '%{http_code} %{time_total}\n' -H "$AUTH" "$URL$1"; }
first=$(tm "$MATCH_PATH" "$S/match1.json")
second=$(tm "$MATCH_PATH" "$S/match2.json")
cmp -s "$S/match1.json" "$S/match2.json" && match_same=yes || match_same=no
wrk -t1 -c1 -d"${DURATION}s" --latency -H "$AUTH" "$URL$MATCH_PATH" > "$S/wrk-match.txt"
wrk_kv match "$S/wrk-match.txt" >> "$S/serve.kv"

echo "== (d) $SOAK s at 128 connections, resident memory every 5 s"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
wrk -t2 -c128 -d"${SOAK}s" --latency -H "$AUTH" "$URL$READY_PATH" > "$S/wrk-soak.txt" &
WRK_PID=$!
samples=""
t=0
while kill -0 "$WRK_PID" 2>/dev/null; do
    samples="$samples $(rss)"
    sleep 5
done
wait "$WRK_PID"
samples="$samples $(rss)"
wrk_kv soak "$S/wrk-soak.txt" >> "$S/serve.kv"
rss_first=$(echo $samples | awk '{print int($1 / 1024)}')
rss_last=$(echo $samples | awk '{print int($NF / 1024)}')
rss_max=$(echo $samples | awk '{m = 0; for (i = 1; i <= NF; i++) if ($i > m) m = $i; print int(m / 1024)}')
rss_mb=$(echo $samples | awk '{for (i = 1; i <= NF; i++) printf "%s%d", (i > 1 ? " " : ""), $i / 1024}')

echo "== (e) kill -9 during writes (program uploads, four clients)"
programs_before=$(sqlite3 "$DB" "SELECT count(*) FROM program" 2>/dev/null || echo '?')
: > "$S/writes.txt"
for c in 1 2 3 4; do
    (while :; do
        curl -s -o /dev/null -w '%{http_code}\n' -H "$AUTH" -H 'Content-Type: application/yaml' \
            --data-binary @bench/program12.yaml "$URL/api/programs" >> "$S/writes.txt" || break
    done) &
    eval "W$c=\$!"
done
sleep 5
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
sleep 0.5
kill "$W1" "$W2" "$W3" "$W4" 2>/dev/null || true
wait "$W1" "$W2" "$W3" "$W4" 2>/dev/null || true
writes_ok=$(grep -c '^201' "$S/writes.txt" || true)
integrity=$(sqlite3 "$DB" "PRAGMA integrity_check" | tr '\n' ' ' | sed 's/ $//')
programs_after=$(sqlite3 "$DB" "SELECT count(*) FROM program")
start_server
restart_health=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/health")
restart_ready=$(curl -s -o "$S/ready-after.json" -w '%{http_code}' -H "$AUTH" "$URL$READY_PATH")
cmp -s "$S/ready-after.json" "$NG/html/readiness.json" && ready_same=yes || ready_same=no
restart_programs=$(curl -sf -H "$AUTH" "$URL/api/programs" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["programs"]))')
kill "$SERVER_PID"
wait "$SERVER_PID" && stop_status=0 || stop_status=$?
SERVER_PID=""
end=$(date +%s)
load_after=$(cut -d' ' -f1 /proc/loadavg)

. "$S/serve.kv"
set -- $first
first_code=$1; first_ms=$(awk -v s="$2" 'BEGIN {printf "%.0f", s * 1000}')
set -- $second
second_code=$1; second_ms=$(awk -v s="$2" 'BEGIN {printf "%.1f", s * 1000}')

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
cc_version=$(${CC:-cc} --version 2>/dev/null | head -1)
buildtype=$(meson introspect --buildoptions "$BUILD" 2>/dev/null |
    python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')
nginx_version=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')
wrk_version=$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')

atmost() { awk -v v="$1" -v t="$2" 'BEGIN {printf (v <= t) ? "**met**" : "**missed** (%.1fx over)", v / t}'; }
atleast() { awk -v v="$1" -v t="$2" -v s="$3" 'BEGIN {printf (v >= t) ? "**met** (%d%%)" : "**missed** (%d%% of nginx)", s}'; }
ceiling=$(awk -v a="$nginx_rps" -v b="$nginx2_rps" 'BEGIN {print (a > b) ? a : b}')
share=$(awk -v a="$ready_rps" -v b="$ceiling" 'BEGIN {printf "%.0f", 100 * a / b}')
flat=$(awk -v f="$rss_first" -v l="$rss_last" -v m="$rss_max" 'BEGIN {print (l - f <= f / 20 + 2 && m - f <= f / 20 + 2) ? "**flat**" : "**grew**"}')
zero() { [ "$1" = 0 ] && echo "**met**" || echo "**missed** ($1 errors)"; }
okv() { [ "$1" = ok ] && echo "**ok**" || echo "**NOT ok**: $1"; }

section=$(cat <<EOT

## $(date -u '+%Y-%m-%d %H:%M UTC') - the server: $factories factories, seed $SEED (bench/serve.sh)

Machine: $cpu, $(nproc) cores (nproc), $mem RAM, Linux $(uname -r), $cc_version,
build \`$buildtype\`, commit $commit; $nginx_version, $wrk_version. Whole run $((end - start)) s,
load average $load_before before and $load_after after. \`selvedge serve\` with its default
threads ($(nproc)), its log to a file; wrk on the same cores (2 threads), so client, server and
whatever else runs share them: the ratios are of the same run, the absolute figures are not
the machine's best.

| measure | result | baseline, same run | target | |
|---|---|---|---|---|
| (a) nginx, the readiness report ($ready_bytes bytes) as a static file, 64 connections, $DURATION s, before and after (b) | $nginx_rps and $nginx2_rps req/s, p99 $nginx_p99 / $nginx2_p99 ms | | the ceiling | |
| (b) \`GET /api/programs/{id}/readiness\` with a Bearer token (program12.yaml), 64 connections, $DURATION s | $ready_rps req/s, p50 $ready_p50 ms, p99 $ready_p99 ms, $ready_errors errors | nginx $ceiling req/s | >= 50% of nginx's req/s | $(atleast "$ready_rps" "$(awk -v c="$ceiling" 'BEGIN {print c / 2}')" "$share") |
| | | | p99 <= 10 ms | $(atmost "$ready_p99" 10) |
| (c) \`GET /api/programs/{id}/matches\` against the registry, one connection, $DURATION s ($match_requests requests) | p50 $match_p50 ms, p99 $match_p99 ms | the first request (the table loaded): $first_ms ms; the second $second_ms ms | p50 <= 25 ms | $(atmost "$match_p50" 25) |
| (d) readiness at 128 connections, $SOAK s ($soak_requests requests, $soak_rps req/s, p99 $soak_p99 ms) | $soak_errors errors; VmRSS first $rss_first MB, last $rss_last MB, max $rss_max MB | | 0 errors | $(zero "$soak_errors") |
| | VmRSS every 5 s (MB): $rss_mb | | flat | $flat |
| (e) kill -9 after 5 s of four clients uploading programs ($writes_ok uploads answered 201; $programs_before programs before, $programs_after after) | \`PRAGMA integrity_check\`: $integrity; restarted: health $restart_health, the readiness $restart_ready ($( [ "$ready_same" = yes ] && echo "the same document" || echo "**another document**")), $restart_programs programs listed; stopped with SIGTERM: exit $stop_status | | ok, and serves again | $(okv "$integrity") |

The match's answer was $( [ "$match_same" = yes ] && echo "the same" || echo "**different**") on the first and second requests ($first_code, $second_code).
EOT
)
echo "$section"
if [ "$RECORD" != 0 ]; then
    printf '%s\n' "$section" >> bench/RESULTS.md
    echo
    echo "(appended to bench/RESULTS.md)"
fi
