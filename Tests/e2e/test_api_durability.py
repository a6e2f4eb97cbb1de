"""Durability through the API: SIGKILL under load loses no accepted task, and SIGTERM/SIGINT shut
down gracefully (running tasks get the grace period, the rest resume on the next start)."""
import re
import signal
import threading
import time

from conftest import wait_for
from test_api_cancel_events import read_events

SUBMITTERS = 8


def submit_until_killed(server, accepted, refused, lock, stop, index):
    """Submits in a loop, recording each task accepted and each refusal, until the server is gone."""
    number = 0
    while not stop.is_set():
        number += 1
        try:
            reply = server.submit(f"孕期可以喝咖啡吗？{index}-{number}", maternal_id=index + 1)
        except OSError:
            return  # the server was killed
        with lock:
            if reply.status == 200:
                accepted.append(reply.data["task_id"])
            else:
                refused.append(reply)


def test_sigkill_under_load_loses_no_accepted_task(serve, tmp_path):
    database = tmp_path / "crash.sqlite"
    # The same node name in both lives: the restarted one takes back at once what the killed one
    # left running, and says how many it took back.
    node = ("--node-id", "crash-node", "--max-queue", "100000")
    # Answers slow enough that both workers are mid-run whenever the kill comes.
    server = serve(*node, "--max-workers", "2", "--simulated-latency-ms", "5000", database=database)
    accepted, refused, lock, stop = [], [], threading.Lock(), threading.Event()
    threads = [threading.Thread(target=submit_until_killed, args=(server, accepted, refused, lock, stop, i))
               for i in range(SUBMITTERS)]
    for thread in threads:
        thread.start()

    # Killed by state, not after a while: whatever the pace submissions land at, there is queued
    # and running work (and more submissions on their way) when it comes.
    def under_load():
        with lock:
            enough = len(accepted) >= 50
        return enough and len(server.get("/api/v2/chat/qa/tasks?status=running").data["tasks"]) == 2
    wait_for(under_load, timeout=120, what="50 accepted submissions with both workers busy")
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not refused, refused[:3]  # the queue has room for everything: no submission is refused

    restarted = serve(*node, "--max-workers", "5", "--simulated-latency-ms", "10", database=database)
    # Read at the restart, before it runs anything: what the kill left running and waiting.
    ready = next(line for line in restarted.log().splitlines() if "task manager ready" in line)
    requeued = int(re.search(r"requeued_running=(\d+)", ready).group(1))
    assert requeued >= 1, f"nothing was running at the kill: no rescue to check: {ready}"
    assert int(re.search(r"pending=(\d+)", ready).group(1)) > requeued, ready
    for task_id in accepted:
        reply = restarted.status(task_id)
        assert reply.status == 200, f"{task_id} lost after SIGKILL: {reply}"
    finals = [restarted.wait_terminal(task_id, timeout=600) for task_id in accepted]
    assert all(final["status"] == "completed" for final in finals), [f for f in finals if f["status"] != "completed"][:3]


def test_sigterm_lets_running_tasks_finish_within_the_grace_period(serve, tmp_path):
    database = tmp_path / "graceful.sqlite"
    server = serve("--max-workers", "1", "--simulated-latency-ms", "2000", "--shutdown-grace", "60", database=database)
    running = server.submit("第一个问题").data["task_id"]
    waiting = server.submit("第二个问题").data["task_id"]
    started_at = None
    for _ in range(1200):
        data = server.status(running).data
        if data["status"] == "running":
            started_at = data["started_at"]
            break
        time.sleep(0.05)
    assert started_at
    server.signal(signal.SIGTERM)
    assert server.wait_exit(timeout=120) == 0
    assert "server stopped" in server.log()

    restarted = serve("--max-workers", "1", "--simulated-latency-ms", "10", database=database)
    first = restarted.wait_terminal(running)
    # It finished in the grace period: same run, not a second one after the restart.
    assert first["status"] == "completed" and first["started_at"] == started_at
    assert restarted.wait_terminal(waiting)["status"] == "completed"


def test_sigint_past_the_grace_period_requeues_running_tasks(serve, tmp_path):
    database = tmp_path / "interrupted.sqlite"
    server = serve("--max-workers", "2", "--simulated-latency-ms", "60000", "--shutdown-grace", "1", database=database)
    task_ids = [server.submit(f"问题{i}").data["task_id"] for i in range(4)]
    # A synchronous caller and an event stream are waiting when the signal comes.
    sync_reply = []
    question = {"input": "同步问题", "maternal_id": 9, "user_type": "doctor"}
    sync_caller = threading.Thread(target=lambda: sync_reply.append(server.post("/api/v2/chat/qa", question, timeout=120)))
    sync_caller.start()
    events = []
    watcher = threading.Thread(target=read_events, args=(server, task_ids[-1]), kwargs={"into": events})
    watcher.start()
    # The first two are running (so found pending later, they were put back, not never claimed),
    # the other two and the synchronous one wait.
    def two_running_three_waiting():
        running = server.get("/api/v2/chat/qa/tasks?status=running").data["tasks"]
        pending = server.get("/api/v2/chat/qa/tasks?status=pending").data["tasks"]
        return {task["task_id"] for task in running} == set(task_ids[:2]) and len(pending) == 3 and events
    wait_for(two_running_three_waiting, what="the first two tasks running, three waiting and an open event stream")
    server.signal(signal.SIGINT)
    assert server.wait_exit(timeout=120) == 0
    sync_caller.join(timeout=60)
    watcher.join(timeout=60)
    # The sync caller is told the server is stopping, with the task to ask for after the restart.
    assert sync_reply and sync_reply[0].status == 503, sync_reply
    task_ids.append(sync_reply[0].data["task_id"])
    # The event stream ended (without a terminal event: the task will finish after the restart).
    assert not watcher.is_alive() and events[0]["status"] == "pending"

    restarted = serve("--max-workers", "5", "--simulated-latency-ms", "10", database=database)
    # The two interrupted tasks went back to pending at shutdown, beside the three that never started.
    assert "pending_kept=5" in server.log() and "pending=5 " in restarted.log()
    assert all(restarted.wait_terminal(task_id)["status"] == "completed" for task_id in task_ids)
