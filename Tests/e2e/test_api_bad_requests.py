"""A table of bad requests against the real binary: each gets the right 4xx in the envelope with a
`msg` that names the problem, never a 500, and the server stays healthy."""
import json
import socket

import pytest

ASYNC = "/api/v2/chat/qa/async"
SYNC = "/api/v2/chat/qa"
JSON = {"Content-Type": "application/json"}
OK_FIELDS = {"maternal_id": 1, "user_type": "doctor"}


def body(**fields):
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


# (name, method, path, headers, body bytes, expected status, fragment of msg)
CASES = [
    ("unknown route", "GET", "/api/v3/nothing", {}, None, 404, "接口不存在"),
    ("root", "GET", "/", {}, None, 404, "接口不存在"),
    ("GET on submit", "GET", ASYNC, {}, None, 405, "POST"),
    ("DELETE on sync", "DELETE", SYNC, {}, None, 405, "POST"),
    ("POST on status", "POST", "/api/v2/chat/qa/task/task_x/status", {}, None, 405, "GET"),
    ("PUT on list", "PUT", "/api/v2/chat/qa/tasks", {}, None, 405, "GET"),
    ("TRACE on submit", "TRACE", ASYNC, {}, None, 405, "POST"),
    ("QUERY on list", "QUERY", "/api/v2/chat/qa/tasks", {}, None, 405, "GET"),
    ("unknown task", "GET", "/api/v2/chat/qa/task/task_00000000-0000-0000-0000-000000000000/status", {}, None, 404, "任务不存在"),
    ("unknown task cancel", "POST", "/api/v2/chat/qa/task/task_nope/cancel", {}, None, 404, "任务不存在"),
    ("unknown task events", "GET", "/api/v2/chat/qa/task/task_nope/events", {}, None, 404, "任务不存在"),
    ("unknown chat", "GET", "/api/v2/chat/nobody/messages", {}, None, 404, "对话不存在"),
    ("form content type", "POST", ASYNC, {"Content-Type": "application/x-www-form-urlencoded"}, b"input=hi", 415, "Content-Type"),
    ("text content type", "POST", SYNC, {"Content-Type": "text/plain"}, body(input="hi", **OK_FIELDS), 415, "application/json"),
    ("empty body", "POST", ASYNC, JSON, b"", 400, "请求体不能为空"),
    ("malformed JSON", "POST", ASYNC, JSON, b'{"input": "hi",', 400, "不是有效的 JSON"),
    ("not JSON at all", "POST", ASYNC, JSON, b"hello", 400, "不是有效的 JSON"),
    ("array body", "POST", ASYNC, JSON, b'[{"input":"hi"}]', 400, "必须是 JSON 对象"),
    ("number body", "POST", SYNC, JSON, b"42", 400, "必须是 JSON 对象"),
    ("invalid UTF-8", "POST", ASYNC, JSON, b'{"input":"\xff\xfe","maternal_id":1,"user_type":"doctor"}', 400, "UTF-8"),
    ("raw NUL byte", "POST", ASYNC, JSON, b'{"input":"a\x00b","maternal_id":1,"user_type":"doctor"}', 400, "控制字符"),
    ("escaped NUL in input", "POST", ASYNC, JSON, body(input="a\u0000b", **OK_FIELDS), 400, "NUL"),
    ("missing input", "POST", ASYNC, JSON, body(**OK_FIELDS), 400, "input 不能为空"),
    ("blank input", "POST", ASYNC, JSON, body(input="  \t ", **OK_FIELDS), 400, "input 不能为空"),
    ("input is a list", "POST", ASYNC, JSON, body(input=["hi"], **OK_FIELDS), 400, "input 必须是字符串"),
    ("input too long", "POST", ASYNC, JSON, body(input="问" * 4001, **OK_FIELDS), 400, "input 长度不能超过"),
    ("missing maternal_id", "POST", ASYNC, JSON, body(input="hi", user_type="doctor"), 400, "maternal_id"),
    ("maternal_id zero", "POST", ASYNC, JSON, body(input="hi", maternal_id=0, user_type="doctor"), 400, "maternal_id 必须是正整数"),
    ("maternal_id negative", "POST", SYNC, JSON, body(input="hi", maternal_id=-1, user_type="doctor"), 400, "maternal_id 必须是正整数"),
    ("maternal_id string", "POST", ASYNC, JSON, body(input="hi", maternal_id="12", user_type="doctor"), 400, "maternal_id 必须是正整数"),
    ("maternal_id fraction", "POST", ASYNC, JSON, body(input="hi", maternal_id=2.5, user_type="doctor"), 400, "maternal_id 必须是正整数"),
    ("maternal_id huge", "POST", ASYNC, JSON, b'{"input":"hi","maternal_id":123456789012345678901234567890,"user_type":"doctor"}', 400, "maternal_id"),
    ("maternal_id 1e999", "POST", ASYNC, JSON, b'{"input":"hi","maternal_id":1e999,"user_type":"doctor"}', 400, "maternal_id"),
    ("missing user_type", "POST", ASYNC, JSON, body(input="hi", maternal_id=1), 400, "user_type"),
    ("unknown user_type", "POST", ASYNC, JSON, body(input="hi", maternal_id=1, user_type="grandma"), 400, "user_type 必须是"),
    ("bad chat_id", "POST", ASYNC, JSON, body(input="hi", chat_id="../etc/passwd", **OK_FIELDS), 400, "chat_id"),
    ("bad timestamp", "POST", ASYNC, JSON, body(input="hi", timestamp="tomorrow", **OK_FIELDS), 400, "timestamp"),
    ("timestamp on no such day", "POST", ASYNC, JSON, body(input="hi", timestamp="2025-02-30T10:30:00Z", **OK_FIELDS), 400, "timestamp"),
    ("timestamp with junk after it", "POST", ASYNC, JSON, body(input="hi", timestamp="2025-09-22T10:30:00Zx", **OK_FIELDS), 400, "timestamp"),
    ("file_id not a list", "POST", ASYNC, JSON, body(input="hi", file_id="f", **OK_FIELDS), 400, "file_id 必须是数组"),
    ("eleven file ids", "POST", ASYNC, JSON, body(input="hi", file_id=list(range(11)), **OK_FIELDS), 400, "file_id 最多"),
    ("file_id of objects", "POST", ASYNC, JSON, body(input="hi", file_id=[{}], **OK_FIELDS), 400, "file_id[0]"),
    ("body over 64 KiB", "POST", ASYNC, JSON, body(input="a" * 70_000, **OK_FIELDS), 413, "64 KiB"),
    ("long Idempotency-Key", "POST", ASYNC, {**JSON, "Idempotency-Key": "k" * 300}, body(input="hi", **OK_FIELDS), 400, "Idempotency-Key"),
    ("list: bad status", "GET", "/api/v2/chat/qa/tasks?status=finished", {}, None, 400, "status 必须是"),
    ("list: bad limit", "GET", "/api/v2/chat/qa/tasks?limit=1000", {}, None, 400, "limit"),
    ("list: bad maternal_id", "GET", "/api/v2/chat/qa/tasks?maternal_id=x", {}, None, 400, "maternal_id"),
    ("list: bad cursor", "GET", "/api/v2/chat/qa/tasks?cursor=abc", {}, None, 400, "cursor"),
    ("list: negative cursor", "GET", "/api/v2/chat/qa/tasks?cursor=-5", {}, None, 400, "cursor"),
]


@pytest.fixture(scope="module")
def server(binary, tmp_path_factory):
    from server_process import ServerProcess

    workdir = tmp_path_factory.mktemp("bad-requests")
    process = ServerProcess(binary, workdir / "api.sqlite", workdir=workdir)
    with process:
        yield process
        print(process.log()[-20000:])


def test_the_table_is_long_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name,method,path,headers,payload,status,fragment", CASES, ids=[case[0] for case in CASES])
def test_bad_request(server, name, method, path, headers, payload, status, fragment):
    reply = server.request(method, path, body=payload, headers=headers)
    assert reply.status == status, reply
    assert reply.json is not None and set(reply.json) == {"code", "msg", "data"}, reply
    assert reply.json["code"] == status
    assert fragment in reply.msg, reply.msg
    assert "Error" not in reply.msg and "Swift" not in reply.msg and "SELECT" not in reply.msg


def test_chunked_body_over_the_limit_is_413(server):
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    head = (f"POST {ASYNC} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    connection.sendall(head.encode())
    chunk = b"a" * 8192
    try:
        for _ in range(16):
            connection.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        connection.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may answer and close before the whole body was sent
    response = b""
    while chunk := connection.recv(65536):
        response += chunk
    connection.close()
    assert response.startswith(b"HTTP/1.1 413"), response[:200]
    assert "64 KiB".encode() in response


def test_garbage_on_the_wire_does_not_hurt(server):
    for garbage in (b"\x00\x01\x02 nonsense\r\n\r\n", b"GET /healthz HTTP/9.9\r\n\r\n", b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
            connection.sendall(garbage)
            try:
                connection.recv(4096)
            except (ConnectionResetError, socket.timeout):
                pass


def test_server_is_healthy_afterwards(server):
    assert server.get("/healthz").status == 200
    reply = server.submit()
    assert reply.status == 200
    assert server.wait_terminal(reply.data["task_id"])["status"] == "completed"
    # No request above produced a 5xx.
    metrics = server.metrics()
    assert not [name for name in metrics if name.startswith("http_requests_total") and 'status="5' in name]
