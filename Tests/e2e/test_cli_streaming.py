"""`ask` prints the answer to stdout as it is written (progress stays on stderr); `--json` prints
the whole result once, at the end."""
import json
import os
import select
import subprocess
import time


def run_ask(binary, tmp_path, *flags):
    return subprocess.Popen(
        [str(binary), "ask", "孕期可以吃螃蟹吗", "--maternal-id", "5", "--user-type", "pregnant_mother",
         "--database", str(tmp_path / "ask.sqlite"), *flags],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "LANG": "C.UTF-8"})


def read_with_times(process, timeout=120):
    """The process's stdout as (arrival time, bytes) chunks, read as they come, until it exits."""
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            data = os.read(process.stdout.fileno(), 65536)
            if not data:
                break
            chunks.append((time.monotonic(), data))
    process.wait(timeout=60)
    return chunks, time.monotonic()


def test_ask_streams_the_answer_before_the_task_ends(binary, tmp_path):
    process = run_ask(binary, tmp_path, "--simulated-latency-ms", "4000")
    chunks, ended = read_with_times(process)
    stderr = process.stderr.read().decode()
    assert process.returncode == 0, stderr
    output = b"".join(data for _, data in chunks).decode()
    # Many pieces, the first well before the end: the answer was on stdout while being written.
    assert len(chunks) >= 5, len(chunks)
    assert ended - chunks[0][0] > 2.0, ended - chunks[0][0]
    assert "chat_id: chat_5_pregnant_mother_" in output
    assert "[" not in output.split("\n")[0], "progress stays on stderr"
    assert "100%" in stderr


def test_ask_json_prints_the_whole_result_at_the_end(binary, tmp_path):
    process = run_ask(binary, tmp_path, "--simulated-latency-ms", "2000", "--json")
    chunks, _ = read_with_times(process)
    assert process.returncode == 0, process.stderr.read().decode()
    body = json.loads(b"".join(data for _, data in chunks))
    assert body["code"] == 200 and body["data"]["messages"][-1]["role"] == "assistant"
    assert chunks[-1][0] - chunks[0][0] < 1.0, "one document, written at once"
