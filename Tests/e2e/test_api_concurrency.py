"""50 clients submit at once while a few workers are busy: submissions never wait for the work,
never more than max_workers tasks run, and the total time follows the worker bound."""
import threading
import time
from datetime import datetime

MAX_WORKERS = 5
CLIENTS = 50
LATENCY_MS = 2000


def parse(timestamp):
    return datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


def most_overlapping(intervals):
    """The largest number of [start, end) intervals covering one instant."""
    events = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals],
                    key=lambda event: (event[0], event[1]))  # at equal times, an end comes before a start
    running = peak = 0
    for _, delta in events:
        running += delta
        peak = max(peak, running)
    return peak


def test_fifty_clients_at_once(serve):
    server = serve("--max-workers", str(MAX_WORKERS), "--simulated-latency-ms", str(LATENCY_MS))
    barrier = threading.Barrier(CLIENTS)
    replies = [None] * CLIENTS

    def client(index):
        barrier.wait(timeout=60)
        replies[index] = server.submit(f"孕期可以喝咖啡吗？第{index}位", maternal_id=index + 1)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(reply is not None and reply.status == 200 for reply in replies), replies
    task_ids = [reply.data["task_id"] for reply in replies]
    assert len(set(task_ids)) == CLIENTS

    # Every submission was answered while the work was still queued: when the last answer came,
    # most tasks had not even started (each wave of MAX_WORKERS takes LATENCY_MS).
    pending = server.metrics()['mqa_tasks{state="pending"}']
    assert pending >= CLIENTS - 4 * MAX_WORKERS, f"only {pending} pending: submissions waited for the workers"

    # While they run, neither the list nor the metrics ever show more than max_workers running.
    busy_seen = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        running = server.get(f"/api/v2/chat/qa/tasks?status=running&limit=100").data["tasks"]
        metrics = server.metrics()
        busy_seen.append((len(running), metrics["mqa_workers_busy"]))
        if metrics['mqa_tasks{state="completed"}'] + metrics['mqa_tasks{state="failed"}'] >= CLIENTS:
            break
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    assert busy_seen and max(max(pair) for pair in busy_seen) <= MAX_WORKERS, busy_seen
    assert max(busy for _, busy in busy_seen) == MAX_WORKERS, "the workers were never all busy"

    finals = [server.wait_terminal(task_id) for task_id in task_ids]
    assert all(final["status"] == "completed" for final in finals)
    # The tasks' own timestamps: at no instant did more than max_workers run.
    intervals = [(parse(final["started_at"]), parse(final["completed_at"])) for final in finals]
    assert most_overlapping(intervals) <= MAX_WORKERS, sorted(intervals)
    # With at most MAX_WORKERS at a time, 50 tasks of LATENCY_MS need at least 10 rounds.
    rounds = CLIENTS // MAX_WORKERS
    assert elapsed >= rounds * LATENCY_MS / 1000
    span = max(end for _, end in intervals) - min(start for start, _ in intervals)
    assert span >= rounds * LATENCY_MS / 1000 * 0.95
