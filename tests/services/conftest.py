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
    from services.config import get_settings
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


@pytest.fixture
def make_center(sessions):
    """Create a center (and the region/place/type rows it needs) straight through the models;
    returns its id. Keyword arguments override center columns; ``hours`` (text as in the CSV) makes
    it bookable."""
    from services.booking import parse_hours, set_opening_hours
    from services.models import Center, CenterType, CenterTypeNeed, Place, Region

    counter = {"n": 0}

    async def make(hours: str | None = "mon-fri 09:00-16:00", **kw) -> int:
        counter["n"] += 1
        async with sessions() as s:
            if await s.get(Region, 6) is None:
                s.add(Region(code=6, name_fr="Casablanca-Settat", name_ar="الدار البيضاء سطات"))
                await s.flush()
                s.add(Place(id="casablanca", name_fr="Casablanca", name_ar="الدار البيضاء", region_code=6,
                            latitude=33.58831, longitude=-7.61138, population=3144909))
                s.add(CenterType(code="EMF", label_ar="فضاء متعدد الوظائف للنساء", label_fr="EMF",
                                 needs=[CenterTypeNeed(need="violence")]))
                await s.flush()
            values = {"type_code": "EMF", "name_ar": f"مركز {counter['n']}", "name_fr": f"Centre {counter['n']}",
                          "place_id": "casablanca", "region_code": 6, "latitude": 33.58831, "longitude": -7.61138,
                          "coordinates_precision": "place_centroid", "status": "existing", "slot_minutes": 30,
                          "capacity_per_slot": 1, "min_lead_hours": 24}
            values.update(kw)
            center = Center(**values)
            s.add(center)
            await s.flush()
            if hours:
                await set_opening_hours(s, center.id, parse_hours(hours))
            await s.commit()
            return center.id

    return make


@pytest.fixture
def truncate_database(db_url):
    """For synchronous tests: empties every table of ``db_url`` after the test (PostgreSQL is shared
    by the session's tests; a SQLite file is per test anyway)."""
    import asyncio

    yield

    async def run() -> None:
        eng = create_engine(db_url)
        try:
            await _truncate(eng)
        finally:
            await eng.dispose()

    asyncio.run(run())
