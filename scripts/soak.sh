#!/usr/bin/env bash
# The soak test of BENCHMARKS.md (not run in CI): `maternal-qa serve` (release build) on a fresh
# SQLite file with the local backend and a simulated 5 s model, under CLIENTS clients each acting
# every 2 s for MINUTES minutes (scripts/soak_clients.py: one client in four asks questions and
# polls them, the others watch: status, task list, chat history). Every 30 s the server's RSS,
# open fds and the window's p99 go into a CSV; a summary table is printed at the end. Exit 1 if
# a target was missed: 0 errors, RSS and fds growing < 10 % after the warm-up, p99 steady.
#
#   scripts/soak.sh [--minutes 30] [--clients 1000] [--askers-every 4] [--latency-ms 5000]
#                   [--warmup MINUTES] [--sample 30] [--csv FILE] [--binary PATH]
#
# --binary skips the build and soaks that binary. Everything on loopback; the database goes in a
# scratch directory, removed at the end; the CSV (default: in that directory) and the server's
# log are kept.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MINUTES=30 CLIENTS=1000 ASKERS_EVERY=4 LATENCY_MS=5000 SAMPLE=30 WARMUP="" CSV="" BIN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2 ;;
    --clients) CLIENTS=$2 ;;
    --askers-every) ASKERS_EVERY=$2 ;;
    --latency-ms) LATENCY_MS=$2 ;;
    --warmup) WARMUP=$2 ;;
    --sample) SAMPLE=$2 ;;
    --csv) CSV=$2 ;;
    --binary) BIN=$2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift 2
done

if [ -z "$BIN" ]; then
  (cd "$ROOT" && swift build -c release --scratch-path .build-release --product maternal-qa)
  BIN=$ROOT/.build-release/release/maternal-qa
fi
[ -x "$BIN" ] || { echo "$BIN is not an executable" >&2; exit 2; }

WORK=$(mktemp -d /tmp/mqa-soak.XXXXXX)
CSV=${CSV:-$WORK/soak.csv}
DB=$WORK/soak.sqlite
SERVER=""
stop_server() {
  [ -n "$SERVER" ] || return 0
  kill -TERM "$SERVER" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}
trap 'stop_server; rm -f "$DB" "$DB-wal" "$DB-shm"' EXIT

# One socket per client on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# Server settings, so that the offered load meets no back-pressure:
# - max_workers: one per asker. An asker has at most one question in flight, so every question
#   starts as soon as it is accepted and none waits behind another's 5 s (an asker waits about
#   6 s of every 10 for an answer, so a bit over half the places are busy).
# - max_queue: at least the askers (the default 1000 already is for 1000 clients), so nothing
#   is ever refused with 429 even if places ran out.
# - max_age_hours 0.05 (3 min) with cleanup every 30 s: finished tasks are pruned during the
#   run, so the task table and everything sized by it reach the steady state a 24-hour
#   retention reaches only after a day, and the pruning itself is soaked (60 rounds). Chats
#   and their messages are kept, as always, so the database still grows.
# - log level warning: no request log lines (as in the other benchmarks); warnings are kept.
ASKERS=$(( (CLIENTS + ASKERS_EVERY - 1) / ASKERS_EVERY ))
WORKERS=$(( ASKERS < 1024 ? ASKERS : 1024 ))
QUEUE=$(( ASKERS > 1000 ? ASKERS : 1000 ))
"$BIN" serve --port 0 --port-file "$WORK/port" --database "$DB" --backend local \
  --simulated-latency-ms "$LATENCY_MS" --max-workers "$WORKERS" --max-queue "$QUEUE" \
  --max-age-hours 0.05 --cleanup-interval 30 --log-level warning >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { echo "the server did not start; log:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }

echo "=== soak: $MINUTES min, $CLIENTS clients ($ASKERS askers), ${LATENCY_MS} ms model, max_workers $WORKERS, max_queue $QUEUE ==="
echo "binary: $BIN ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "machine: $(nproc) cores; before: $(uptime)"
status=0
python3 "$ROOT/scripts/soak_clients.py" --base-url "http://127.0.0.1:$(cat "$WORK/port")" --server-pid "$SERVER" \
  --database "$DB" --csv "$CSV" --minutes "$MINUTES" --clients "$CLIENTS" --askers-every "$ASKERS_EVERY" \
  --sample "$SAMPLE" ${WARMUP:+--warmup "$WARMUP"} || status=$?
echo
echo "after: $(uptime)"
echo "server log ($WORK/server.log): $(grep -vc "listening on" "$WORK/server.log") lines at warning and above"
grep -v 'listening on' "$WORK/server.log" | head -5 || true
exit "$status"
