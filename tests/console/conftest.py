"""Fixtures of the console tests: a real database (SQLite file and PostgreSQL), migrated with Alembic
to ``heads`` (including the ``console`` branch), holding a small world: two centers in two regions,
one account per role (two operators, two staff accounts bound to different centers, an admin),
referrals, appointments and escalations made through the services' own functions
(``console_support.build_world``)."""

from __future__ import annotations

import pytest
from console_support import TEST_FERNET_KEY, _truncate, build_world


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    """Test keys (never the developer's var/ keys)."""
    from services.config import get_settings
    from services.crypto import reset_keys

    monkeypatch.setenv("JISR_ENCRYPTION_KEY", TEST_FERNET_KEY)
    monkeypatch.setenv("JISR_SECRET_KEY", "test-secret-key")
    get_settings.cache_clear()
    reset_keys()
    yield
    get_settings.cache_clear()
    reset_keys()


@pytest.fixture(scope="session")
def console_pg_url(pg_database_factory) -> str:
    """The console tests' own PostgreSQL database (they empty its tables between tests)."""
    return pg_database_factory()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh SQLite file, or the console tests' PostgreSQL database (emptied before and after each test)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'jisr.db'}"
    return request.getfixturevalue("console_pg_url")


@pytest.fixture
async def world(db_url):
    """The test world on a database migrated to heads; PostgreSQL tables are emptied before and after."""
    from console.db import upgrade
    from services.db import create_engine, session_factory

    await upgrade(db_url)
    engine = create_engine(db_url)
    await _truncate(engine)  # rows an earlier console test left
    try:
        yield await build_world(session_factory(engine), db_url)
    finally:
        await _truncate(engine)
        await engine.dispose()


