"""Database helpers of the console: its Alembic folder and an ``upgrade`` that includes it.

The console's revisions live in ``console/migrations/versions`` (branch label ``console``, depending on
the project's first revision ``0001``). ``services.db.alembic_config`` lists that folder in
``version_locations`` once the lead wires it; until then :func:`alembic_config` adds it here.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

CONSOLE_VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"


def alembic_config(url: str | None = None):
    """``services.db.alembic_config(url)`` with the console's version folder in ``version_locations``."""
    from services.db import alembic_config as base_config

    cfg = base_config(url)
    locations = (cfg.get_main_option("version_locations") or "").split(os.pathsep)
    if str(CONSOLE_VERSIONS_DIR) not in locations:
        locations.append(str(CONSOLE_VERSIONS_DIR))
        cfg.set_main_option("version_locations", os.pathsep.join(p for p in locations if p))
    return cfg


async def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Migrate the database at ``url`` (default: settings) to ``revision`` (all branches by default)."""
    from alembic import command

    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)
