"""Login throttling that cannot lock out a real user, through the full application (``bot.app.create_app``
with the console mounted) on SQLite and PostgreSQL, with parallel bursts (``asyncio.gather``) from given
client addresses (``httpx.ASGITransport(client=…)``).

What is measured: how many password checks run (``console.views_auth.verify_password`` is wrapped and
counted), which status each attempt gets, and how long the real user waits. The limits are the defaults
of ``console.security.LoginThrottle`` (5 per account and address, 20 per address, per 15 minutes; the
account itself is only slowed down, never refused)."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from contextlib import asynccontextmanager

import httpx
import pytest
from console_support import PASSWORD

from console.security import LoginThrottle
from tests.bot.helpers import settings_for

DEFAULTS = LoginThrottle()
ATTACKER = "203.0.113.7"
REAL_USER = "198.51.100.20"


class Env:
    """The running app and its clock (epoch seconds). Each attempt is a browser of its own from a given
    client address: it loads the login page (the form token is bound to a cookie), then posts the form."""

    def __init__(self, app) -> None:
        self.app = app
        self.now = [time.time()]
        app.state.pipeline.clock = lambda: self.now[0]

    async def attempt(self, address: str, username: str, password: str) -> httpx.Response:
        transport = httpx.ASGITransport(self.app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            page = await c.get("/console/login")
            token = re.search(r'name="login_token" value="([^"]+)"', page.text)[1]
            return await c.post("/console/login", data={"login_token": token, "username": username,
                                                         "password": password})

    async def timed(self, address: str, username: str, password: str) -> tuple[httpx.Response, float]:
        """An attempt and the seconds its POST took (the page load not included)."""
        transport = httpx.ASGITransport(self.app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            page = await c.get("/console/login")
            token = re.search(r'name="login_token" value="([^"]+)"', page.text)[1]
            started = time.monotonic()
            r = await c.post("/console/login", data={"login_token": token, "username": username,
                                                     "password": password})
            return r, time.monotonic() - started

    async def baseline(self) -> float:
        """Seconds a plain successful login takes now (one Argon2 check; the machine may be loaded), from an
        address and an account nobody attacked: the margin of the timing assertions."""
        r, seconds = await self.timed("192.0.2.99", "admin1", PASSWORD)
        assert r.status_code == 303
        return max(1.5, 3 * seconds)

    async def burst(self, address: str, n: int, usernames, password: str = "wrong password!") -> Counter:
        """``n`` attempts at once from ``address``; their status codes counted."""
        names = [usernames(i) if callable(usernames) else usernames for i in range(n)]
        responses = await asyncio.gather(*(self.attempt(address, name, password) for name in names))
        return Counter(r.status_code for r in responses)


@asynccontextmanager
async def running(world, monkeypatch, **settings):
    from bot.app import create_app
    from bot.state import InMemoryStateStore
    from console import views_auth

    checks = Counter()
    real_verify = views_auth.verify_password

    def counting_verify(stored_hash, password):
        checks["evaluated"] += 1
        return real_verify(stored_hash, password)

    monkeypatch.setattr(views_auth, "verify_password", counting_verify)
    app = create_app(settings_for(**settings), store=InMemoryStateStore(ttl_seconds=3600),
                     session_factory=world.sessions, reminders=False)
    env = Env(app)
    env.checks = checks
    try:
        yield env
    finally:
        await app.state.nlu.aclose()


async def test_parallel_burst_evaluates_at_most_the_limit_and_the_real_user_logs_in_at_once(world, monkeypatch):
    async with running(world, monkeypatch) as env:
        statuses = await env.burst(ATTACKER, 40, "op1")
        print(f"\nburst of 40 wrong passwords for op1 from one address: {dict(statuses)}, "
              f"evaluated {env.checks['evaluated']}")
        assert env.checks["evaluated"] == DEFAULTS.max_per_account_address
        assert statuses == {401: DEFAULTS.max_per_account_address, 429: 40 - DEFAULTS.max_per_account_address}
        # the attacker's address stays refused for this account, even with the right password, and is told when
        # to come back (no password is checked)
        r = await env.attempt(ATTACKER, "op1", PASSWORD)
        assert r.status_code == 429 and 0 < int(r.headers["retry-after"]) <= DEFAULTS.window_seconds
        assert "Trop de tentatives" in r.text
        assert env.checks["evaluated"] == DEFAULTS.max_per_account_address
        # the real operator, from their own address, logs in at once: a single address's failures cost the account
        # nothing (no delay), the login takes what any login takes
        assert DEFAULTS.account_delay(DEFAULTS.max_per_account_address) == 0
        margin = await env.baseline()
        r, waited = await env.timed(REAL_USER, "op1", PASSWORD)
        print(f"the real user from another address: HTTP {r.status_code} after {waited:.2f} s")
        assert r.status_code == 303 and r.headers["location"] == "/console/queue"
        assert waited < margin


async def test_distributed_attack_only_slows_the_account_down(world, monkeypatch):
    async with running(world, monkeypatch) as env:
        for i in range(4):  # four addresses, ten guesses each at once
            statuses = await env.burst(f"203.0.113.{10 + i}", 10, "op1")
            assert statuses[401] == DEFAULTS.max_per_account_address
        failures = 4 * DEFAULTS.max_per_account_address
        assert env.checks["evaluated"] == failures
        delay = DEFAULTS.account_delay(failures)
        assert 0 < delay <= DEFAULTS.account_max_delay <= 5
        # a fifth address: slowed down, not refused; the right password opens the session
        margin = await env.baseline()
        r, waited = await env.timed(REAL_USER, "op1", PASSWORD)
        print(f"\nafter {failures} failures from 4 addresses the real user waited {waited:.2f} s "
              f"(delay {delay:.2f} s): HTTP {r.status_code}")
        assert r.status_code == 303
        assert delay <= waited < delay + margin
        # the success cleared the account's failures: the next login is not slowed down
        r, waited = await env.timed("198.51.100.21", "op1", PASSWORD)
        assert r.status_code == 303 and waited < margin


async def test_address_limit_across_accounts_and_other_addresses_unaffected(world, monkeypatch):
    async with running(world, monkeypatch) as env:
        statuses = await env.burst(ATTACKER, 40, lambda i: f"guess{i}")
        print(f"\nburst of 40 account names from one address: {dict(statuses)}, "
              f"evaluated {env.checks['evaluated']}")
        assert env.checks["evaluated"] == DEFAULTS.max_per_address
        assert statuses == {401: DEFAULTS.max_per_address, 429: 40 - DEFAULTS.max_per_address}
        assert (await env.attempt(ATTACKER, "op2", PASSWORD)).status_code == 429  # its budget is used up
        assert (await env.attempt(REAL_USER, "op2", PASSWORD)).status_code == 303


async def test_window_passes_and_successes_give_their_slot_back(world, monkeypatch):
    async with running(world, monkeypatch) as env:
        for _ in range(DEFAULTS.max_per_account_address):
            assert (await env.attempt(ATTACKER, "op1", "wrong password!")).status_code == 401
        assert (await env.attempt(ATTACKER, "op1", PASSWORD)).status_code == 429
        env.now[0] += DEFAULTS.window_seconds + 1  # the window is over: a new one starts
        assert (await env.attempt(ATTACKER, "op1", PASSWORD)).status_code == 303
        # an office address where people log in all day: successes do not use up the address's budget
        office = "192.0.2.50"
        for _ in range(DEFAULTS.max_per_address + 5):
            assert (await env.attempt(office, "staffa", PASSWORD)).status_code == 303
        # typos then a success: the account-and-address counter starts again
        for _ in range(2):
            for _ in range(DEFAULTS.max_per_account_address - 1):
                assert (await env.attempt(office, "op2", "typo typo typo")).status_code == 401
            assert (await env.attempt(office, "op2", PASSWORD)).status_code == 303


def test_account_delay_grows_and_is_capped():
    t = LoginThrottle()
    delays = [t.account_delay(n) for n in range(40)]
    assert delays[: t.account_free_failures + 1] == [0.0] * (t.account_free_failures + 1)
    assert delays == sorted(delays) and max(delays) == t.account_max_delay <= 5
    assert 0 < delays[t.account_free_failures + 1] < t.account_max_delay


@pytest.mark.parametrize("address, key", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("not-an-address", "not-an-address"),
])
def test_address_key(address, key):
    from console.security import address_key

    assert address_key(address) == key
