"""Slow, idle and oversized requests against the real binary: thousands of idle connections and
clients trickling their requests byte by byte (slowloris) do not keep others from being served,
and are closed once their bound passes (`http_idle_timeout`, `http_header_timeout`,
`http_body_timeout`, set short here); the trickling ones get 408 in the API's envelope, and a
trickled submission never becomes a task. A request head over the limits (10,000 headers, a 1 MB
header line) gets 431 in the envelope, other unreadable heads 400."""
import json
import selectors
import socket
import statistics
import threading
import time

import pytest

from conftest import wait_for

SUBMIT = "/api/v2/chat/qa/async"
IDLE, HEADER, BODY = 3, 2, 2


def parse_response(raw):
    """(status, headers with lower-case names, body) of one raw HTTP/1.1 response."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = dict((name.strip().lower(), value.strip()) for name, _, value in (line.partition(":") for line in lines[1:]))
    return status, headers, body


def check_envelope(raw, status, fragment):
    code, headers, body = parse_response(raw)
    assert code == status, raw[:300]
    assert headers.get("connection") == "close", headers
    assert headers["content-type"].startswith("application/json"), headers
    envelope = json.loads(body)
    assert envelope["code"] == status and envelope["data"] is None, envelope
    assert fragment in envelope["msg"], envelope


class Watched:
    """A client socket whose answer and end are collected as they come: what it received and
    when the server closed it (seconds after `since`)."""

    def __init__(self, connection, since):
        self.connection = connection
        self.since = since
        self.received = b""
        self.closed_after = None


def watch_until_closed(watched, timeout):
    """Reads every socket until the server has closed each one (epoll: thousands of them)."""
    selector = selectors.DefaultSelector()
    for item in watched:
        item.connection.setblocking(False)
        selector.register(item.connection, selectors.EVENT_READ, item)
    open_count, deadline = len(watched), time.monotonic() + timeout
    while open_count and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.5):
            item = key.data
            try:
                data = item.connection.recv(65536)
            except (ConnectionResetError, BlockingIOError) as error:
                if isinstance(error, BlockingIOError):
                    continue
                data = b""
            if data:
                item.received += data
                continue
            item.closed_after = time.monotonic() - item.since
            selector.unregister(item.connection)
            open_count -= 1
    selector.close()
    assert open_count == 0, f"{open_count} connections still open after {timeout} s"


class Trickler(threading.Thread):
    """Sends each connection's remaining bytes one at a time, every `interval`, until the server
    closes it."""

    def __init__(self, pending, interval=0.1):
        super().__init__(daemon=True)
        self.pending = pending  # [(socket, bytes)]
        self.interval = interval
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(self.interval) and self.pending:
            still = []
            for connection, rest in self.pending:
                try:
                    connection.send(rest[:1])
                    still.append((connection, rest[1:]))
                except OSError:
                    pass  # closed by the server
            self.pending = [(connection, rest) for connection, rest in still if rest]


def connect(server):
    return socket.create_connection(("127.0.0.1", server.port), timeout=30)


def test_idle_and_trickling_connections_do_not_stop_others_and_are_closed_after_their_bound(serve):
    server = serve("--http-idle-timeout", str(IDLE), "--http-header-timeout", str(HEADER),
                   "--http-body-timeout", str(BODY))
    idle = [Watched(connect(server), time.monotonic()) for _ in range(2000)]
    # A connection that made a request and then sits idle, kept alive.
    kept_alive = Watched(connect(server), 0)
    kept_alive.connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert kept_alive.connection.recv(65536).startswith(b"HTTP/1.1 200")
    kept_alive.since = time.monotonic()
    # Headers trickled a byte at a time: the head never completes within its bound.
    slow_heads, slow_bodies, pending = [], [], []
    for _ in range(20):
        connection = connect(server)
        connection.sendall(f"POST {SUBMIT} HTTP/1.1\r\nHost: x\r\n".encode())
        slow_heads.append(Watched(connection, time.monotonic()))
        pending.append((connection, b"X-Slow: " + b"a" * 500 + b"\r\n\r\n"))
    # A whole head, then a valid submission's body trickled a byte at a time.
    body = json.dumps({"input": "孕期可以吃螃蟹吗", "maternal_id": 7, "user_type": "doctor"}).encode()
    for _ in range(20):
        connection = connect(server)
        connection.sendall(f"POST {SUBMIT} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           f"Content-Length: {len(body)}\r\n\r\n".encode())
        slow_bodies.append(Watched(connection, time.monotonic()))
        pending.append((connection, body))
    trickler = Trickler(pending)
    trickler.start()
    try:
        # Meanwhile others are served at once.
        latencies = []
        for _ in range(30):
            started = time.monotonic()
            assert server.get("/healthz").status == 200
            latencies.append(time.monotonic() - started)
        started = time.monotonic()
        submitted = server.submit(maternal_id=8)
        latencies.append(time.monotonic() - started)
        assert submitted.status == 200, submitted
        print(f"while 2000 idle and 40 trickling: healthz/submit median {statistics.median(latencies) * 1000:.1f} ms, "
              f"max {max(latencies) * 1000:.1f} ms")
        assert max(latencies) < 1.0, latencies
        assert server.wait_terminal(submitted.data["task_id"], timeout=60)["status"] == "completed"

        watch_until_closed(idle + [kept_alive] + slow_heads + slow_bodies, timeout=IDLE + 20)
    finally:
        trickler.stop.set()
    for item in idle + [kept_alive]:
        assert item.received == b"", item.received[:200]
        assert IDLE - 0.5 <= item.closed_after <= IDLE + 10, item.closed_after
    for item in slow_heads:
        check_envelope(item.received, 408, f"请求头未在 {HEADER} 秒内发送完整")
        assert HEADER - 0.5 <= item.closed_after <= HEADER + 10, item.closed_after
    for item in slow_bodies:
        check_envelope(item.received, 408, f"请求体未在 {BODY} 秒内发送完整")
        assert BODY - 0.5 <= item.closed_after <= BODY + 10, item.closed_after
    # The trickled submissions were refused whole: the only task of either asker is the prompt one.
    tasks = server.get("/api/v2/chat/qa/tasks?maternal_id=7").data["tasks"]
    assert tasks == [], tasks
    assert server.get("/healthz").status == 200


@pytest.mark.parametrize("extra", [
    "".join(f"X-Header-{n}: {n}\r\n" for n in range(10_000)),
    "X-Huge: " + "a" * (1 << 20) + "\r\n",
], ids=["10000-headers", "1MB-header-line"])
def test_a_head_over_the_limits_gets_431_in_the_envelope(serve, extra):
    server = serve()
    with connect(server) as connection:
        try:
            connection.sendall(f"GET /healthz HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered and closed before the rest was sent: the answer is still there to read
        raw = b""
        while chunk := connection.recv(65536):
            raw += chunk
    check_envelope(raw, 431, "请求头过大")
    assert server.get("/healthz").status == 200


def test_an_unreadable_head_gets_400_in_the_envelope(serve):
    server = serve()
    with connect(server) as connection:
        connection.sendall(b"GET /healthz HTTP/9.9\r\n\r\n")
        raw = b""
        while chunk := connection.recv(65536):
            raw += chunk
    check_envelope(raw, 400, "不是有效的 HTTP/1.1 请求")


@pytest.mark.parametrize("chunks", [b"zz\r\nabc\r\n0\r\n\r\n", b"5\r\n{\"a\":\r\nXX"], ids=["bad-size", "bad-framing"])
def test_a_body_that_breaks_chunked_framing_gets_400_not_500(serve, chunks):
    server = serve()
    with connect(server) as connection:
        connection.sendall(f"POST {SUBMIT} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n".encode() + chunks)
        raw = b""
        while chunk := connection.recv(65536):
            raw += chunk
    check_envelope(raw, 400, "不是有效的 HTTP/1.1 消息")
    assert not [name for name in server.metrics() if name.startswith("http_requests_total") and 'status="5' in name]
