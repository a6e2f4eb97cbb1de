"""Shared fixtures for end-to-end tests that drive the real `maternal-qa` binary."""
import contextlib
import os
import pathlib
import socket
import subprocess
import sys
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


@pytest.fixture
def stub():
    """Starts scripts/openai_stub.py (an OpenAI-compatible stub) with the given flags; returns its URL; every one started is stopped at the end."""
    started = []

    def start(*flags):
        process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "openai_stub.py"), "--port", "0", *flags],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        started.append(process)
        line = process.stdout.readline()
        assert line.startswith("listening on "), line
        return line.split()[-1]

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=30)


@pytest.fixture
def counted_stub():
    """Starts OpenAI-compatible stubs in this process that count the answers they give at once and
    hold them until released (counted_stub.py): `counted_stub(token_delay_ms=…)` returns one,
    whose `flags` point the binary at it; every one started is stopped at the end."""
    from counted_stub import CountedModel

    started = []

    def start(token_delay_ms=20):
        model = CountedModel(token_delay_ms)
        started.append(model)
        return model

    yield start
    for model in started:
        model.stop()


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


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> pathlib.Path:
    """The tiny GGUF of scripts/model, made once: every llama server of the session copies it."""
    path = tmp_path_factory.mktemp("tiny-model") / "tiny.gguf"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "model" / "make_tiny_gguf.py"), str(path)],
                   check=True, capture_output=True, timeout=120)
    return path


@contextlib.contextmanager
def llama_servers(directory: pathlib.Path, model: pathlib.Path):
    """Yields `start(n_ctx=…, api_key=…)`, which starts a real llama.cpp server (scripts/model/
    llama_server.sh) on the tiny model in `directory`; every one started is stopped at the end,
    and its log printed (shown when a test fails)."""
    from llama import LlamaServer

    started = []

    def start(**options):
        server = LlamaServer(directory / f"llama-{len(started)}", model=model, **options)
        started.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in started:
            server.stop()
            print(f"--- log of {server.workdir.name} ---\n{server.log()[-5000:]}")


@pytest.fixture
def llama(tiny_model, tmp_path):
    """Real llama.cpp servers for one test (which may pause, kill or restart them)."""
    with llama_servers(tmp_path, tiny_model) as start:
        yield start


@pytest.fixture(scope="module")
def shared_llama(tiny_model, tmp_path_factory):
    """One real llama.cpp server for a module's tests that leave it as they found it. n_ctx 16384:
    the engine's default budget (openai_context_tokens 4096) counts 1.5 tokens a Chinese character
    and the tiny model's tokenizer spends 3, so prompts are up to ~3x their estimate."""
    with llama_servers(tmp_path_factory.mktemp("shared-llama"), tiny_model) as start:
        yield start(n_ctx=16384)
