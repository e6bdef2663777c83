"""Persistence: the declarative ``Base``, the async engine, sessions and Alembic migrations.

SQLite (file ``var/jisr.db``, driver aiosqlite) by default, PostgreSQL (asyncpg) when ``DATABASE_URL`` is
set. All timestamps are stored as naive UTC (``UTCDateTime``) and returned as aware UTC datetimes.

SQLite concurrency: every transaction starts with ``BEGIN IMMEDIATE`` (the write lock is taken at the
start, readers of other connections wait up to ``busy_timeout``), so a read-then-write transaction can
never be overtaken by another writer and never fails with the lock-upgrade deadlock of deferred
transactions. WAL journal mode lets the file be read by other processes meanwhile. See services/README.md
("Booking design").
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Connection, CursorResult, Dialect, Result, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Other areas' Alembic branches (each its own branch label): their version folders, when present.
EXTRA_VERSION_DIRS = (PROJECT_ROOT / "console" / "migrations" / "versions",)
# Modules declaring tables on ``Base`` (imported by migrations/env.py when present, for autogenerate).
MODEL_MODULES = ("services.models", "console.models", "services.barometer")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every Jisr table (constraint names follow ``NAMING_CONVENTION``)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC, returned as an aware UTC ``datetime``.

    Accepts aware datetimes (any zone, converted to UTC); naive datetimes are refused (``ValueError``)
    so a local time can never be stored as if it were UTC by mistake.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def rowcount(result: Result[Any]) -> int:
    """How many rows the UPDATE or DELETE that gave ``result`` matched (``AsyncSession.execute`` returns a
    ``CursorResult`` for those statements but is typed as returning a ``Result``)."""
    return cast("CursorResult[Any]", result).rowcount


def database_url(url: str | None = None) -> str:
    """The async SQLAlchemy URL to use: ``url``, else the settings' (``DATABASE_URL`` or SQLite in var/).

    Plain ``postgresql://`` / ``postgres://`` / ``sqlite://`` URLs are given their async driver
    (asyncpg / aiosqlite).
    """
    if url is None:
        from services.config import get_settings

        url = get_settings().effective_database_url
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://"):]
    elif url.startswith("sqlite://"):
        url = "sqlite+aiosqlite://" + url[len("sqlite://"):]
    return url


def is_sqlite(url_or_engine: str | AsyncEngine) -> bool:
    """True when the URL or engine is SQLite."""
    if isinstance(url_or_engine, AsyncEngine):
        return url_or_engine.dialect.name == "sqlite"
    return make_url(database_url(url_or_engine)).get_backend_name() == "sqlite"


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # pragma: no cover - exercised by every test
        # Take transaction control away from the driver (it would BEGIN lazily, only before DML).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:  # pragma: no cover - exercised by every test
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _db_timeout() -> float:
    """``DB_TIMEOUT_SECONDS`` from the environment (default 5 seconds)."""
    import os

    try:
        return float(os.environ.get("DB_TIMEOUT_SECONDS", "5"))
    except ValueError:
        return 5.0


def create_engine(url: str | None = None, **kwargs: Any) -> AsyncEngine:
    """An ``AsyncEngine`` for ``url`` (default: settings). SQLite gets WAL, foreign keys, a 60 s busy
    timeout and ``BEGIN IMMEDIATE`` transactions; PostgreSQL gets a pool that pings connections idle for over ``PING_AFTER_IDLE_SECONDS`` (2 s), and connect, statement
    and pool-checkout timeouts of ``timeout`` seconds (default ``DB_TIMEOUT_SECONDS``, 5): a hung server
    becomes an error (``TimeoutError`` / ``sqlalchemy.exc.TimeoutError``) instead of a wait without end.

    Extra keyword arguments go to ``sqlalchemy.ext.asyncio.create_async_engine``.
    """
    url = database_url(url)
    timeout = float(kwargs.pop("timeout", None) or _db_timeout())
    if make_url(url).get_backend_name() == "sqlite":
        kwargs.pop("timeout", None)  # a local file: its 60 s busy timeout is the bound
        kwargs.setdefault("connect_args", {"timeout": 60})
        engine = create_async_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    # a hung server (not only a refused connection) must turn into an error in bounded time: connect,
    # every statement and the wait for a pooled connection are bounded by DB_TIMEOUT_SECONDS
    connect_args = dict(kwargs.pop("connect_args", {}) or {})
    connect_args.setdefault("timeout", timeout)
    connect_args.setdefault("command_timeout", timeout)
    kwargs["connect_args"] = connect_args
    kwargs.setdefault("pool_timeout", timeout)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    engine = create_async_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_when_idle(engine, PING_AFTER_IDLE_SECONDS)
    return engine


PING_AFTER_IDLE_SECONDS = 2.0


def _ping_when_idle(engine: AsyncEngine, idle_seconds: float) -> None:
    """Check a pooled connection before use only when it sat idle for more than ``idle_seconds``.

    SQLAlchemy's ``pool_pre_ping`` costs a round trip on every checkout (half the transactions of a busy
    bot); a connection that served a moment ago is almost surely alive, and if the server died since, the
    failed statement invalidates the whole pool (SQLAlchemy's disconnect handling). A connection idle for
    longer — possibly across a restart of the server — is pinged; a dead one is replaced before use
    (``DisconnectionError``: the pool retries with a new connection).
    """
    from sqlalchemy.exc import DisconnectionError

    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _returned(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _taken(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: PoolProxiedConnection) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since <= idle_seconds:
            return
        try:
            dbapi_connection.ping()
        except Exception as exc:
            raise DisconnectionError() from exc


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session maker bound to ``engine`` (``expire_on_commit=False``: objects stay readable after
    the service functions commit)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def import_models() -> None:
    """Import every module of ``MODEL_MODULES`` that exists, so ``Base.metadata`` knows all tables."""
    for name in MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise


def alembic_config(url: str | None = None) -> Config:
    """The Alembic ``Config`` for ``services/migrations`` (plus the other areas' version folders in
    ``EXTRA_VERSION_DIRS``, e.g. the console's branch) and the given (async) URL."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    locations = [MIGRATIONS_DIR / "versions", *(d for d in EXTRA_VERSION_DIRS if d.is_dir())]
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(str(d) for d in locations))
    cfg.attributes["database_url"] = database_url(url)
    return cfg


def _run_alembic(command_name: str, url: str | None, revision: str) -> None:
    from alembic import command

    getattr(command, command_name)(alembic_config(url), revision)


async def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Migrate the database at ``url`` (default: settings) to ``revision`` (default ``heads``: every
    branch, including the console's ``console`` branch). Runs Alembic in a worker thread."""
    await asyncio.to_thread(_run_alembic, "upgrade", url, revision)


async def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision`` (default ``base``: drops every table)."""
    await asyncio.to_thread(_run_alembic, "downgrade", url, revision)


@contextlib.asynccontextmanager
async def rollback_on_error(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """``async with rollback_on_error(session):`` — any exception (cancellation included) inside the block
    rolls the session back, then propagates; the block commits itself where it means to. Nothing is ever
    half-written by a service function that fails."""
    try:
        yield session
    except BaseException:
        await session.rollback()
        raise
