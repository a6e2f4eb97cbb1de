"""Shared fixtures for end-to-end tests that drive the real `maternal-qa` binary."""
import os
import pathlib
import socket
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def binary_path() -> pathlib.Path:
    """The built binary: $MQA_BINARY, else the debug build of this checkout."""
    override = os.environ.get("MQA_BINARY")
    path = pathlib.Path(override) if override else ROOT / ".build" / "debug" / "maternal-qa"
    if not path.exists():
        raise RuntimeError(f"{path} does not exist: run `swift build` first (or set MQA_BINARY)")
    return path


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=60, interval=0.05, what="the condition"):
    """Polls `condition` until it returns something true, and returns that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="session")
def binary() -> pathlib.Path:
    return binary_path()


@pytest.fixture
def serve(binary, tmp_path):
    """Starts `maternal-qa serve` processes on free ports: `serve(*flags, database=..., env=...)`.
    Every process started is killed at the end of the test; its log is printed when the test fails."""
    from server_process import ServerProcess

    started = []

    def start(*flags, database=None, env=None):
        server = ServerProcess(binary, database or tmp_path / "api.sqlite", *flags, env=env,
                               workdir=tmp_path / f"server-{len(started)}")
        server.workdir.mkdir(parents=True, exist_ok=True)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.kill()
        print(f"--- log of server {server.workdir.name} ---\n{server.log()[-20000:]}")
