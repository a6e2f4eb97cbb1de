#!/usr/bin/env python3
"""The measuring side of scripts/bench/real_model.sh (standard library only).

    real_model.py capture BODY_FILE ANSWER   # a one-route model server that saves the first chat
                                             # request's body and streams ANSWER; prints its URL
    real_model.py tasks SERVE_URL N          # N tasks one after another: submit → terminal snapshot
    real_model.py floor MODEL_URL BODY_FILE N  # the same request N times straight to the model server
    real_model.py chat SERVE_URL TURNS SERVE_LOG MODEL_LOG
                                             # one chat of TURNS questions; per turn the latency, the
                                             # prompt's estimate (serve's debug log) and its real size
                                             # (the model server's log)

A task's latency is from sending the submit to reading its terminal snapshot on the task's event
stream (`GET …/events`, opened right after the submit), so no polling interval counts. The floor's
is from sending the request to reading `data: [DONE]`.
"""
import http.client
import json
import re
import statistics
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

QUESTION = "孕期可以喝咖啡吗"  # routine: no seek-care instruction, the model's text only
# A chat moves from topic to topic, so retrieval (and the system prompt's passages) changes.
CHAT_QUESTIONS = [
    "孕期可以喝咖啡吗", "孕期每天要补充多少叶酸", "产后恶露一般持续多久", "孕期可以吃螃蟹吗",
    "怀孕以后腿抽筋怎么办", "孕晚期脚肿正常吗", "孕期运动需要注意什么", "产后多久可以洗澡",
    "母乳喂养时可以吃感冒药吗", "孕期贫血吃什么好",
]


def connect(url):
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)


def run_task(url, question, chat_id=None):
    """Submits one question and follows its events; returns (seconds, submit data)."""
    body = {"input": question, "maternal_id": 1, "user_type": "pregnant_mother"}
    if chat_id:
        body["chat_id"] = chat_id
    started = time.perf_counter()
    connection = connect(url)
    connection.request("POST", "/api/v2/chat/qa/async", body=json.dumps(body).encode(),
                       headers={"Content-Type": "application/json"})
    submitted = json.loads(connection.getresponse().read())["data"]
    connection.request("GET", f"/api/v2/chat/qa/task/{submitted['task_id']}/events",
                       headers={"Accept": "text/event-stream"})
    response = connection.getresponse()
    snapshot, name = None, "message"
    for line in response:
        text = line.decode().rstrip("\n")
        if text.startswith("event: "):
            name = text[len("event: "):]
        elif text.startswith("data: ") and name == "message":
            snapshot = json.loads(text[len("data: "):])
        elif text == "":
            if snapshot and snapshot["status"] in ("completed", "failed"):
                break
            name = "message"
    elapsed = time.perf_counter() - started
    connection.close()
    if not snapshot or snapshot["status"] != "completed":
        sys.exit(f"task {submitted['task_id']} did not complete: {snapshot}")
    return elapsed, submitted


def model_request(url, body):
    """One streaming chat completion straight to the model server; seconds until `[DONE]`."""
    started = time.perf_counter()
    connection = connect(url)
    connection.request("POST", "/v1/chat/completions", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    done = any(line.startswith(b"data: [DONE]") for line in response)
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200 or not done:
        sys.exit(f"the model server answered {response.status} without [DONE]")
    return elapsed


def report(label, seconds):
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    print(f"{label}: n={len(ms)} p50={statistics.median(ms):.1f} ms p99={p99:.1f} ms "
          f"mean={statistics.fmean(ms):.1f} ms min={ms[0]:.1f} ms")


def capture(body_file, answer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with open(body_file, "ab") as out:
                if out.tell() == 0:
                    out.write(body)
            events = [{"choices": [{"index": 0, "delta": {"content": answer}, "finish_reason": None}]},
                      {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}]
            payload = "".join(f"data: {json.dumps(e)}\n\n" for e in events).encode() + b"data: [DONE]\n\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


def tasks(url, count, warmup=3):
    # The first requests load caches (the model server's prompt prefix among them).
    for _ in range(warmup):
        run_task(url, QUESTION)
    report("tasks", [run_task(url, QUESTION)[0] for _ in range(count)])


def floor(url, body_file, count, warmup=3):
    body = open(body_file, "rb").read()
    for _ in range(warmup):
        model_request(url, body)
    report("floor", [model_request(url, body) for _ in range(count)])


def appended(path, offset):
    """The text written to `path` since `offset`, and the new offset."""
    with open(path, "rb") as file:
        file.seek(offset)
        data = file.read()
    return data.decode(errors="replace"), offset + len(data)


def real_prompt(model_log):
    """(prompt tokens, tokens evaluated) of the one request in this part of llama-cpp-python's log:
    it reports the prefix it reused from the previous prompt and the rest it evaluated."""
    reused = re.search(r"(\d+) prefix-match hit, remaining (\d+) prompt tokens", model_log)
    if reused:
        return int(reused[1]) + int(reused[2]), int(reused[2])
    evaluated = int(re.search(r"prompt eval time = .*/\s*(\d+) tokens", model_log)[1])
    return evaluated, evaluated


def chat(url, turns, serve_log, model_log):
    """Per turn: the prompt's estimate and history left out (from serve's debug log), its size in
    the model's tokens and what the server evaluated (from the model server's log), the latency."""
    print("| turn | prompt_tokens_estimate | model's tokens | evaluated | history left out | latency |")
    print("|---|---|---|---|---|---|")
    chat_id, latencies = None, []
    serve_offset, model_offset = os.path.getsize(serve_log), os.path.getsize(model_log)
    for turn in range(1, turns + 1):
        question = f"{CHAT_QUESTIONS[(turn - 1) % len(CHAT_QUESTIONS)]}（第{turn}问）"
        elapsed, submitted = run_task(url, question, chat_id)
        chat_id = submitted["chat_id"]
        latencies.append(elapsed)
        serve_lines, serve_offset = appended(serve_log, serve_offset)
        model_lines, model_offset = appended(model_log, model_offset)
        estimates = re.findall(r"prompt_tokens_estimate=(\d+)[^\n]*model request", serve_lines)
        left_out = re.search(r"history_left_out=(\d+)", serve_lines)
        tokens, evaluated = real_prompt(model_lines)
        print(f"| {turn} | {' then '.join(estimates)} | {tokens} | {evaluated} | {left_out[1] if left_out else 0} "
              f"| {elapsed * 1000:.0f} ms |")
    report("chat turns", latencies)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "capture":
        capture(args[0], args[1])
    elif command == "tasks":
        tasks(args[0], int(args[1]))
    elif command == "floor":
        floor(args[0], args[1], int(args[2]))
    elif command == "chat":
        chat(args[0], int(args[1]), args[2], args[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
