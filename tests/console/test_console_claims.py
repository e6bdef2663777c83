"""Claims that outlive their operator, end to end: the full application (``bot.app.create_app``: message
path, REST channel, console, claim task) on the console tests' database (SQLite and PostgreSQL), operators
logging in and out through the console's forms over HTTP, the person writing through the REST channel and
reading pushed messages from its outbox. Time is the app's one clock (``app.state.pipeline.clock``), moved
by the tests; nothing sleeps through the idle limit."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from contextlib import asynccontextmanager

import httpx
import pytest
from console_support import login
from sqlalchemy import select

from tests.bot.helpers import has_all_numbers, say, settings_for, texts

IDLE = 600  # CLAIM_IDLE_SECONDS (the default)
DANGER_TEXT = "il est là avec un couteau, il va me tuer"


class App:
    """The running app, its clock (epoch seconds, ``now[0]``) and HTTP clients on it."""

    def __init__(self, app):
        self.app = app
        self.now = [time.time()]
        app.state.pipeline.clock = lambda: self.now[0]
        self.transport = httpx.ASGITransport(app)
        self.clients: list[httpx.AsyncClient] = []

    def advance(self, seconds: float) -> None:
        self.now[0] += seconds

    def client(self) -> httpx.AsyncClient:
        c = httpx.AsyncClient(transport=self.transport, base_url="http://testserver")
        self.clients.append(c)
        return c

    async def operator(self, username: str) -> tuple[httpx.AsyncClient, str]:
        """A browser logged in as ``username`` through the login form, and its CSRF token."""
        c = self.client()
        r = await login(c, username)
        assert r.status_code == 303, r.text[:300]
        page = await c.get("/console/queue")
        return c, re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]

    async def outbox(self, person: str) -> list[str]:
        """Texts pushed to the person since the last read (an operator's reply, a release notice)."""
        r = await self.clients[0].get("/webhooks/rest/outbox", params={"sender": person})
        return [m["text"] for m in r.json()]

    def key(self, person: str) -> str:
        return self.app.state.pipeline.conversation_key("rest", person)


@asynccontextmanager
async def running(world, **settings):
    from bot.app import create_app
    from bot.state import InMemoryStateStore

    app = create_app(settings_for(**settings), store=InMemoryStateStore(ttl_seconds=3600),
                     session_factory=world.sessions, reminders=False)
    env = App(app)
    env.client()  # clients[0]: the person's web chat
    try:
        yield env
    finally:
        for c in env.clients:
            await c.aclose()
        await app.state.nlu.aclose()


async def escalation_of(world, key: str):
    from services.escalations import active_for

    async with world.sessions() as db:
        return await active_for(db, key)


async def get(world, escalation_id: int):
    from services.escalations import get_escalation

    async with world.sessions() as db:
        return await get_escalation(db, escalation_id)


async def releases(world) -> list[tuple[str, str, str]]:
    from console.models import AuditEntry

    async with world.sessions() as db:
        rows = (await db.execute(select(AuditEntry).where(AuditEntry.action == "escalation.release")
                                 .order_by(AuditEntry.id))).scalars().all()
    return [(a.username, a.object_id, a.detail) for a in rows]


async def claim(op: httpx.AsyncClient, csrf: str, escalation_id: int) -> None:
    r = await op.post(f"/console/escalations/{escalation_id}/claim", data={"csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"] == f"/console/escalations/{escalation_id}"


def person() -> str:
    return "web-" + secrets.token_hex(6)


def plain(html: str) -> str:
    return html.replace("\u2068", "").replace("\u2069", "")


async def test_logout_puts_the_claims_back_in_the_queue_and_tells_the_person(world):
    async with running(world) as env:
        web, p = env.clients[0], person()
        first = await say(web, p, DANGER_TEXT)
        assert has_all_numbers(texts(first))
        esc = await escalation_of(world, env.key(p))
        assert esc.priority == 0
        op1, csrf1 = await env.operator("op1")
        await claim(op1, csrf1, esc.id)
        assert (await op1.get(f"/console/escalations/{esc.id}")).status_code == 200
        r = await op1.post(f"/console/escalations/{esc.id}/reply", data={"csrf_token": csrf1, "text": "Je suis là."})
        assert r.status_code == 200
        assert await env.outbox(p) == ["Je suis là."]
        assert await say(web, p, "merci") == []  # the operator is talking: the bot is silent

        env.advance(30)
        r = await op1.post("/console/logout", data={"csrf_token": csrf1})
        assert r.status_code == 303 and r.headers["location"] == "/console/login"

        released = await get(world, esc.id)
        assert (released.status, released.claimed_by, released.priority) == ("open", None, 0)
        assert (released.release_reason, released.released_from) == ("logout", "op1")
        # both of op1's claims (the world's conv-mine too), audited as op1's logout
        assert sorted(await releases(world)) == sorted([("op1", str(esc.id), "logout"),
                                                        ("op1", str(world.escalation_mine), "logout")])
        # the person is told, in French, with every emergency number (a danger escalation)
        notice = await env.outbox(p)
        assert len(notice) == 1 and "n'est plus disponible" in notice[0] and "file d'attente" in notice[0]
        assert has_all_numbers(notice[0])
        # waiting for an operator again: no second notice within 5 minutes, then the queue notice
        assert await say(web, p, "allo ?") == []
        env.advance(301)
        again = await say(web, p, "il y a quelqu'un ?")
        assert "file d'attente" in texts(again) and has_all_numbers(texts(again))

        # the next operator sees it released, danger first, and is alerted again
        op2, csrf2 = await env.operator("op2")
        rows = plain((await op2.get("/console/queue/rows")).text)
        order = re.findall(r'data-escalation-id="(\d+)"', rows)
        # danger first (the world's own danger escalation is older), then the released priority-1 one
        assert order == [str(world.escalation_open), str(esc.id), str(world.escalation_mine)]
        assert "Relâchée : op1 déconnecté·e" in rows
        ids = re.search(r'data-danger-ids="([^"]*)"', rows)[1].split(",")
        assert f"{esc.id}.{int(released.released_at.timestamp())}" in ids
        await claim(op2, csrf2, esc.id)
        taken = await get(world, esc.id)
        assert (taken.claimed_by, taken.release_reason) == ("op2", None)
        assert await say(web, p, "vous êtes là ?") == []  # op2 holds it: the bot is silent again
        # op2's logout tells the person once more
        await op2.post("/console/logout", data={"csrf_token": csrf2})
        assert len(await env.outbox(p)) == 1


async def test_an_idle_claim_goes_back_by_the_periodic_check(world):
    async with running(world) as env:
        web, p = env.clients[0], person()
        await say(web, p, "/start", metadata={"language": "fr"})
        await say(web, p, "/talk_to_human")
        esc = await escalation_of(world, env.key(p))
        assert esc.priority == 2
        op1, csrf1 = await env.operator("op1")
        await claim(op1, csrf1, esc.id)
        claims = env.app.state.claims

        env.advance(500)  # a poll of the conversation is activity
        r = await op1.get(f"/console/escalations/{esc.id}/messages", headers={"HX-Request": "true"})
        assert r.status_code == 200
        env.advance(500)  # so is a reply
        r = await op1.post(f"/console/escalations/{esc.id}/reply", data={"csrf_token": csrf1, "canned": "greeting"})
        assert r.status_code == 200 and len(await env.outbox(p)) == 1
        env.advance(IDLE - 1)
        # (the world's conv-mine, claimed by op1 long before without activity, goes back here)
        assert esc.id not in [e.id for e in await claims.release_idle()]
        assert (await get(world, esc.id)).status == "claimed"
        env.advance(1)
        assert [e.id for e in await claims.release_idle()] == [esc.id]

        released = await get(world, esc.id)
        assert (released.status, released.release_reason, released.released_from) == ("open", "idle", "op1")
        assert ("(system)", str(esc.id), "idle from op1") in await releases(world)
        notice = await env.outbox(p)
        assert len(notice) == 1 and "n'est plus disponible" in notice[0]
        assert not has_all_numbers(notice[0])  # not a danger escalation: the kind message only

        # op1 comes back: the page says the conversation left them, a reply is refused and never delivered
        r = await op1.get(f"/console/escalations/{esc.id}/messages", headers={"HX-Request": "true"})
        assert r.status_code == 286 and "aucune activité de votre part depuis 10 min" in plain(r.text)
        r = await op1.post(f"/console/escalations/{esc.id}/reply", data={"csrf_token": csrf1, "text": "pardon"})
        assert r.status_code == 403 and "retournée dans la file" in r.text
        assert await env.outbox(p) == []
        assert (await op1.get(f"/console/escalations/{esc.id}")).status_code == 403
        op2, _ = await env.operator("op2")
        assert "Relâchée : op1 sans activité" in plain((await op2.get("/console/queue/rows")).text)
        assert await claims.release_idle() == []  # released once


async def test_the_persons_message_releases_an_idle_claim_at_once(world):
    async with running(world) as env:
        web = env.clients[0]
        op1, csrf1 = await env.operator("op1")
        # a danger conversation: the person writes after the limit and is told at once, numbers included
        p = person()
        await say(web, p, DANGER_TEXT)
        danger = await escalation_of(world, env.key(p))
        await claim(op1, csrf1, danger.id)
        env.advance(IDLE - 1)
        assert await say(web, p, "allo ?") == []  # within the limit: the operator's turn
        env.advance(2)
        reply = await say(web, p, "allo ??")
        assert len(reply) == 1 and "n'est plus disponible" in reply[0]["text"] and has_all_numbers(reply[0]["text"])
        released = await get(world, danger.id)
        assert (released.status, released.release_reason, released.priority) == ("open", "idle", 0)
        assert ("(system)", str(danger.id), "idle from op1") in await releases(world)
        assert env.app.state.pipeline.stats.claims_released == 1
        assert await env.outbox(p) == []  # said in the reply, not pushed a second time
        assert danger.id not in [e.id for e in await env.app.state.claims.release_idle()]  # released once
        assert await say(web, p, "allo ???") == []  # just told: the queue notice waits its 5 minutes

        # a normal conversation whose person writes danger to an idle operator: the numbers first, then the notice
        q = person()
        await say(web, q, "/start", metadata={"language": "fr"})
        await say(web, q, "/talk_to_human")
        normal = await escalation_of(world, env.key(q))
        await claim(op1, csrf1, normal.id)
        env.advance(IDLE + 5)
        reply = await say(web, q, DANGER_TEXT)
        assert has_all_numbers(reply[0]["text"]) and "n'est plus disponible" in texts(reply[1:])
        after = await get(world, normal.id)
        assert (after.status, after.priority, after.release_reason) == ("open", 0, "idle")


async def test_the_lifespan_runs_the_check_and_the_setting_is_read(world, monkeypatch):
    from services.config import Settings

    monkeypatch.setenv("CLAIM_IDLE_SECONDS", "120")
    assert Settings().claim_idle_seconds == 120
    monkeypatch.setenv("CLAIM_IDLE_SECONDS", "5")
    with pytest.raises(ValueError):
        Settings()
    monkeypatch.delenv("CLAIM_IDLE_SECONDS")
    assert Settings().claim_idle_seconds == IDLE

    async with running(world, claim_idle_seconds=120) as env:
        assert env.app.state.claims.idle_seconds == 120 and env.app.state.claims.interval == 30
        assert env.app.state.console_deps.claim_idle_seconds == 120
        web, p = env.clients[0], person()
        await say(web, p, DANGER_TEXT)
        esc = await escalation_of(world, env.key(p))
        op1, csrf1 = await env.operator("op1")
        await claim(op1, csrf1, esc.id)
        page = plain((await op1.get(f"/console/escalations/{esc.id}")).text)
        assert "pendant 2 min" in page  # the operator is told the limit
        env.advance(121)
        async with env.app.router.lifespan_context(env.app):
            for _ in range(500):  # the first check runs as the app starts
                if env.app.state.claims.runs:
                    break
                await asyncio.sleep(0.01)
            assert env.app.state.claims.runs >= 1
        assert (await get(world, esc.id)).release_reason == "idle"
        notice = await env.outbox(p)
        assert len(notice) == 1 and has_all_numbers(notice[0])
