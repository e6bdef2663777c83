"""Fixtures of the services tests: every database test runs on SQLite (a temporary file) and on
PostgreSQL (the session database of ``pg_database_url``), migrated with Alembic to ``heads``."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from services.db import create_engine, session_factory, upgrade

TEST_FERNET_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    """Test keys (never the developer's var/ keys): a fresh Fernet key and HMAC key."""
    from bot.config import get_settings
    from services.crypto import reset_keys

    monkeypatch.setenv("JISR_ENCRYPTION_KEY", TEST_FERNET_KEY)
    monkeypatch.setenv("JISR_SECRET_KEY", "test-secret-key")
    get_settings.cache_clear()
    reset_keys()
    yield
    get_settings.cache_clear()
    reset_keys()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An async database URL: a fresh SQLite file, or the PostgreSQL test database of the session."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'jisr.db'}"
    return request.getfixturevalue("pg_database_url")


async def _truncate(engine) -> None:
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            tables = (await conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
            ))).scalars().all()
            if tables:
                await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture
async def engine(db_url):
    """An engine on a database migrated to heads; PostgreSQL tables are emptied after the test."""
    await upgrade(db_url)
    eng = create_engine(db_url)
    yield eng
    await _truncate(eng)
    await eng.dispose()


@pytest.fixture
def sessions(engine):
    """The session factory of ``engine``."""
    return session_factory(engine)


@pytest.fixture
async def session(sessions):
    """One ``AsyncSession``."""
    async with sessions() as s:
        yield s
