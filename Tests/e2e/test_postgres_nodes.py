"""A `serve` node on PostgreSQL: bad database settings stop it at start-up with a message naming
the problem (never the password), and a server restarted under load loses no accepted task."""
import os
import subprocess
import threading
import time
import urllib.parse

import pytest

from cluster import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from conftest import free_port

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="MQA_TEST_POSTGRES_URL is not set: scripts/test sets it")


def with_url(**changes):
    parts = urllib.parse.urlsplit(POSTGRES_URL)
    netloc = f"{changes.get('user', parts.username)}:{changes.get('password', parts.password)}@" \
             f"{changes.get('host', parts.hostname)}:{changes.get('port', parts.port)}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, path=changes.get("path", parts.path)))


def start_failure(binary, database, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MQA_")}
    environment.update(env or {})
    result = subprocess.run([str(binary), "serve", "--port", "0", "--database", database],
                            capture_output=True, text=True, timeout=60, env=environment)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("database, expected", [
    ("postgres://mqa@127.0.0.1:5432", "database name"),
    ("postgres://127.0.0.1:5432/mqa", "user name is missing"),
    ("postgres://mqa:pw@127.0.0.1:99999/mqa", "port"),
    ("postgres://mqa:pw@127.0.0.1:5432/mqa?sslmode=sometimes", "sslmode"),
    ("postgres://mqa:pw@127.0.0.1:5432/mqa?pool=9", "unknown parameter"),
])
def test_malformed_urls_are_refused_before_anything_starts(binary, database, expected):
    status, output = start_failure(binary, database)
    assert status != 0 and expected in output, output
    assert "listening" not in output
    assert ":pw@" not in output and "pw" not in output.replace("pw@", ""), output


def test_refused_connection_wrong_password_and_missing_database_are_named(binary):
    password = urllib.parse.urlsplit(POSTGRES_URL).password
    status, output = start_failure(binary, with_url(port=free_port()))
    assert status != 0 and "connection refused" in output, output
    status, output = start_failure(binary, with_url(password="not-the-password-1234"))
    assert status != 0 and "password" in output and "not-the-password-1234" not in output, output
    status, output = start_failure(binary, with_url(path="/mqa_no_such_database"))
    assert status != 0 and "does not exist" in output and password not in output, output
    # The password may come from MQA_DATABASE_PASSWORD instead of the URL; a wrong one is refused too.
    bare = with_url(password="").replace(":@", "@")
    status, output = start_failure(binary, bare, env={"MQA_DATABASE_PASSWORD": "wrong-from-env-5678"})
    assert status != 0 and "password" in output and "wrong-from-env-5678" not in output, output


def test_the_password_can_come_from_the_environment_and_is_never_logged(serve):
    database = fresh_postgres_database()
    try:
        password = urllib.parse.urlsplit(database).password
        bare = database.replace(f":{password}@", "@")
        node = serve("--node-id", "env-password", database=bare, env={"MQA_DATABASE_PASSWORD": password})
        task = node.submit("孕期可以吃螃蟹吗").data["task_id"]
        assert node.wait_terminal(task)["status"] == "completed"
        assert password not in node.log()
    finally:
        drop_postgres_database(database)


def test_a_server_restart_under_load_loses_no_accepted_task(serve):
    server_dir = os.environ.get("MQA_TEST_POSTGRES_DIR")
    if not server_dir:
        pytest.skip("MQA_TEST_POSTGRES_DIR is not set: scripts/test sets it")
    database = fresh_postgres_database()
    try:
        nodes = [serve("--node-id", f"node-{i}", "--max-workers", "3", "--simulated-latency-ms", "200",
                       "--lease-seconds", "5", database=database) for i in range(2)]
        accepted, refused, lock, stop = [], [], threading.Lock(), threading.Event()

        def submit(index):
            node = nodes[index % 2]
            count = 0
            while not stop.is_set():
                reply = node.submit(f"重启期间的问题{index}-{count}", maternal_id=index + 1)
                count += 1
                with lock:
                    (accepted if reply.status == 200 else refused).append(reply.data["task_id"] if reply.status == 200 else reply.status)
                time.sleep(0.02)

        threads = [threading.Thread(target=submit, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        subprocess.run([os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "postgres_test_server.sh"),
                        "restart", server_dir], check=True, capture_output=True, timeout=120)
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        # Refusals while the server was away are honest errors (never a hang or a crash) ...
        assert all(status in (429, 500, 503) for status in refused), refused
        assert len(accepted) >= 50, len(accepted)
        # ... and every task that was accepted ends completed, on one node or the other.
        finals = [nodes[0].wait_terminal(task, timeout=300) for task in accepted]
        assert all(final["status"] == "completed" for final in finals), \
            [final for final in finals if final["status"] != "completed"][:3]
        for node in nodes:
            assert node.process.poll() is None, "a node died when the database restarted"
    finally:
        drop_postgres_database(database)
