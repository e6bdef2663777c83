"""Shared test fixtures: real PostgreSQL, real Redis, the real trained Rasa model served over HTTP.

PostgreSQL: each test session creates its own database (``jisr_test_<random>``) on the server of
``TEST_DATABASE_URL`` (default ``postgresql://127.0.0.1:5432/test``) and drops it at the end, so parallel
runs never collide. Redis: ``TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``) with a unique key
prefix per session. Rasa: ``.venv-rasa/bin/rasa run --enable-api`` on a free port with the model in
``nlu/models`` (``make test`` trains it first).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_database_url() -> str:
    """An async SQLAlchemy URL (``postgresql+asyncpg://…``) of a fresh, empty PostgreSQL database."""
    import asyncio

    import asyncpg

    name = f"jisr_test_{secrets.token_hex(4)}"
    admin = TEST_DATABASE_URL.replace("postgresql+asyncpg://", "postgresql://")

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    base = admin.rsplit("/", 1)[0]
    yield f"{base.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"
    asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The URL of the real Redis server used by tests."""
    return TEST_REDIS_URL


@pytest.fixture(scope="session")
def redis_prefix() -> str:
    """A key prefix unique to this test session."""
    return f"jisr-test-{secrets.token_hex(4)}:"


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory) -> str:
    """Base URL of the Rasa service (``rasa run --enable-api``) serving the trained model.

    Uses ``TEST_RASA_URL`` when set (an already running service); otherwise starts one on a free port
    and stops it at the end of the session. Fails (never skips) when no trained model exists.
    """
    if os.environ.get("TEST_RASA_URL"):
        yield os.environ["TEST_RASA_URL"]
        return
    models = ROOT / "nlu" / "models"
    if not any(models.glob("*.tar.gz")):
        pytest.fail("no trained model in nlu/models: run `make test` (it trains) or `jisr nlu train`")
    port = free_port()
    log = tmp_path_factory.mktemp("rasa") / "rasa.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rasa = ROOT / ".venv-rasa" / "bin" / "rasa"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [str(rasa), "run", "--enable-api", "-m", str(models), "-i", "127.0.0.1", "-p", str(port)],
            cwd=ROOT / "nlu", env=env, stdout=fh, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"rasa exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/status", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(1)
    else:
        proc.terminate()
        pytest.fail("rasa did not become ready in 180 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
