"""The guide's client flow against the real binary, via the operator script scripts/test_async_api.py."""
import subprocess
import sys

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "test_async_api.py"


def run_script(*args, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600, env=env)


def test_script_passes_every_step(serve):
    server = serve("--simulated-latency-ms", "1500")
    result = run_script("--base-url", server.base_url, "--poll-interval", "0.5", "--timeout", "120")
    print(result.stdout, result.stderr)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("FAIL")]
    assert len([line for line in lines if line.startswith("PASS")]) == 7
    # The poll loop saw the task before it finished, as the guide's client would.
    assert "任务状态: running" in result.stdout or "任务状态: pending" in result.stdout
    assert lines[-1] == "7 passed, 0 failed"


def test_script_with_api_keys(serve):
    server = serve(env={"MQA_API_KEYS": "ops-key,other-key"})
    result = run_script("--base-url", server.base_url, "--api-key", "ops-key", "--poll-interval", "0.2", "--timeout", "120")
    assert result.returncode == 0, result.stdout + result.stderr
    refused = run_script("--base-url", server.base_url, "--api-key", "wrong", "--poll-interval", "0.2", "--timeout", "10")
    assert refused.returncode == 1
    assert "FAIL  submit" in refused.stdout and "401" in refused.stdout


def test_script_fails_clearly_when_nothing_listens():
    from conftest import free_port

    result = run_script("--base-url", f"http://127.0.0.1:{free_port()}", "--timeout", "5")
    assert result.returncode == 1
    assert "FAIL  submit" in result.stdout and "cannot reach" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("0 passed, 7 failed")
