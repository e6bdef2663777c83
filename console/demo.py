"""Development-only demo accounts, created at ``jisr run`` start so a newcomer can log in at once.

Accounts (password ``jisr-demo-2026`` for all): ``operator`` (hotline operator), ``staff`` (center staff
bound to one center: the first bookable center, else the first center), ``admin``, ``analyst`` (reads
the social barometer, `/console/barometer`). Refused when
``JISR_ENV=production`` (``RuntimeError``). Idempotent: existing accounts are left as they are.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from console.users import create_user, get_by_username

DEMO_PASSWORD = "jisr-demo-2026"
DEMO_ACCOUNTS: tuple[tuple[str, str], ...] = (("operator", "operator"), ("staff", "staff"), ("admin", "admin"),
                                              ("analyst", "analyst"))


async def ensure_demo_accounts(session_factory: async_sessionmaker[AsyncSession], production: bool | None = None,
                               base_url: str = "http://127.0.0.1:8000/console") -> list[str]:
    """Create the demo accounts if missing; returns the lines to print (how to log in).

    ``production`` defaults to ``get_settings().jisr_env == "production"``; in production this raises
    ``RuntimeError`` (no well-known passwords on a real server). Needs the console tables
    (``upgrade heads``) and, for the staff account, at least one center (else staff is skipped and the
    lines say so).
    """
    if production is None:
        from services.config import get_settings

        production = get_settings().jisr_env == "production"
    if production:
        raise RuntimeError("demo accounts are for development only (JISR_ENV=production)")
    from services.models import Center

    lines = [f"Console: {base_url}/login (demo accounts, development only)"]
    async with session_factory() as db:
        center = await db.scalar(select(Center).order_by(Center.bookable.desc(), Center.id).limit(1))
        for username, role in DEMO_ACCOUNTS:
            existing = await get_by_username(db, username)
            if existing is None:
                if role == "staff" and center is None:
                    lines.append("  staff: not created (no center yet: run `jisr centers import` first)")
                    continue
                await create_user(db, username, DEMO_PASSWORD, role,
                                  [center.id] if role == "staff" else [],
                                  display_name=f"Demo {role}")
            note = ""
            if role == "staff" and center is not None:
                note = f" (center #{center.id} {center.name_fr})" if existing is None else ""
            lines.append(f"  {role:<9} user: {username:<9} password: {DEMO_PASSWORD}{note}")
        await db.commit()
    return lines
