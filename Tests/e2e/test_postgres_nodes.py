"""A `serve` node on PostgreSQL: bad database settings stop it at start-up with a message naming
the problem (never the password), and a server restarted under load loses no accepted task."""
import os
import subprocess
import threading
import time
import urllib.parse

import pytest

from cluster import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from conftest import free_port, wait_for

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


URL_SHAPE = "invalid database URL (postgres://USER:PASSWORD@HOST:PORT/DB)"


@pytest.mark.parametrize("database, problem", [
    ("postgres://mqa@127.0.0.1:5432", "the database name (after the last /) is missing"),
    ("postgres://127.0.0.1:5432/mqa", "the user name is missing"),
    ("postgres://mqa:pw@127.0.0.1:99999/mqa", "the port must be from 1 to 65535"),
    ("postgres://mqa:pw@127.0.0.1:5432/mqa?sslmode=sometimes",
     'sslmode "sometimes" is not one of disable, prefer, require, verify-full'),
    ("postgres://mqa:pw@127.0.0.1:5432/mqa?pool=9", 'unknown parameter "pool" (only sslmode is understood)'),
])
def test_malformed_urls_are_refused_before_anything_starts(binary, database, problem):
    # A setting refused: status 2 and the reason alone (nothing started, so nothing else is printed).
    assert start_failure(binary, database) == (2, f"error: {URL_SHAPE}: {problem}\n")


def test_refused_connection_wrong_password_and_missing_database_are_named(binary):
    # The engine could not start: status 1, the reason named, the password never shown.
    server = urllib.parse.urlsplit(POSTGRES_URL)
    port = free_port()
    assert start_failure(binary, with_url(port=port)) == \
        (1, f"error: cannot start the engine: cannot connect to PostgreSQL at {server.hostname}:{port}: connection refused\n")
    refused_password = (1, f"error: cannot start the engine: PostgreSQL refused the password for user {server.username}\n")
    assert start_failure(binary, with_url(password="not-the-password-1234")) == refused_password
    assert start_failure(binary, with_url(path="/mqa_no_such_database")) == \
        (1, f'error: cannot start the engine: PostgreSQL at {server.hostname}:{server.port}: '
            'database "mqa_no_such_database" does not exist\n')
    # The password may come from MQA_DATABASE_PASSWORD instead of the URL; a wrong one is refused too.
    bare = with_url(password="").replace(":@", "@")
    assert start_failure(binary, bare, env={"MQA_DATABASE_PASSWORD": "wrong-from-env-5678"}) == refused_password


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
                       "--lease-seconds", "5", "--max-queue", "100000", database=database) for i in range(2)]
        accepted, refused, lock, stop = [], [], threading.Lock(), threading.Event()

        def submit(index):
            node = nodes[index % 2]
            count = 0
            while not stop.is_set():
                reply = node.submit(f"重启期间的问题{index}-{count}", maternal_id=index + 1)
                count += 1
                with lock:
                    if reply.status == 200:
                        accepted.append(reply.data["task_id"])
                    else:
                        refused.append(reply)
                time.sleep(0.02)

        def accepted_count():
            with lock:
                return len(accepted)

        threads = [threading.Thread(target=submit, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        # The restart comes once work was accepted, and the load goes on until the nodes accept
        # again after it: counted, not timed, so the pace submissions land at does not matter.
        wait_for(lambda: accepted_count() >= 25, what="submissions accepted before the restart")
        subprocess.run([os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "postgres_test_server.sh"),
                        "restart", server_dir], check=True, capture_output=True, timeout=120)
        after_restart = accepted_count()
        wait_for(lambda: accepted_count() >= after_restart + 25, timeout=120,
                 what="submissions accepted again after the restart")
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        # Refusals while the server was away say so and when to try again (never a 500, a hang or a crash) ...
        assert all((reply.status, reply.msg, reply.headers.get("retry-after")) == (503, "数据库暂时无法连接，请稍后重试", "30")
                   for reply in refused), refused[:3]
        # ... and every task that was accepted ends completed, on one node or the other.
        finals = [nodes[0].wait_terminal(task, timeout=300) for task in accepted]
        assert all(final["status"] == "completed" for final in finals), \
            [final for final in finals if final["status"] != "completed"][:3]
        for node in nodes:
            assert node.process.poll() is None, "a node died when the database restarted"
    finally:
        drop_postgres_database(database)
