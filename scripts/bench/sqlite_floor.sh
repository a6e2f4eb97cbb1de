#!/usr/bin/env bash
# The SQLite floor of BENCHMARKS.md: the engine's writes replayed from C (sqlite_floor.c), with
# the schema of a database the engine itself just made, at several commit sizes.
#
#   scripts/bench/sqlite_floor.sh
#
# Environment: MQA_BINARY (default .build-release/release/maternal-qa), TASKS (20000),
# BATCHES ("1 2 4 8 32"), RUNS (3: each line is printed once per run). Needs cc and libsqlite3-dev.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MQA_BINARY:-$ROOT/.build-release/release/maternal-qa}
TASKS=${TASKS:-20000}
BATCHES=${BATCHES:-"1 2 4 8 32"}
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/mqa-floor.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

[ -x "$BIN" ] || { echo "$BIN is missing: swift build -c release --scratch-path .build-release --product maternal-qa" >&2; exit 2; }
cc -O2 -o "$WORK/sqlite_floor" "$ROOT/scripts/bench/sqlite_floor.c" -lsqlite3
"$BIN" bench --tasks 1 --database "$WORK/template.sqlite" >/dev/null 2>&1

for mode in engine one-table; do
  for batch in $BATCHES; do
    for _ in $(seq 1 "$RUNS"); do
      "$WORK/sqlite_floor" "$mode" "$WORK/template.sqlite" "$WORK/floor.sqlite" "$TASKS" "$batch"
    done
  done
done
