"""Fixtures of the message-path tests: the real app over ASGI, real PostgreSQL, real Redis, real Rasa.

``store_kind`` parametrises a test over both state stores (``memory`` and ``redis``); ``make_app`` builds
apps sharing one migrated PostgreSQL database of the session. Things made unreachable on purpose (NLU down,
Redis down, database down) point at a closed local port: the real client meets a real refused connection.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from bot.app import create_app
from services.config import Settings
from tests.bot.helpers import CLOSED_PORT_URL, settings_for


@pytest.fixture(scope="session")
def migrated_db(pg_database_url: str) -> str:
    """The session's PostgreSQL database, migrated and loaded with the reference data and seed centers."""
    from services.seed import prepare_database

    asyncio.run(prepare_database(pg_database_url))
    return pg_database_url


@pytest.fixture(scope="session")
def db_sessions(migrated_db: str):
    """(engine, session_factory) on the migrated database (NullPool: usable from any event loop)."""

    from services.db import create_engine, session_factory

    engine = create_engine(migrated_db)
    return engine, session_factory(engine)


@pytest.fixture(params=["memory", "redis"])
def store_kind(request) -> str:
    """Runs the test once with the in-process store and once with real Redis."""
    return request.param


@pytest.fixture
def test_prefix(redis_prefix: str) -> str:
    """A Redis key prefix unique to this test."""
    return f"{redis_prefix}{secrets.token_hex(3)}:"


@pytest.fixture
async def make_client(db_sessions, redis_url: str, test_prefix: str) -> AsyncIterator[Callable[..., Any]]:
    """``await make_client(store=..., nlu_url=..., session_factory=...)`` → (httpx client over ASGI, app)."""
    from nlu.client import NLUClient

    _, sessions = db_sessions
    opened: list[tuple[httpx.AsyncClient, Any]] = []

    async def _make(store: Any, nlu_url: str | None = None, session_factory: Any = "default",
                    settings: Settings | None = None):
        settings = settings or settings_for()
        nlu = NLUClient(nlu_url or f"http://{CLOSED_PORT_URL}", timeout=0.5 if nlu_url is None else 5.0)
        app = create_app(settings, store=store, nlu=nlu,
                         session_factory=sessions if session_factory == "default" else session_factory,
                         mount_console=False)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://jisr.test")
        opened.append((client, app))
        return client, app

    yield _make
    for client, app in opened:
        await client.aclose()
        await app.state.nlu.aclose()
        await app.state.store.aclose()


