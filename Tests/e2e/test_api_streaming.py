"""Answers stream as they are written, through the real binary over HTTP: `event: delta` in order
and complete, a late client gets the text so far first, Last-Event-ID resumes without gaps or
repeats, a re-run after SIGKILL starts with `event: reset`, the seek-care instruction leads,
the OpenAI backend's chunks are relayed as they come, cancel and timeout end the stream,
`status?partial=1` shows the text so far, and a model server that hangs mid-answer ends the task
by a timeout and frees its worker for the next."""
import json
import urllib.request

import pytest

import sse
from conftest import wait_for


def partial_answer(server, task_id):
    return server.get(f"/api/v2/chat/qa/task/{task_id}/status?partial=1").data.get("partial_answer")


def check_deltas(deltas, answer):
    """The deltas of one run: numbered in increasing order, and joined they are the answer."""
    seqs = [delta["seq"] for delta in deltas]
    assert seqs == sorted(set(seqs)), seqs
    assert "".join(delta["text"] for delta in deltas) == answer


def test_deltas_arrive_while_running_in_order_and_join_into_the_stored_answer(serve):
    server = serve("--simulated-latency-ms", "3000")
    task_id = server.submit("孕期可以吃螃蟹吗").data["task_id"]
    events = list(sse.follow(server.port, task_id))
    final = sse.snapshots(events)[-1]
    assert final["status"] == "completed"
    answer = sse.answer_of(final)
    assert answer == sse.answer_of(server.status(task_id).data)
    deltas = sse.deltas(events)
    check_deltas(deltas, answer)
    # Clause by clause over the simulated latency, not the whole answer at the end.
    assert len(deltas) >= 10, len(deltas)
    first_text = next(event for event in events if event.name == "delta")
    done = next(event for event in events if event.name == "message" and event.data["status"] == "completed")
    assert done.received - first_text.received > 1.0
    # Snapshots never carry the text; the terminal snapshot ends the stream.
    assert all("partial_answer" not in snapshot for snapshot in sse.snapshots(events))
    assert events[-1].name == "message" and events[-1].data["status"] == "completed"


def test_a_late_client_gets_the_text_so_far_first_then_the_rest(serve):
    server = serve("--simulated-latency-ms", "4000")
    task_id = server.submit("孕期可以吃螃蟹吗").data["task_id"]
    so_far = wait_for(lambda: (lambda text: text if len(text) > 20 else None)(partial_answer(server, task_id) or ""),
                      what="some text written")
    events = list(sse.follow(server.port, task_id))
    assert events[0].name == "delta" and events[0].data["text"].startswith(so_far)
    assert events[1].name == "message" and events[1].data["status"] == "running"
    check_deltas(sse.deltas(events), sse.answer_of(sse.snapshots(events)[-1]))
    assert len(sse.deltas(events)) >= 3, "live pieces follow the first one"


def test_last_event_id_resumes_without_gaps_or_repeats(serve):
    server = serve("--simulated-latency-ms", "4000")
    task_id = server.submit("孕期可以吃螃蟹吗").data["task_id"]
    first, last_id = [], None
    for event in sse.follow(server.port, task_id):
        last_id = event.id
        first.append(event)
        if len(sse.deltas(first)) == 3:
            break  # the client goes away mid-answer
    rest = list(sse.follow(server.port, task_id, last_event_id=last_id))
    assert rest[0].name != "reset"
    answer = sse.answer_of(sse.snapshots(rest)[-1])
    deltas = sse.deltas(first) + sse.deltas(rest)
    check_deltas(deltas, answer)
    # A made-up or foreign id starts from the beginning instead of failing.
    again = list(sse.follow(server.port, task_id, last_event_id="not-an-id"))
    assert [event.name for event in again] == ["delta", "message"]
    assert again[0].data["text"] == answer
    # So does an id whose place is past the end of the answer.
    beyond = list(sse.follow(server.port, task_id, last_event_id=f"1-{len(answer.encode()) + 50}-3"))
    assert beyond[0].name == "reset" and beyond[1].data["text"] == answer


def test_a_rerun_after_sigkill_starts_with_a_reset(serve, tmp_path):
    database = tmp_path / "rerun.sqlite"
    server = serve("--simulated-latency-ms", "20000", database=database)
    task_id = server.submit("孕期可以吃螃蟹吗").data["task_id"]
    seen, last_id = [], None
    for event in sse.follow(server.port, task_id):
        seen.append(event)
        last_id = event.id
        if len(sse.deltas(seen)) >= 2:
            break
    server.kill()
    restarted = serve("--simulated-latency-ms", "2000", database=database)
    events = list(sse.follow(restarted.port, task_id, last_event_id=last_id))
    names = [event.name for event in events]
    assert "reset" in names, names
    reset = names.index("reset")
    assert "delta" not in names[:reset], "no text of the interrupted run after its reset"
    assert events[reset].data == {"task_id": task_id, "attempt": 2}
    final = sse.snapshots(events)[-1]
    assert final["status"] == "completed"
    check_deltas(sse.deltas(events[reset:]), sse.answer_of(final))


def test_the_seek_care_instruction_is_the_first_delta(serve):
    server = serve("--simulated-latency-ms", "2000")
    submitted = server.submit("怀孕32周，阴道大量出血").data
    assert submitted["triage"]["level"] == "emergency"
    events = list(sse.follow(server.port, submitted["task_id"]))
    deltas = sse.deltas(events)
    assert deltas[0]["text"] == submitted["advice"] + "\n\n"
    check_deltas(deltas, sse.answer_of(sse.snapshots(events)[-1]))


def test_the_model_servers_chunks_are_relayed_as_they_come(serve, stub):
    server = serve("--backend", "openai", "--openai-base-url", stub("--token-delay-ms", "40"), "--openai-model", "stub")
    urgent = server.submit("怀孕32周，阴道大量出血").data
    events = list(sse.follow(server.port, urgent["task_id"]))
    final = sse.snapshots(events)[-1]
    assert final["status"] == "completed", final
    deltas = sse.deltas(events)
    check_deltas(deltas, sse.answer_of(final))
    # The instruction before any model text, then the model's tokens one by one as the stub sends them.
    assert deltas[0]["text"] == urgent["advice"] + "\n\n"
    model = [event for event in events if event.name == "delta"][1:-1]
    assert len(model) >= 10, len(model)
    assert model[-1].received - model[0].received > 0.3


def test_cancel_mid_stream_ends_with_the_failed_snapshot_and_stores_no_turn(serve):
    server = serve("--simulated-latency-ms", "20000")
    submitted = server.submit("孕期可以吃螃蟹吗").data
    task_id = submitted["task_id"]
    events, cancelled = [], False
    for event in sse.follow(server.port, task_id):
        events.append(event)
        if len(sse.deltas(events)) == 2 and not cancelled:
            cancelled = True
            assert server.post(f"/api/v2/chat/qa/task/{task_id}/cancel").status == 200
    final = sse.snapshots(events)[-1]
    assert final["status"] == "failed" and final["error_code"] == "cancelled", final
    assert events[-1].name == "message"
    # The chat exists from the submission on; the cancelled run added no turn to it.
    history = server.get(f"/api/v2/chat/{submitted['chat_id']}/messages")
    assert history.status == 200 and history.data["messages"] == [], history


def test_a_timeout_mid_stream_ends_the_stream_failed(serve):
    server = serve("--simulated-latency-ms", "20000", "--task-timeout", "2")
    task_id = server.submit("孕期可以吃螃蟹吗").data["task_id"]
    events = list(sse.follow(server.port, task_id))
    assert sse.deltas(events), "text was streaming when the deadline passed"
    final = sse.snapshots(events)[-1]
    assert final["status"] == "failed" and final["error_code"] == "timeout", final


@pytest.mark.parametrize("limit,code,error_fragment", [
    # A server silent for openai_read_timeout mid-answer is given up on as a backend error naming the setting.
    (["--openai-read-timeout", "2"], "backend_error", "openai_read_timeout"),
    # Under a longer read timeout, the task's own deadline ends it.
    (["--openai-read-timeout", "600", "--task-timeout", "3"], "timeout", None),
], ids=["read-timeout", "task-timeout"])
def test_a_model_server_hanging_mid_stream_fails_the_task_by_its_timeout_and_the_next_task_runs(
        serve, stub, limit, code, error_fragment):
    model = stub("--hang-after-tokens", "5", "--hang-requests", "1", "--token-delay-ms", "20")
    server = serve("--backend", "openai", "--openai-base-url", model, "--openai-model", "stub",
                   "--max-workers", "1", *limit)
    hung = server.submit("孕期可以吃螃蟹吗").data["task_id"]
    queued = server.submit("孕期可以喝咖啡吗").data["task_id"]
    events = list(sse.follow(server.port, hung))
    model_text = [event for event in events if event.name == "delta"]
    assert model_text, "the model's first tokens were streamed before it went quiet"
    final = sse.snapshots(events)[-1]
    assert final["status"] == "failed" and final["error_code"] == code, final
    assert final["error"], final
    if error_fragment:
        assert error_fragment in final["error_detail"], final
    # Given up after the silence, not before it: the stream's last text came at least ~2 s before the end.
    assert events[-1].received - model_text[-1].received > 1.5
    # The hung request was closed, not left behind, and the one worker place went to the next task.
    assert wait_for(lambda: stats(model)["hung_closed_by_client"] == 1, timeout=10, what="the hung request closed")
    after = server.wait_terminal(queued, timeout=60)
    assert after["status"] == "completed", after
    assert "按时做产检" in sse.answer_of(after), after


def stats(base_url):
    with urllib.request.urlopen(f"{base_url}/stub/stats", timeout=10) as reply:
        return json.load(reply)


def test_status_shows_the_partial_answer_only_when_asked_and_while_running(serve):
    server = serve("--simulated-latency-ms", "4000")
    task_id = server.submit("孕期可以吃螃蟹吗").data["task_id"]
    wait_for(lambda: partial_answer(server, task_id), what="some text written")
    assert "partial_answer" not in server.status(task_id).data
    assert "partial_answer" not in server.get(f"/api/v2/chat/qa/task/{task_id}/status?partial=0").data
    refused = server.get(f"/api/v2/chat/qa/task/{task_id}/status?partial=maybe")
    assert refused.status == 400 and "partial" in refused.msg, refused
    done = server.wait_terminal(task_id)
    after = server.get(f"/api/v2/chat/qa/task/{task_id}/status?partial=1").data
    assert "partial_answer" not in after and after["status"] == done["status"] == "completed"


def test_the_synchronous_call_streams_when_asked_for_events(serve):
    server = serve("--simulated-latency-ms", "2000")
    question = {"input": "孕期可以吃螃蟹吗", "maternal_id": 3, "user_type": "pregnant_mother"}
    events = list(sse.stream(server.port, "POST", "/api/v2/chat/qa", body=question))
    final = sse.snapshots(events)[-1]
    assert final["status"] == "completed"
    check_deltas(sse.deltas(events), sse.answer_of(final))
    assert len(sse.deltas(events)) >= 10
    # Without the header it is the original synchronous body.
    plain = server.post("/api/v2/chat/qa", question)
    assert plain.status == 200 and plain.data["messages"][-1]["content"] == sse.answer_of(final)
