"""End-to-end tests of the terminal chat UI: the real binary in a headless tmux."""
import json
import os
import re
import signal
import urllib.request

import pytest

from conftest import free_port
from tui_driver import TuiSession, color_codes, header_counts, task_rows, wait_for_process_exit

IDENTITY = ["--maternal-id", "12", "--user-type", "pregnant_mother"]


def test_identity_then_chinese_question_shows_moving_progress_and_answer(binary, tmp_path):
    with TuiSession(binary, tmp_path, ["--simulated-latency-ms", "6000"]) as tui:
        tui.wait_for("设置身份", what="the identity dialog on first start")
        tui.type_text("12a")
        tui.wait_for("maternal_id 必须是正整数（只能输入数字）")
        tui.press("BSpace", "BSpace")
        tui.type_text("42")
        tui.press("Tab", "Down", "Enter")  # postpartum mother
        screen = tui.wait_for(lambda s: "孕妇ID 42" in s and "产后妈妈" in s, what="identity in the header")
        assert "设置身份" not in screen

        question = "产后恶露一般持续多久？"
        tui.type_text(question)
        tui.wait_for("问› " + question, what="the typed Chinese question in the input line")
        tui.press("Enter")

        seen = set()

        def progress_moved(screen: str) -> bool:
            for state, percent, line in task_rows(screen):
                if "产后恶露" in line and state == "运行" and 0 < percent < 100:
                    seen.add(percent)
            return len(seen) >= 2

        tui.wait_for(progress_moved, what="the task's bar to move while running")
        screen = tui.wait_for(lambda s: any(st == "完成" and p == 100 for st, p, _ in task_rows(s)), what="completion")
        # The pane followed the answer down as it was written; Home goes back to its start.
        tui.press("Tab", "Tab", "Home")
        screen = tui.wait_for("答：", what="the answer in the conversation pane")
        answer_line = next(line for line in screen.splitlines() if "答：" in line)
        assert "生成中" not in answer_line and "排队" not in answer_line
        assert "问：" + question in screen


def answer_lines(screen: str) -> list[str]:
    """The conversation's answer: from its `答：` line to the input pane's title, right-trimmed."""
    lines = screen.splitlines()
    start = next((index for index, line in enumerate(lines) if line.lstrip().startswith("答：")), None)
    if start is None:
        return []
    end = next(index for index in range(start, len(lines)) if lines[index].startswith("─ 提问"))
    return [line.rstrip() for line in lines[start:end] if line.strip()]


def test_the_answer_shows_as_it_is_written(binary, tmp_path):
    """A slow simulated model writes the answer over 6 s: part of it shows, with the writing mark,
    while the row (which counts its characters) is still below 100 %; then the whole answer."""
    question = "孕期可以喝咖啡吗"
    # Tall enough for the whole answer and its references: the pane stays at the top.
    with TuiSession(binary, tmp_path, [*IDENTITY, "--simulated-latency-ms", "6000"], height=50) as tui:
        tui.wait_for("孕妇ID 12")
        tui.type_text(question)
        tui.press("Enter")

        def written_in_part(screen: str) -> bool:
            rows = [(state, percent, line) for state, percent, line in task_rows(screen) if question in line]
            answer = answer_lines(screen)
            return (len(rows) == 1 and rows[0][0] == "运行" and rows[0][1] < 100 and re.search(r" \d+字 ", rows[0][2])
                    and answer != [] and not answer[0].lstrip().startswith("答：（") and answer[-1].endswith("▌"))

        partial = answer_lines(tui.wait_for(written_in_part, timeout=60, what="part of the answer while the task runs"))
        screen = tui.wait_for(lambda s: any(question in line and st == "完成" for st, _, line in task_rows(s)),
                              timeout=60, what="the task completed")
        final = answer_lines(screen)
        assert not any(line.endswith("▌") for line in final), final
        # The text written so far was the start of the answer, wrapped the same way.
        assert final[:len(partial) - 1] == partial[:-1], (partial, final)
        assert final[len(partial) - 1].startswith(partial[-1].removesuffix("▌")), (partial, final)


def test_burst_runs_max_workers_tasks_side_by_side(binary, tmp_path, counted_stub):
    """The model holds its answers until the UI shows the burst running: exactly max_workers
    side by side, counted at the model itself as well as on screen."""
    model = counted_stub(token_delay_ms=20)
    args = [*IDENTITY, *model.flags, "--max-workers", "3", "--burst-size", "9"]
    with TuiSession(binary, tmp_path, args, width=120, height=40) as tui:
        tui.wait_for("孕妇ID 12")
        tui.press("C-b")
        tui.wait_for(lambda s: len([row for row in task_rows(s) if row[0] == "运行"]) == 3 and model.in_flight == 3,
                     what="three tasks running side by side, their requests held at the model")
        model.release()
        screen = tui.wait_for(lambda s: (c := header_counts(s)) is not None and c["completed"] == 9, timeout=180,
                              what="all nine burst tasks to complete")
        assert model.peak == 3, model.peak
        assert header_counts(screen)["max_workers"] == 3
        assert len([row for row in task_rows(screen) if row[0] == "完成"]) == 9


def test_cancel_a_pending_and_a_running_task(binary, tmp_path):
    args = [*IDENTITY, "--max-workers", "1", "--simulated-latency-ms", "60000", "--burst-size", "3"]
    with TuiSession(binary, tmp_path, args) as tui:
        tui.wait_for("孕妇ID 12")
        tui.press("C-b")
        tui.wait_for(lambda s: (c := header_counts(s)) is not None and c["running"] == 1 and c["pending"] == 2,
                     what="one running, two pending")
        tui.press("Tab", "Home")  # tasks pane, newest (pending) task
        tui.press("c")
        tui.wait_for(lambda s: (c := header_counts(s)) is not None and c["failed"] == 1, what="the pending task cancelled")
        tui.press("End")  # the oldest: the running one
        tui.press("C-x")
        screen = tui.wait_for(lambda s: len([r for r in task_rows(s) if r[0] == "取消"]) == 2,
                              what="the running task cancelled too")
        assert header_counts(screen)["failed"] == 2


def test_resize_to_too_small_and_back(binary, tmp_path):
    with TuiSession(binary, tmp_path, IDENTITY) as tui:
        tui.wait_for("孕妇ID 12")
        tui.resize(50, 12)
        tui.wait_for("终端太小", what="the too-small notice")
        tui.resize(130, 35)
        screen = tui.wait_for(lambda s: "孕妇ID 12" in s and "│─ 对话" in s, what="side-by-side panes after growing")
        assert "终端太小" not in screen
        tui.type_text("还能输入吗")
        tui.wait_for("问› 还能输入吗")


def test_http_request_with_listen_shows_up_live(binary, tmp_path):
    port = free_port()
    args = [*IDENTITY, "--listen", f"127.0.0.1:{port}", "--simulated-latency-ms", "3000"]
    with TuiSession(binary, tmp_path, args) as tui:
        tui.wait_for(f"HTTP 127.0.0.1:{port}", what="the listen address in the header")
        body = json.dumps({"input": "来自HTTP的问题：孕期可以吃螃蟹吗", "maternal_id": 7, "user_type": "doctor"}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v2/chat/qa/async", data=body,
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            data = json.load(response)
        assert data["code"] == 200
        tui.wait_for(lambda s: any("来自HTTP的问题" in line and state in ("排队", "运行")
                                   for state, _, line in task_rows(s)), what="the HTTP task live in the pane")
        tui.wait_for(lambda s: any("来自HTTP的问题" in line and state == "完成" for state, _, line in task_rows(s)),
                     what="the HTTP task completed in the pane")


def test_quit_restores_terminal_and_history_survives_restart(binary, tmp_path):
    with TuiSession(binary, tmp_path, IDENTITY) as tui:
        tui.wait_for("孕妇ID 12")
        tui.type_text("孕期每天要补充多少叶酸")
        tui.press("Enter")
        tui.wait_for(lambda s: any(st == "完成" for st, _, _ in task_rows(s)), what="the answer")
        tui.press("C-c")
        assert tui.wait_until_exited() == 0
        assert tui.stty_restored(), "stty settings differ after exit"
        assert "孕妇ID 12" not in tui.screen(), "the UI is still on screen (alternate screen not left)"

    restart = tmp_path / "restart"
    restart.mkdir()
    with TuiSession(binary, restart, IDENTITY, database=tmp_path / "tui.sqlite") as tui:
        tui.wait_for(lambda s: any("孕期每天要补充多少叶酸" in line and st == "完成" for st, _, line in task_rows(s)),
                     what="the earlier task listed after a restart")
        tui.press("F10")
        assert tui.wait_until_exited() == 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_signals_restore_the_terminal(binary, tmp_path, stop):
    with TuiSession(binary, tmp_path, IDENTITY) as tui:
        tui.wait_for("孕妇ID 12")
        pid = tui.pid()
        os.kill(pid, stop)
        wait_for_process_exit(pid)
        tui.wait_until_exited()
        assert tui.stty_restored()


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "vt100"}], ids=["NO_COLOR", "monochrome"])
def test_no_colour_when_asked_or_unsupported(binary, tmp_path, env):
    with TuiSession(binary, tmp_path, [*IDENTITY, "--burst-size", "3"], env=env) as tui:
        tui.wait_for("孕妇ID 12")
        tui.press("C-b")
        tui.wait_for(lambda s: (c := header_counts(s)) is not None and c["completed"] == 3)
        assert color_codes(tui.screen(escapes=True)) == []


def test_colour_by_default(binary, tmp_path):
    with TuiSession(binary, tmp_path, IDENTITY, env={"TERM": "xterm-256color"}) as tui:
        tui.wait_for("孕妇ID 12")
        assert color_codes(tui.screen(escapes=True)) != []


@pytest.mark.parametrize("fatal", [signal.SIGSEGV, signal.SIGABRT], ids=["SIGSEGV", "SIGABRT"])
def test_a_crash_still_restores_the_terminal(binary, tmp_path, fatal):
    # The Swift backtracer is turned off so the re-raised signal ends the process at once (a
    # signal sent with kill, unlike a real fault, would otherwise be caught and survived by it).
    env = {"SWIFT_BACKTRACE": "enable=no"}
    with TuiSession(binary, tmp_path, IDENTITY, env=env) as tui:
        tui.wait_for("孕妇ID 12")
        os.kill(tui.pid(), fatal)
        assert tui.wait_until_exited() == 128 + fatal
        assert tui.stty_restored()
        assert "孕妇ID 12" not in tui.screen()


def test_wide_character_editing_and_paste(binary, tmp_path):
    with TuiSession(binary, tmp_path, IDENTITY, width=80, height=24) as tui:
        tui.wait_for("孕妇ID 12")
        tui.type_text("孕期喝咖啡")
        tui.wait_for("问› 孕期喝咖啡")
        assert tui.cursor() == (4 + 10, 22), "the cursor is measured in columns (CJK = 2)"
        tui.press("Left", "Left", "BSpace")
        tui.wait_for("问› 孕期咖啡")
        assert tui.cursor() == (4 + 4, 22)
        tui.press("Home", "Delete")
        tui.wait_for("问› 期咖啡")
        assert tui.cursor() == (4, 22)
        tui.press("End")
        tui.paste("吗？\n第二行")
        screen = tui.wait_for("问› 期咖啡吗？ 第二行", what="the paste joined onto one line")
        assert "任务 0" in screen, "a pasted line break must not submit"
        tui.press("C-u", "Enter")
        tui.wait_for("输入问题，回车提交")
        assert "任务 0" in tui.screen(), "empty input is not submitted"


def test_an_emergency_shows_its_mark_banner_and_instruction_before_any_answer(binary, tmp_path):
    """Triage runs at intake: while the question still waits and runs (slow simulated answers,
    one worker busy with an earlier question), its row has the emergency mark and the
    conversation shows the banner and the seek-care instruction."""
    args = [*IDENTITY, "--max-workers", "1", "--simulated-latency-ms", "20000"]
    with TuiSession(binary, tmp_path, args) as tui:
        tui.wait_for("孕妇ID 12")
        tui.type_text("孕期每天要补充多少叶酸")
        tui.press("Enter")
        tui.wait_for(lambda s: any(st == "运行" for st, _, _ in task_rows(s)), what="the first question running")
        question = "怀孕32周，阴道大量出血"
        tui.type_text(question)
        tui.press("Enter")

        def instruction(screen: str) -> str:
            """The seek-care instruction's first line on screen (after its `就医：` label), or ''."""
            match = re.search(r"就医：(\S.{9,})", screen)
            return match.group(1) if match else ""

        def instruction_while_unanswered(screen: str) -> bool:
            rows = [(state, line) for state, _, line in task_rows(screen) if question in line]
            return (len(rows) == 1 and rows[0][0] in ("排队", "运行") and rows[0][1].startswith("!!")
                    and "紧急情况" in screen and instruction(screen) != "" and "答：（" in screen)

        screen = tui.wait_for(instruction_while_unanswered, timeout=20,
                              what="the emergency mark, banner and instruction while the task is pending")
        assert "危险征象：阴道出血" in screen
        first_line = instruction(screen)
        # Once it runs (the first answer takes 20 s, then this one does), the answer being written
        # opens with the instruction.
        tui.wait_for(lambda s: any(question in line and st == "运行" for st, _, line in task_rows(s))
                     and "答：" + first_line[:8] in s, timeout=60, what="the instruction opening the answer as it is written")
        tui.press("C-c")
        assert tui.wait_until_exited() == 0
