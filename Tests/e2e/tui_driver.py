"""Drives the real `maternal-qa` chat UI inside a private, headless tmux server.

The binary runs under a shell in the pane, so after it exits the shell prints its exit status
and the terminal settings, which lets tests check that the terminal was given back intact.
Everything waits by polling the screen (never by fixed sleeps) with generous timeouts, so the
tests hold on a loaded machine.
"""
from __future__ import annotations

import os
import pathlib
import re
import shlex
import subprocess
import time
import uuid

EXIT_MARK = "__MQA_EXIT__"


class TuiSession:
    def __init__(self, binary: pathlib.Path, workdir: pathlib.Path, args: list[str],
                 width: int = 100, height: int = 30, env: dict[str, str] | None = None,
                 database: pathlib.Path | None = None):
        self.socket = f"mqa-{uuid.uuid4().hex[:12]}"
        self.workdir = workdir
        self.database = str(database or workdir / "tui.sqlite")
        command_env = {"LANG": "C.UTF-8", "XDG_DATA_HOME": str(workdir / "data")}
        command_env.update(env or {})
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in command_env.items())
        run = " ".join(shlex.quote(part) for part in [str(binary), "--database", self.database, *args])
        script = (
            f"stty -g > {shlex.quote(str(workdir / 'stty.before'))}; "
            f"env {exports} {run}; echo {EXIT_MARK}$?; "
            f"stty -g > {shlex.quote(str(workdir / 'stty.after'))}; exec sleep 3600"
        )
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height),
                   "bash --norc --noprofile -c " + shlex.quote(script))

    # -- tmux plumbing -------------------------------------------------------------------------

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-u", "-L", self.socket, *args], check=True,
                                capture_output=True, text=True, timeout=30)
        return result.stdout

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)

    def __enter__(self) -> "TuiSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- input ---------------------------------------------------------------------------------

    def type_text(self, text: str) -> None:
        """Types literally (Chinese included), as a keyboard or input method would."""
        self._tmux("send-keys", "-t", "main", "-l", text)

    def press(self, *keys: str) -> None:
        """tmux key names: Enter, Tab, BTab, Up, Down, PageUp, PageDown, Home, End, C-c, F1, …"""
        self._tmux("send-keys", "-t", "main", *keys)

    def paste(self, text: str) -> None:
        """Pastes as a terminal does (bracketed, when the program asked for it)."""
        self._tmux("set-buffer", "--", text)
        self._tmux("paste-buffer", "-p", "-t", "main")

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", "main", "-x", str(width), "-y", str(height))

    # -- output --------------------------------------------------------------------------------

    def screen(self, escapes: bool = False) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main", *(["-e"] if escapes else []))

    def cursor(self) -> tuple[int, int]:
        """(column, row) of the terminal cursor."""
        x, y = self._tmux("display-message", "-p", "-t", "main", "#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def wait_for(self, condition, timeout: float = 90.0, what: str = "") -> str:
        """Polls the screen until `condition` (text or predicate on the screen) holds."""
        check = (lambda screen: condition in screen) if isinstance(condition, str) else condition
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what or condition!r}; screen was:\n{screen}")

    def wait_until_exited(self, timeout: float = 60.0) -> int:
        screen = self.wait_for(EXIT_MARK, timeout, "the program to exit")
        return int(re.search(EXIT_MARK + r"(\d+)", screen).group(1))

    def stty_restored(self, timeout: float = 30.0) -> bool:
        before, after = self.workdir / "stty.before", self.workdir / "stty.after"
        deadline = time.monotonic() + timeout
        while not after.exists() or not after.read_text().strip():
            if time.monotonic() > deadline:
                raise AssertionError("the shell never recorded the terminal settings after exit")
            time.sleep(0.1)
        return before.read_text() == after.read_text()

    def pid(self, timeout: float = 30.0) -> int:
        """The binary's process id, found by its unique database path."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for entry in pathlib.Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    argv = (entry / "cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue
                if argv and argv[0].endswith(b"maternal-qa") and self.database.encode() in argv:
                    return int(entry.name)
            time.sleep(0.1)
        raise AssertionError("the maternal-qa process was not found")


# -- reading the screen ----------------------------------------------------------------------

HEADER_COUNTS = re.compile(r"运行 (\d+)/(\d+)\s+排队 (\d+)\s+完成 (\d+)\s+失败 (\d+)")
TASK_ROW = re.compile(r"^(!!|! |  )(排队|运行|完成|失败|取消|超时|中断) .{10}\s+(\d+)% ", re.MULTILINE)


def header_counts(screen: str) -> dict[str, int] | None:
    match = HEADER_COUNTS.search(screen)
    if not match:
        return None
    running, workers, pending, completed, failed = map(int, match.groups())
    return {"running": running, "max_workers": workers, "pending": pending, "completed": completed, "failed": failed}


def task_rows(screen: str) -> list[tuple[str, int, str]]:
    """(state word, percent, whole line) of each visible task row."""
    rows = []
    for line in screen.splitlines():
        match = TASK_ROW.match(line)
        if match:
            rows.append((match.group(2), int(match.group(3)), line))
    return rows


def color_codes(screen_with_escapes: str) -> list[str]:
    """SGR parameters that set a colour (30–37, 40–47, 90–97, 100–107, 38/48 extended)."""
    found = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen_with_escapes):
        for part in params.split(";"):
            if part and (part in ("38", "48") or 30 <= int(part) <= 47 or 90 <= int(part) <= 107):
                if part not in ("39", "49"):  # "default colour" resets are not colours
                    found.append(part)
    return found


def wait_for_process_exit(pid: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not os.path.exists(f"/proc/{pid}"):
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} did not exit")
