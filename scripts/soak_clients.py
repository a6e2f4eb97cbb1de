#!/usr/bin/env python3
"""The load generator and sampler of scripts/soak.sh (Python 3 standard library only).

CLIENTS clients, each on one keep-alive connection of its own, each acting once every INTERVAL
seconds. One client in ASKERS_EVERY is an asker, a mother in a chat: she submits a question
(POST /api/v2/chat/qa/async), polls its status at every tick until it is terminal, reads the
chat for 0-2 ticks (GET its history), then asks the next one — half the time a follow-up in the
same chat (up to MAX_TURNS turns), otherwise in a new chat. Every other client watches one
asker, as a family member or a clinician would, and at each tick reads one of: the status of her
latest task (with `partial=1` half the time), her task list, or her current chat's history.

Errors, all counted: a non-2xx answer, a connection error or reset, a request taking longer than
--timeout, a task that ends failed, and a task not terminal --stuck-after seconds after its
submission. The target is 0.

Every --sample seconds one CSV row: the server's RSS, open file descriptors and threads (from
/proc/SERVER_PID), its CPU, the database's size on disk, the requests of the window with their
p50/p99/max latency, tasks submitted and completed, the queue depth and running tasks (from
/metrics), and the generator's own health: how late clients fired against their schedule
(p99/max) and its CPU. At the end a plain-text summary, with the growth of RSS and fds from the
end of the warm-up to the end. Exit 1 if a target was missed (errors, RSS or fd growth ≥ 10 %,
p99 not steady), 2 on bad arguments.
"""
import argparse
import array
import asyncio
import collections
import csv
import json
import math
import os
import random
import resource
import sys
import time
from urllib.parse import urlsplit

QUESTIONS = [  # mostly routine, as most questions are
    "孕期可以喝咖啡吗",
    "怀孕五个月了，蹲下去再站起来眼前一黑，这正常吗",
    "刚六周，早上刷牙就干呕，闻到油烟味就想吐，有啥办法",
    "孕期每天要补充多少叶酸",
    "产后多久可以开始运动",
    "孕晚期腿抽筋怎么办",
    "母乳喂养时乳头疼怎么办",
    "糖耐检查前要空腹多久",
    "怀孕了还能养猫吗",
    "产后一直掉头发正常吗",
    "孕期便秘可以吃什么缓解",
    "顺产后伤口多久能好",
    "孕期晚上睡不着怎么办",
    "怀孕期间可以坐飞机吗",
    "坐月子可以洗头洗澡吗",
    "孕32周，头痛得厉害，眼睛看东西模糊",  # emergency: jumps the queue, opens with the seek-care line
    "产后第5天发烧38度5，伤口红肿",  # urgent
]
FOLLOW_UPS = ["那要注意什么呢", "要多久才会好", "还要去医院检查吗", "那吃什么比较好"]
USER_TYPES = ["pregnant_mother", "postpartum_mother", "family_member", "doctor"]
STATUS_PATH = "/api/v2/chat/qa/task/{}/status"


class Stats:
    """Everything measured, per sample window and for the whole run."""

    def __init__(self):
        self.window = array.array("d")  # latency (ms) of each request of the window
        self.window_lag = array.array("d")  # how late clients fired (ms)
        self.all_latency = collections.defaultdict(lambda: array.array("d"))  # per kind, whole run
        self.all_lag = array.array("d")
        self.window_errors = 0
        self.errors = collections.Counter()  # kind -> count, whole run
        self.error_examples = []
        self.window_submits = self.submits = 0
        self.window_completed = self.completed = 0
        self.reconnects = 0

    def request(self, kind, ms):
        self.window.append(ms)
        self.all_latency[kind].append(ms)

    def lag(self, ms):
        self.window_lag.append(ms)
        self.all_lag.append(ms)

    def error(self, kind, detail):
        self.window_errors += 1
        self.errors[kind] += 1
        if len(self.error_examples) < 20:
            self.error_examples.append(f"{time.strftime('%H:%M:%S')} {kind}: {detail}")


class HTTPError(Exception):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened on the next request after any failure."""

    def __init__(self, host, port, stats):
        self.host, self.port, self.stats = host, port, stats
        self.reader = self.writer = None
        self.opened = False

    async def request(self, method, path, body=None):
        """(status, body bytes). Raises OSError, asyncio.IncompleteReadError or HTTPError."""
        if self.writer is None:
            if self.opened:
                self.stats.reconnects += 1
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.opened = True
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        data = b""
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
        self.writer.write((head + "\r\n").encode() + data)
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, close = None, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                raise HTTPError("chunked response: not expected from these routes")
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        content = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, content

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Asker:
    """Shared with the watchers: the asker's latest task and chat."""

    def __init__(self, maternal_id, user_type):
        self.maternal_id, self.user_type = maternal_id, user_type
        self.task_id = self.chat_id = None


async def timed(conn, stats, args, kind, method, path, body=None):
    """One request, timed and checked; returns the parsed body on 2xx, None after an error."""
    started = time.perf_counter()
    try:
        status, content = await asyncio.wait_for(conn.request(method, path, body), args.timeout)
    except asyncio.TimeoutError:
        conn.close()
        stats.error("timeout", f"{method} {path}: no answer in {args.timeout} s")
        return None
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, HTTPError, ValueError) as error:
        conn.close()
        stats.error("connection", f"{method} {path}: {type(error).__name__}: {error}")
        return None
    stats.request(kind, (time.perf_counter() - started) * 1000)
    if not 200 <= status < 300:
        stats.error(f"http_{status}", f"{method} {path}: {content[:200]!r}")
        return None
    return content


def parsed(content, stats, what):
    """The `data` of an envelope holding the fields the asker needs, or None after counting an error."""
    try:
        data = json.loads(content)["data"]
        if "task_id" in data and "status" in data and ("chat_id" in data or what == "status"):
            return data
    except (ValueError, KeyError, TypeError):
        pass
    stats.error("bad_body", f"{what}: {content[:200]!r}")
    return None


async def ask_loop(asker, conn, stats, args, rng, stop):
    turns = 0
    submitted = 0.0
    # Ticks spent reading before the next question: at the start 0-3, so the askers spread over
    # the four ticks a question takes instead of all asking at once every 8 s; after an answer
    # 0-2, which keeps them spread.
    reading = rng.randint(0, 3)
    async for _ in ticks(stats, args, rng, stop):
        if asker.task_id is None and reading > 0:
            reading -= 1
            if asker.chat_id:
                await timed(conn, stats, args, "chat history", "GET", f"/api/v2/chat/{asker.chat_id}/messages")
            else:
                await timed(conn, stats, args, "task list", "GET",
                            f"/api/v2/chat/qa/tasks?maternal_id={asker.maternal_id}&limit=20")
            continue
        if asker.task_id is None:  # ask
            if asker.chat_id is not None and turns < args.max_turns and rng.random() < 0.5:
                question = rng.choice(FOLLOW_UPS)
                turns += 1
            else:
                question, asker.chat_id, turns = rng.choice(QUESTIONS), None, 1
            body = {"input": question, "maternal_id": asker.maternal_id, "user_type": asker.user_type}
            if asker.chat_id:
                body["chat_id"] = asker.chat_id
            content = await timed(conn, stats, args, "submit", "POST", "/api/v2/chat/qa/async", body)
            if content is None:
                asker.chat_id = None
                continue
            data = parsed(content, stats, "submit")
            if data is None:
                asker.chat_id = None
                continue
            asker.task_id, asker.chat_id = data["task_id"], data["chat_id"]
            stats.window_submits += 1
            stats.submits += 1
            submitted = time.monotonic()
            continue
        content = await timed(conn, stats, args, "status (asker)", "GET", STATUS_PATH.format(asker.task_id))
        data = None if content is None else parsed(content, stats, "status")
        if data is None:
            continue
        if data["status"] == "completed":
            stats.window_completed += 1
            stats.completed += 1
            asker.task_id, reading = None, rng.randint(0, 2)
        elif data["status"] == "failed":
            stats.error("task_failed", f"{asker.task_id}: {data.get('error_code')} {data.get('error_detail') or data.get('error')}")
            asker.task_id, asker.chat_id = None, None
        elif time.monotonic() - submitted > args.stuck_after:
            stats.error("task_stuck", f"{asker.task_id}: still {data['status']} after {args.stuck_after} s")
            asker.task_id, asker.chat_id = None, None


async def watch_loop(asker, conn, stats, args, rng, stop):
    async for _ in ticks(stats, args, rng, stop):
        task_id, chat_id, pick = asker.task_id, asker.chat_id, rng.random()
        if task_id and pick < 0.5:
            partial = "?partial=1" if pick < 0.25 else ""
            await timed(conn, stats, args, "status (watcher)", "GET", STATUS_PATH.format(task_id) + partial)
        elif chat_id and pick < 0.75:
            await timed(conn, stats, args, "chat history", "GET", f"/api/v2/chat/{chat_id}/messages")
        else:
            await timed(conn, stats, args, "task list", "GET",
                        f"/api/v2/chat/qa/tasks?maternal_id={asker.maternal_id}&limit=20")


async def ticks(stats, args, rng, stop):
    """Yields once per interval on a fixed schedule (a random phase per client, so clients do not
    act in lockstep). The lag recorded is how late the event loop woke the client: the
    generator's own delay, not the server's. A tick missed because the previous request was still
    running is skipped, as a polling client would skip it."""
    loop = asyncio.get_running_loop()
    due = loop.time() + rng.uniform(0, args.interval)
    while not stop.is_set():
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
            stats.lag((loop.time() - due) * 1000)
        else:
            due += max(1, math.ceil(-delay / args.interval)) * args.interval
            continue
        if stop.is_set():
            return
        yield
        due += args.interval


def percentile(values, fraction):
    """Nearest rank; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def proc_status(pid):
    """RSS (MiB), open fds, threads and CPU seconds of the server process."""
    rss = threads = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, fds, threads, cpu


def database_mib(path):
    return sum(os.path.getsize(path + suffix) for suffix in ("", "-wal", "-shm") if os.path.exists(path + suffix)) / 2**20


async def server_gauges(conn):
    """(queue depth, running tasks) from /metrics; its own connection, not counted as load."""
    status, content = await asyncio.wait_for(conn.request("GET", "/metrics"), 10)
    gauges = {}
    for line in content.decode().splitlines():
        if line.startswith("mqa_queue_depth ") or line.startswith('mqa_tasks{state="running"} '):
            name, value = line.rsplit(" ", 1)
            gauges[name] = float(value)
    return int(gauges.get("mqa_queue_depth", -1)), int(gauges.get('mqa_tasks{state="running"}', -1))


COLUMNS = ["elapsed_s", "requests", "req_per_s", "errors", "p50_ms", "p99_ms", "max_ms", "submitted",
           "completed", "queue_depth", "running", "rss_mib", "fds", "threads", "server_cpu_pct", "db_mib",
           "gen_lag_p99_ms", "gen_lag_max_ms", "gen_cpu_pct", "load1"]


async def sampler(args, stats, metrics_conn, rows, out):
    loop = asyncio.get_running_loop()
    began = loop.time()
    _, _, _, cpu_before = proc_status(args.server_pid)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    gen_before = usage.ru_utime + usage.ru_stime
    sample = 1
    while True:
        due = began + sample * args.sample
        await asyncio.sleep(max(0.0, due - loop.time()))
        window, lags = stats.window, stats.window_lag
        errors, submits, completed = stats.window_errors, stats.window_submits, stats.window_completed
        stats.window, stats.window_lag = array.array("d"), array.array("d")
        stats.window_errors = stats.window_submits = stats.window_completed = 0
        rss, fds, threads, cpu = proc_status(args.server_pid)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        gen_cpu = usage.ru_utime + usage.ru_stime
        try:
            queue_depth, running = await server_gauges(metrics_conn)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            metrics_conn.close()
            stats.error("metrics", f"GET /metrics: {type(error).__name__}: {error}")
            queue_depth = running = -1
        row = {
            "elapsed_s": round(sample * args.sample), "requests": len(window),
            "req_per_s": round(len(window) / args.sample, 1), "errors": errors,
            "p50_ms": round(percentile(window, 0.50), 2), "p99_ms": round(percentile(window, 0.99), 2),
            "max_ms": round(max(window, default=float("nan")), 2), "submitted": submits, "completed": completed,
            "queue_depth": queue_depth, "running": running, "rss_mib": round(rss, 1), "fds": fds,
            "threads": threads, "server_cpu_pct": round((cpu - cpu_before) / args.sample * 100, 1),
            "db_mib": round(database_mib(args.database), 1),
            "gen_lag_p99_ms": round(percentile(lags, 0.99), 2), "gen_lag_max_ms": round(max(lags, default=float("nan")), 2),
            "gen_cpu_pct": round((gen_cpu - gen_before) / args.sample * 100, 1),
            "load1": os.getloadavg()[0],
        }
        cpu_before, gen_before = cpu, gen_cpu
        rows.append(row)
        out.writerow(row)
        args.csv_file.flush()
        print(" ".join(f"{name}={row[name]}" for name in ("elapsed_s", "req_per_s", "errors", "p99_ms", "completed",
                                                           "queue_depth", "rss_mib", "fds", "gen_lag_p99_ms", "load1")),
              flush=True)
        if sample * args.sample >= args.minutes * 60:
            return
        sample += 1


async def run(args):
    parts = urlsplit(args.base_url)
    stats, stop, rows = Stats(), asyncio.Event(), []
    rng = random.Random(args.seed)
    askers = {}
    jobs = []
    for index in range(args.clients):
        owner = index - index % args.askers_every  # the asker this client is or watches
        if owner not in askers:
            askers[owner] = Asker(maternal_id=100000 + owner // args.askers_every,
                                  user_type=USER_TYPES[(owner // args.askers_every) % len(USER_TYPES)])
        conn = Connection(parts.hostname, parts.port, stats)
        loop_fn = ask_loop if index == owner else watch_loop
        jobs.append(asyncio.create_task(loop_fn(askers[owner], conn, stats, args, random.Random(rng.random()), stop)))
    out = csv.DictWriter(args.csv_file, fieldnames=COLUMNS)
    out.writeheader()
    # The last sample is taken under full load; the clients stop after it.
    await sampler(args, stats, Connection(parts.hostname, parts.port, stats), rows, out)
    stop.set()
    await asyncio.wait(jobs, timeout=args.timeout + 1)
    for job in jobs:  # a client that died of a bug in this script would otherwise go unnoticed
        if not job.done():
            job.cancel()
        elif job.exception() is not None:
            stats.error("client_died", repr(job.exception()))
    in_flight = sum(1 for a in askers.values() if a.task_id)
    return stats, rows, len(askers), in_flight


def growth(rows, column, start):
    first, last = rows[start][column], rows[-1][column]
    return first, last, (last - first) / first * 100 if first else float("nan")


def summary(args, stats, rows, askers, in_flight):
    """Prints the table; returns the names of the targets missed."""
    warm = next((i for i, row in enumerate(rows) if row["elapsed_s"] >= args.warmup * 60), len(rows) - 1)
    after = rows[warm:]
    total = sum(len(v) for v in stats.all_latency.values())
    everything = array.array("d")
    for values in stats.all_latency.values():
        everything.extend(values)
    p99s = [row["p99_ms"] for row in after]
    third = max(1, len(p99s) // 3)
    early, late = sorted(p99s[:third]), sorted(p99s[-third:])
    early_median, late_median = early[len(early) // 2], late[len(late) // 2]
    missed = []
    print()
    print(f"=== soak summary: {args.minutes:g} min, {args.clients} clients ({askers} askers), "
          f"one action each every {args.interval:g} s ===")
    print(f"warm-up: the first {args.warmup:.3g} min; growth is from the sample at {rows[warm]['elapsed_s']} s "
          f"to the last, at {rows[-1]['elapsed_s']} s")
    print()
    print(f"{'measure':<34} {'value':>40}")

    def line(name, value):
        print(f"{name:<34} {value:>40}")

    line("requests", f"{total:,} ({total / (args.minutes * 60):.1f}/s)")
    line("errors", f"{sum(stats.errors.values())}" + (f" ({dict(stats.errors)})" if stats.errors else ""))
    line("reconnects", f"{stats.reconnects}")
    line("tasks submitted / completed", f"{stats.submits:,} / {stats.completed:,} ({in_flight} in flight at the end)")
    line("latency, whole run p50 / p99 / max", f"{percentile(everything, .5):.2f} / {percentile(everything, .99):.2f} / "
                                               f"{max(everything, default=float('nan')):.1f} ms")
    for kind in sorted(stats.all_latency):
        values = stats.all_latency[kind]
        line(f"  {kind} ({len(values):,})", f"{percentile(values, .5):.2f} / {percentile(values, .99):.2f} / {max(values):.1f} ms")
    line("window p99 after warm-up min/med/max", f"{min(p99s):.2f} / {sorted(p99s)[len(p99s) // 2]:.2f} / {max(p99s):.2f} ms")
    line("window p99, first / last third (med)", f"{early_median:.2f} / {late_median:.2f} ms")
    for column, unit, name in (("rss_mib", "MiB", "server RSS"), ("fds", "", "server open fds"),
                               ("threads", "", "server threads"), ("db_mib", "MiB", "database on disk")):
        first, last, percent = growth(rows, column, warm)
        line(f"{name}, warm-up end → end", f"{first:g} → {last:g} {unit} ({percent:+.1f} %)")
    line("server RSS, min / max after warm-up", f"{min(r['rss_mib'] for r in after):g} / {max(r['rss_mib'] for r in after):g} MiB")
    line("server CPU, mean", f"{sum(r['server_cpu_pct'] for r in rows) / len(rows):.1f} % of a core")
    line("queue depth, max", f"{max(r['queue_depth'] for r in rows)}")
    line("generator lag p99 / max (whole run)", f"{percentile(stats.all_lag, .99):.2f} / {max(stats.all_lag, default=float('nan')):.1f} ms")
    line("generator CPU, mean", f"{sum(r['gen_cpu_pct'] for r in rows) / len(rows):.1f} % of a core")
    line("load average (1 min), min / max", f"{min(r['load1'] for r in rows):.2f} / {max(r['load1'] for r in rows):.2f}")
    print()
    errors = sum(stats.errors.values())
    rss_growth, fd_growth = growth(rows, "rss_mib", warm)[2], growth(rows, "fds", warm)[2]
    # Steady: no upward trend in the windows' p99 after the warm-up (single slow windows on a
    # shared machine are shown above, not judged).
    steady = late_median <= early_median * 1.5
    for ok, target, value in ((errors == 0, "0 errors", f"{errors}"),
                              (rss_growth < 10, "RSS growth < 10 %", f"{rss_growth:+.1f} %"),
                              (fd_growth < 10, "fd growth < 10 %", f"{fd_growth:+.1f} %"),
                              (steady, "p99 steady (last third ≤ 1.5 × first)", f"{early_median:.2f} → {late_median:.2f} ms")):
        print(f"{'met   ' if ok else 'MISSED'}  {target}: {value}")
        if not ok:
            missed.append(target)
    if stats.error_examples:
        print("\nfirst errors:")
        for example in stats.error_examples:
            print("  " + example)
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--server-pid", type=int, required=True, help="the server process, sampled from /proc")
    parser.add_argument("--database", required=True, help="its SQLite file, for its size on disk")
    parser.add_argument("--csv", required=True, help="where the samples go")
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--askers-every", type=int, default=4, help="one client in N asks questions (default 4)")
    parser.add_argument("--interval", type=float, default=2, help="seconds between a client's actions (default 2)")
    parser.add_argument("--sample", type=float, default=30, help="seconds between samples (default 30)")
    parser.add_argument("--warmup", type=float, help="minutes of warm-up (default 5, or a third of a shorter run)")
    parser.add_argument("--max-turns", type=int, default=6, help="turns of one chat before a new one (default 6)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds a request may take (default 10)")
    parser.add_argument("--stuck-after", type=float, default=120, help="seconds before an unfinished task counts as an error")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.clients < 1 or args.askers_every < 1 or args.minutes * 60 < 2 * args.sample:
        parser.error("need at least one client and a run of at least two samples")
    if args.warmup is None:
        args.warmup = min(5, args.minutes / 3)
    with open(args.csv, "w", newline="") as args.csv_file:
        stats, rows, askers, in_flight = asyncio.run(run(args))
    print(f"\nsamples: {args.csv}")
    missed = summary(args, stats, rows, askers, in_flight)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
