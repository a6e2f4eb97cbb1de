"""Storage faults under the real binary, while tasks run: the disk under the SQLite file fills up,
or the database's files become read-only, or the PostgreSQL server turns read-only (as a standby
is). Writes are refused with 503 in the API's envelope
(never 500), reads go on, nothing accepted is lost (a task that finished while its outcome could
not be written saves it once the store takes writes again, instead of running a second time),
and service resumes when the disk does, without a restart.

Needs root: the full disk is a small tmpfs, the read-only one an ext4 image on a loop device whose
files are made immutable (`chattr +i`: writes through files already open then fail, as on a disk
the kernel turned read-only; a read-only remount is refused while the server has files open for
writing). Skipped, saying why, where mounting is not permitted; the PostgreSQL case runs on the
server scripts/test starts."""
import errno
import os
import pathlib
import sqlite3
import subprocess
import time

import urllib.parse

import pytest

from cluster import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from conftest import wait_for


def run(*command):
    return subprocess.run(command, capture_output=True, text=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MB tmpfs of its own, to fill."""
    directory = tmp_path / "small-disk"
    directory.mkdir()
    mounted = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(directory))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    yield directory
    # Lazy: the server may still hold its files when this runs.
    run("umount", "-l", str(directory))


@pytest.fixture
def ext4_disk(tmp_path):
    """A 64 MB ext4 file system on a loop device (ext4 refuses writes to immutable files even
    through descriptors opened before)."""
    image = tmp_path / "disk.img"
    with open(image, "wb") as file:
        file.truncate(64 << 20)
    made = run("mkfs.ext4", "-q", str(image))
    if made.returncode != 0:
        pytest.skip(f"cannot make an ext4 file system here: {made.stderr.strip()}")
    directory = tmp_path / "ext4-disk"
    directory.mkdir()
    mounted = run("mount", "-o", "loop", str(image), str(directory))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a loop device here (needs root): {mounted.stderr.strip()}")
    yield directory
    for path in directory.iterdir():
        run("chattr", "-i", str(path))
    run("umount", "-l", str(directory))


def fill(directory: pathlib.Path) -> pathlib.Path:
    """Writes a filler file until the disk has no room left; returns it."""
    filler = directory / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(descriptor, b"\0" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
    finally:
        os.close(descriptor)
    return filler


def immutable(paths, on):
    for path in paths:
        done = run("chattr", "+i" if on else "-i", str(path))
        assert done.returncode == 0, done.stderr


def sqlite_tasks(database):
    """Each task's (status, attempts, lease lapsed) as the database has it, read beside the server."""
    def read():
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
        try:
            now = int(time.time() * 1000)
            rows = connection.execute("SELECT id, status, attempts, ifnull(lease_until, 0) < ? FROM tasks", (now,))
            return {row[0]: (row[1], row[2], bool(row[3])) for row in rows}
        finally:
            connection.close()
    return read


def postgres_tasks(url):
    """The same for a PostgreSQL database."""
    def read():
        rows = psql(url, "SELECT id, status, attempts, coalesce(lease_until < now(), true) FROM tasks")
        return {task_id: (status, int(attempts), lapsed == "t") for task_id, status, attempts, lapsed in rows}
    return read


def psql(url, sql, env=None):
    done = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-AtF", "\t", "-c", sql],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return [line.split("\t") for line in done.stdout.splitlines() if line]


def running(server):
    return server.get("/api/v2/chat/qa/tasks?status=running&limit=100").data["tasks"]


def check_refusal(reply, fragment):
    assert reply.status == 503, reply
    assert reply.json == {"code": 503, "msg": reply.msg, "data": None}, reply
    assert fragment in reply.msg, reply.msg
    assert int(reply.headers["retry-after"]) > 0


def submit_until_refused(server, accepted, fragment):
    """Submits until one is refused (the store may take a few writes into room it already has);
    the ones taken are accepted, and must not be lost. Returns the refusal."""
    for n in range(300):
        reply = server.submit(f"怀孕多久可以开始运动（{n}）")
        assert reply.status in (200, 503), reply
        if reply.status == 503:
            check_refusal(reply, fragment)
            return reply
        accepted.append(reply.data["task_id"])
    raise AssertionError("no submission was refused")


def outage_then_recovery(server, stored, accepted, fragment, break_storage, repair_storage):
    """What both faults must do. Two tasks run and two wait when the storage breaks."""
    wait_for(lambda: len(running(server)) == 2, what="two tasks running")
    break_storage()
    submit_until_refused(server, accepted, fragment)
    # Reads go on: every accepted task is still there.
    for task_id in accepted:
        assert server.status(task_id).status == 200
    assert server.get("/api/v2/chat/qa/tasks?limit=5").status == 200
    # The running tasks finish meanwhile and cannot write their outcome; their leases lapse too.
    wait_for(lambda: "writing a run's outcome failed" in server.log(), timeout=30, what="an outcome write failing")
    wait_for(lambda: any(status == "running" and lapsed for status, _, lapsed in stored().values()),
             timeout=30, what="a lease lapsing")
    check_refusal(server.submit("孕期可以喝咖啡吗"), fragment)
    check_refusal(server.post("/api/v2/chat/qa", {"input": "孕期可以喝咖啡吗", "maternal_id": 1,
                                                  "user_type": "pregnant_mother"}), fragment)
    assert server.process.poll() is None

    repair_storage()
    # Without a restart: everything accepted completes, and new work is taken again.
    for task_id in accepted:
        final = server.wait_terminal(task_id, timeout=180)
        assert final["status"] == "completed", final
    after = server.submit("孕期可以喝咖啡吗")
    assert after.status == 200, after
    assert server.wait_terminal(after.data["task_id"], timeout=60)["status"] == "completed"
    assert server.process.poll() is None
    # Saved, not run again: the outcomes held back went in once the store took writes.
    attempts = {stored()[task_id][1] for task_id in accepted}
    assert attempts == {1}, attempts
    assert "wrote a run's outcome once the store took writes again" in server.log()
    assert not [name for name in server.metrics() if name.startswith("http_requests_total") and 'status="500"' in name]


def test_a_full_disk_refuses_submissions_with_503_loses_nothing_and_recovers(small_disk, serve):
    database = small_disk / "qa.sqlite"
    server = serve("--simulated-latency-ms", "2000", "--max-workers", "2", "--lease-seconds", "3", database=database)
    accepted = [server.submit(f"孕期可以吃螃蟹吗（{n}）").data["task_id"] for n in range(4)]
    # A reader holds a snapshot (as a backup would), so every write has to append to the log.
    # Without one, SQLite reuses log space already on disk once a checkpoint has copied it all,
    # and which writes fail would depend on whether their rows need a new page.
    reader = sqlite3.connect(database, isolation_level=None, timeout=10)
    filler = []

    def break_storage():
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM tasks").fetchone()
        filler.append(fill(small_disk))

    def repair_storage():
        filler[0].unlink()
        reader.execute("COMMIT")

    try:
        outage_then_recovery(server, sqlite_tasks(database), accepted, "存储空间已满", break_storage, repair_storage)
    finally:
        reader.close()


def test_a_read_only_database_refuses_writes_with_503_keeps_reads_and_recovers(ext4_disk, serve):
    database = ext4_disk / "qa.sqlite"
    server = serve("--simulated-latency-ms", "2000", "--max-workers", "2", "--lease-seconds", "3", database=database)
    accepted = [server.submit(f"孕期可以吃螃蟹吗（{n}）").data["task_id"] for n in range(4)]
    files = [database, pathlib.Path(f"{database}-wal")]

    def break_storage():
        immutable(files, True)
        # Cancelling is a write too.
        check_refusal(server.post(f"/api/v2/chat/qa/task/{accepted[-1]}/cancel"), "数据库暂时无法写入")

    outage_then_recovery(
        server, sqlite_tasks(database), accepted, "数据库暂时无法写入",
        break_storage=break_storage, repair_storage=lambda: immutable(files, False))


def test_a_read_only_postgres_server_refuses_writes_with_503_and_recovers(serve):
    server_dir = os.environ.get("MQA_TEST_POSTGRES_DIR")
    if not (POSTGRES_URL and server_dir):
        pytest.skip("MQA_TEST_POSTGRES_URL and MQA_TEST_POSTGRES_DIR are not set: scripts/test sets them")
    # The whole (throw-away) server turns read-only, as a standby does: sessions already open
    # take the setting at their next transaction. Needs its superuser.
    parts = urllib.parse.urlsplit(POSTGRES_URL)
    password = pathlib.Path(server_dir, "superuser_password").read_text().strip()
    superuser = urllib.parse.urlunsplit(parts._replace(
        netloc=f"postgres:{urllib.parse.quote(password)}@{parts.hostname}:{parts.port}", path="/postgres"))
    writable = {**os.environ, "PGOPTIONS": "-c default_transaction_read_only=off"}

    def read_only(on):
        change = "SET default_transaction_read_only = on" if on else "RESET default_transaction_read_only"
        psql(superuser, f"ALTER SYSTEM {change}", env=writable)
        psql(superuser, "SELECT pg_reload_conf()", env=writable)

    database = fresh_postgres_database()
    try:
        server = serve("--simulated-latency-ms", "2000", "--max-workers", "2", "--lease-seconds", "3", database=database)
        accepted = [server.submit(f"孕期可以吃螃蟹吗（{n}）").data["task_id"] for n in range(4)]
        outage_then_recovery(
            server, postgres_tasks(database), accepted, "数据库暂时无法写入",
            break_storage=lambda: read_only(True), repair_storage=lambda: read_only(False))
    finally:
        read_only(False)
        drop_postgres_database(database)
