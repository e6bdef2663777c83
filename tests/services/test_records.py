"""Referrals, escalations, identities, encryption at rest and erasure, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import text

from services import escalations as esc
from services import referrals as ref
from services.booking import TZ, book, list_for_person
from services.crypto import get_secret_key
from services.identity import delete_person_data, pseudonymize, recipient_for, remember_identity

NOW = dt.datetime(2027, 1, 4, 8, 10, tzinfo=dt.UTC)


def test_pseudonymize():
    key = b"k1"
    a = pseudonymize("telegram", "12345", key)
    assert a == pseudonymize("telegram", "12345", key) and len(a) == 64 and int(a, 16) >= 0
    assert a != pseudonymize("whatsapp", "12345", key)
    assert a != pseudonymize("telegram", "12345", b"k2")
    assert pseudonymize("ab", "c", key) != pseudonymize("a", "bc", key)
    assert "12345" not in a


async def _raw(engine, sql: str) -> list[tuple]:
    async with engine.connect() as conn:
        rows = (await conn.execute(text(sql))).all()
        await conn.rollback()
        return rows


async def test_identity_and_encryption_at_rest(engine, sessions):
    async with sessions() as s:
        key = await remember_identity(s, "whatsapp", "+212612345678", get_secret_key(), variety="ary")
        assert key == pseudonymize("whatsapp", "+212612345678", get_secret_key())
        assert (await recipient_for(s, key)).user_id == "+212612345678"
    raw = await _raw(engine, "SELECT key, recipient FROM conversation_identity")
    assert raw[0][0] == key
    assert "612345678" not in repr(raw)  # the phone number is only stored encrypted


async def test_referral_lifecycle(engine, sessions, make_center):
    cid = await make_center()
    async with sessions() as s:
        r = await ref.create_referral(s, cid, "conv-1", "violence", {"first_name": "Fatima", "callback": "soir"},
                                      "referral-consent-v1")
        assert r.status == "new" and r.shared == {"first_name": "Fatima", "callback": "soir"}
        with pytest.raises(ref.InvalidTransition):
            await ref.mark_contacted(s, r.id)  # must be accepted first
        r = await ref.accept_referral(s, r.id, by="staff1")
        r = await ref.mark_contacted(s, r.id, by="staff1", note="rappelée, rendez-vous pris")
        r = await ref.close_referral(s, r.id, by="staff1")
        assert r.status == "closed" and r.handled_by == "staff1" and r.note == "rappelée, rendez-vous pris"
        with pytest.raises(ref.InvalidTransition):
            await ref.accept_referral(s, r.id)
        r2 = await ref.create_referral(s, cid, "conv-2", "violence", {}, "referral-consent-v1")
        await ref.decline_referral(s, r2.id, note="hors zone")
        await ref.close_referral(s, r2.id)
        with pytest.raises(ValueError):
            await ref.create_referral(s, cid, "conv-3", "weather", {}, "k")
        assert [x.id for x in await ref.list_referrals(s, center_id=cid, status="closed")] == [r.id, r2.id]
    raw = await _raw(engine, "SELECT shared, note FROM referral")
    assert "Fatima" not in repr(raw) and "rappel" not in repr(raw)


async def test_escalation_lifecycle_and_priority(engine, sessions):
    async with sessions() as s:
        a = await esc.open_escalation(s, "conv-a", "telegram", "ary", "violence", 6, 2, "user_request")
        b = await esc.open_escalation(s, "conv-b", "whatsapp", "fr", None, None, 1, "nlu_failures")
        again = await esc.open_escalation(s, "conv-a", "telegram", "ary", "violence", 6, 0, "danger_keyword")
        assert again.id == a.id and again.priority == 0 and again.reason == "danger_keyword"
        lower = await esc.open_escalation(s, "conv-a", "telegram", "ary", "violence", 6, 2, "user_request")
        assert lower.priority == 0  # never lowered
        assert [e.id for e in await esc.list_open(s)] == [a.id, b.id]  # danger first
        assert [e.id for e in await esc.list_open(s, region_code=6)] == [a.id]
        claimed = await esc.claim(s, a.id, "op1")
        assert claimed.status == "claimed" and claimed.claimed_by == "op1" and claimed.claimed_at
        with pytest.raises(esc.AlreadyClaimed):
            await esc.claim(s, a.id, "op2")
        await esc.add_message(s, a.id, "citizen", "عافاك عاونيني")
        await esc.add_message(s, a.id, "operator", "Je suis là, vous êtes en sécurité ?")
        with pytest.raises(ValueError):
            await esc.add_message(s, a.id, "stranger", "x")
        assert [m.text for m in await esc.list_messages(s, a.id)] == ["عافاك عاونيني",
                                                                    "Je suis là, vous êtes en sécurité ?"]
        released = await esc.release(s, a.id, "op1")
        assert released.status == "open" and released.claimed_by is None
        await esc.claim(s, a.id, "op2")
        closed = await esc.close(s, a.id, "referred", operator="op2")
        assert closed.status == "closed" and closed.closed_at and closed.outcome == "referred"
        with pytest.raises(esc.NotActive):
            await esc.claim(s, a.id, "op1")
        assert await esc.active_for(s, "conv-a") is None
        new = await esc.open_escalation(s, "conv-a", "telegram", "ary", None, 6, 2, "user_request")
        assert new.id != a.id  # a closed escalation is not reopened
    raw = await _raw(engine, "SELECT text FROM escalation_message")
    assert "عاونيني" not in repr(raw) and "sécurité" not in repr(raw)


async def test_concurrent_open_and_claim(sessions):
    async def open_one(i):
        async with sessions() as s:
            return await esc.open_escalation(s, "conv-race", "telegram", "ar", None, None, i % 3, "user_request")

    opened = await asyncio.gather(*(open_one(i) for i in range(20)))
    assert len({e.id for e in opened}) == 1
    async with sessions() as s:
        assert len(await esc.list_open(s)) == 1
        assert (await esc.active_for(s, "conv-race")).priority == 0

    async def claim(op):
        async with sessions() as s:
            try:
                await esc.claim(s, opened[0].id, op)
                return op
            except esc.AlreadyClaimed:
                return None

    winners = [w for w in await asyncio.gather(*(claim(f"op{i}") for i in range(10))) if w]
    assert len(winners) == 1


async def test_delete_person_data(engine, sessions, make_center):
    cid = await make_center(capacity_per_slot=1)
    async with sessions() as s:
        key = await remember_identity(s, "telegram", "777", get_secret_key())
        await book(s, cid, dt.datetime(2027, 1, 6, 10, tzinfo=TZ), key, now=NOW)
        await ref.create_referral(s, cid, key, "violence", {"first_name": "Amina"}, "consent")
        e = await esc.open_escalation(s, key, "telegram", "ary", None, None, 0, "danger_keyword")
        await esc.add_message(s, e.id, "citizen", "secret")
        await esc.open_escalation(s, "someone-else", "telegram", "ary", None, None, 2, "user_request")
        report = await delete_person_data(s, key)
        assert (report.appointments, report.referrals, report.escalations, report.identities) == (1, 1, 1, 1)
        assert await list_for_person(s, key, upcoming_only=False) == []
        assert await recipient_for(s, key) is None
        # the freed slot can be booked again
        await book(s, cid, dt.datetime(2027, 1, 6, 10, tzinfo=TZ), "other", now=NOW)
        assert [x.conversation_key for x in await esc.list_open(s)] == ["someone-else"]
    assert await _raw(engine, "SELECT id FROM escalation_message") == []


async def test_concurrent_first_messages_record_one_identity(sessions):
    async def remember():
        async with sessions() as s:
            return await remember_identity(s, "telegram", "4242", get_secret_key(), variety="fr")

    keys = await asyncio.gather(*(remember() for _ in range(10)))
    assert len(set(keys)) == 1
    async with sessions() as s:
        assert (await recipient_for(s, keys[0])).user_id == "4242"
