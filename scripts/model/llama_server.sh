#!/usr/bin/env bash
# A real llama.cpp server (llama-cpp-python's) serving the tiny model, for tests against a real
# OpenAI-compatible backend.
#
#   scripts/model/llama_server.sh start DIR [--port P] [--n-ctx N] [--api-key KEY] [--interrupt]
#       generates DIR/tiny.gguf if missing, starts the server, waits until GET /v1/models answers,
#       prints `export MQA_TEST_LLAMA_URL=http://127.0.0.1:P` (also written to DIR/env)
#   scripts/model/llama_server.sh stop DIR
#
# The model is served under the alias in tiny_model.json ("tiny"); any model name in a request
# gets it. It always answers the sentence in tiny_model.json (make_tiny_gguf.py --print-answer).
# The server runs one request at a time. llama-cpp-python's default (interrupt_requests) cuts a
# running stream short — `data: [DONE]` with no finish_reason — as soon as another request waits;
# this script turns that off so requests queue instead, unless --interrupt is given.
# Needs `pip install 'llama-cpp-python[server]' gguf`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: $0 start DIR [--port P] [--n-ctx N] [--api-key KEY] [--interrupt] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
dir=$2
shift 2

free_port() {
    # Below the kernel's range for the local ports of outgoing connections (and of `--port 0`
    # listeners): one of those could take the port in the second before the server binds it.
    local port low _high
    read -r low _high < /proc/sys/net/ipv4/ip_local_port_range || low=32768
    [ "$low" -gt 21000 ] || low=60000
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % (low - 20000)))
        # Nothing answers there: bash's /dev/tcp connect fails.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

start() {
    local port="" n_ctx=4096 api_key="" interrupt=False
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) port=$2; shift 2 ;;
            --n-ctx) n_ctx=$2; shift 2 ;;
            --api-key) api_key=$2; shift 2 ;;
            --interrupt) interrupt=True; shift ;;
            *) usage ;;
        esac
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -e "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        echo "a server from $dir is already running (pid $(cat "$dir/pid")); stop it first" >&2
        exit 1
    fi
    [ -n "$port" ] || port=$(free_port)
    local model="$dir/tiny.gguf" alias
    [ -e "$model" ] || python3 "$here/make_tiny_gguf.py" "$model"
    alias=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["model_alias"])' "$here/tiny_model.json")

    local args=(--model "$model" --model_alias "$alias" --host 127.0.0.1 --port "$port"
                --n_ctx "$n_ctx" --interrupt_requests "$interrupt")
    [ -z "$api_key" ] || args+=(--api_key "$api_key")
    # stdin/stdout/stderr away from the caller, so `$(... start ...)` returns while it runs.
    python3 -m llama_cpp.server "${args[@]}" </dev/null >"$dir/server.log" 2>&1 &
    local pid=$!
    echo "$pid" > "$dir/pid"

    local url="http://127.0.0.1:$port" auth=()
    [ -z "$api_key" ] || auth=(-H "Authorization: Bearer $api_key")
    for _ in $(seq 1 600); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "llama server exited during startup; $dir/server.log:" >&2
            tail -n 20 "$dir/server.log" >&2
            rm -f "$dir/pid"
            exit 1
        fi
        if curl -sf -o /dev/null --max-time 2 "${auth[@]}" "$url/v1/models"; then
            local line="export MQA_TEST_LLAMA_URL=$url"
            echo "$line" > "$dir/env"
            echo "$line"
            return
        fi
        sleep 0.1
    done
    echo "llama server did not answer within 60 s; see $dir/server.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
}

stop() {
    [ -e "$dir/pid" ] || return 0
    local pid
    pid=$(cat "$dir/pid")
    # SIGTERM lets uvicorn shut down; SIGKILL only if it has not gone after 10 s.
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid" "$dir/env"
}

case "$command" in
    start) start "$@" ;;
    stop) [ $# -eq 0 ] || usage; stop ;;
    *) usage ;;
esac
