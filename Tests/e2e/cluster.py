"""Databases several `maternal-qa` nodes share in the cluster tests: a SQLite file, or a fresh
database on the PostgreSQL server that `scripts/test` starts (its URL in MQA_TEST_POSTGRES_URL)."""
import os
import subprocess
import urllib.parse
import uuid

import pytest

POSTGRES_URL = os.environ.get("MQA_TEST_POSTGRES_URL")


def fresh_postgres_database() -> str:
    """Creates an empty database on the test server; returns its URL."""
    name = f"mqa_e2e_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", POSTGRES_URL, "-v", "ON_ERROR_STOP=1", "-qc", f"CREATE DATABASE {name}"],
                   check=True, capture_output=True, timeout=60)
    parts = urllib.parse.urlsplit(POSTGRES_URL)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgres_database(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    subprocess.run(["psql", POSTGRES_URL, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                   capture_output=True, timeout=60)


@pytest.fixture(params=["sqlite", "postgres"])
def shared_database(request, tmp_path):
    """(kind, database setting) that every node of one test shares."""
    if request.param == "sqlite":
        yield "sqlite", str(tmp_path / "shared.sqlite")
        return
    if not POSTGRES_URL:
        pytest.skip("MQA_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL server and sets it")
    url = fresh_postgres_database()
    yield "postgres", url
    drop_postgres_database(url)
