"""Runs `maternal-qa serve` on a free loopback port for end-to-end tests, and talks to it."""
import http.client
import json
import os
import pathlib
import signal
import subprocess
import tempfile
import time
import urllib.parse


class Reply:
    """One HTTP answer: status, headers (lower-case names) and the body, parsed when JSON."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = {name.lower(): value for name, value in headers}
        self.raw = raw
        try:
            self.json = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, ValueError):
            self.json = None

    @property
    def data(self):
        return (self.json or {}).get("data")

    @property
    def msg(self):
        return (self.json or {}).get("msg", "")

    def __repr__(self):
        return f"Reply({self.status}, {self.raw[:300]!r})"


class ServerProcess:
    """A `maternal-qa serve` child process. Use as a context manager; it is killed on exit."""

    def __init__(self, binary, database, *args, env=None, workdir=None):
        self.binary = pathlib.Path(binary)
        self.database = str(database)
        self.args = list(args)
        self.env = env or {}
        self.workdir = pathlib.Path(workdir or tempfile.mkdtemp(prefix="mqa-e2e-"))
        self.port_file = self.workdir / "port"
        self.log_path = self.workdir / "server.log"
        self.process = None
        self.port = None

    def start(self, timeout=60):
        if self.port_file.exists():
            self.port_file.unlink()
        environment = {k: v for k, v in os.environ.items() if not k.startswith("MQA_")}
        environment.update(self.env)
        self._log = open(self.log_path, "ab")
        command = [str(self.binary), "serve", "--port", "0", "--port-file", str(self.port_file),
                   "--database", self.database, *self.args]
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env=environment)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            if self.port_file.exists():
                text = self.port_file.read_text().strip()
                if text:
                    self.port = int(text)
                    return self
            time.sleep(0.05)
        raise RuntimeError(f"server did not start within {timeout} s:\n{self.log()}")

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def request(self, method, path, body=None, headers=None, timeout=60):
        """Sends one request on a fresh connection. `body`: dict/list (sent as JSON), str or bytes."""
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Reply(response.status, response.getheaders(), response.read())
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body=body, **kwargs)

    def submit(self, input_text="孕期可以喝咖啡吗", maternal_id=1, user_type="pregnant_mother", **extra):
        return self.post("/api/v2/chat/qa/async", {"input": input_text, "maternal_id": maternal_id,
                                                    "user_type": user_type, **extra})

    def status(self, task_id, **kwargs):
        return self.get(f"/api/v2/chat/qa/task/{urllib.parse.quote(task_id)}/status", **kwargs)

    def wait_terminal(self, task_id, timeout=180, interval=0.2, headers=None):
        """Polls until the task is completed or failed; returns its status data."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self.status(task_id, headers=headers)
            assert reply.status == 200, reply
            if reply.data["status"] in ("completed", "failed"):
                return reply.data
            time.sleep(interval)
        raise AssertionError(f"task {task_id} did not finish within {timeout} s")

    def metrics(self):
        """The Prometheus exposition as {sample line without value: value}."""
        text = self.get("/metrics").raw.decode()
        samples = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                samples[name] = float(value)
        return samples

    def signal(self, signum):
        self.process.send_signal(signum)

    def wait_exit(self, timeout=120):
        return self.process.wait(timeout=timeout)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
