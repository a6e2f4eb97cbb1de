#!/usr/bin/env bash
# Idle CPU of the running chat UI (target < 1 %): starts it in a private headless tmux, lets it
# settle, then reads the process's utime+stime from /proc/PID/stat over a window.
#
#   scripts/bench_tui_idle.sh [SECONDS] [--after-burst]
#
# --after-burst first submits a burst of 12 questions and waits for all to finish, to show the UI
# goes back to sleeping once nothing runs. MQA_BINARY picks the binary (default: the release build).
set -euo pipefail
cd "$(dirname "$0")/.."

window=10
after_burst=false
for arg in "$@"; do
    case "$arg" in
        --after-burst) after_burst=true ;;
        *) window="$arg" ;;
    esac
done
binary="${MQA_BINARY:-.build-release/release/maternal-qa}"
[[ -x "$binary" ]] || { echo "no binary at $binary: swift build -c release --scratch-path .build-release" >&2; exit 1; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

work="$(mktemp -d)"
socket="mqa-idle-$$"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

tmux -u -L "$socket" -f /dev/null new-session -d -x 120 -y 40 \
    "exec env LANG=C.UTF-8 XDG_DATA_HOME=$work/data $binary --database $work/tui.sqlite --maternal-id 1 --user-type pregnant_mother"

wait_for() {  # wait_for TEXT: poll the screen, up to 60 s
    for _ in $(seq 600); do
        tmux -L "$socket" capture-pane -p | grep -q -- "$1" && return 0
        sleep 0.1
    done
    echo "timed out waiting for: $1" >&2
    tmux -L "$socket" capture-pane -p >&2
    exit 1
}
wait_for "孕妇ID 1"
pid="$(tmux -L "$socket" display-message -p '#{pane_pid}')"  # the pane execs env, which execs the binary

if $after_burst; then
    tmux -L "$socket" send-keys C-b
    wait_for "完成 12"
fi
sleep 6  # let start-up work, the last frames and any 5-second message finish

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks_per_second="$(getconf CLK_TCK)"
before="$(cpu_ticks)"
start="$(date +%s.%N)"
sleep "$window"
after="$(cpu_ticks)"
end="$(date +%s.%N)"

awk -v used="$((after - before))" -v hz="$ticks_per_second" -v start="$start" -v end="$end" -v after_burst="$after_burst" 'BEGIN {
    elapsed = end - start
    printf "idle CPU of the chat UI%s: %.2f %% (%d ticks of 1/%d s in %.1f s)\n",
        (after_burst == "true" ? " after a burst" : ""), 100 * used / hz / elapsed, used, hz, elapsed
}'
