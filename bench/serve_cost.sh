#!/bin/sh
# The readiness request's cost in instructions (issue 12, item 9; docs: bench/README.md):
# `selvedge serve` and nginx (the same report as a static file) each run under valgrind's
# callgrind, warmed up, counters zeroed, then REQS requests over CONNS keep-alive
# connections, and the instructions counted in the process (user space: the kernel's share,
# nginx's sendfile among it, is not counted) divided by REQS. Repeatable whatever else the
# machine runs, unlike requests per second. About a minute. Needs valgrind, nginx, curl.
#
#   bench/serve_cost.sh                 prints the counts (key=value) and the top functions
#   REQS=500 bench/serve_cost.sh        quicker
#
# Environment: BUILD (build), WORK ($BUILD/bench/work), REQS (2000), CONNS (16), THREADS
# (the server's workers, 2), WARM (400 requests before counting), NGINX=0 to skip nginx,
# SYSCALLS=0 to skip the count of system calls (strace -c, natively, after the instructions).
set -eu

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
WORK=${WORK:-$BUILD/bench/work}
REQS=${REQS:-2000}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
WARM=${WARM:-400}
DO_NGINX=${NGINX:-1}
SYSCALLS=${SYSCALLS:-1}
TODAY=2026-11-25

for tool in valgrind callgrind_control callgrind_annotate curl python3 strace; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }
done
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)

ninja -C "$BUILD" selvedge >/dev/null
S=$WORK/cost
rm -rf "$S"
mkdir -p "$S"
cp "$BUILD/selvedge" "$S/selvedge"
DB=$S/cost.db

PID=""
cleanup() { [ -z "$PID" ] || kill "$PID" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# start CMD... in the background, its stdout to $S/out; PID set
start() {
    : > "$S/out"
    "$@" > "$S/out" 2>> "$S/log" &
    PID=$!
}
wait_listening() {
    i=0
    until grep -q '^listening on' "$S/out"; do
        i=$((i + 1))
        [ $i -lt 1200 ] || { echo "bench: the server did not start" >&2; tail "$S/log" >&2; exit 1; }
        kill -0 "$PID" 2>/dev/null || { echo "bench: the server exited" >&2; tail "$S/log" >&2; exit 1; }
        sleep 0.1
    done
    PORT=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$S/out")
}
stop() {
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=""
}

# an account, an API token and the program, by a server run natively
start "$S/selvedge" serve --db "$DB" --listen 127.0.0.1:0 --insecure-fast-hash
wait_listening
URL=http://127.0.0.1:$PORT
curl -sf -c "$S/jar" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password-1","org_name":"Bench","org_kind":"brand"}' \
    "$URL/api/signup" > "$S/signup.json"
csrf=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' < "$S/signup.json")
TOKEN=$(curl -sf -b "$S/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "$URL/api/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
PROG=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/yaml' \
    --data-binary @bench/program12.yaml "$URL/api/programs" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
READY_PATH="/api/programs/$PROG/readiness?today=$TODAY"
echo "$TOKEN" > "$S/token"
mkdir -p "$S/html"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL$READY_PATH" > "$S/html/readiness.json"
stop

# N requests of PATH to PORT over CONNS keep-alive connections, each answer checked: 200 and
# the report's bytes
load() { # PORT PATH N [AUTH]
    python3 - "$1" "$2" "$3" "$CONNS" "$S/html/readiness.json" "${4:-}" <<'EOF'
import http.client, sys, threading
port, path, n, conns, doc, auth = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), open(sys.argv[5], "rb").read(), sys.argv[6]
headers = {"Authorization": "Bearer " + auth} if auth else {}
bad = []
def run(k):
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
    for _ in range(k):
        c.request("GET", path, headers=headers)
        r = c.getresponse()
        body = r.read()
        if r.status != 200 or body != doc:
            bad.append(r.status)
    c.close()
ts = [threading.Thread(target=run, args=(n // conns + (i < n % conns),)) for i in range(conns)]
[t.start() for t in ts]
[t.join() for t in ts]
if bad:
    sys.exit(f"bench: {len(bad)} answers not the report (status {bad[0]})")
EOF
}

# instructions of REQS requests in the process PID (callgrind's counters zeroed after WARM)
measure() { # NAME PORT PATH [AUTH]
    load "$2" "$3" "$WARM" "${4:-}"
    callgrind_control -z "$PID" >/dev/null
    load "$2" "$3" "$REQS" "${4:-}"
    callgrind_control -d "$1" "$PID" >/dev/null
    sleep 1
    f=$(ls -t "$S"/callgrind.out.* | head -1)
    ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$f" | head -1)
    [ -n "$ir" ] || ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$f" | head -1)
    echo "$1_ir_per_request=$((ir / REQS))"
    callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null |
        sed -n '/^Ir  *file:function/,$p' | grep -v '%)  /' | head -40 > "$S/$1.top"
}

# system calls of REQS requests in the process PID, natively (strace -c attached to every
# thread after the warm-up; the kernel's work is in these, not in callgrind's counts)
measure_sys() { # NAME PORT PATH [AUTH]
    load "$2" "$3" "$WARM" "${4:-}"
    strace -f -c -o "$S/$1.strace" -p "$(ls /proc/"$PID"/task | paste -sd, -)" 2>/dev/null &
    st=$!
    sleep 1
    load "$2" "$3" "$REQS" "${4:-}"
    kill -INT "$st"
    wait "$st" 2>/dev/null || true
    calls=$(awk '$NF == "total" {print $4}' "$S/$1.strace")
    echo "$1_syscalls_per_request=$(awk -v c="$calls" -v n="$REQS" 'BEGIN {printf "%.1f", c / n}')"
}

CG="valgrind --tool=callgrind --callgrind-out-file=$S/callgrind.out.%p"
start $CG "$S/selvedge" serve --db "$DB" --listen 127.0.0.1:0 --threads "$THREADS"
wait_listening
measure selvedge "$PORT" "$READY_PATH" "$TOKEN"
stop
if [ "$SYSCALLS" != 0 ]; then
    start "$S/selvedge" serve --db "$DB" --listen 127.0.0.1:0 --threads "$THREADS"
    wait_listening
    measure_sys selvedge "$PORT" "$READY_PATH" "$TOKEN"
    stop
fi

if [ "$DO_NGINX" != 0 ]; then
    NG=$S/nginx
    mkdir -p "$NG/logs" "$NG/tmp"
    NGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # one process, no master: the worker is the process measured
    sed -e "s|@PORT@|$NGPORT|" -e "s|@ROOT@|$(cd "$S/html" && pwd)|" \
        -e 's|^worker_processes auto;|worker_processes 1;\nmaster_process off;|' bench/nginx.conf > "$NG/nginx.conf"
    start $CG "$NGINX_BIN" -p "$(cd "$NG" && pwd)/" -c nginx.conf -e logs/error.log
    i=0
    until curl -sf -o /dev/null "http://127.0.0.1:$NGPORT/readiness.json" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 600 ] || { echo "bench: nginx did not start" >&2; exit 1; }
        sleep 0.1
    done
    measure nginx "$NGPORT" /readiness.json
    stop
    if [ "$SYSCALLS" != 0 ]; then
        start "$NGINX_BIN" -p "$(cd "$NG" && pwd)/" -c nginx.conf -e logs/error.log
        i=0
        until curl -sf -o /dev/null "http://127.0.0.1:$NGPORT/readiness.json" 2>/dev/null; do
            i=$((i + 1)); [ $i -lt 600 ] || { echo "bench: nginx did not start" >&2; exit 1; }
            sleep 0.1
        done
        measure_sys nginx "$NGPORT" /readiness.json
        stop
    fi
fi
echo "requests=$REQS connections=$CONNS threads=$THREADS"
for f in "$S"/*.top; do
    echo "== $(basename "$f" .top): the functions with the most instructions (inclusive, all threads, REQS requests)"
    cat "$f"
done
