#!/usr/bin/env python3
"""End-to-end check of a maternal-qa deployment's asynchronous API — the test script the original
system's guide promised (`python test_async_api.py`).

It runs the flow of the guide's JavaScript client: submit a question, poll the task's status every
2 seconds with a timeout, read the result; then the synchronous endpoint, a follow-up question in
the same chat, and two refusals (a bad request, an unknown task). Each step prints PASS or FAIL;
the exit code is 0 only when every step passed.

    python3 scripts/test_async_api.py --base-url http://127.0.0.1:8080
    MQA_API_KEY=secret python3 scripts/test_async_api.py --base-url https://qa.example.org

Only the Python standard library is needed.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

TERMINAL = ("completed", "failed")


class StepFailed(Exception):
    pass


class Client:
    def __init__(self, base_url, api_key=None, request_timeout=30):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.request_timeout = request_timeout

    def call(self, method, path, body=None):
        """Returns (HTTP status, headers, parsed JSON body or None)."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        try:
            with urllib.request.urlopen(request, timeout=self.request_timeout) as response:
                return response.status, dict(response.headers), _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), _json(error.read())
        except (urllib.error.URLError, OSError) as error:
            raise StepFailed(f"{method} {path}: cannot reach {self.base_url}: {error}") from error


def _json(raw):
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        return None


def expect(condition, message):
    if not condition:
        raise StepFailed(message)


def expect_envelope(status, body, code, msg=None):
    expect(isinstance(body, dict) and set(body) >= {"code", "msg", "data"}, f"not a {{code,msg,data}} envelope: {body!r}")
    expect(body["code"] == code and status == code, f"expected code {code}, got HTTP {status} / code {body['code']}: {body['msg']}")
    if msg is not None:
        expect(body["msg"] == msg, f"expected msg {msg!r}, got {body['msg']!r}")
    return body["data"]


def expect_result(result):
    """The body of the synchronous endpoint, which is also a completed task's `result`."""
    data = expect_envelope(200, result, 200, "success")
    expect(isinstance(data, dict), "result data is missing")
    for key in ("chat_meta", "session_title", "messages", "error"):
        expect(key in data, f"result data has no {key}")
    expect(data["error"] is None, f"result error is {data['error']!r}")
    roles = [message.get("role") for message in data["messages"]]
    expect(roles == ["user", "assistant"], f"expected a user message and a reply, got roles {roles}")
    expect(data["messages"][1].get("content"), "the reply is empty")
    return data


class Run:
    def __init__(self, client, args):
        self.client = client
        self.args = args
        self.passed = 0
        self.failed = 0
        self.task_id = None
        self.chat_id = None

    def step(self, name, function):
        started = time.monotonic()
        try:
            detail = function()
        except StepFailed as failure:
            self.failed += 1
            print(f"FAIL  {name}: {failure}", flush=True)
            return False
        self.passed += 1
        elapsed = time.monotonic() - started
        print(f"PASS  {name} ({elapsed:.1f} s){': ' + detail if detail else ''}", flush=True)
        return True

    def question(self, **extra):
        return {"input": self.args.question, "maternal_id": self.args.maternal_id,
                "user_type": self.args.user_type, "file_id": [], **extra}

    # The steps, in the guide's order.

    def submit(self):
        status, _, body = self.client.call("POST", "/api/v2/chat/qa/async", self.question())
        data = expect_envelope(status, body, 200, "任务已创建，请使用task_id查询状态")
        expect(str(data.get("task_id", "")).startswith("task_"), f"task_id missing: {data!r}")
        expect(data.get("status") == "pending", f"new task is {data.get('status')!r}, not pending")
        expect(data.get("status_url") == f"/api/v2/chat/qa/task/{data['task_id']}/status", f"status_url is {data.get('status_url')!r}")
        expect(data.get("created_at"), "created_at missing")
        self.task_id = data["task_id"]
        return self.task_id

    def poll(self):
        """pollTaskStatusWithTimeout: every `--poll-interval` seconds until completed or failed."""
        expect(self.task_id, "no task to poll (submit failed)")
        deadline = time.monotonic() + self.args.timeout
        seen = []
        while time.monotonic() < deadline:
            status, headers, body = self.client.call("GET", f"/api/v2/chat/qa/task/{self.task_id}/status")
            data = expect_envelope(status, body, 200, "获取任务状态成功")
            state = data.get("status")
            expect(state in ("pending", "running", *TERMINAL), f"unknown status {state!r}")
            progress = data.get("progress")
            if not seen or seen[-1] != (state, progress):
                print(f"      任务状态: {state}, 进度: {progress}%", flush=True)
                seen.append((state, progress))
            if state == "completed":
                self.result = data.get("result")
                return f"completed after {len(seen)} change(s)"
            if state == "failed":
                raise StepFailed(f"任务失败: {data.get('error')} ({data.get('error_code')})")
            expect(headers.get("Retry-After") is not None, "a non-terminal status has no Retry-After header")
            time.sleep(self.args.poll_interval)
        raise StepFailed(f"任务超时: not finished within {self.args.timeout} s")

    def read_result(self):
        expect(getattr(self, "result", None), "no result to read (polling failed)")
        data = expect_result(self.result)
        self.chat_id = data["chat_meta"]["chat_id"]
        expect(data["chat_meta"].get("maternal_id") == self.args.maternal_id, "chat_meta.maternal_id differs from the request")
        reply = data["messages"][1]
        return f"session_title {data['session_title']!r}, triage {reply.get('triage', {}).get('level')}"

    def sync(self):
        status, _, body = self.client.call("POST", "/api/v2/chat/qa", self.question())
        if status == 504:
            raise StepFailed(f"sync call timed out (504), task {((body or {}).get('data') or {}).get('task_id')}")
        expect_result(body)
        return None

    def follow_up(self):
        expect(self.chat_id, "no chat to continue (reading the result failed)")
        status, _, body = self.client.call("POST", "/api/v2/chat/qa/async", self.question(
            input="谢谢，还有什么需要注意的吗？", chat_id=self.chat_id))
        data = expect_envelope(status, body, 200)
        expect(data.get("chat_id") == self.chat_id, "the follow-up went to another chat")
        deadline = time.monotonic() + self.args.timeout
        while time.monotonic() < deadline:
            _, _, body = self.client.call("GET", data["status_url"])
            state = (body or {}).get("data", {}).get("status")
            if state in TERMINAL:
                expect(state == "completed", f"follow-up ended {state}")
                meta = body["data"]["result"]["data"]["chat_meta"]
                expect(meta["message_count"] >= 4, f"chat has {meta['message_count']} messages after two turns")
                return f"message_count {meta['message_count']}"
            time.sleep(self.args.poll_interval)
        raise StepFailed("follow-up not finished in time")

    def bad_request(self):
        status, _, body = self.client.call("POST", "/api/v2/chat/qa/async", {"input": "你好", "user_type": "pregnant_mother"})
        expect_envelope(status, body, 400)
        expect("maternal_id" in body["msg"], f"the 400 does not name maternal_id: {body['msg']!r}")
        return body["msg"]

    def unknown_task(self):
        status, _, body = self.client.call("GET", "/api/v2/chat/qa/task/task_does-not-exist/status")
        expect_envelope(status, body, 404)
        return body["msg"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("MQA_BASE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--api-key", default=os.environ.get("MQA_API_KEY"), help="Bearer key (default: $MQA_API_KEY)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for a task (default 300, as the guide)")
    parser.add_argument("--poll-interval", type=float, default=2, help="seconds between polls (default 2, as the guide)")
    parser.add_argument("--question", default="孕妇最近出现头晕症状，需要什么建议？")
    parser.add_argument("--maternal-id", type=int, default=123)
    parser.add_argument("--user-type", default="pregnant_mother")
    parser.add_argument("--skip-sync", action="store_true", help="leave out the synchronous endpoint")
    args = parser.parse_args(argv)

    run = Run(Client(args.base_url, args.api_key), args)
    print(f"maternal-qa async API check against {args.base_url}", flush=True)
    run.step("submit POST /api/v2/chat/qa/async", run.submit)
    run.step("poll GET /api/v2/chat/qa/task/{task_id}/status", run.poll)
    run.step("read the result", run.read_result)
    if not args.skip_sync:
        run.step("synchronous POST /api/v2/chat/qa", run.sync)
    run.step("follow-up question in the same chat", run.follow_up)
    run.step("bad request is refused with 400", run.bad_request)
    run.step("unknown task is 404", run.unknown_task)
    print(f"{run.passed} passed, {run.failed} failed", flush=True)
    return 0 if run.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
