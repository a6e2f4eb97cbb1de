"""Cancelling tasks, and following one over Server-Sent Events from pending to completed."""
import threading
import time

import sse
from conftest import wait_for


def read_events(server, task_id, limit=500, into=None):
    """Reads the task's event stream to its end; returns the `data` of each snapshot event (the
    answer's text events are left out), also appended to `into` as they arrive (for a reader in
    another thread)."""
    events = [] if into is None else into
    for event in sse.follow(server.port, task_id):
        if event.name == "message":
            events.append(event.data)
            if len(events) >= limit:
                break
    return events


def test_events_follow_a_task_from_pending_to_completed(serve, counted_stub):
    # The model holds its answers until the stream is open: the task waits behind the first one
    # however long the submission and the connection take.
    model = counted_stub()
    server = serve(*model.flags, "--max-workers", "1")
    blocker = server.submit("第一个问题").data["task_id"]
    wait_for_status(server, blocker, "running")
    task_id = server.submit("孕期每天要补充多少叶酸").data["task_id"]
    events = []
    reader = threading.Thread(target=read_events, args=(server, task_id), kwargs={"into": events})
    reader.start()
    wait_for(lambda: events, what="the first event while the task waits")
    model.release()
    reader.join(timeout=120)
    assert not reader.is_alive()
    statuses = [event["status"] for event in events]
    assert statuses[0] == "pending" and events[0]["queue_position"] == 1
    assert "running" in statuses
    assert statuses[-1] == "completed" and statuses.count("completed") == 1
    assert events[-1]["result"]["msg"] == "success"
    progress = [event["progress"] for event in events]
    assert progress == sorted(progress) and progress[-1] == 100
    # Each event is the status endpoint's data for that moment: the last equals the final status.
    assert server.status(task_id).data == events[-1]
    assert server.wait_terminal(blocker)["status"] == "completed"


def test_events_of_a_finished_task_is_one_event(serve):
    server = serve()
    task_id = server.submit().data["task_id"]
    server.wait_terminal(task_id)
    events = read_events(server, task_id)
    assert [event["status"] for event in events] == ["completed"]


def test_cancel_pending_and_running_tasks(serve):
    server = serve("--max-workers", "1", "--simulated-latency-ms", "30000")
    running = server.submit("第一个问题").data["task_id"]
    pending = server.submit("第二个问题").data["task_id"]
    wait_for_status(server, running, "running")
    assert server.status(pending).data["status"] == "pending"

    reply = server.post(f"/api/v2/chat/qa/task/{pending}/cancel")
    assert reply.status == 200 and reply.msg == "任务已取消"
    assert reply.data["status"] == "failed" and reply.data["error_code"] == "cancelled"
    assert "started_at" not in reply.data

    reply = server.post(f"/api/v2/chat/qa/task/{running}/cancel")
    assert reply.status == 200
    assert reply.data["error_code"] == "cancelled" and "started_at" in reply.data

    again = server.post(f"/api/v2/chat/qa/task/{running}/cancel")
    assert again.status == 409 and again.json["code"] == 409
    assert again.data["status"] == "failed"
    for task_id in (running, pending):
        final = server.status(task_id).data
        assert final["status"] == "failed" and final["error_code"] == "cancelled"
    # The worker is free again.
    wait_for_status(server, server.submit("第三个问题").data["task_id"], "running")


def wait_for_status(server, task_id, wanted, attempts=1200):
    for _ in range(attempts):
        if server.status(task_id).data["status"] == wanted:
            return
        time.sleep(0.05)
    raise AssertionError(f"{task_id} never became {wanted}")
