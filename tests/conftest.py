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
def pg_database_factory():
    """``make() -> str``: creates a fresh, empty PostgreSQL database (``jisr_test_<random>``) on the server of
    ``TEST_DATABASE_URL`` and returns its async SQLAlchemy URL; every database made is dropped at the end of
    the session. Test folders that empty tables between tests take their own database, so they never
    wipe what another folder loaded."""
    import asyncio

    import asyncpg

    admin = TEST_DATABASE_URL.replace("postgresql+asyncpg://", "postgresql://")
    base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    made: list[str] = []

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def make() -> str:
        name = f"jisr_test_{secrets.token_hex(4)}"
        asyncio.run(run(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return f"{base}/{name}"

    yield make
    for name in made:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_database_url(pg_database_factory) -> str:
    """An async SQLAlchemy URL (``postgresql+asyncpg://…``) of a fresh PostgreSQL database shared by the
    test session."""
    return pg_database_factory()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The URL of the real Redis server used by tests."""
    return TEST_REDIS_URL


@pytest.fixture(scope="session")
def redis_prefix() -> str:
    """A key prefix unique to this test session."""
    return f"jisr-test-{secrets.token_hex(4)}:"


class RasaService:
    """A running ``rasa run --enable-api`` process: ``url``, ``log`` (its combined stdout/stderr file, or
    None for an external service given by ``TEST_RASA_URL``) and ``proc``."""

    def __init__(self, url: str, log: Path | None, proc: subprocess.Popen | None) -> None:
        self.url, self.log, self.proc = url, log, proc

    def stop(self) -> None:
        """Terminate the process (when we started it)."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_rasa(log: Path, timeout: float = 300) -> RasaService:
    """Start the Rasa service on the trained model of ``nlu/models`` exactly as ``jisr nlu serve`` does
    (same command line and environment, see ``nlu/project.py``) on a free port; wait until ``/status``
    answers. Fails the test (never skips) when there is no model or Rasa does not come up."""
    from nlu import project

    if not project.MODEL_PATH.is_file():
        pytest.fail("no trained model in nlu/models: run `make test` (it trains) or `jisr nlu train`")
    port = free_port()
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            project.serve_command(port), cwd=ROOT, env=project.rasa_env(), stdout=fh, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"rasa exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{url}/status", timeout=2).status_code == 200:
                return RasaService(url, log, proc)
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.terminate()
    pytest.fail(f"rasa did not become ready in {timeout:.0f} s")


@pytest.fixture(scope="session")
def rasa_starter():
    """``start_rasa(log_path) -> RasaService``, for tests that need a service of their own."""
    return start_rasa


@pytest.fixture(scope="session")
def rasa_service(tmp_path_factory) -> RasaService:
    """The Rasa service for the session: ``TEST_RASA_URL`` when set (an already running service, no
    log), otherwise one started by ``start_rasa`` and stopped at the end of the session."""
    if os.environ.get("TEST_RASA_URL"):
        yield RasaService(os.environ["TEST_RASA_URL"], None, None)
        return
    service = start_rasa(tmp_path_factory.mktemp("rasa") / "rasa.log")
    yield service
    service.stop()


@pytest.fixture(scope="session")
def rasa_url(rasa_service: RasaService) -> str:
    """Base URL of the Rasa service (``rasa run --enable-api``) serving the trained model."""
    return rasa_service.url
