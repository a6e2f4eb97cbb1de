#!/usr/bin/env python3
"""A small OpenAI-compatible chat-completions server for demos and benchmarks (stdlib only).

It speaks the real wire format of `POST /v1/chat/completions` with `"stream": true`: an HTTP/1.1
chunked `text/event-stream` of `data: {chat.completion.chunk}` lines, a finish_reason chunk, a
usage chunk when `stream_options.include_usage` is set, and `data: [DONE]`. Connections are kept
alive, one thread each, like a real server behind a connection pool.

    python3 scripts/openai_stub.py --port 8081                  # instant tokens
    python3 scripts/openai_stub.py --port 8081 --token-delay-ms 40 --api-key sk-demo
    python3 scripts/openai_stub.py --port 8081 --triage emergency    # answers open with `TRIAGE: emergency`
    python3 scripts/openai_stub.py --port 8081 --timed-tokens 500 --token-delay-ms 20   # timestamped tokens

then `maternal-qa ask "孕期可以喝咖啡吗" --maternal-id 1 --user-type pregnant_mother \
--backend openai --openai-base-url http://127.0.0.1:8081 --openai-model stub`.
With `--port 0` it picks a free port; the first line it prints is `listening on http://HOST:PORT`.

`--hang-after-tokens N` stops after N tokens of an answer and sends nothing more, the connection
left open, as a model server that hangs mid-stream (`--hang-requests K`: only the first K answers
hang, the rest stream whole). `GET /stub/stats` says how many answers hung and how many of those
the client closed.

`--timed-tokens N` (for scripts/bench/stream.sh) replaces the reply with N tokens that each say when
they were sent: `@` and the microseconds since the epoch at the moment the token is written, then
a space (e.g. `@1764620000123456 `). A client on the same machine subtracts that from the time it
receives the token to get the latency from the model's chunk to itself. With a token delay the
tokens are paced to a steady rate (one every DELAY ms from the start of the answer), not DELAY
after each write, so writing does not slow the stream down.
"""

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_REPLY = (
    "根据知识库的资料[1]，这个问题需要结合您的具体情况来看。"
    "一般建议保持规律作息、均衡饮食，并按时做产检。"
    "如果出现出血、剧烈腹痛、胎动减少等情况，请立即就医。"
)


def split_tokens(text):
    """One token per CJK character, one per word (with its trailing space) otherwise."""
    tokens, word = [], ""
    for char in text:
        if ord(char) > 0x2E7F:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
            if char == " ":
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    return tokens


class Stub:
    def __init__(self, args):
        self.args = args
        # A model asked for its own triage opens with that line (maternal-qa takes it out of the answer).
        reply = f"TRIAGE: {args.triage}\n\n{args.reply}" if args.triage else args.reply
        self.tokens = split_tokens(reply)
        self.requests = 0
        self.hung = 0
        self.hung_closed_by_client = 0
        self.lock = threading.Lock()
        # Instant answers are the same bytes for the same (model, max_tokens, usage): rendered
        # once, so a benchmark measures the client, not this script's JSON encoding.
        self.rendered = {}

    def render(self, body):
        """The whole event stream of one answer as bytes (instant tokens)."""
        key = (body.get("model"), body.get("max_tokens"), bool((body.get("stream_options") or {}).get("include_usage")))
        with self.lock:
            cached = self.rendered.get(key)
        if cached is None:
            cached = b"".join(encode_event(event) for event in self.events(body))
            with self.lock:
                self.rendered[key] = cached
        return cached

    def chunk(self, model, delta, finish_reason=None):
        return {
            "id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }

    def events(self, body):
        """The stream's `data:` payloads for one request, in order."""
        model = body.get("model", "stub")
        limit = int(body.get("max_tokens") or len(self.tokens))
        tokens = self.tokens[:limit]
        yield self.chunk(model, {"role": "assistant", "content": ""})
        if self.args.timed_tokens:
            # Each marker is made when the generator is asked for it: just before it is written.
            count, whole = min(limit, self.args.timed_tokens), self.args.timed_tokens
            for _ in range(count):
                yield self.chunk(model, {"content": f"@{time.time_ns() // 1000} "})
        else:
            count, whole = len(tokens), len(self.tokens)
            for token in tokens:
                yield self.chunk(model, {"content": token})
        yield self.chunk(model, {}, "length" if count < whole else "stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            prompt = sum(len(m.get("content", "")) for m in body.get("messages", []))
            yield {
                "id": "chatcmpl-stub", "object": "chat.completion.chunk", "model": model, "choices": [],
                "usage": {"prompt_tokens": prompt, "completion_tokens": count,
                          "total_tokens": prompt + count},
            }
        yield "[DONE]"


LAST_CHUNK = b"0\r\n\r\n"


def chunk(data):
    """One HTTP/1.1 chunk of a chunked body."""
    return b"%x\r\n%s\r\n" % (len(data), data)


def encode_event(event):
    data = event if isinstance(event, str) else json.dumps(event, ensure_ascii=False)
    return f"data: {data}\n\n".encode()


def make_handler(stub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Small writes (a token, the chunked terminator) must leave at once, as from a real
        # server: with Nagle's algorithm each answer would wait for the client's delayed ACK.
        disable_nagle_algorithm = True

        def log_message(self, fmt, *args):
            if stub.args.verbose:
                sys.stderr.write("stub: " + fmt % args + "\n")

        def send_json(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path.rstrip("/") in ("/v1/models", "/models"):
                self.send_json(200, {"object": "list", "data": [{"id": "stub", "object": "model"}]})
            elif self.path == "/stub/stats":
                with stub.lock:
                    stats = {"requests": stub.requests, "hung": stub.hung, "hung_closed_by_client": stub.hung_closed_by_client}
                self.send_json(200, stats)
            else:
                self.send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
                return
            if stub.args.api_key and self.headers.get("Authorization") != f"Bearer {stub.args.api_key}":
                self.send_json(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
                return
            try:
                body = json.loads(raw)
            except ValueError:
                self.send_json(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
                return
            with stub.lock:
                stub.requests += 1
                hang = stub.args.hang_after_tokens is not None and (
                    stub.args.hang_requests is None or stub.hung < stub.args.hang_requests)
                if hang:
                    stub.hung += 1
            if not body.get("stream"):
                self.send_json(400, {"error": {"message": "this stub only streams", "type": "invalid_request_error"}})
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            delay = stub.args.token_delay_ms / 1000
            if hang:
                self.stream_then_hang(body, delay)
            elif delay or stub.args.timed_tokens:
                due = time.monotonic()
                for event in stub.events(body):
                    self.wfile.write(chunk(encode_event(event)))
                    due += delay
                    pause = due - time.monotonic()
                    if pause > 0:
                        time.sleep(pause)
                self.wfile.write(LAST_CHUNK)
            else:
                self.wfile.write(chunk(stub.render(body)) + LAST_CHUNK)

        def stream_then_hang(self, body, delay):
            """Sends the first --hang-after-tokens tokens, then nothing until the client closes."""
            events = stub.events(body)
            self.wfile.write(chunk(encode_event(next(events))))  # the role chunk
            for _ in range(stub.args.hang_after_tokens):
                self.wfile.write(chunk(encode_event(next(events))))
                time.sleep(delay)
            self.wfile.flush()
            # Blocks until the client gives up: a closed connection reads as end of file.
            while self.connection.recv(4096):
                pass
            with stub.lock:
                stub.hung_closed_by_client += 1
            self.close_connection = True

    return Handler


class StubServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: a burst of new connections (a client opening a pool of
    # 50 at once) would see SYNs dropped and retried a second or more later.
    request_queue_size = 1024


def argument_parser():
    """The command line's options; a test that runs the stub in its own process parses its flags with it too."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--reply", default=DEFAULT_REPLY, help="the text every answer streams")
    parser.add_argument("--token-delay-ms", type=float, default=0, help="pause between tokens (0: instant)")
    parser.add_argument("--timed-tokens", type=int, default=0, metavar="N",
                        help="answer with N tokens `@MICROSECONDS ` carrying each one's send time (instead of --reply)")
    parser.add_argument("--triage", help="open every answer with the line `TRIAGE: VALUE` (e.g. emergency, urgent, "
                                         "routine, or something unreadable), as the system prompt asks a model to")
    parser.add_argument("--api-key", help="require `Authorization: Bearer KEY` (401 otherwise)")
    parser.add_argument("--hang-after-tokens", type=int, metavar="N",
                        help="send N tokens of an answer, then nothing, the connection left open (a hung server)")
    parser.add_argument("--hang-requests", type=int, metavar="K",
                        help="with --hang-after-tokens: only the first K answers hang (default: every one)")
    parser.add_argument("--verbose", action="store_true", help="log each request on stderr")
    return parser


def main():
    args = argument_parser().parse_args()
    stub = Stub(args)
    server = StubServer((args.host, args.port), make_handler(stub))
    print(f"listening on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        print(f"served {stub.requests} completion requests", file=sys.stderr)


if __name__ == "__main__":
    main()
