"""A real llama.cpp server (llama-cpp-python's) on the tiny model, started and stopped through
scripts/model/llama_server.sh, for end-to-end tests against a real OpenAI-compatible backend.
The model always answers ANSWER; the server handles one request at a time (others queue)."""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import time

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "model" / "llama_server.sh"
_MODEL = json.loads((ROOT / "scripts" / "model" / "tiny_model.json").read_text())
ANSWER = _MODEL["answer"]
MODEL_ALIAS = _MODEL["model_alias"]


class LlamaServer:
    """One server in `workdir` (model file, log, pid). `start()` again after `kill()` brings it back
    on the same port, so a client configured with `url` reaches the new one."""

    def __init__(self, workdir: pathlib.Path, n_ctx: int = 4096, api_key: str | None = None,
                 model: pathlib.Path | None = None):
        self.workdir = pathlib.Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        if model:  # a model made once for the session, instead of the script making one per server
            shutil.copyfile(model, self.workdir / "tiny.gguf")
        self.n_ctx = n_ctx
        self.api_key = api_key
        self.url = None
        self.paused = False

    def start(self):
        flags = ["--n-ctx", str(self.n_ctx)]
        if self.api_key:
            flags += ["--api-key", self.api_key]
        if self.url:
            flags += ["--port", self.url.rsplit(":", 1)[1]]
        output = self._script("start", *flags)
        self.url = output.strip().rsplit("=", 1)[1]
        return self

    def stop(self):
        if self.paused:
            self.resume()  # a stopped process takes SIGTERM only once continued
        self._script("stop")

    @property
    def pid(self) -> int:
        return int((self.workdir / "pid").read_text())

    def pause(self):
        """SIGSTOP: requests are accepted by the kernel but get no answer until `resume()`."""
        os.kill(self.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)
        self.paused = False

    def kill(self):
        """SIGKILL, as a crash would (works on a paused server too); returns once it is dead."""
        pid = self.pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _alive(pid):
            assert time.monotonic() < deadline, f"llama server {pid} survived SIGKILL"
            time.sleep(0.05)
        self.paused = False
        (self.workdir / "pid").unlink()  # gone: `stop` has nothing to do, `start` may run it again

    def log(self) -> str:
        path = self.workdir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _script(self, *args) -> str:
        result = subprocess.run(["bash", str(SCRIPT), args[0], str(self.workdir), *args[1:]],
                                capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"llama_server.sh {args[0]} failed:\n{result.stderr}")
        return result.stdout


def _alive(pid: int) -> bool:
    """Not yet dead: the server is the start script's orphan, so it may linger as a zombie (state
    Z) until init reaps it, and a zombie no longer holds its port or connections."""
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
