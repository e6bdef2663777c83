"""Claims that outlive their operator (``services.escalations``), on SQLite and PostgreSQL: activity is
recorded, idle claims and a logged-out operator's claims go back to the queue with their priority and place,
marked released; each release happens once, whatever races it. Time is the functions' ``now`` argument."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from services import escalations as esc

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


async def _open(s, key: str, priority: int, reason: str = "user_request") -> int:
    return (await esc.open_escalation(s, key, "rest", "fr", None, 6, priority, reason)).id


async def test_claim_and_touch_record_activity_at_the_given_time(session):
    eid = await _open(session, "conv-touch", 1)
    claimed = await esc.claim(session, eid, "op1", now=at(0))
    assert claimed.claimed_at == at(0) and claimed.operator_seen_at == at(0)
    assert claimed.idle_for(at(42)) == 42
    # polls within the resolution write nothing; past it they do
    assert await esc.touch_claim(session, eid, "op1", now=at(5)) is False
    assert (await esc.get_escalation(session, eid)).operator_seen_at == at(0)
    assert await esc.touch_claim(session, eid, "op1", now=at(esc.TOUCH_RESOLUTION_SECONDS)) is True
    assert (await esc.get_escalation(session, eid)).operator_seen_at == at(esc.TOUCH_RESOLUTION_SECONDS)
    assert await esc.touch_claim(session, eid, "op1", now=at(11), resolution_seconds=0) is True  # a reply
    # another operator's activity is not the claimant's
    assert await esc.touch_claim(session, eid, "op2", now=at(500), resolution_seconds=0) is False
    assert (await esc.get_escalation(session, eid)).operator_seen_at == at(11)


async def test_idle_claims_go_back_to_the_queue_with_their_priority_and_place(session):
    danger = await _open(session, "conv-danger", 0, "danger_keyword")
    normal = await _open(session, "conv-normal", 2)
    busy = await _open(session, "conv-busy", 1)
    newer_danger = await _open(session, "conv-danger-2", 0, "danger_keyword")
    for eid in (danger, normal, busy):
        await esc.claim(session, eid, "op1", now=at(0))
    await esc.touch_claim(session, busy, "op1", now=at(300))

    assert await esc.release_idle(session, 600, now=at(599)) == []  # one second short of the limit
    released = await esc.release_idle(session, 600, now=at(600))
    assert [e.id for e in released] == [danger, normal]  # most urgent first; busy's operator was active
    for e in released:
        assert (e.status, e.claimed_by, e.claimed_at) == ("open", None, None)
        assert (e.release_reason, e.released_from, e.released_at) == ("idle", "op1", at(600))
    assert released[0].priority == 0 and released[0].danger and released[1].priority == 2
    assert (await esc.get_escalation(session, busy)).status == "claimed"
    # the queue: danger first, and the released one before the newer danger (it keeps its age)
    queue = [e.id for e in await esc.list_open(session)]
    assert queue == [danger, newer_danger, busy, normal]
    assert [e.id for e in await esc.release_idle(session, 600, now=at(900))] == [busy]
    # the next claim clears the release marks
    again = await esc.claim(session, danger, "op2", now=at(901))
    assert (again.release_reason, again.released_from, again.released_at) == (None, None, None)
    assert again.operator_seen_at == at(901)


async def test_logout_releases_only_that_operators_claims(session):
    mine = [await _open(session, f"conv-op1-{i}", i) for i in range(3)]
    theirs = await _open(session, "conv-op2", 0)
    for eid in mine:
        await esc.claim(session, eid, "op1", now=at(0))
    await esc.claim(session, theirs, "op2", now=at(0))
    released = await esc.release_claims_of(session, "op1", "logout", now=at(30))
    assert [e.id for e in released] == mine and {e.release_reason for e in released} == {"logout"}
    assert (await esc.get_escalation(session, theirs)).status == "claimed"
    assert await esc.release_claims_of(session, "op1", "logout", now=at(31)) == []


async def test_hand_back_is_marked_and_reasons_are_checked(session):
    eid = await _open(session, "conv-hand-back", 2)
    await esc.claim(session, eid, "op1", now=at(0))
    with pytest.raises(esc.NotActive):
        await esc.release(session, eid, "op2", now=at(1))
    with pytest.raises(ValueError):
        await esc.release(session, eid, "op1", "bored", now=at(1))
    handed = await esc.release(session, eid, "op1", now=at(2))
    assert (handed.status, handed.release_reason, handed.released_from) == ("open", "hand_back", "op1")
    with pytest.raises(esc.NotActive):
        await esc.release(session, eid, "op1", now=at(3))


async def test_a_claim_never_touched_counts_from_its_claim_time(session):
    """Claims made before activity was recorded (the migration copies claimed_at) or never touched."""
    from sqlalchemy import update

    from services.models import Escalation

    eid = await _open(session, "conv-old", 1)
    await esc.claim(session, eid, "op1", now=at(0))
    await session.execute(update(Escalation).where(Escalation.id == eid).values(operator_seen_at=None))
    await session.commit()
    assert await esc.release_if_idle(session, eid, 600, now=at(599)) is None
    released = await esc.release_if_idle(session, eid, 600, now=at(600))
    assert released is not None and released.release_reason == "idle"


async def test_each_idle_claim_is_released_once_under_concurrent_checks(sessions):
    """Several processes' periodic checks and the message path at the same instant: every idle claim is
    released by exactly one of them."""
    async with sessions() as s:
        ids = [await _open(s, f"conv-race-{i}", i % 3) for i in range(6)]
        for eid in ids:
            await esc.claim(s, eid, "op1", now=at(0))

    async def check():
        async with sessions() as s:
            return [e.id for e in await esc.release_idle(s, 600, now=at(700))]

    async def on_message(eid):
        async with sessions() as s:
            info = await esc.release_if_idle(s, eid, 600, now=at(700))
            return [] if info is None else [info.id]

    results = await asyncio.gather(check(), check(), check(), on_message(ids[0]), on_message(ids[1]))
    winners = [eid for r in results for eid in r]
    assert sorted(winners) == sorted(ids)


async def test_a_reply_racing_the_idle_release_either_keeps_the_claim_or_is_refused(sessions):
    """The reply's strict touch and the release are conditional writes on one row: exactly one wins."""
    for round_ in range(4):
        async with sessions() as s:
            eid = await _open(s, f"conv-reply-race-{round_}", 0)
            await esc.claim(s, eid, "op1", now=at(0))

        async def reply(eid=eid):
            async with sessions() as s:
                return await esc.touch_claim(s, eid, "op1", now=at(700), resolution_seconds=0)

        async def release(eid=eid):
            async with sessions() as s:
                return await esc.release_if_idle(s, eid, 600, now=at(700))

        touched, released = await asyncio.gather(reply(), release()) if round_ % 2 else \
            reversed(await asyncio.gather(release(), reply()))
        assert touched != (released is not None), round_
        async with sessions() as s:
            final = await esc.get_escalation(s, eid)
        assert final.status == ("claimed" if touched else "open")
