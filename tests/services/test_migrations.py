"""Alembic migrations go up and down on SQLite and PostgreSQL and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from services.db import Base, create_engine, downgrade, import_models, upgrade

import_models()  # other areas' tables too (the console branch), so the comparison covers all of them

EXPECTED = {
    "region", "province", "place", "center_type", "center_type_need", "center", "opening_hours", "closure",
    "appointment_slot", "appointment", "appointment_reminder", "person_lock", "conversation_identity",
    "referral", "escalation", "escalation_message",
}


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def _diff(url: str) -> list:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata)
            )
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade(db_url):
    await upgrade(db_url)
    assert EXPECTED <= await _tables(db_url)
    assert await _diff(db_url) == []  # the migrations create exactly what the models declare
    await downgrade(db_url, "base")
    assert not (EXPECTED & await _tables(db_url))
    await upgrade(db_url)
    assert EXPECTED <= await _tables(db_url)
