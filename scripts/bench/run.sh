#!/usr/bin/env bash
# The API benchmarks of BENCHMARKS.md: wrk against `maternal-qa serve` (release build) on a
# durable SQLite file in a scratch directory (or the database DATABASE names, e.g. a PostgreSQL
# URL), on loopback.
#
#   scripts/bench/run.sh [submit|status|clients|all]     (default: all)
#
# Environment: MQA_BINARY (default .build-release/release/maternal-qa; build it with
# `swift build -c release --scratch-path .build-release --product maternal-qa`), DURATION (20s),
# THREADS (2), CONNECTIONS (64), CLIENT_COUNTS ("1000 2000 4000 8000"), CLIENT_DURATION (60s),
# LOG_LEVEL (warning: request logs off, as a production load test would run them; use info to
# measure their cost).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/scripts/bench"
BIN=${MQA_BINARY:-$ROOT/.build-release/release/maternal-qa}
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
CLIENT_COUNTS=${CLIENT_COUNTS:-"1000 2000 4000 8000"}
CLIENT_DURATION=${CLIENT_DURATION:-60s}
LOG_LEVEL=${LOG_LEVEL:-warning}
WORK=$(mktemp -d /tmp/mqa-bench.XXXXXX)
SERVER=""

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$BIN is missing: swift build -c release --scratch-path .build-release --product maternal-qa" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

start_server() {
  rm -f "$WORK/port" "$WORK"/bench.sqlite*
  "$BIN" serve --port 0 --port-file "$WORK/port" --database "${DATABASE:-$WORK/bench.sqlite}" --log-level "$LOG_LEVEL" "$@" \
    >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    [ -s "$WORK/port" ] && break
    sleep 0.1
  done
  [ -s "$WORK/port" ] || { echo "server did not start; log:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
  URL="http://127.0.0.1:$(cat "$WORK/port")"
}

stop_server() {
  if [ -n "$SERVER" ]; then
    kill -TERM "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

header() { printf '\n=== %s ===\n%s\n' "$1" "$2"; }

# Runs wrk and adds the server's own CPU time per request (from /proc): on a shared 2-core
# machine that number is steadier than requests/s, which also depend on what else runs.
measure() {
  local before after requests
  before=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  wrk "$@" | tee "$WORK/wrk.out"
  after=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  awk -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "server CPU: %.2f s for %d requests = %.1f us/request\n", ticks / hz, n, ticks / hz * 1e6 / n }'
}

bench_submit() {
  # The accept path alone: one worker holding a 10-minute simulated answer, so every submission
  # is validated, committed to the durable queue and answered while nothing else runs.
  start_server --max-queue 10000000 --max-workers 1 --simulated-latency-ms 600000
  header "submit (accept path): POST /api/v2/chat/qa/async, durable database, tasks queue up" \
    "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s scripts/bench/submit.lua"
  measure -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/submit.lua" "$URL"
  stop_server
  # The same while the default 5 workers answer on the same 2 cores (server CPU includes answering).
  start_server --max-queue 10000000
  header "submit (answering meanwhile): POST /api/v2/chat/qa/async, durable database, max_workers 5, no simulated latency" \
    "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s scripts/bench/submit.lua"
  measure -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/submit.lua" "$URL"
  stop_server
}

bench_status() {
  start_server
  python3 "$BENCH/seed_tasks.py" --base-url "$URL" --count 1000 --out "$WORK/ids.txt"
  header "status: GET /api/v2/chat/qa/task/{task_id}/status over 1000 completed tasks (full result in each body)" \
    "TASK_IDS=ids.txt wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s scripts/bench/status.lua"
  TASK_IDS="$WORK/ids.txt" measure -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/status.lua" "$URL"
  stop_server
  # What pollers mostly see: tasks still waiting (one worker holds a 10-minute simulated answer).
  start_server --max-workers 1 --simulated-latency-ms 600000
  python3 "$BENCH/seed_tasks.py" --base-url "$URL" --count 1000 --out "$WORK/ids.txt" --no-wait
  header "status: GET /api/v2/chat/qa/task/{task_id}/status over 1000 pending tasks (queue_position counted in the store)" \
    "TASK_IDS=ids.txt wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s scripts/bench/status.lua"
  TASK_IDS="$WORK/ids.txt" measure -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/status.lua" "$URL"
  stop_server
}

bench_clients() {
  for clients in $CLIENT_COUNTS; do
    # Enough workers that each client's question is being answered (1024 is the setting's limit).
    local workers=$(( clients < 1024 ? clients : 1024 ))
    start_server --simulated-latency-ms 5000 --max-workers "$workers" --max-queue 10000000
    header "clients: $clients clients, one request each every 2 s (1 in 4 a new question), 5 s simulated model time, max_workers $workers" \
      "CLIENTS=$clients THREADS=$THREADS wrk -t$THREADS -c$clients -d$CLIENT_DURATION --timeout 10s --latency -s scripts/bench/clients.lua"
    CLIENTS="$clients" THREADS="$THREADS" measure -t"$THREADS" -c"$clients" -d"$CLIENT_DURATION" --timeout 10s --latency \
      -s "$BENCH/clients.lua" "$URL"
    stop_server
  done
}

case "${1:-all}" in
  submit) bench_submit ;;
  status) bench_status ;;
  clients) bench_clients ;;
  all) bench_submit; bench_status; bench_clients ;;
  *) echo "usage: $0 [submit|status|clients|all]" >&2; exit 2 ;;
esac
