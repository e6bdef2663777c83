"""A queue operators can triage, and the staff appointments page: on the console tests' database (SQLite and
PostgreSQL), over HTTP. Each row says why it is there (the safety net's danger kinds, the NLU's danger, a
journey's danger button, a request for a person), the journey and region when known, how many of the person's
messages wait for an answer, and the first words of the latest one — to operators, never for a conversation
another operator holds, never in the logs. End to end, a danger message on the REST channel shows its kinds,
and the journey and region appear once the conversation tells them."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import secrets

import httpx
from console_support import console_app, session_cookie

from tests.bot.helpers import say, settings_for

LONG = ("Mon mari est rentré ivre et il crie très fort depuis une heure, j'ai peur de ce qui va arriver aux enfants "
        "cette nuit")


def plain(page: str) -> str:
    return html.unescape(page).replace("\u2068", "").replace("\u2069", "")


def rows_of(page: str) -> dict[int, str]:
    """``{escalation id: the row's text}`` of a queue page."""
    out = {}
    for m in re.finditer(r'<tr class="[^"]*" data-escalation-id="(\d+)">(.*?)</tr>', page, re.DOTALL):
        out[int(m[1])] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", plain(m[2]))).strip()
    return out


def order_of(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-escalation-id="(\d+)"', page)]


async def queue(world, username: str = "op2") -> str:
    token = await session_cookie(world, username)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(console_app(world)), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        r = await client.get("/console/queue")
        assert r.status_code == 200
        return r.text


async def test_every_row_says_why_what_waits_and_the_first_words(world, caplog):
    from services import escalations

    for name in ("bot", "console", "services"):
        caplog.set_level(logging.DEBUG, logger=name)
    async with world.sessions() as db:
        kinds = await escalations.open_escalation(db, "conv-kinds", "whatsapp", "fr", "violence", 6, 0,
                                                  "danger_keyword:threat_to_life,weapon")
        await escalations.add_message(db, kinds.id, "citizen", "il a un couteau")
        await escalations.add_message(db, kinds.id, "bot", "Appelez le 19")
        await escalations.add_message(db, kinds.id, "citizen", LONG)
        nlu = await escalations.open_escalation(db, "conv-nlu", "rest", "ary", None, None, 0, "danger_nlu")
        button = await escalations.open_escalation(db, "conv-button", "telegram", "ar", "child", 4, 0,
                                                   "danger_button")
        human = await escalations.open_escalation(db, "conv-human", "rest", "fr", "mediation", None, 2,
                                                  "user_request")
        await escalations.add_message(db, human.id, "citizen", "je voudrais parler à quelqu'un")
        await escalations.add_message(db, human.id, "operator", "Bonjour")
        await escalations.add_message(db, human.id, "citizen", "merci")
    page = await queue(world)
    rows = rows_of(page)
    assert "Danger : menace de mort, arme" in rows[kinds.id]
    assert "Violence" in rows[kinds.id] and "Casablanca-Settat" in rows[kinds.id]
    # two messages of the person since no operator wrote; the first words of the latest, cut between words
    assert " 2 " in f" {rows[kinds.id]} "
    assert "Mon mari est rentré ivre et il crie très fort depuis une heure, j'ai peur de ce…" in rows[kinds.id]
    assert LONG not in plain(page)
    assert "Danger (compris par le modèle de langue)" in rows[nlu.id] and "—" in rows[nlu.id]
    assert "a répondu « oui, en danger maintenant » dans un parcours" in rows[button.id]
    assert "Enfance" in rows[button.id] and "Rabat-Salé-Kénitra" in rows[button.id]
    assert "A demandé à parler à une personne" in rows[human.id] and "merci" in rows[human.id]
    assert " 1 " in f" {rows[human.id]} "  # answered once, then one more message
    # order: priority, then waiting time (the world's older danger row first among the dangers)
    order = order_of(page)
    assert order.index(world.escalation_open) < order.index(kinds.id) < order.index(nlu.id) \
        < order.index(button.id) < order.index(world.escalation_mine) < order.index(human.id)
    # a conversation another operator holds: no words of it
    assert "bghit nhder" not in rows[world.escalation_mine]
    assert "bghit nhder" in rows_of(await queue(world, "op1"))[world.escalation_mine]  # its claimant's
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ivre" not in logged and "couteau" not in logged


async def test_the_polled_fragment_changes_when_a_message_arrives(world):
    from services import escalations

    token = await session_cookie(world, "op2")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(console_app(world)), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        first = await client.get("/console/queue/rows")
        fp = re.search(r'id="queue-fp" name="fp" value="([^"]+)"', first.text)[1]
        assert (await client.get("/console/queue/rows", params={"fp": fp})).status_code == 204
        async with world.sessions() as db:
            await escalations.add_message(db, world.escalation_open, "citizen", "vous êtes là ?")
        again = await client.get("/console/queue/rows", params={"fp": fp})
        assert again.status_code == 200 and "vous êtes là ?" in plain(again.text)


async def test_a_danger_message_then_a_journey_fill_the_row(world):
    """Through the whole app: the safety net's kinds in the queue at once; the journey and the region once
    the person, safe now, looks for help from a place."""
    from bot.app import create_app
    from bot.state import InMemoryStateStore
    from services import escalations

    app = create_app(settings_for(), store=InMemoryStateStore(ttl_seconds=3600), session_factory=world.sessions,
                     reminders=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver") as web:
        p = "web-" + secrets.token_hex(6)
        await say(web, p, "il a un couteau, il va me tuer")
        key = app.state.pipeline.conversation_key("rest", p)
        async with world.sessions() as db:
            esc = await escalations.active_for(db, key)
        assert esc.reason.startswith("danger_keyword:") and esc.journey is None and esc.region_code is None
        row = rows_of(await queue(world))[esc.id]
        assert "Danger : menace de mort, arme" in row and "il va me tuer" in row
        await say(web, p, "/choose:emergency.safe_now.yes")
        await say(web, p, "/choose:emergency.safe.centers")
        await say(web, p, "Casablanca")
    await app.state.nlu.aclose()
    async with world.sessions() as db:
        esc = await escalations.get_escalation(db, esc.id)
    assert (esc.journey, esc.region_code) == ("violence", 6)
    row = rows_of(await queue(world))[esc.id]
    assert "Violence" in row and "Casablanca-Settat" in row


async def test_appointments_marks_only_once_started_and_weekdays_in_the_console_language(world):
    from console.models import ConsoleUser
    from services.models import Appointment

    async with world.sessions() as db:
        past = await db.get(Appointment, world.appointment_a)
        future = Appointment(reference="FUTURE1", center_id=world.center_a, start_utc=past.start_utc
                             + dt.timedelta(hours=2), end_utc=past.end_utc + dt.timedelta(hours=2),
                             person_key="person-future", status="booked")
        db.add(future)
        await db.commit()
        future_id = future.id
    day = world.appointment_day.isoformat()
    for locale, weekday in (("fr", ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")),
                            ("ar", ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"))):
        async with world.sessions() as db:
            (await db.get(ConsoleUser, world.users["staffa"])).locale = locale
            await db.commit()
        token = await session_cookie(world, "staffa")
        async with httpx.AsyncClient(transport=httpx.ASGITransport(console_app(world)),
                                     base_url="http://testserver", cookies={"jisr_console": token}) as client:
            page = (await client.get("/console/appointments", params={"date": day})).text
        rows = {int(m[1]): m[2] for m in re.finditer(r'data-appointment-id="(\d+)">(.*?)</tr>', page, re.DOTALL)}
        assert 'name="mark"' in rows[world.appointment_a]  # started: attended / no-show
        if future_id in rows:  # (unless two hours later is already tomorrow)
            assert 'name="mark"' not in rows[future_id]
        expected = weekday[world.appointment_day.weekday()]
        assert expected in plain(rows[world.appointment_a])
        assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", rows[world.appointment_a])
