"""50 clients submit at once while the model holds every answer: each submission is answered while
its work waits, and the model — counting the requests it answers at once — is asked by exactly
max_workers tasks together, never more. Nothing depends on how fast the submissions land: the
model answers nothing until the test has seen them all in."""
import threading
from datetime import datetime

from conftest import wait_for

MAX_WORKERS = 5
CLIENTS = 50


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


def test_fifty_clients_at_once(serve, counted_stub):
    model = counted_stub(token_delay_ms=20)  # once released, an answer takes ~1.5 s
    server = serve(*model.flags, "--max-workers", str(MAX_WORKERS))
    barrier = threading.Barrier(CLIENTS)
    replies = [None] * CLIENTS

    def client(index):
        barrier.wait(timeout=60)
        replies[index] = server.submit(f"孕期可以喝咖啡吗？第{index}位", maternal_id=index + 1)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # Every submission was answered while the model had answered nothing: none waited for its work.
    assert all(reply is not None and reply.status == 200 for reply in replies), replies
    task_ids = [reply.data["task_id"] for reply in replies]
    assert len(set(task_ids)) == CLIENTS

    # The workers fill up to the bound: that many requests wait at the model, the store agrees,
    # and the rest are pending.
    def held_at_the_bound():
        running = server.get("/api/v2/chat/qa/tasks?status=running&limit=100").data["tasks"]
        pending = server.get("/api/v2/chat/qa/tasks?status=pending&limit=100").data["tasks"]
        return model.in_flight == MAX_WORKERS and len(running) == MAX_WORKERS and len(pending) == CLIENTS - MAX_WORKERS
    wait_for(held_at_the_bound, what=f"{MAX_WORKERS} requests held at the model and the rest pending")

    model.release()
    finals = [server.wait_terminal(task_id, timeout=300) for task_id in task_ids]
    assert all(final["status"] == "completed" for final in finals), [f for f in finals if f["status"] != "completed"][:3]
    # Reached, and never passed while the queue drained: measured at the model itself.
    assert model.peak == MAX_WORKERS, model.peak
    assert model.requests == CLIENTS
    # The tasks' stored run times agree: at no instant did more than max_workers run.
    intervals = [(parse(final["started_at"]), parse(final["completed_at"])) for final in finals]
    assert most_overlapping(intervals) <= MAX_WORKERS, sorted(intervals)
