"""scripts/openai_stub.py served from inside the test process, so a test can read how many
completion requests it is answering at once — the backend's own count of tasks running together,
not the engine's — and can hold every answer until it lets them go (a model that is busy for as
long as the test needs, however fast the requests reach it)."""
import importlib.util
import threading

from conftest import ROOT


def _load_openai_stub():
    spec = importlib.util.spec_from_file_location("openai_stub", ROOT / "scripts" / "openai_stub.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


openai_stub = _load_openai_stub()


class CountedStub(openai_stub.Stub):
    """Counts an answer from the moment it starts until just before its finish chunk is sent: the
    client cannot have ended that generation (and begun the next) while it still counts. Answers
    wait for `release()` before their first byte."""

    def __init__(self, token_delay_ms):
        # Per-request event streams (not the cached instant answer) need a token delay.
        assert token_delay_ms > 0
        super().__init__(openai_stub.argument_parser().parse_args(["--token-delay-ms", str(token_delay_ms)]))
        self.released = threading.Event()
        self.in_flight = 0
        self.peak = 0

    def release(self):
        """Lets every held answer, and every later one, go."""
        self.released.set()

    def events(self, body):
        with self.lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        counted = True

        def done():
            nonlocal counted
            if counted:
                counted = False
                with self.lock:
                    self.in_flight -= 1

        try:
            self.released.wait()
            for event in super().events(body):
                if isinstance(event, dict) and event["choices"] and event["choices"][0]["finish_reason"]:
                    done()
                yield event
        finally:
            done()


class CountedModel:
    """A running CountedStub: its URL, the flags that point `maternal-qa` at it, and its counts."""

    def __init__(self, token_delay_ms):
        self.stub = CountedStub(token_delay_ms)
        self.server = openai_stub.StubServer(("127.0.0.1", 0), openai_stub.make_handler(self.stub))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # A held answer sends nothing until released: the engine must not give up on it meanwhile.
        self.flags = ["--backend", "openai", "--openai-base-url", self.url, "--openai-model", "stub",
                      "--openai-read-timeout", "3600"]

    @property
    def in_flight(self):
        with self.stub.lock:
            return self.stub.in_flight

    @property
    def peak(self):
        with self.stub.lock:
            return self.stub.peak

    @property
    def requests(self):
        with self.stub.lock:
            return self.stub.requests

    def release(self):
        self.stub.release()

    def stop(self):
        self.stub.release()  # held answers end instead of waiting forever
        self.server.shutdown()
        self.server.server_close()
