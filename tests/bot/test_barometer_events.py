"""The social barometer's events written by real conversations through the app (REST channel → pipeline →
engine → seeded PostgreSQL directory; menu mode: the NLU service is away): every journey with a need in every
variety, a located request, danger, a referral sent then accepted by the center, a need with no open center
near, an escalation's waiting time. And nothing in the events can identify a person: no conversation key,
no sender id, no text, no time."""

from __future__ import annotations

import json
import secrets

import pytest
from sqlalchemy import select, text

from services import barometer as baro
from tests.bot.helpers import make_store, say

pytestmark = pytest.mark.asyncio(loop_scope="session")

VARIETIES = ("ary", "ary-Latn", "ar", "fr")
JOURNEYS = {  # need → the payload that starts its journey
    "violence": "/report_violence", "mediation": "/family_mediation", "disability": "/disability_card",
    "child": "/child_protection", "elderly": "/elderly_care", "homeless": "/homeless_shelter",
}
TANGER = {"latitude": 35.7595, "longitude": -5.834}  # shared location: the gazetteer's nearest place is Tanger
DAKHLA = {"latitude": 23.6848, "longitude": -15.958}


@pytest.fixture
async def events(db_sessions):
    """The barometer's recorder and table emptied; ``await events()`` writes the buffer and returns the
    rows as dicts."""
    _, sessions = db_sessions
    baro.RECORDER.reset()
    async with sessions() as s:
        await s.execute(text("DELETE FROM barometer_event"))
        await s.commit()

    async def rows() -> list[dict]:
        await baro.RECORDER.flush(sessions)
        async with sessions() as s:
            found = (await s.execute(select(baro.BarometerEvent))).scalars().all()
        return [{c: getattr(r, c) for c in baro.EVENT_COLUMNS} for r in found]

    yield rows
    baro.RECORDER.reset()


def of(rows: list[dict], kind: str, **match) -> list[dict]:
    return [r for r in rows if r["kind"] == kind and all(r[k] == v for k, v in match.items())]


async def test_every_journey_in_every_variety_writes_its_events(make_client, events, db_sessions):
    client, app = await make_client(make_store("memory", "", ""))
    senders = []
    for variety in VARIETIES:
        for need, payload in JOURNEYS.items():
            sender = f"web-{secrets.token_hex(8)}"
            senders.append(sender)
            await say(client, sender, payload, metadata={"language": variety})
            await say(client, sender, payload, metadata={"language": variety})  # twice: counted once
            await say(client, sender, "", metadata={"location": TANGER})
    rows = await events()
    week = baro.iso_week(app.state.pipeline.utcnow())
    for variety in VARIETIES:
        for need in JOURNEYS:
            started = of(rows, "journey_started", need=need, variety=variety)
            assert len(started) == 1, (need, variety, started)
            assert started[0]["channel"] == "rest" and started[0]["week"] == week
            located = of(rows, "place_resolved", need=need, variety=variety)
            assert len(located) == 1, (need, variety)
            assert (located[0]["region"], located[0]["province"]) == (1, "tanger-assilah")
    assert len(of(rows, "journey_started")) == len(VARIETIES) * len(JOURNEYS)
    # nothing that identifies anyone: no conversation key, no sender, no text, no time
    keys = [app.state.pipeline.conversation_key("rest", s) for s in senders]
    dump = json.dumps(rows, ensure_ascii=False)
    assert not any(k[:12] in dump or s in dump for k, s in zip(keys, senders))
    assert set(rows[0]) == {"id", "week", "kind", "region", "province", "need", "variety", "channel", "outcome"}


async def test_danger_referral_unmet_need_and_waiting_time(make_client, events, db_sessions):
    from services import escalations
    from services.referrals import accept_referral, list_referrals

    _, sessions = db_sessions
    client, app = await make_client(make_store("memory", "", ""))
    # danger, in French
    danger = f"web-{secrets.token_hex(8)}"
    await say(client, danger, "il a un couteau, il va me tuer", metadata={"language": "fr"})
    # a referral to a women's center in Tanger (the place in the first message), in Darija
    person = f"web-{secrets.token_hex(8)}"
    await say(client, person, "rajli kaydrebni, ana f tanja", metadata={"language": "ary-Latn"})
    await say(client, person, "/choose:violence.intro.yes")
    await say(client, person, "/choose:violence.danger.no")
    await say(client, person, "1")
    await say(client, person, "/choose:violence.chosen_referral_only.referral")
    await say(client, person, "/choose:referral.consent.yes")
    conv = app.state.pipeline.conversation_key("rest", person)
    async with sessions() as s:
        referral = next(r for r in await list_referrals(s) if r.conversation_key == conv)
        await accept_referral(s, referral.id, by="staff")
    # homeless in Dakhla: no open center within FAR_CENTER_KM
    far = f"web-{secrets.token_hex(8)}"
    await say(client, far, "/homeless_shelter", metadata={"language": "ar"})
    await say(client, far, "/choose:homeless.intro.ok")
    await say(client, far, "", metadata={"location": DAKHLA})
    # the danger escalation taken by an operator
    async with sessions() as s:
        esc = await escalations.active_for(s, app.state.pipeline.conversation_key("rest", danger))
        await escalations.claim(s, esc.id, "op1")

    rows = await events()
    d = of(rows, "danger")
    assert len(d) == 1 and d[0]["variety"] == "fr" and d[0]["channel"] == "rest"
    sent = of(rows, "referral_sent")
    assert len(sent) == 1 and sent[0]["need"] == "violence" and sent[0]["region"] == 1
    assert sent[0]["variety"] == "ary-Latn" and sent[0]["province"] == "tanger-assilah"
    accepted = of(rows, "referral_accepted")
    assert len(accepted) == 1 and accepted[0]["region"] == 1 and accepted[0]["channel"] == "rest"
    unmet = of(rows, "unmet_need", need="homeless")
    assert len(unmet) == 1 and unmet[0]["outcome"] in ("far", "none") and unmet[0]["region"] == 12
    assert unmet[0]["variety"] == "ar"
    waits = of(rows, "danger_wait")
    assert len(waits) == 1 and waits[0]["outcome"] in [str(b) for b in baro.WAIT_BUCKETS]
    dump = json.dumps(rows, ensure_ascii=False)
    assert "couteau" not in dump and "tanja" not in dump and conv[:12] not in dump


async def test_appointment_booked_then_cancelled(make_client, events, db_sessions):
    """find_center → child → Agadir → the seed's child-protection center (made bookable) → a slot → booked;
    then "cancel my appointment" → cancelled. Region and province are the center's."""
    import datetime as dt

    from services.booking import set_opening_hours
    from services.directory import nearest_centers
    from services.gazetteer import Gazetteer

    _, sessions = db_sessions
    agadir = Gazetteer.default().get("agadir")
    async with sessions() as s:
        center_id = (await nearest_centers(s, "child", agadir.latitude, agadir.longitude)).hits[0].center.id
        await set_opening_hours(s, center_id, [(d, dt.time(9), dt.time(16)) for d in range(5)])
        await s.commit()
    client, _app = await make_client(make_store("memory", "", ""))
    person = f"web-{secrets.token_hex(8)}"
    await say(client, person, "/find_center", metadata={"language": "fr"})
    await say(client, person, "/choose:find_center.need.child")
    await say(client, person, "Agadir")
    replies = await say(client, person, f"/pick:{center_id}")
    slot = next(b["payload"] for r in replies for b in r.get("buttons", []) if b["payload"].startswith("/pick:"))
    await say(client, person, slot)
    replies = await say(client, person, "/cancel_appointment")
    ref = next(b["payload"] for r in replies for b in r.get("buttons", []) if b["payload"].startswith("/pick:"))
    await say(client, person, ref)
    await say(client, person, "/choose:appointments.confirm_cancel.yes")
    rows = await events()
    booked, cancelled = of(rows, "appointment_booked"), of(rows, "appointment_cancelled")
    assert len(booked) == 1 and len(cancelled) == 1
    assert booked[0]["need"] == "child" and booked[0]["region"] == 9 and booked[0]["variety"] == "fr"
    assert cancelled[0]["region"] == 9 and cancelled[0]["province"] == booked[0]["province"] is not None
