"""Several real `maternal-qa serve` processes (nodes) on one database: every accepted task is
answered exactly once, a node killed with SIGKILL loses nothing, and cancel, status, events and
the terminal UI work across nodes. Each test runs on a shared SQLite file and on PostgreSQL."""
import collections
import threading
import time

import sse
from conftest import wait_for
from cluster import shared_database  # noqa: F401  (a fixture)
from test_api_cancel_events import read_events
from tui_driver import TuiSession, task_rows

LEASE = 3


def start_nodes(serve, database, names, *flags):
    return [serve("--node-id", name, "--lease-seconds", str(LEASE), *flags, database=database) for name in names]


def test_every_task_answered_once_and_a_killed_node_loses_nothing(serve, shared_database, counted_stub):
    kind, database = shared_database
    names = ["node-a", "node-b"] if kind == "sqlite" else ["node-a", "node-b", "node-c"]
    # The model holds every answer until the victim is killed: it dies with tasks running,
    # however long the submissions take to land.
    model = counted_stub()
    nodes = start_nodes(serve, database, names, *model.flags, "--max-workers", "3")
    victim, survivors = nodes[0], nodes[1:]

    # 12 chats, 3 questions each, submitted round-robin across the nodes.
    chats, tasks = {}, []
    for turn in range(3):
        for chat in range(12):
            node = nodes[(turn * 12 + chat) % len(nodes)]
            extra = {"chat_id": chats[chat]} if chat in chats else {}
            reply = node.submit(f"第{chat}位妈妈的第{turn}个问题：孕期可以喝咖啡吗", maternal_id=chat + 1, **extra)
            assert reply.status == 200, reply
            chats.setdefault(chat, reply.data["chat_id"])
            tasks.append(reply.data["task_id"])

    # Kill the victim while it runs tasks of its own: held at the model, they cannot finish there.
    def running_on_victim():
        running = [t for t in tasks if (s := survivors[0].status(t).data)["status"] == "running" and s.get("node") == "node-a"]
        return running if len(running) == 3 else None
    running_there = wait_for(running_on_victim, what="three tasks running on node-a")
    victim.kill()
    killed_at = time.monotonic()
    model.release()

    finals = {task: survivors[0].wait_terminal(task, timeout=300) for task in tasks}
    assert all(final["status"] == "completed" for final in finals.values()), \
        [(t, f["status"], f.get("error_code")) for t, f in finals.items() if f["status"] != "completed"]
    # What the victim was running moved to a survivor, within the lease (plus a rescue pass and a run).
    for task in running_there:
        assert finals[task]["node"] in names[1:], finals[task]
    assert time.monotonic() - killed_at < 60
    # Every node saw work, and every chat holds exactly two messages per task: no turn ran twice.
    assert {final["node"] for final in finals.values()} >= set(names[1:])
    for chat_id in chats.values():
        history = survivors[-1].get(f"/api/v2/chat/{chat_id}/messages")
        assert history.status == 200, history
        per_task = collections.Counter(message["task_id"] for message in history.data["messages"])
        assert len(per_task) == 3 and set(per_task.values()) == {2}, per_task


def test_cancel_status_and_events_across_nodes(serve, shared_database):
    _, database = shared_database
    (runner,) = start_nodes(serve, database, ["node-a"], "--max-workers", "2", "--simulated-latency-ms", "6000")
    long_one = runner.submit("在节点A上回答很久的问题").data["task_id"]
    followed = runner.submit("在节点A上回答、在节点B上跟踪的问题").data["task_id"]
    wait_for(lambda: all(runner.status(t).data["status"] == "running" for t in (long_one, followed)),
               what="both tasks running on node-a")
    # Nodes B and C join once node A runs both: they read, cancel and stream.
    observer, canceller = start_nodes(serve, database, ["node-b", "node-c"], "--max-workers", "1")

    # Status on another node shows where it runs and a progress no more than about a second old.
    status = observer.status(followed).data
    assert status["status"] == "running" and status["node"] == "node-a", status
    wait_for(lambda: observer.status(followed).data["progress"] > status["progress"], timeout=30,
               what="node-a's progress visible on node-b")

    # Events on node B follow the task node A runs, to its terminal event.
    events = []
    reader = threading.Thread(target=read_events, args=(observer, followed), kwargs={"into": events})
    reader.start()

    # Cancel on node C stops the run on node A at its next step.
    cancelled = canceller.post(f"/api/v2/chat/qa/task/{long_one}/cancel")
    assert cancelled.status == 200, cancelled
    assert cancelled.data["status"] == "failed" and cancelled.data["error_code"] == "cancelled", cancelled
    final = runner.status(long_one).data
    assert final["status"] == "failed" and final["error_code"] == "cancelled" and final["node"] == "node-a", final
    assert "任务已取消" in final["error"]

    reader.join(timeout=120)
    assert not reader.is_alive()
    assert events and events[-1]["status"] == "completed" and events[-1]["node"] == "node-a", events[-3:]
    assert sum(event["status"] == "running" and 0 < event["progress"] < 100 for event in events) >= 2, events
    progress = [event["progress"] for event in events]
    assert progress == sorted(progress), progress


def test_terminal_ui_shows_a_task_submitted_to_another_node(binary, serve, shared_database, tmp_path):
    _, database = shared_database
    args = ["--maternal-id", "12", "--user-type", "pregnant_mother", "--node-id", "node-ui", "--max-workers", "1",
            "--simulated-latency-ms", "60000"]
    with TuiSession(binary, tmp_path, args, width=120, height=30, database=database) as tui:
        tui.wait_for("问›", what="the chat UI ready")
        # The UI's own node is a node like any other. Its one worker is kept busy (before any other
        # node exists, so the UI runs this itself), so the next task is run by node-http.
        tui.type_text("本节点自己的问题")
        tui.press("Enter")
        tui.wait_for(lambda s: any("本节点自己的问题" in line and state == "运行" and "@" not in line
                                   for state, _, line in task_rows(s)), what="the UI's own question running here")
        (server,) = start_nodes(serve, database, ["node-http"], "--max-workers", "2", "--simulated-latency-ms", "4000")
        reply = server.submit("另一个节点收到的问题：孕晚期可以坐飞机吗", maternal_id=33)
        assert reply.status == 200, reply
        # The pane is narrow: the question is cut after its first words.
        tui.wait_for(lambda s: any("另一个节点" in line for _, _, line in task_rows(s)), timeout=60,
                     what="the other node's task in the pane")
        tui.wait_for(lambda s: any("@node-http 另一个节点" in line and state == "完成"
                                   for state, _, line in task_rows(s)), timeout=90,
                     what="the task completed, marked with the node that ran it")


def test_the_answer_streams_on_a_node_that_does_not_run_the_task(serve, shared_database):
    _, database = shared_database
    (runner,) = start_nodes(serve, database, ["node-a"], "--max-workers", "1", "--simulated-latency-ms", "6000")
    task_id = runner.submit("孕期可以吃螃蟹吗").data["task_id"]
    wait_for(lambda: runner.status(task_id).data["status"] == "running", what="the task running on node-a")
    (observer,) = start_nodes(serve, database, ["node-b"], "--max-workers", "1")
    events = list(sse.follow(observer.port, task_id))
    final = sse.snapshots(events)[-1]
    assert final["status"] == "completed" and final["node"] == "node-a", final
    deltas = [event for event in events if event.name == "delta"]
    assert "".join(event.data["text"] for event in deltas) == sse.answer_of(final)
    seqs = [event.data["seq"] for event in deltas]
    assert seqs == sorted(set(seqs)), seqs
    # Text arrived while node-a was still writing, in batches read from the store (node-a writes
    # the text so far four times a second, not once per piece).
    done = next(event for event in events if event.name == "message" and event.data["status"] == "completed")
    streaming = [event for event in deltas if event.received < done.received - 0.5]
    assert len(streaming) >= 3, [(event.received, len(event.data["text"])) for event in deltas]
    span = deltas[-1].received - deltas[0].received
    assert len(deltas) <= span / 0.2 + 3, (len(deltas), span)
