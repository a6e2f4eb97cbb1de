"""The OpenAPI document in the repo is the one served, is a valid OpenAPI 3.1 document, and real
responses of every route and status match the schemas it declares."""
import json
import time

import jsonschema
import pytest

from conftest import ROOT
import sse

DOCUMENT = json.loads((ROOT / "Sources" / "Server" / "Resources" / "openapi.json").read_text())


def schema_for(path, method, status, content_type="application/json"):
    operation = DOCUMENT["paths"][path][method.lower()]
    response = operation["responses"].get(str(status))
    assert response is not None, f"{method} {path} does not document {status}"
    if "$ref" in response:
        response = DOCUMENT["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response, response["content"][content_type]["schema"]


def check(reply, path, method):
    """Validates a real reply against the document: status documented, body matches its schema."""
    response, schema = schema_for(path, method, reply.status)
    rooted = {**schema, "components": DOCUMENT["components"]}
    jsonschema.Draft202012Validator(rooted).validate(reply.json)
    for header in response.get("headers", {}):
        if header in ("Retry-After",) and path.endswith("/status") and reply.data["status"] in ("completed", "failed"):
            continue  # only non-terminal statuses carry Retry-After
        assert header.lower() in reply.headers, f"{method} {path} {reply.status}: missing header {header}"
    return reply


def test_the_document_is_valid_openapi():
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(DOCUMENT)


def test_the_served_document_is_the_one_in_the_repo(serve):
    server = serve()
    assert server.get("/openapi.json").json == DOCUMENT


def test_real_responses_match_the_document(serve):
    server = serve("--max-workers", "1", "--simulated-latency-ms", "1500", "--max-queue", "3", "--task-timeout", "5")
    status_path = "/api/v2/chat/qa/task/{task_id}/status"
    submit = "/api/v2/chat/qa/async"

    first = check(server.submit("孕期每天要补充多少叶酸", chat_id="openapi-chat"), submit, "POST").data["task_id"]
    # An emergency: triage with signs, and the advice field (routine submissions have none).
    urgent = check(server.submit("怀孕30周，阴道大量出血"), submit, "POST").data
    assert urgent["triage"]["level"] == "emergency" and urgent["advice"]
    second = urgent["task_id"]
    pending = check(server.status(second), status_path, "GET")  # pending, with queue_position and triage
    assert pending.data["triage"] == urgent["triage"]
    for _ in range(600):
        if check(server.status(first), status_path, "GET").data["status"] == "running":
            break
        time.sleep(0.05)
    assert "partial_answer" in check(server.get(f"/api/v2/chat/qa/task/{first}/status?partial=1"), status_path, "GET").data
    third = check(server.submit("第三个问题"), submit, "POST").data["task_id"]
    full = None
    for _ in range(10):
        reply = server.submit("挤满队列")
        if reply.status == 429:
            full = check(reply, submit, "POST")
            break
        check(reply, submit, "POST")
    assert full is not None, "the queue never filled"

    check(server.post(f"/api/v2/chat/qa/task/{third}/cancel"), "/api/v2/chat/qa/task/{task_id}/cancel", "POST")
    check(server.post(f"/api/v2/chat/qa/task/{third}/cancel"), "/api/v2/chat/qa/task/{task_id}/cancel", "POST")  # 409
    check(server.status(third), status_path, "GET")  # failed
    server.wait_terminal(first)
    check(server.status(first), status_path, "GET")  # completed with result
    check(server.status("task_unknown"), status_path, "GET")  # 404

    check(server.get("/api/v2/chat/qa/tasks?limit=2"), "/api/v2/chat/qa/tasks", "GET")
    check(server.get("/api/v2/chat/qa/tasks?limit=0"), "/api/v2/chat/qa/tasks", "GET")
    check(server.get("/api/v2/chat/openapi-chat/messages"), "/api/v2/chat/{chat_id}/messages", "GET")
    check(server.get("/api/v2/chat/no-chat/messages"), "/api/v2/chat/{chat_id}/messages", "GET")
    check(server.get("/healthz"), "/healthz", "GET")
    for payload, headers in ((b"{", {"Content-Type": "application/json"}), (b"x", {"Content-Type": "text/plain"}),
                             (b'{"input":"' + b"a" * 70000 + b'"}', {"Content-Type": "application/json"})):
        check(server.request("POST", submit, body=payload, headers=headers), submit, "POST")
    check(server.get(submit), submit, "POST")  # 405 is documented on the path's operation

    for task_id in (second,):
        server.wait_terminal(task_id)
    # Every event of the stream is one of the documented kinds, and its data the kind's schema
    # (the per-event schema's `contentSchema`, which validators do not apply by themselves).
    events = list(sse.follow(server.port, second))
    assert {event.name for event in events} == {"message", "delta"}
    per_event = DOCUMENT["components"]["schemas"]["TaskEvent"]
    kinds = {branch["properties"]["event"]["const"]: branch for branch in per_event["oneOf"]}
    for event in events:
        fields = {"event": event.name, "id": event.id, "data": event.raw}
        jsonschema.Draft202012Validator({**per_event, "components": DOCUMENT["components"]}).validate(fields)
        content = {**kinds[event.name]["properties"]["data"]["contentSchema"], "components": DOCUMENT["components"]}
        jsonschema.Draft202012Validator(content).validate(event.data)
    sync = "/api/v2/chat/qa"
    check(server.post(sync, {"input": "产后恶露一般持续多久", "maternal_id": 2, "user_type": "postpartum_mother"}), sync, "POST")


def test_timeouts_and_keys_match_the_document(serve):
    server = serve("--simulated-latency-ms", "5000", "--task-timeout", "1", env={"MQA_API_KEYS": "k1"})
    sync = "/api/v2/chat/qa"
    question = {"input": "孕期可以喝咖啡吗", "maternal_id": 2, "user_type": "pregnant_mother"}
    check(server.post(sync, question), sync, "POST")  # 401
    timed_out = check(server.post(sync, question, headers={"Authorization": "Bearer k1"}), sync, "POST")
    assert timed_out.status == 504 and timed_out.data["task_id"].startswith("task_")
