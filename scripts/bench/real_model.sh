#!/usr/bin/env bash
# The real-model benchmark of BENCHMARKS.md: maternal-qa against llama-cpp-python's server on the
# tiny model of scripts/model (always the same 7-token answer), next to the same runs against
# scripts/openai_stub.py (the same answer, no token delay) and the floor: the request maternal-qa
# sends, sent straight to each model server from Python. scripts/bench/real_model.py measures.
#
#   scripts/bench/real_model.sh          # (a) TASKS tasks one after another (--max-workers 1)
#                                        #     through serve, per backend, and the floors
#                                        # (b) a TURNS-turn chat against the real server: the
#                                        #     prompt's estimate and the latency per turn
#
# Environment: MQA_BINARY (default .build-release/release/maternal-qa; build it with
# `swift build -c release --scratch-path .build-release --product maternal-qa`), TASKS (50),
# TURNS (50), N_CTX (the llama server's window, 16384: the engine's default budget of 4096
# estimated tokens is up to ~12,000 of the tiny model's byte-level tokens).
# Needs `pip install 'llama-cpp-python[server]' gguf`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MQA_BINARY:-$ROOT/.build-release/release/maternal-qa}
TASKS=${TASKS:-50}
TURNS=${TURNS:-50}
N_CTX=${N_CTX:-16384}
HELPER="$ROOT/scripts/bench/real_model.py"
WORK=$(mktemp -d /tmp/mqa-real-model.XXXXXX)
PIDS=()

[ -x "$BIN" ] || { echo "$BIN is missing: swift build -c release --scratch-path .build-release --product maternal-qa" >&2; exit 2; }
MODEL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["model_alias"])' "$ROOT/scripts/model/tiny_model.json")
ANSWER=$(python3 "$ROOT/scripts/model/make_tiny_gguf.py" --print-answer)

stop_all() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  "$ROOT/scripts/model/llama_server.sh" stop "$WORK/llama"
}
trap 'stop_all; rm -rf "$WORK"' EXIT

# start_listener NAME COMMAND…: runs a server that prints `listening on URL` first; sets URL.
start_listener() {
  local name=$1
  shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.log" &
  PIDS+=("$!")
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$WORK/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  URL=$(awk '/^listening on / {print $3; exit}' "$WORK/$name.out")
  [ -n "$URL" ] || { echo "$name did not start" >&2; cat "$WORK/$name.log" >&2; exit 1; }
}

# start_serve NAME MODEL_URL: serve on a fresh database, one worker, debug log; sets SERVE_URL, SERVE_PID.
start_serve() {
  local name=$1 model_url=$2
  "$BIN" serve --port 0 --port-file "$WORK/$name.port" --database "$WORK/$name.sqlite" --max-workers 1 \
    --log-level debug --backend openai --openai-base-url "$model_url" --openai-model "$MODEL" \
    >"$WORK/$name.log" 2>&1 &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  for _ in $(seq 1 600); do
    [ -s "$WORK/$name.port" ] && break
    sleep 0.1
  done
  [ -s "$WORK/$name.port" ] || { echo "serve $name did not start; log:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1; }
  SERVE_URL="http://127.0.0.1:$(cat "$WORK/$name.port")"
}

stop_serve() {
  kill -TERM "$SERVE_PID"
  wait "$SERVE_PID" 2>/dev/null || true
}

eval "$("$ROOT/scripts/model/llama_server.sh" start "$WORK/llama" --n-ctx "$N_CTX")"
LLAMA_URL=$MQA_TEST_LLAMA_URL
start_listener stub python3 "$ROOT/scripts/openai_stub.py" --port 0 --reply "$ANSWER"
STUB_URL=$URL

# The floor's request: what serve sends for the benchmark's question, recorded once.
start_listener capture python3 "$HELPER" capture "$WORK/request.json" "$ANSWER"
start_serve capture "$URL"
python3 "$HELPER" tasks "$SERVE_URL" 1 >/dev/null
stop_serve

echo "== (a) $TASKS tasks one after another, per-task latency =="
for backend in llama stub; do
  url_var="${backend^^}_URL"
  start_serve "$backend" "${!url_var}"
  echo -n "$backend through serve: "
  python3 "$HELPER" tasks "$SERVE_URL" "$TASKS"
  stop_serve
  echo -n "$backend floor (straight from Python): "
  python3 "$HELPER" floor "${!url_var}" "$WORK/request.json" "$TASKS"
done

echo "== (b) one chat of $TURNS turns against the real server =="
start_serve chat "$LLAMA_URL"
python3 "$HELPER" chat "$SERVE_URL" "$TURNS" "$WORK/chat.log" "$WORK/llama/server.log"
stop_serve
echo -n "the model server's prompt evaluation over the chat: "
grep 'prompt eval time' "$WORK/llama/server.log" | tail -n "$TURNS" \
  | awk '{ms += $6; tokens += $9} END {printf "%d tokens in %.0f ms\n", tokens, ms}'
