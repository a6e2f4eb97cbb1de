#!/usr/bin/env python3
"""Start the tiny model under llama-cpp-python's server and check what it really does.

    python3 scripts/model/check_server.py

Starts servers with scripts/model/llama_server.sh (in a temporary directory), sends raw HTTP,
prints status lines and bodies exactly as received, and asserts the behaviours README.md
documents — so a new llama-cpp-python version that changes one of them fails here first.
Standard library only (plus the server itself).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ANSWER = json.load(open(os.path.join(HERE, "tiny_model.json"), encoding="utf-8"))["answer"]
SERVER = os.path.join(HERE, "llama_server.sh")

# The body shape the Swift client sends (ChatCompletionWire.Request).
def chat_body(user, stream=True, max_tokens=1024):
    return {"model": "tiny", "stream": stream, "stream_options": {"include_usage": True},
            "temperature": 0.3, "max_tokens": max_tokens,
            "messages": [{"role": "system", "content": "你是一名孕产期健康助手。"},
                         {"role": "user", "content": user}]}


def request(url, method, path, body=None, headers=None, on_chunk=None):
    """One HTTP/1.1 request on a fresh connection (Connection: close); returns
    (status line, headers dict, de-chunked body bytes). on_chunk(bytes, t) sees body bytes as they come."""
    host, port = url.split("//")[1].split(":")
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    s = socket.create_connection((host, int(port)), timeout=60)
    s.sendall(head.encode() + b"\r\n" + data)
    raw = b""
    while True:
        part = s.recv(65536)
        if not part:
            break
        raw += part
        if on_chunk:
            on_chunk(part, time.monotonic())
    s.close()
    header_bytes, _, rest = raw.partition(b"\r\n\r\n")
    lines = header_bytes.decode().split("\r\n")
    hdrs = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:]}
    if hdrs.get("transfer-encoding") == "chunked":
        out = b""
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                break
            out += rest[:size]
            rest = rest[size + 2:]
        rest = out
    return lines[0], hdrs, rest


def sse_events(body):
    return [line[6:] for line in body.decode().split("\n") if line.startswith("data: ")]


def deltas(events):
    text, finish, chunks = "", None, 0
    for e in events:
        if e == "[DONE]":
            continue
        choice = json.loads(e)["choices"][0]
        content = choice["delta"].get("content")
        if content:
            text += content
            chunks += 1
        finish = choice["finish_reason"] or finish
    return text, finish, chunks


class Server:
    def __init__(self, *args):
        self.dir = tempfile.mkdtemp(prefix="tiny-llama-")
        t = time.monotonic()
        out = subprocess.run([SERVER, "start", self.dir, *args], check=True, capture_output=True, text=True).stdout
        self.start_seconds = time.monotonic() - t
        self.url = out.strip().split("=", 1)[1]

    def stop(self):
        subprocess.run([SERVER, "stop", self.dir], check=True)
        shutil.rmtree(self.dir)


def show(title, status, body):
    print(f"--- {title}\n{status}\n{body.decode()}")


def two_streams(url, user_a, user_b, gap=0.005):
    """Streams A and B, B sent `gap` s after A. Returns each one's (first event time, last byte
    time, events), times counted from A's send."""
    res = {}
    t0 = time.monotonic()

    def run(name, user):
        # Headers come at once (the stream is opened before the model is free); time the events.
        seen, times = [b""], []

        def on_chunk(data, t):
            seen[0] += data
            if b"data: " in seen[0]:
                times.append(t)

        _, _, body = request(url, "POST", "/v1/chat/completions", chat_body(user), on_chunk=on_chunk)
        res[name] = (times[0] - t0, times[-1] - t0, sse_events(body))

    a = threading.Thread(target=run, args=("A", user_a))
    a.start()
    time.sleep(gap)
    b = threading.Thread(target=run, args=("B", user_b))
    b.start()
    a.join()
    b.join()
    return res


def stream_then_models(url, user, gap=0.005):
    """A stream, and `gap` s later GET /v1/models; returns the stream's events."""
    res = {}

    def run():
        res["events"] = sse_events(request(url, "POST", "/v1/chat/completions", chat_body(user))[2])

    t = threading.Thread(target=run)
    t.start()
    time.sleep(gap)
    assert request(url, "GET", "/v1/models")[0].split()[1] == "200"
    t.join()
    return res["events"]


def main():
    long_user = "孕期可以喝咖啡吗？" * 40          # ~1060 prompt tokens: too long for n_ctx 256
    # ~3800 tokens each, so prompt evaluation takes a while; different from the start, because the
    # server reuses the evaluated prefix of the previous prompt.
    slow_a, slow_b = "孕期可以喝咖啡吗？" * 140, "产后多久可以洗头？" * 140

    srv = Server()
    try:
        print(f"server ready after {srv.start_seconds:.1f} s (model generated, process started, /v1/models answered)")
        print(f"model file: {os.path.getsize(os.path.join(srv.dir, 'tiny.gguf'))} bytes")
        status, _, body = request(srv.url, "GET", "/v1/models")
        show("GET /v1/models", status, body)
        assert json.loads(body)["data"][0]["id"] == "tiny"

        status, hdrs, body = request(srv.url, "POST", "/v1/chat/completions", chat_body("孕期可以喝咖啡吗？"))
        show("stream", status, body)
        text, finish, n = deltas(sse_events(body))
        assert (text, finish, n) == (ANSWER, "stop", len(ANSWER)), (text, finish, n)
        assert "usage" not in body.decode()  # stream_options.include_usage is ignored
        print(f"=> joined deltas {text!r}, finish_reason {finish!r}, {n} content chunks")

        status, _, body = request(srv.url, "POST", "/v1/chat/completions", chat_body("孕期可以喝咖啡吗？", stream=False))
        show("non-stream", status, body)
        assert json.loads(body)["choices"][0]["message"]["content"] == ANSWER

        res = two_streams(srv.url, slow_a, slow_b)
        (a0, a1, ae), (b0, b1, be) = res["A"], res["B"]
        print(f"--- two streams, default (--interrupt off), B sent 0.005 s after A; events from A's send: "
              f"A {a0:.3f}-{a1:.3f} s, B {b0:.3f}-{b1:.3f} s")
        assert deltas(ae)[0] == ANSWER and deltas(be)[0] == ANSWER
        assert b0 >= a1 - 0.005, "B started before A finished"
        print("=> both complete; B's first event came after A's last byte: serialised")
        assert deltas(stream_then_models(srv.url, slow_a))[0] == ANSWER
        print("=> GET /v1/models during a stream waits; the stream completes")
    finally:
        srv.stop()

    srv = Server("--interrupt")
    try:
        res = two_streams(srv.url, slow_a, slow_b)
        (a0, a1, ae), (b0, b1, be) = res["A"], res["B"]
        print(f"--- two streams, --interrupt (llama-cpp-python's default): A events {ae}")
        print(f"    B joined deltas {deltas(be)[0]!r}")
        assert deltas(ae)[0] != ANSWER and ae[-1] == "[DONE]" and deltas(be)[0] == ANSWER
        print("=> A cut short with [DONE] and no finish_reason; B complete")
        events = stream_then_models(srv.url, slow_a)
        assert deltas(events) == ("", None, 0) and events[-1] == "[DONE]", events
        print("=> GET /v1/models during a stream cuts it the same way (role event, [DONE])")
    finally:
        srv.stop()

    srv = Server("--n-ctx", "256")
    try:
        status, hdrs, body = request(srv.url, "POST", "/v1/chat/completions", chat_body(long_user, stream=False))
        show("n_ctx 256, long prompt, non-stream", status, body)
        assert status.split()[1] == "400" and json.loads(body)["error"]["code"] == "context_length_exceeded"
        status, hdrs, body = request(srv.url, "POST", "/v1/chat/completions", chat_body(long_user))
        show("n_ctx 256, long prompt, stream", status, body)
        print(f"    content-type {hdrs.get('content-type')}, body {body!r}")
        assert status.split()[1] == "200" and body == b""
        status, _, body = request(srv.url, "POST", "/v1/chat/completions", chat_body("孕期可以喝咖啡吗？"))
        assert deltas(sse_events(body))[0] == ANSWER  # and it still works afterwards
        print("=> server still answers afterwards")
    finally:
        srv.stop()

    srv = Server("--api-key", "sk-test")
    try:
        for title, headers in (("no key", {}), ("wrong key", {"Authorization": "Bearer sk-wrong"}),
                               ("right key", {"Authorization": "Bearer sk-test"})):
            status, _, body = request(srv.url, "POST", "/v1/chat/completions",
                                      chat_body("孕期可以喝咖啡吗？", stream=False), headers=headers)
            show(f"api key set, {title}", status, body)
            assert status.split()[1] == ("200" if title == "right key" else "401")
        status, _, body = request(srv.url, "GET", "/v1/models")
        show("api key set, GET /v1/models with no key", status, body)
    finally:
        srv.stop()
    print("all checks passed")


if __name__ == "__main__":
    sys.exit(main())
