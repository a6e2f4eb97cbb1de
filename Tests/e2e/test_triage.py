"""Triage at intake, over real HTTP: the submit answer carries it (and the seek-care advice for
urgent and emergency questions), every status, event and list item shows it from the first
moment, and with one worker an emergency question runs before the routine ones ahead of it."""
import threading

from conftest import wait_for
from test_api_cancel_events import read_events, wait_for_status

EMERGENCY = "怀孕32周，阴道大量出血，肚子一阵一阵剧痛"


def test_an_emergency_jumps_the_queue_and_shows_its_triage_from_submission(serve, counted_stub):
    # The model holds its answers until the queue was read: the first question keeps the one
    # worker busy however long the others take to land.
    model = counted_stub()
    server = serve(*model.flags, "--max-workers", "1")
    first = server.submit("孕期可以喝咖啡吗").data
    assert first["triage"] == {"level": "routine", "signs": []}
    assert "advice" not in first
    wait_for_status(server, first["task_id"], "running")
    routine = [server.submit(question).data["task_id"] for question in ("孕期每天要补充多少叶酸", "产后恶露一般持续多久")]

    submitted = server.submit(EMERGENCY, user_type="family_member")
    assert submitted.status == 200
    data = submitted.data
    emergency = data["task_id"]
    assert data["status"] == "pending"
    assert data["triage"]["level"] == "emergency" and "vaginal_bleeding" in data["triage"]["signs"]
    assert data["advice"].strip(), "urgent and emergency submissions carry the seek-care instruction"

    # Its events start with the pending snapshot, triage included; read them beside the polling.
    events = []
    reader = threading.Thread(target=read_events, args=(server, emergency), kwargs={"into": events}, daemon=True)
    reader.start()

    status = server.status(emergency).data
    assert status["status"] == "pending" and status["queue_position"] == 1
    assert status["triage"] == data["triage"]
    assert [server.status(task_id).data["queue_position"] for task_id in routine] == [2, 3]
    assert server.status(first["task_id"]).data["triage"] == {"level": "routine", "signs": []}
    listed = {item["task_id"]: item for item in server.get("/api/v2/chat/qa/tasks?status=pending").data["tasks"]}
    assert listed[emergency]["triage"] == "emergency"  # the list keeps its level string
    assert [listed[task_id]["triage"] for task_id in routine] == ["routine", "routine"]
    wait_for(lambda: events, what="the emergency's first event while it waits")

    model.release()
    done = server.wait_terminal(emergency)
    assert done["status"] == "completed"
    assert done["triage"] == data["triage"]
    reply = done["result"]["data"]["messages"][1]
    assert reply["content"].startswith(data["advice"])
    # The emergency ran second, before the routine questions submitted ahead of it.
    for task_id in routine:
        later = server.status(task_id).data
        assert later["status"] == "pending" or later["started_at"] > done["started_at"], later
    reader.join(timeout=60)
    assert events and events[0]["status"] == "pending" and events[0]["triage"] == data["triage"]
    assert all(event["triage"]["level"] == "emergency" for event in events)
    for task_id in routine:
        assert server.wait_terminal(task_id)["status"] == "completed"
