"""schemathesis against the real binary: the document it serves (/openapi.json) and the server must
agree. Every phase runs (the document's examples, coverage of its edges, fuzzing, and stateful
scenarios that follow its links from a submitted task to its status, cancel, events and chat) with
every check, on a fixed seed and a bounded number of examples, and must find nothing."""
import subprocess
import sys

import pytest

SEED = 20250922
# Per operation and phase. With the seed fixed, the same requests go out on every run; this many
# keep the whole run well under three minutes on two cores.
MAX_EXAMPLES = 30


def test_the_server_keeps_its_documented_contract(serve, tmp_path):
    pytest.importorskip("schemathesis", reason="schemathesis is not installed (.ci/run installs it)")
    # No API keys: the document's security is optional ({} or bearerAuth), which is what a server
    # without keys does; with keys every API route answers 401 without one, which it documents too.
    # A quick simulated model, so submitted tasks finish while the scenarios follow them.
    server = serve("--simulated-latency-ms", "20")
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{server.base_url}/openapi.json",
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--seed", str(SEED),
        "--max-examples", str(MAX_EXAMPLES),
        "--workers", "1",
        "--request-timeout", "30",
        # Nothing remembered between runs (it would make runs differ), nor written into the checkout.
        "--generation-database", "none",
        "--no-color",
    ]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"schemathesis found problems:\n{result.stdout[-30000:]}\n{result.stderr[-5000:]}"
