"""The model server is checked at start (`GET /v1/models`) with `backend = openai`: `serve` refuses
to start against a server that is not there, refuses the key or lacks the model, naming which;
`--openai-skip-probe` skips the check; the terminal UI starts and shows the problem."""
import subprocess

import pytest

from tui_driver import TuiSession


def serve_against(binary, tmp_path, url, *flags, env=None):
    return subprocess.run(
        [str(binary), "serve", "--port", "0", "--database", str(tmp_path / "probe.sqlite"), "--backend", "openai",
         "--openai-base-url", url, *flags],
        capture_output=True, text=True, timeout=60, env={"LANG": "C.UTF-8", **(env or {})})


@pytest.mark.parametrize("model, expected", [
    ("stub", None),
    ("qwen-not-there", '模型服务上没有模型 "qwen-not-there"（它提供：stub），请检查 openai_model'),
])
def test_serve_checks_the_model_is_listed(binary, serve, stub, tmp_path, model, expected):
    url = stub()
    if expected is None:
        server = serve("--backend", "openai", "--openai-base-url", url, "--openai-model", model)
        assert server.submit().status == 200
        return
    result = serve_against(binary, tmp_path, url, "--openai-model", model)
    assert result.returncode != 0
    assert expected in result.stderr and "--openai-skip-probe" in result.stderr, result.stderr


def test_serve_refuses_an_unreachable_server_unless_told_to_skip_the_check(binary, serve, tmp_path):
    unreachable = "http://127.0.0.1:9"
    result = serve_against(binary, tmp_path, unreachable, "--openai-model", "m", "--openai-connect-timeout", "2")
    assert result.returncode != 0
    assert "无法连接模型服务（http://127.0.0.1:9/v1/models）" in result.stderr, result.stderr
    # Skipped, it starts; a question then fails with a clear message instead.
    server = serve("--backend", "openai", "--openai-base-url", unreachable, "--openai-model", "m",
                   "--openai-skip-probe", "--openai-connect-timeout", "2", "--openai-retries", "0")
    failed = server.wait_terminal(server.submit().data["task_id"])
    assert failed["status"] == "failed" and failed["error_code"] == "backend_error"
    assert failed["error"].startswith("无法连接模型服务") and "openai_base_url" in failed["error_detail"], failed


def test_the_ui_starts_and_shows_what_is_wrong_with_the_model_server(binary, tmp_path):
    args = ["--maternal-id", "1", "--user-type", "pregnant_mother", "--backend", "openai",
            "--openai-base-url", "http://127.0.0.1:9", "--openai-model", "m", "--openai-connect-timeout", "2"]
    with TuiSession(binary, tmp_path, args) as tui:
        tui.wait_for(lambda screen: "模型服务检查失败" in screen and "无法连接模型服务" in screen,
                     what="the model server notice")
