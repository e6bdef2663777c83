"""Waiting for an operator is not a trap: through the REST channel, while the escalation is open and nobody has
claimed it, the menu/cancel words and the "stop waiting" button withdraw the request (closed ``withdrawn``,
audited), "delete my data" runs the delete flow, a danger escalation is never withdrawn by a keyword (the menu
still works), and once an operator has claimed it the bot stays silent. Real Redis/PostgreSQL, real flows and
locales; the NLU is unreachable (menu mode) so the keywords decide."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import select

import locales
from tests.bot.helpers import has_all_numbers, make_store, payloads, say, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")


def sender() -> str:
    return "wait-" + secrets.token_hex(8)


async def waiting(client, app, s: str, variety: str = "fr"):
    """Start a conversation in ``variety``, ask for a person; returns the conversation key."""
    await say(client, s, "/start", metadata={"language": variety})
    replies = await say(client, s, "/talk_to_human")
    assert "/stop_waiting" in payloads(replies)  # the way back is offered at once
    pipeline = app.state.pipeline
    key = pipeline.conversation_key("rest", s)
    record = await pipeline.store.load(key)
    assert record["state"]["handoff"] is True
    return key


async def escalations_of(sessions, key: str):
    from services.models import Escalation

    async with sessions() as session:
        return list((await session.execute(
            select(Escalation).where(Escalation.conversation_key == key).order_by(Escalation.id))).scalars())


@pytest.mark.parametrize(("variety", "word"), [
    ("fr", "menu"), ("fr", "annuler"), ("ary", "رجع"), ("ary-Latn", "rje3"), ("ar", "القائمة"),
    ("fr", "/stop_waiting"), ("fr", "je veux annuler"),
])
async def test_stop_waiting_withdraws_the_request_and_shows_the_menu(make_client, store_kind, redis_url, test_prefix,
                                                                    db_sessions, variety, word):
    from console.models import AuditEntry

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    key = await waiting(client, app, s, variety)
    replies = await say(client, s, word)
    assert locales.t(variety, "human-withdrawn", gender="other") in texts(replies)
    assert "/talk_to_human" in payloads(replies)  # the main menu
    _, sessions = db_sessions
    [esc] = await escalations_of(sessions, key)
    assert (esc.status, esc.outcome) == ("closed", "withdrawn")
    async with sessions() as session:
        audit = list((await session.execute(select(AuditEntry).where(
            AuditEntry.object_type == "escalation", AuditEntry.object_id == str(esc.id)))).scalars())
    assert [a.action for a in audit] == ["escalation.withdraw"]
    record = await app.state.pipeline.store.load(key)
    assert record["state"]["handoff"] is False
    # the bot answers again: a journey starts
    again = await say(client, s, "/find_center")
    assert again and locales.t(variety, "safety-handoff-queued", gender="other") not in texts(again)


async def test_menu_and_delete_were_ignored_while_waiting_before(make_client, redis_url, test_prefix, db_sessions):
    """The tester's script: talk_to_human, "supprimer mes données", "menu" — each now gets its answer (before:
    the queue notice, then nothing)."""
    client, app = await make_client(make_store("redis", redis_url, test_prefix))
    s = sender()
    key = await waiting(client, app, s)
    first = await say(client, s, "supprimer mes données")
    assert locales.t("fr", "privacy-confirm") in texts(first)
    kept = await say(client, s, "non")
    assert locales.t("fr", "privacy-kept") in texts(kept)
    record = await app.state.pipeline.store.load(key)
    assert record["state"]["handoff"] is True  # kept everything: still in the queue
    _, sessions = db_sessions
    assert [e.status for e in await escalations_of(sessions, key)] == ["open"]
    menu = await say(client, s, "menu")
    assert "/talk_to_human" in payloads(menu)


@pytest.mark.parametrize("variety", ["fr", "ary-Latn"])
async def test_delete_my_data_while_waiting_erases_the_escalation_too(make_client, store_kind, redis_url,
                                                                     test_prefix, db_sessions, variety):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    key = await waiting(client, app, s, variety)
    text = "supprimer mes données" if variety == "fr" else "bghit nmse7 ms7 dakchi"
    confirm = await say(client, s, text)
    assert locales.t(variety, "privacy-confirm") in texts(confirm)
    yes = next(p for p in payloads(confirm) if p.endswith(".yes"))
    done = await say(client, s, yes)
    assert locales.t(variety, "privacy-deleted") in texts(done)
    _, sessions = db_sessions
    assert await escalations_of(sessions, key) == []  # gone with the rest of the person's data
    assert await app.state.pipeline.store.load(key) is None


async def test_a_danger_escalation_is_never_withdrawn_by_a_keyword(make_client, store_kind, redis_url, test_prefix,
                                                                  db_sessions):
    from services.escalations import list_messages

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    await say(client, s, "/start", metadata={"language": "fr"})
    danger = await say(client, s, "il a un couteau, il va me tuer")
    assert has_all_numbers(danger[0]["text"])
    await say(client, s, "/talk_to_human")
    key = app.state.pipeline.conversation_key("rest", s)
    assert (await app.state.pipeline.store.load(key))["state"]["handoff"] is True
    replies = await say(client, s, "annuler")
    text = texts(replies)
    assert locales.t("fr", "human-waiting-danger-kept", gender="other") in text and has_all_numbers(text)
    assert "/talk_to_human" in payloads(replies)
    _, sessions = db_sessions
    [esc] = await escalations_of(sessions, key)
    assert (esc.status, esc.priority) == ("open", 0)
    # the menu works; what the person writes still reaches the team
    journey = await say(client, s, "je cherche un centre")
    assert journey and locales.t("fr", "safety-handoff-queued", gender="other") not in texts(journey)
    async with sessions() as session:
        citizen = [m.text for m in await list_messages(session, esc.id) if m.sender == "citizen"]
    assert "annuler" in citizen and "je cherche un centre" in citizen


async def test_once_claimed_menu_does_not_withdraw(make_client, redis_url, test_prefix, db_sessions):
    from services.escalations import claim

    client, app = await make_client(make_store("redis", redis_url, test_prefix))
    s = sender()
    key = await waiting(client, app, s)
    _, sessions = db_sessions
    [esc] = await escalations_of(sessions, key)
    async with sessions() as session:
        await claim(session, esc.id, "operator-1")
    assert await say(client, s, "menu") == []  # the operator is talking to the person
    [esc] = await escalations_of(sessions, key)
    assert esc.status == "claimed"


async def test_withdraw_loses_to_a_claim(db_sessions):
    """``withdraw`` only closes an open escalation: a claimed one is left to its operator."""
    from services.escalations import claim, open_escalation, withdraw

    _, sessions = db_sessions
    async with sessions() as session:
        esc = await open_escalation(session, "withdraw-race-" + secrets.token_hex(4), "rest", "fr", None, None, 2,
                                    "user_request")
        await claim(session, esc.id, "operator-1")
        assert await withdraw(session, esc.id) is None


@pytest.mark.parametrize("variety", ["fr", "ary", "ary-Latn", "ar"])
async def test_a_restart_keeps_the_person_waiting(make_client, redis_url, test_prefix, db_sessions, variety):
    """The in-process state is gone (a restart): the open escalation in the database rebuilds the hand-off; the
    person is told they are still in the queue, in their language, and their message reaches the escalation."""
    from bot.state import InMemoryStateStore
    from services.models import EscalationMessage

    client, app = await make_client(InMemoryStateStore())
    s = sender()
    key = await waiting(client, app, s, variety)
    client2, app2 = await make_client(InMemoryStateStore())  # the restarted process: empty state
    replies = await say(client2, s, "salam, wach kayn chi wa7d?")
    assert locales.t(variety, "safety-handoff-queued", gender="other").split("\n")[0] in texts(replies)
    assert has_all_numbers(texts(replies))
    assert (await app2.state.pipeline.store.load(key))["state"]["handoff"] is True
    _, sessions = db_sessions
    [esc] = await escalations_of(sessions, key)
    async with sessions() as session:
        rows = (await session.execute(select(EscalationMessage).where(
            EscalationMessage.escalation_id == esc.id, EscalationMessage.sender == "citizen"))).scalars().all()
    assert any("wach kayn" in r.text for r in rows)
