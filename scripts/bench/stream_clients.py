#!/usr/bin/env python3
"""The clients of scripts/bench/stream.sh (standard library only).

Each client submits one question, follows its task's Server-Sent Events
(`GET /api/v2/chat/qa/task/{id}/events`) until the terminal snapshot, and checks what it got:

- the `seq` of its `event: delta`s only increases, and every event has an `id:`;
- the delta texts joined (after any `event: reset`) are exactly the completed answer
  (`result.data.messages[-1].content` of the terminal snapshot);
- the answer holds every token of the model stub (`openai_stub.py --timed-tokens N`) once, in order.

Each token is the stub's marker `@MICROSECONDS` of the moment it was written; the time a delta is
read from the socket minus the markers in it is the latency from the model's chunk to this client
(same machine, same clock). The receive time is taken when the bytes come out of the socket,
before they are parsed, so the parsing of other streams does not count (waiting for this process to
be scheduled does: it shares the cores with the server and the stub).

Prints a report, and with --json the figures as one JSON object (the last line).
"""
import argparse
import asyncio
import json
import math
import re
import resource
import sys
import time
from urllib.parse import urlsplit

MARKER = re.compile(r"@(\d{16})")
QUESTION = "孕期每天要补充多少叶酸"  # routine: no seek-care instruction before the model's text


def now_us():
    return time.time_ns() // 1000


class Failure(Exception):
    pass


async def open_http(url, method, path, body=None, headers=()):
    """Sends one request; returns (reader, writer, status, headers) with the body still unread."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    data = b"" if body is None else json.dumps(body).encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    lines += list(headers)
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise Failure(f"{method} {path}: connection closed before a response")
    status = int(status_line.split()[1])
    response_headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        response_headers[name.strip().lower()] = value.strip()
    return reader, writer, status, response_headers


async def body_pieces(reader, headers):
    """The body as it arrives, each piece with the time it came out of the socket."""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size_line = await reader.readline()
            if not size_line:
                raise Failure("the stream ended inside the chunked body")
            received = now_us()
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                return
            data = await reader.readexactly(size + 2)
            yield received, data[:-2]
    else:
        while True:
            data = await reader.read(65536)
            if not data:
                return
            yield now_us(), data


async def submit(base, index):
    reader, writer, status, headers = await open_http(
        base, "POST", "/api/v2/chat/qa/async",
        {"input": QUESTION, "maternal_id": index + 1, "user_type": "pregnant_mother"})
    raw = await reader.read()
    writer.close()
    if status != 200:
        raise Failure(f"submit: HTTP {status}: {raw[:200]!r}")
    return json.loads(raw)["data"]["task_id"]


class Client:
    def __init__(self, index, tokens):
        self.index = index
        self.tokens = tokens
        self.task_id = None
        self.deltas = 0
        self.snapshots = 0
        self.resets = 0
        self.latencies = []  # µs, one per token marker
        self.received = []  # µs since the epoch, when each of those tokens was received
        self.first_delta = None
        self.last_delta = None
        self.node = None
        self.errors = []

    async def run(self, base, follow, start):
        try:
            await start.wait()
            self.task_id = await submit(base, self.index)
            await self.follow(follow)
        except (Failure, OSError, ValueError, KeyError, asyncio.IncompleteReadError) as error:
            self.errors.append(f"client {self.index} ({self.task_id}): {error}")

    async def run_direct(self, stub, start):
        """The floor of this measurement: the stub's own stream read straight, no server between."""
        try:
            await start.wait()
            self.task_id = f"direct-{self.index}"
            reader, writer, status, headers = await open_http(
                stub, "POST", "/v1/chat/completions",
                {"model": "stub", "stream": True, "max_tokens": self.tokens, "messages": []})
            if status != 200:
                raise Failure(f"stub: HTTP {status}")
            buffer = b""
            try:
                async for received, data in body_pieces(reader, headers):
                    buffer += data
                    while b"\n\n" in buffer:
                        raw, buffer = buffer.split(b"\n\n", 1)
                        payload = raw.decode()[len("data: "):]
                        if payload == "[DONE]":
                            continue
                        for choice in json.loads(payload)["choices"]:
                            text = choice["delta"].get("content") or ""
                            if text:
                                self.deltas += 1
                                self.first_delta = self.first_delta or received
                                self.last_delta = received
                            for marker in MARKER.findall(text):
                                self.latencies.append(received - int(marker))
                                self.received.append(received)
            finally:
                writer.close()
            if len(self.latencies) != self.tokens:
                self.errors.append(f"{self.task_id}: {len(self.latencies)} tokens, the stub sends {self.tokens}")
        except (Failure, OSError, ValueError, KeyError, asyncio.IncompleteReadError) as error:
            self.errors.append(f"client {self.index}: {error}")

    async def follow(self, base):
        reader, writer, status, headers = await open_http(
            base, "GET", f"/api/v2/chat/qa/task/{self.task_id}/events", headers=["Accept: text/event-stream"])
        if status != 200:
            raise Failure(f"events: HTTP {status}")
        text, seq, markers, buffer, terminal = [], 0, [], b"", None
        try:
            async for received, data in body_pieces(reader, headers):
                buffer += data
                while b"\n\n" in buffer:
                    raw, buffer = buffer.split(b"\n\n", 1)
                    event, fields = parse_event(raw.decode())
                    if event is None and "data" not in fields:
                        continue  # a comment (keep-alive)
                    if "id" not in fields:
                        self.errors.append(f"{self.task_id}: an event without id: {raw[:80]!r}")
                    payload = json.loads(fields["data"])
                    if event == "delta":
                        self.deltas += 1
                        self.first_delta = self.first_delta or received
                        self.last_delta = received
                        if payload["seq"] <= seq:
                            self.errors.append(f"{self.task_id}: delta seq {payload['seq']} after {seq}")
                        seq = payload["seq"]
                        text.append(payload["text"])
                        for marker in MARKER.findall(payload["text"]):
                            markers.append(int(marker))
                            self.latencies.append(received - int(marker))
                            self.received.append(received)
                    elif event == "reset":
                        self.resets += 1
                        text, seq, markers = [], 0, []
                    elif event is None:
                        self.snapshots += 1
                        self.node = payload.get("node", self.node)
                        if payload["status"] in ("completed", "failed"):
                            terminal = payload
                            break
                    else:
                        self.errors.append(f"{self.task_id}: unknown event {event!r}")
                if terminal is not None:
                    break
        finally:
            writer.close()
        if terminal is None:
            raise Failure("the stream ended before the terminal snapshot")
        if terminal["status"] != "completed":
            raise Failure(f"task {terminal['status']}: {terminal.get('error')}")
        answer = terminal["result"]["data"]["messages"][-1]["content"]
        joined = "".join(text)
        if joined != answer:
            at = next((i for i, (a, b) in enumerate(zip(joined, answer)) if a != b), min(len(joined), len(answer)))
            self.errors.append(f"{self.task_id}: deltas joined ({len(joined)} chars) differ from the answer "
                               f"({len(answer)} chars) at {at}: {joined[at:at + 40]!r} vs {answer[at:at + 40]!r}")
        in_answer = [int(m) for m in MARKER.findall(answer)]
        if len(in_answer) != self.tokens:
            self.errors.append(f"{self.task_id}: the answer has {len(in_answer)} tokens, the stub sent {self.tokens}")
        if markers != in_answer or any(b < a for a, b in zip(markers, markers[1:])):
            self.errors.append(f"{self.task_id}: the deltas' tokens are not the answer's, in order")


def parse_event(raw):
    event, fields = None, {}
    for line in raw.split("\n"):
        if not line or line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            event = value
        else:
            fields[name] = fields[name] + "\n" + value if name == "data" and name in fields else value
    return event, fields


def percentile(values, fraction):
    """Nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


async def main_async(args):
    start = asyncio.Event()
    clients = [Client(index, args.tokens) for index in range(args.clients)]
    follow = args.follow_url or args.base_url
    if args.direct:
        jobs = [asyncio.create_task(client.run_direct(args.direct, start)) for client in clients]
    else:
        jobs = [asyncio.create_task(client.run(args.base_url, follow, start)) for client in clients]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    began = now_us()
    start.set()
    done, pending = await asyncio.wait(jobs, timeout=args.timeout)
    ended = now_us()
    for job in pending:
        job.cancel()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    errors = [error for client in clients for error in client.errors]
    errors += [f"client {clients[jobs.index(job)].index}: no terminal snapshot within {args.timeout} s" for job in pending]
    return clients, errors, began, ended, (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", help="where questions are submitted")
    parser.add_argument("--direct", metavar="STUB_URL",
                        help="no server: read the stub's streams straight (the floor of the stub and this client)")
    parser.add_argument("--follow-url", help="where the events are followed (another node; default: --base-url)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--tokens", type=int, default=500, help="tokens the stub streams per answer (checked)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for the whole run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on the last line")
    parser.add_argument("--dump", metavar="FILE", help="write `client receive_us latency_us` per token to FILE")
    args = parser.parse_args()
    if not args.base_url and not args.direct:
        parser.error("--base-url or --direct is required")
    clients, errors, began, ended, client_cpu = asyncio.run(main_async(args))

    if args.dump:
        with open(args.dump, "w") as out:
            for c in clients:
                out.writelines(f"{c.index} {r} {l}\n" for r, l in zip(c.received, c.latencies))
    deltas = sum(c.deltas for c in clients)
    latencies = [l for c in clients for l in c.latencies]
    firsts = [c.first_delta for c in clients if c.first_delta]
    lasts = [c.last_delta for c in clients if c.last_delta]
    window = (max(lasts) - min(firsts)) / 1e6 if firsts else float("nan")
    ms = [l / 1000 for l in latencies]
    figures = {
        "clients": len(clients), "deltas": deltas, "tokens": len(latencies),
        "snapshots": sum(c.snapshots for c in clients), "resets": sum(c.resets for c in clients),
        "window_s": round(window, 3), "wall_s": round((ended - began) / 1e6, 3),
        "deltas_per_s": round(deltas / window, 1) if window else None,
        "tokens_per_s": round(len(latencies) / window, 1) if window else None,
        "latency_ms": {"p50": round(percentile(ms, 0.50), 2), "p90": round(percentile(ms, 0.90), 2),
                       "p99": round(percentile(ms, 0.99), 2), "max": round(max(ms), 2) if ms else None,
                       "min": round(min(ms), 2) if ms else None},
        "client_cpu_s": round(client_cpu, 2),
        "nodes": sorted({c.node for c in clients if c.node}),
        "errors": len(errors),
    }
    print(f"{len(clients)} clients: {deltas} deltas ({len(latencies)} tokens, {figures['snapshots']} status "
          f"snapshots, {figures['resets']} resets) in {window:.2f} s from the first delta to the last "
          f"({figures['wall_s']:.2f} s from the first submit to the last terminal snapshot)")
    print(f"delivered: {figures['deltas_per_s']} deltas/s, {figures['tokens_per_s']} tokens/s (all clients)")
    lat = figures["latency_ms"]
    print(f"latency, model chunk -> client (per token): p50 {lat['p50']} ms, p90 {lat['p90']} ms, "
          f"p99 {lat['p99']} ms, max {lat['max']} ms (min {lat['min']} ms)")
    if len(figures["nodes"]) > 1:
        for node in figures["nodes"]:
            ran = [l / 1000 for c in clients if c.node == node for l in c.latencies]
            figures["latency_ms_" + node] = {"tasks": sum(c.node == node for c in clients),
                                             "p50": round(percentile(ran, 0.5), 2), "p99": round(percentile(ran, 0.99), 2),
                                             "max": round(max(ran), 2) if ran else None}
            print(f"  tasks that ran on {node}: {figures['latency_ms_' + node]}")
    print(f"client CPU (this script): {client_cpu:.2f} s; tasks ran on: {', '.join(figures['nodes'])}")
    print(f"errors: {len(errors)}")
    for error in errors[:20]:
        print("  " + error)
    if args.json:
        print(json.dumps(figures))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
