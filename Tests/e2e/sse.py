"""Reads a task's Server-Sent Events as they arrive: snapshots (unnamed events, `name` "message"),
`delta` and `reset`, each with its id, parsed data and the moment it was read."""
import http.client
import json
import time
from dataclasses import dataclass


@dataclass
class Event:
    name: str
    id: str | None
    data: dict
    received: float
    raw: str  # the data line as sent


def follow(port, task_id, last_event_id=None, timeout=120):
    """Yields the task's events as each arrives, until the stream ends (or the caller stops)."""
    headers = {} if last_event_id is None else {"Last-Event-ID": last_event_id}
    yield from stream(port, "GET", f"/api/v2/chat/qa/task/{task_id}/events", headers=headers, timeout=timeout)


def stream(port, method, path, body=None, headers=None, timeout=120):
    """Yields the events of any request that answers with an event stream."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Accept": "text/event-stream", **(headers or {})}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body).encode()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    assert response.status == 200, response.read()
    assert response.getheader("Content-Type").startswith("text/event-stream")
    try:
        name, event_id, data = "message", None, None
        while True:
            line = response.readline()
            if not line:
                return
            text = line.decode("utf-8").rstrip("\n")
            if text.startswith("event: "):
                name = text[len("event: "):]
            elif text.startswith("id: "):
                event_id = text[len("id: "):]
            elif text.startswith("data: "):
                raw = text[len("data: "):]
                data = json.loads(raw)
            elif text == "" and data is not None:
                yield Event(name, event_id, data, time.monotonic(), raw)
                name, event_id, data = "message", None, None
    finally:
        connection.close()


def snapshots(events):
    return [event.data for event in events if event.name == "message"]


def deltas(events):
    return [event.data for event in events if event.name == "delta"]


def answer_of(snapshot):
    """A completed snapshot's answer (the assistant message of its turn)."""
    return snapshot["result"]["data"]["messages"][-1]["content"]
