"""Helpers of the console tests (a plain module, not ``conftest``: several test folders have a
``conftest.py``, so ``from conftest import …`` would pick whichever was imported first)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
from cryptography.fernet import Fernet
from sqlalchemy import text

TEST_FERNET_KEY = Fernet.generate_key().decode()
PASSWORD = "correct horse battery"


@dataclass
class World:
    """Ids of the test objects. ``users``: username → id; ``center_a``/``center_b``: ids;
    ``referral_a``/``referral_b``: a referral of each center; ``appointment_a``/``_b``; ``closure_a``;
    ``escalation_mine``: claimed by ``op1``; ``escalation_open``: open, priority 0."""

    url: str
    sessions: object
    users: dict[str, int] = field(default_factory=dict)
    center_a: int = 0
    center_b: int = 0
    referral_a: int = 0
    referral_b: int = 0
    appointment_a: int = 0
    appointment_b: int = 0
    closure_a: int = 0
    appointment_day: dt.date | None = None  # local (Africa/Casablanca) date of both appointments
    escalation_mine: int = 0
    escalation_open: int = 0


async def _truncate(engine) -> None:
    if engine.dialect.name != "postgresql":
        return
    async with engine.begin() as conn:
        tables = (await conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
        ))).scalars().all()
        if tables:
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@functools.lru_cache(maxsize=1)
def password_hash() -> str:
    """The Argon2id hash of ``PASSWORD`` (computed once per test session)."""
    from console.security import hash_password

    return hash_password(PASSWORD)


async def build_world(sessions, url: str) -> World:
    """Insert the test world (see :class:`World`)."""
    from console.models import ConsoleUser, ConsoleUserCenter
    from services import escalations, referrals
    from services.models import Appointment, Center, CenterType, Closure, Place, Region

    world = World(url=url, sessions=sessions)
    async with sessions() as db:
        db.add_all([
            Region(code=6, name_fr="Casablanca-Settat", name_ar="الدار البيضاء سطات"),
            Region(code=4, name_fr="Rabat-Salé-Kénitra", name_ar="الرباط سلا القنيطرة"),
            CenterType(code="EMF", label_ar="فضاء متعدد الوظائف للنساء",
                       label_fr="Espace multifonctionnel pour femmes"),
        ])
        await db.flush()
        db.add_all([
            Place(id="casablanca", name_fr="Casablanca", name_ar="الدار البيضاء", region_code=6,
                  latitude=33.5731, longitude=-7.5898),
            Place(id="rabat", name_fr="Rabat", name_ar="الرباط", region_code=4, latitude=34.0209,
                  longitude=-6.8416),
        ])
        await db.flush()
        a = Center(type_code="EMF", name_ar="فضاء أ", name_fr="Espace A", place_id="casablanca", region_code=6,
                   latitude=33.5731, longitude=-7.5898)
        b = Center(type_code="EMF", name_ar="فضاء ب", name_fr="Espace B", place_id="rabat", region_code=4,
                   latitude=34.0209, longitude=-6.8416)
        db.add_all([a, b])
        await db.flush()
        world.center_a, world.center_b = a.id, b.id
        closure = Closure(center_id=a.id, start_date=dt.date(2026, 12, 24), end_date=dt.date(2026, 12, 25),
                          reason="test")
        db.add(closure)
        for username, role, centers in (("op1", "operator", []), ("op2", "operator", []),
                                        ("staffa", "staff", [a.id]), ("staffb", "staff", [b.id]),
                                        ("admin1", "admin", []), ("analyst1", "analyst", [])):
            # one Argon2 hash for every test account (hashing costs ~1 s on a busy 2-core machine);
            # console.users.create_user itself is exercised by the CLI and admin tests
            user = ConsoleUser(username=username, display_name=username.upper(), password_hash=password_hash(),
                               role=role, locale="fr", is_active=True,
                               centers=[ConsoleUserCenter(center_id=c) for c in centers])
            db.add(user)
            await db.flush()
            world.users[username] = user.id
        start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(minutes=20)
        appts = [Appointment(reference=f"REF{c}", center_id=c, start_utc=start,
                             end_utc=start + dt.timedelta(minutes=30), person_key=f"person-{c}", status="booked")
                 for c in (a.id, b.id)]
        db.add_all(appts)
        await db.commit()
        world.closure_a = closure.id
        world.appointment_a, world.appointment_b = appts[0].id, appts[1].id
        from zoneinfo import ZoneInfo

        world.appointment_day = start.astimezone(ZoneInfo("Africa/Casablanca")).date()
    async with sessions() as db:
        ra = await referrals.create_referral(db, world.center_a, "conv-a", "violence",
                                             {"name": "Fatima", "phone": "0600000000"}, "consent-referral")
        rb = await referrals.create_referral(db, world.center_b, "conv-b", "mediation",
                                             {"name": "Khadija"}, "consent-referral")
        world.referral_a, world.referral_b = ra.id, rb.id
        mine = await escalations.open_escalation(db, "conv-mine", "rest", "ary", "violence", 6, 1, "user_request")
        await escalations.claim(db, mine.id, "op1")
        await escalations.add_message(db, mine.id, "citizen", "salam, bghit nhder m3a chi 7ad")
        world.escalation_mine = mine.id
        other = await escalations.open_escalation(db, "conv-open", "telegram", "fr", None, 4, 0, "danger_keyword")
        world.escalation_open = other.id
    return world


def console_app(world: World, channels=None, set_handoff=None):
    """A minimal Starlette app with the console mounted at /console on ``world``'s database."""
    from starlette.applications import Starlette

    from console.app import mount
    from console.web import ConsoleDeps

    app = Starlette()
    mount(app, ConsoleDeps(session_factory=world.sessions, channels=channels, set_handoff=set_handoff,
                           secret_key="test-secret-key"))
    return app


async def session_cookie(world: World, username: str) -> str:
    """A session token for ``username`` created straight in the database (no password round trip)."""
    from console.models import ConsoleUser
    from console.security import create_session

    async with world.sessions() as db:
        user = await db.get(ConsoleUser, world.users[username])
        token = await create_session(db, user)
        await db.commit()
        return token


async def csrf_of(world: World, token: str) -> str:
    """The CSRF token of the session ``token``."""
    from console.models import ConsoleSession
    from console.security import token_digest

    async with world.sessions() as db:
        return (await db.get(ConsoleSession, token_digest(token))).csrf_token


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    """Log in through the form (GET for the token, then POST)."""
    page = await client.get("/console/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)[1]
    return await client.post("/console/login", data={"login_token": token, "username": username,
                                                     "password": password})


@contextlib.contextmanager
def console_server(env: dict[str, str], tmp) -> Iterator[str]:
    """The full app (``serve_app:create``) under uvicorn on a free port with ``env``; yields its base URL once
    ``/console/login`` answers (fails the test after 60 s or if uvicorn exits), stops it afterwards. Its log is
    ``tmp/uvicorn.log``."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    import pytest

    from tests.conftest import ROOT, free_port

    port = free_port()
    with open(tmp / "uvicorn.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "serve_app:create", "--app-dir",
             str(Path(__file__).parent), "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    pytest.fail("uvicorn exited:\n" + (tmp / "uvicorn.log").read_text()[-3000:])
                try:
                    if httpx.get(f"{base}/console/login", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("uvicorn did not start in 60 s")
                time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
