#!/usr/bin/env bash
# The streaming benchmark of BENCHMARKS.md: CLIENTS clients each submit a question to
# `maternal-qa serve --backend openai` (release build) and follow their task's Server-Sent Events
# until the terminal snapshot, while the model stub (scripts/openai_stub.py --timed-tokens) streams
# every answer as TOKENS tokens, one every TOKEN_DELAY_MS, each carrying the time it was sent.
# scripts/bench/stream_clients.py checks every answer (deltas in order, joined equal to the stored
# answer, every token once) and reports deltas/s delivered and the latency from the model's chunk
# to the client; this script adds the server's CPU time per delta from /proc. Python 3 standard
# library only; everything on loopback, on a durable SQLite file in a scratch directory.
#
#   scripts/bench/stream.sh            # RUNS times (default 1)
#   scripts/bench/stream.sh floor      # no server: the same clients read the stub's streams straight,
#                                      # the latency the stub and the Python clients add by themselves
#
# Environment: MQA_BINARY (default .build-release/release/maternal-qa; build it with
# `swift build -c release --scratch-path .build-release --product maternal-qa`), CLIENTS (50),
# TOKENS (500), TOKEN_DELAY_MS (20: 50 tokens/s per answer, 500 tokens in 10 s), WORKERS
# (max_workers, default CLIENTS), RUNS (1), LOG_LEVEL (warning), and NODES=2 to follow the events
# on a second `serve` process on the same database (it learns the text from the store, which the
# running node writes four times a second) while the first node runs the tasks; DUMP=FILE writes
# each token's receive time and latency to FILE.RUN (see stream_clients.py --dump).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MQA_BINARY:-$ROOT/.build-release/release/maternal-qa}
CLIENTS=${CLIENTS:-50}
TOKENS=${TOKENS:-500}
TOKEN_DELAY_MS=${TOKEN_DELAY_MS:-20}
WORKERS=${WORKERS:-$CLIENTS}
RUNS=${RUNS:-1}
NODES=${NODES:-1}
LOG_LEVEL=${LOG_LEVEL:-warning}
WORK=$(mktemp -d /tmp/mqa-stream.XXXXXX)
PIDS=()

[ -x "$BIN" ] || { echo "$BIN is missing: swift build -c release --scratch-path .build-release --product maternal-qa" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

stop_all() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap 'stop_all; rm -rf "$WORK"' EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
seconds() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'; }

start_stub() {
  python3 "$ROOT/scripts/openai_stub.py" --port 0 --timed-tokens "$TOKENS" --token-delay-ms "$TOKEN_DELAY_MS" \
    >"$WORK/stub.out" 2>>"$WORK/stub.log" &
  STUB=$!
  PIDS+=("$STUB")
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$WORK/stub.out" 2>/dev/null && break
    sleep 0.1
  done
  STUB_URL=$(awk '/^listening on / {print $3; exit}' "$WORK/stub.out")
  [ -n "$STUB_URL" ] || { echo "the stub did not start" >&2; cat "$WORK/stub.log" >&2; exit 1; }
}

# start_server NAME WORKERS: a node on the run's database; sets its PID in SERVER_<NAME>, URL in URL_<NAME>.
start_server() {
  local name=$1 workers=$2 pid
  rm -f "$WORK/$name.port"
  "$BIN" serve --port 0 --port-file "$WORK/$name.port" --database "$WORK/stream.sqlite" --node-id "$name" \
    --log-level "$LOG_LEVEL" --max-workers "$workers" --max-queue 100000 \
    --backend openai --openai-base-url "$STUB_URL" --openai-model stub \
    --openai-max-tokens "$(( TOKENS > 1024 ? TOKENS : 1024 ))" >>"$WORK/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 600); do
    [ -s "$WORK/$name.port" ] && break
    sleep 0.1
  done
  [ -s "$WORK/$name.port" ] || { echo "server $name did not start; log:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1; }
  printf -v "SERVER_$name" '%s' "$pid"
  printf -v "URL_$name" '%s' "http://127.0.0.1:$(cat "$WORK/$name.port")"
}

one_run() {
  rm -f "$WORK"/stream.sqlite*
  start_stub
  start_server runner "$WORKERS"
  local follow=() nodes=("$SERVER_runner")
  if [ "$NODES" = 2 ]; then
    # The reading node runs tasks too (max_workers is at least 1): the report splits by node.
    start_server reader 1
    follow=(--follow-url "$URL_reader")
    nodes+=("$SERVER_reader")
  fi
  local before=() after=() stub_before stub_after i status=0
  for pid in "${nodes[@]}"; do before+=("$(cpu_ticks "$pid")"); done
  stub_before=$(cpu_ticks "$STUB")
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$ROOT/scripts/bench/stream_clients.py" --base-url "$URL_runner" "${follow[@]}" --clients "$CLIENTS" \
    --tokens "$TOKENS" ${DUMP:+--dump "$DUMP.$run"} --json | tee "$WORK/clients.out" || status=$?
  for pid in "${nodes[@]}"; do after+=("$(cpu_ticks "$pid")"); done
  stub_after=$(cpu_ticks "$STUB")
  local deltas tokens
  deltas=$(tail -1 "$WORK/clients.out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["deltas"])' 2>/dev/null || echo 0)
  tokens=$(tail -1 "$WORK/clients.out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["tokens"])' 2>/dev/null || echo 0)
  for i in "${!nodes[@]}"; do
    local name=runner ticks=$(( after[i] - before[i] ))
    [ "$i" = 1 ] && name=reader
    awk -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" -v d="$deltas" -v t="$tokens" -v name="$name" 'BEGIN {
      printf "server CPU (%s): %.2f s = %.1f us/delta, %.1f us/token\n", name, ticks / hz,
        (d ? ticks / hz * 1e6 / d : 0), (t ? ticks / hz * 1e6 / t : 0) }'
  done
  echo "stub CPU: $(seconds $(( stub_after - stub_before ))) s"
  if [ "$status" != 0 ]; then
    echo "errors (exit $status); server log tail:" >&2
    tail -20 "$WORK/runner.log" >&2
  fi
  stop_all
  return "$status"
}

floor_run() {
  start_stub
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local status=0
  python3 "$ROOT/scripts/bench/stream_clients.py" --direct "$STUB_URL" --clients "$CLIENTS" --tokens "$TOKENS" \
    ${DUMP:+--dump "$DUMP.$run"} || status=$?
  stop_all
  return "$status"
}

mode=${1:-server}
case "$mode" in
  server) ;;
  floor)
    echo "=== floor: $CLIENTS clients reading the stub's streams straight, $TOKENS tokens per answer, one every $TOKEN_DELAY_MS ms ==="
    failed=0
    for run in $(seq 1 "$RUNS"); do
      echo "--- run $run of $RUNS"
      floor_run || failed=1
    done
    exit "$failed" ;;
  *) echo "usage: $0 [server|floor]" >&2; exit 2 ;;
esac

echo "=== streaming: $CLIENTS clients following SSE, $TOKENS tokens per answer, one every $TOKEN_DELAY_MS ms, max_workers $WORKERS, nodes $NODES ==="
failed=0
for run in $(seq 1 "$RUNS"); do
  echo "--- run $run of $RUNS"
  one_run || failed=1
done
exit "$failed"
