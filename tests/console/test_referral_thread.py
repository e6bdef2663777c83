"""A center's team and the person write to each other on a referral, end to end: the full application
(``bot.app.create_app``: message path, REST channel, console) on the console tests' database (SQLite and
PostgreSQL), staff logging in through the console's form and writing on ``/console/referrals/{id}``, the
person writing through the REST channel and reading the center's messages from its outbox (what the web chat
polls). Telegram and WhatsApp: ``tests/channels/test_referral_thread_channels.py``; in Chromium:
``tests/console/test_console_browser.py``."""

from __future__ import annotations

import html
import logging
import re
import secrets
from contextlib import asynccontextmanager

import httpx
from console_support import login
from sqlalchemy import select, text

from tests.bot.helpers import payloads, say, settings_for, texts

STAFF_TEXT = "Bonjour, ici l'équipe du centre. Pouvez-vous venir mardi à 10h ?"
ANSWER = "Oui, mardi 10h c'est possible pour moi"


class Env:
    def __init__(self, app):
        self.app = app
        self.transport = httpx.ASGITransport(app)
        self.clients: list[httpx.AsyncClient] = []
        self.web = self.client()  # the person's web chat

    def client(self) -> httpx.AsyncClient:
        c = httpx.AsyncClient(transport=self.transport, base_url="http://testserver")
        self.clients.append(c)
        return c

    async def staff(self, username: str, referral_id: int) -> tuple[httpx.AsyncClient, str]:
        c = self.client()
        r = await login(c, username)
        assert r.status_code == 303
        page = await c.get(f"/console/referrals/{referral_id}")
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        return c, match[1] if match else ""

    async def outbox(self, person: str) -> list[dict]:
        r = await self.web.get("/webhooks/rest/outbox", params={"sender": person})
        return r.json()

    def key(self, person: str) -> str:
        return self.app.state.pipeline.conversation_key("rest", person)


@asynccontextmanager
async def running(world):
    from bot.app import create_app
    from bot.state import InMemoryStateStore

    app = create_app(settings_for(), store=InMemoryStateStore(ttl_seconds=3600), session_factory=world.sessions,
                     reminders=False)
    env = Env(app)
    try:
        yield env
    finally:
        for c in env.clients:
            await c.aclose()
        await app.state.nlu.aclose()


async def referral_for(world, key: str, center_id: int) -> int:
    from services import referrals

    async with world.sessions() as db:
        info = await referrals.create_referral(db, center_id, key, "violence",
                                               {"need": "violence", "place": "Casablanca", "channel": "rest"},
                                               "referral-consent")
    return info.id


async def thread(world, referral_id: int) -> list[tuple[str, str, str | None]]:
    from services import referrals

    async with world.sessions() as db:
        return [(m.sender, m.text, m.author) for m in await referrals.list_thread(db, referral_id)]


def plain(page: str) -> str:
    """The page's text as read: entities decoded, Fluent's isolation marks removed."""
    return html.unescape(page).replace("\u2068", "").replace("\u2069", "")


async def test_staff_and_person_write_to_each_other_and_only_once_is_the_person_told(world, caplog):
    for name in ("bot", "console", "services", "dialogues"):
        caplog.set_level(logging.DEBUG, logger=name)
    async with running(world) as env:
        p = "web-" + secrets.token_hex(6)
        await say(env.web, p, "salam", metadata={"language": "fr"})  # the conversation exists (identity)
        rid = await referral_for(world, env.key(p), world.center_a)

        staff, csrf = await env.staff("staffa", rid)
        page = await staff.get(f"/console/referrals/{rid}")
        assert page.status_code == 200
        assert '<textarea id="referral-text" name="text"' in page.text and 'name="csrf_token"' in page.text
        assert "Aucun message pour l'instant" in plain(page.text)

        # without the CSRF token: refused, nothing sent
        r = await staff.post(f"/console/referrals/{rid}/messages", data={"text": STAFF_TEXT})
        assert r.status_code == 403 and await env.outbox(p) == []

        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": STAFF_TEXT})
        assert r.status_code == 303 and r.headers["location"] == f"/console/referrals/{rid}#thread"
        pushed = await env.outbox(p)
        assert [m["text"] for m in pushed] == [STAFF_TEXT]
        assert pushed[0]["custom"]["sender"] == "center"  # the web chat labels it "Équipe du centre"

        # the person answers: the message goes to the thread, the bot says so once, with a way back
        replies = await say(env.web, p, ANSWER)
        notice = texts(replies)
        assert "Votre message a été transmis à l'équipe de « Espace A »" in plain(notice)
        assert payloads(replies) == ["/menu"]
        assert await say(env.web, p, "Et je peux venir avec ma fille ?") == []  # told once only
        assert await thread(world, rid) == [("center", STAFF_TEXT, "staffa"), ("citizen", ANSWER, None),
                                            ("citizen", "Et je peux venir avec ma fille ?", None)]
        page = await staff.get(f"/console/referrals/{rid}")
        assert ANSWER in plain(page.text) and "Équipe du centre (staffa)" in plain(page.text)
        inbox = await staff.get("/console/referrals")  # the inbox: two of her messages wait for an answer
        row = re.search(rf'data-referral-id="{rid}">(.*?)</tr>', inbox.text, re.DOTALL)[1]
        assert 'class="badge prio-1">2<' in row
        fragment = await staff.get(f"/console/referrals/{rid}/thread", headers={"HX-Request": "true"})
        assert fragment.status_code == 200 and ANSWER in plain(fragment.text)
        fp = re.search(r'id="thread-fp" name="fp" value="([^"]+)"', fragment.text)[1]
        assert (await staff.get(f"/console/referrals/{rid}/thread", params={"fp": fp})).status_code == 204

        # the person goes back to the menu: the bot answers again; the thread waits for the center
        menu = await say(env.web, p, "menu")
        assert "/find_center" in payloads(menu) or payloads(menu)
        after = await say(env.web, p, "merci")
        assert after  # the bot, not the thread
        assert len(await thread(world, rid)) == 3
        page = await staff.get(f"/console/referrals/{rid}")
        assert "La personne est revenue au menu de Jisr" in plain(page.text)

        # the center writes again: the thread reopens; no second notice
        await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": "Très bien."})
        assert [m["text"] for m in await env.outbox(p)] == ["Très bien."]
        assert await say(env.web, p, "Merci beaucoup") == []
        assert (await thread(world, rid))[-1] == ("citizen", "Merci beaucoup", None)

    # every staff message is audited, without its text
    from console.models import AuditEntry

    async with world.sessions() as db:
        audits = (await db.execute(select(AuditEntry).where(AuditEntry.action == "referral.message"))).scalars().all()
    assert [(a.username, a.object_id, a.detail) for a in audits] == [("staffa", str(rid), "rest")] * 2
    # encrypted at rest
    async with world.sessions() as db:
        raw = (await db.execute(text("SELECT text FROM referral_message"))).scalars().all()
    assert raw and not any(STAFF_TEXT in r or ANSWER in r for r in raw)
    # never logged
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert STAFF_TEXT not in logged and ANSWER not in logged and p not in logged


async def test_staff_of_another_center_get_404_and_cannot_write(world):
    async with running(world) as env:
        p = "web-" + secrets.token_hex(6)
        await say(env.web, p, "salam")
        rid = await referral_for(world, env.key(p), world.center_a)
        other, csrf = await env.staff("staffb", world.referral_b)
        assert (await other.get(f"/console/referrals/{rid}")).status_code == 404
        assert (await other.get(f"/console/referrals/{rid}/thread")).status_code == 404
        r = await other.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": "Bonjour"})
        assert r.status_code == 404
        assert await env.outbox(p) == [] and await thread(world, rid) == []


async def test_quick_exit_keeps_the_link_delete_my_data_removes_it(world):
    async with running(world) as env:
        p = "web-" + secrets.token_hex(6)
        await say(env.web, p, "salam", metadata={"language": "fr"})
        rid = await referral_for(world, env.key(p), world.center_a)
        staff, csrf = await env.staff("staffa", rid)
        await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": STAFF_TEXT})
        await env.outbox(p)

        # quick exit: the conversation is hidden (its state erased), not withdrawn
        await say(env.web, p, "/quick_exit")
        assert await env.app.state.store.load(env.key(p)) is None
        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": "Toujours là ?"})
        assert r.status_code == 303
        assert [m["text"] for m in await env.outbox(p)] == ["Toujours là ?"]
        first = await say(env.web, p, "oui je suis là")  # no stored state: the thread is found in the database
        assert "Votre message a été transmis à l'équipe de « Espace A »" in plain(texts(first))
        assert (await thread(world, rid))[-1] == ("citizen", "oui je suis là", None)

        # delete my data: the referral and its thread go; the center can no longer reach the person
        await say(env.web, p, "/delete_data")
        replies = await say(env.web, p, "/choose:delete_data.confirm.yes")
        assert replies
        async with world.sessions() as db:
            from services.models import Referral, ReferralMessage

            assert await db.get(Referral, rid) is None
            assert (await db.execute(select(ReferralMessage).where(ReferralMessage.referral_id == rid))).first() is None
        assert (await staff.get(f"/console/referrals/{rid}")).status_code == 404
        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": "Allô ?"})
        assert r.status_code == 404 and await env.outbox(p) == []


async def test_a_closed_referral_takes_no_message_and_the_bot_answers_again(world):
    async with running(world) as env:
        p = "web-" + secrets.token_hex(6)
        await say(env.web, p, "salam", metadata={"language": "fr"})
        rid = await referral_for(world, env.key(p), world.center_a)
        staff, csrf = await env.staff("staffa", rid)
        await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": STAFF_TEXT})
        await env.outbox(p)
        r = await staff.post(f"/console/referrals/{rid}/status", data={"csrf_token": csrf, "status": "declined",
                                                                       "note": "hors zone"})
        assert r.status_code == 303
        page = await staff.get(f"/console/referrals/{rid}")
        assert 'name="text"' not in page.text.split('id="thread"')[1].split("status-form")[0]
        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": "Encore"})
        assert r.status_code == 400 and await env.outbox(p) == []
        assert await say(env.web, p, "merci")  # the bot answers: the thread is closed
        assert [s for s, _, _ in await thread(world, rid)] == ["center"]
