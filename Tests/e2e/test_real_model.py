"""The OpenAI backend against a REAL model server: llama-cpp-python's server on the tiny model of
scripts/model (always answers ANSWER), started by the `llama`/`shared_llama` fixtures. `ask`,
`serve` (SSE deltas, the seek-care instruction first), cancel while waiting on the server, the
server killed and restarted, more tasks than the server runs at once, its API key, a long chat
against a small context window, and the chat UI in tmux."""
import re
import subprocess

import sse
from conftest import ROOT, wait_for
from llama import ANSWER, MODEL_ALIAS
from tui_driver import TuiSession, task_rows

DISCLAIMER = re.search(r'disclaimer =\s*"([^"]+)"',
                       (ROOT / "Sources/Engine/Knowledge/SafetyText.swift").read_text()).group(1)
QUESTION = "孕期可以喝咖啡吗"
EMERGENCY = "怀孕32周，阴道大量出血"


def openai_flags(llama_server, *extra):
    return ["--backend", "openai", "--openai-base-url", llama_server.url, "--openai-model", MODEL_ALIAS, *extra]


def assert_answered(status):
    assert status["status"] == "completed", status
    answer = sse.answer_of(status)
    assert ANSWER in answer and answer.endswith(DISCLAIMER), answer


def test_ask_prints_the_models_answer(binary, tmp_path, shared_llama):
    done = subprocess.run(
        [str(binary), "ask", QUESTION, "--maternal-id", "5", "--user-type", "pregnant_mother",
         "--database", str(tmp_path / "ask.sqlite"), *openai_flags(shared_llama)],
        capture_output=True, timeout=120, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    stdout = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert stdout.startswith(ANSWER), stdout
    assert DISCLAIMER in stdout


def test_serve_streams_the_answer_and_an_emergency_gets_the_instruction_first(serve, shared_llama):
    server = serve(*openai_flags(shared_llama))
    for question in (QUESTION, EMERGENCY):
        submitted = server.submit(question).data
        events = list(sse.follow(server.port, submitted["task_id"]))
        final = sse.snapshots(events)[-1]
        assert_answered(final)
        stored = sse.answer_of(server.status(submitted["task_id"]).data)
        deltas = sse.deltas(events)
        assert "".join(delta["text"] for delta in deltas) == stored
        assert [delta["seq"] for delta in deltas] == sorted({delta["seq"] for delta in deltas})
        if question == EMERGENCY:
            assert submitted["triage"]["level"] == "emergency"
            # The instruction is sent before the model is asked, so it is a delta of its own.
            assert deltas[0]["text"] == submitted["advice"] + "\n\n"
            assert ANSWER not in deltas[0]["text"] and stored.index(ANSWER) > len(submitted["advice"])
        else:
            assert stored.startswith(ANSWER), stored


def test_cancel_while_waiting_on_the_model_server_leaves_the_rest_answered(serve, llama):
    """The paused (SIGSTOP) server holds every request it was sent, as a busy server queues them:
    cancelled tasks end at once, without waiting for it, and once it runs the others complete."""
    model = llama(n_ctx=16384)
    server = serve(*openai_flags(model), "--max-workers", "4")
    model.pause()
    tasks = [server.submit(QUESTION, maternal_id=n).data["task_id"] for n in range(1, 9)]
    running, pending = tasks[:4], tasks[4:]
    wait_for(lambda: all(server.status(t).data["status"] == "running" for t in running),
             what="four tasks waiting on the model server")
    cancelled = [running[0], running[2], pending[1]]
    for task_id in cancelled:
        assert server.post(f"/api/v2/chat/qa/task/{task_id}/cancel").status == 200
    for task_id in cancelled:
        done = server.wait_terminal(task_id, timeout=10)
        assert (done["status"], done.get("error_code")) == ("failed", "cancelled"), done
    model.resume()
    for task_id in tasks:
        if task_id not in cancelled:
            assert_answered(server.wait_terminal(task_id, timeout=120))


def test_a_killed_model_server_fails_the_tasks_in_flight_and_a_restarted_one_answers(serve, llama):
    model = llama(n_ctx=16384)
    server = serve(*openai_flags(model), "--max-workers", "3")
    model.pause()  # holds the requests in flight until the kill
    tasks = [server.submit(QUESTION, maternal_id=n).data["task_id"] for n in range(1, 4)]
    wait_for(lambda: all(server.status(t).data["status"] == "running" for t in tasks), what="three tasks running")
    model.kill()
    for task_id in tasks:
        # Well before openai_read_timeout (60 s): the reset connection is noticed, not waited out;
        # the retries of the refused one (openai_retries 2, from 0.5 s) take a few seconds.
        done = server.wait_terminal(task_id, timeout=20)
        assert (done["status"], done.get("error_code")) == ("failed", "backend_error"), done
        assert done["error"], done
    model.start()  # the same port: the running `serve` reaches it again
    assert_answered(server.wait_terminal(server.submit(QUESTION).data["task_id"], timeout=120))


def test_more_tasks_than_the_server_runs_at_once_all_get_the_answer(serve, shared_llama):
    # 12 tasks, 6 streaming at once against a server that answers one request at a time.
    server = serve(*openai_flags(shared_llama), "--max-workers", "6")
    tasks = [server.submit(QUESTION, maternal_id=n).data["task_id"] for n in range(1, 13)]
    for task_id in tasks:
        assert_answered(server.wait_terminal(task_id, timeout=120))


def test_the_api_key_is_sent_and_a_wrong_or_missing_one_fails_naming_the_setting(serve, llama, tmp_path):
    key = "sk-tiny-test-key"
    model = llama(n_ctx=16384, api_key=key)
    # A database each: on a shared one the idle node with the right key would claim the others' tasks.
    right = serve(*openai_flags(model), env={"MQA_OPENAI_API_KEY": key}, database=tmp_path / "right.sqlite")
    assert_answered(right.wait_terminal(right.submit(QUESTION).data["task_id"]))
    # --openai-skip-probe: the task's own failure is under test, not a check of the server at start.
    for name, env in (("wrong", {"MQA_OPENAI_API_KEY": "sk-wrong-key"}), ("missing", {})):
        server = serve(*openai_flags(model, "--openai-skip-probe"), env=env, database=tmp_path / f"{name}.sqlite")
        done = server.wait_terminal(server.submit(QUESTION).data["task_id"], timeout=60)
        assert (done["status"], done.get("error_code")) == ("failed", "backend_error"), done
        said = " ".join(str(done.get(field, "")) for field in ("error", "error_detail"))
        assert "401" in said and "openai_api_key" in said, said
        assert "sk-wrong-key" not in said


def test_a_long_chat_keeps_working_within_a_small_context_window(serve, llama):
    """12 turns in one chat, each question ~120 Chinese characters, against a server whose window
    (6144 of its tokens) holds the newest few turns but not the whole history. Measured in the
    tiny model's tokens (3 per Chinese character, where the engine estimates 1.5): the system
    prompt with its passages and the question ~4,200, each earlier turn ~320, so the whole history
    (the engine loads the last 20 messages) would pass 6144 at the 8th turn and reach ~7,400. The
    engine budgets 2688 - 128 (reply) = 2560 estimated tokens: ~1,750 for the system prompt and
    the question, ~200 a turn, so it keeps the newest 4 turns (~5,500 real tokens), which fit."""
    model = llama(n_ctx=6144)
    server = serve(*openai_flags(model, "--openai-context-tokens", "2688", "--openai-max-tokens", "128"))
    story = "我现在怀孕二十六周，最近一周晚上睡觉的时候经常觉得腿抽筋，白天走路多了脚踝也有一点水肿，" \
            "平时饮食比较清淡，每天喝一杯牛奶，也在吃医生开的钙片和复合维生素，产检结果都正常。"
    chat_id = None
    for turn in range(1, 13):
        extra = {"chat_id": chat_id} if chat_id else {}
        submitted = server.submit(f"第{turn}个问题：{story}这种情况需要注意什么？", maternal_id=7, **extra)
        assert submitted.status == 200, submitted
        chat_id = submitted.data["chat_id"]
        assert_answered(server.wait_terminal(submitted.data["task_id"], timeout=60))
    history = server.get(f"/api/v2/chat/{chat_id}/messages").data["messages"]
    assert len(history) == 24, len(history)
    log = server.log()
    trimmed = [tuple(map(int, pair)) for pair in re.findall(r"history_kept=(\d+) history_left_out=(\d+)", log)]
    assert trimmed and max(left for _, left in trimmed) >= 10, "the oldest turns were left out of the later prompts"
    assert min(kept for kept, _ in trimmed) >= 4, "the newest turns stayed in"
    # Logged with the smaller retry that follows a prompt the server found too long.
    assert "retry_prompt_tokens_estimate" not in log, "every budgeted prompt fitted the server's window"


def test_the_chat_ui_shows_the_models_answer(binary, tmp_path, shared_llama):
    args = ["--maternal-id", "12", "--user-type", "pregnant_mother", *openai_flags(shared_llama)]
    with TuiSession(binary, tmp_path, args) as tui:
        tui.wait_for("孕妇ID 12")
        tui.type_text(QUESTION)
        tui.press("Enter")
        screen = tui.wait_for(lambda s: any(state == "完成" for state, _, _ in task_rows(s)) and ANSWER in s,
                              what="the task completed and the model's sentence on screen")
        assert any("答：" + ANSWER in line for line in screen.splitlines()), screen
        tui.press("C-c")
        assert tui.wait_until_exited() == 0
