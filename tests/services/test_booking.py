"""Booking on SQLite and PostgreSQL: slots, holidays, Ramadan clock change, lead time, references,
cancel/reschedule, overlap, and no double booking under concurrency."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from services import booking
from services.booking import (
    REFERENCE_ALPHABET,
    TZ,
    CenterNotBookable,
    InvalidSlot,
    OverlappingAppointment,
    SlotFull,
    TooLate,
    available_slots,
    book,
    cancel,
    list_for_center,
    list_for_person,
    reschedule,
)
from services.models import Appointment, AppointmentSlot, Closure

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 4, 8, 10, tzinfo=UTC)  # Monday 4 January 2027, 09:10 in Casablanca (UTC+1)


def local(y, m, d, h, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


async def test_slots_grid_and_lead_time(make_center, session):
    cid = await make_center(hours="mon-fri 09:00-12:00,14:00-16:00", slot_minutes=30, capacity_per_slot=2,
                            min_lead_hours=24)
    slots = await available_slots(session, cid, limit=100, now=NOW)
    # the first slot is the first one at least 24 h after now: Tuesday 5 January 09:30 local
    assert slots[0].start_local == local(2027, 1, 5, 9, 30)
    assert slots[0].end_local == local(2027, 1, 5, 10, 0)
    assert slots[0].remaining == 2
    tuesday = [s.start_local.strftime("%H:%M") for s in slots if s.start_local.date() == dt.date(2027, 1, 5)]
    assert tuesday == ["09:30", "10:00", "10:30", "11:00", "11:30", "14:00", "14:30", "15:00", "15:30"]
    assert all(s.start_local.weekday() < 5 for s in slots)  # no weekend slots
    assert len(await available_slots(session, cid, limit=6, now=NOW)) == 6
    with pytest.raises(TooLate):
        await book(session, cid, local(2027, 1, 5, 9, 0), "p1", now=NOW)
    with pytest.raises(InvalidSlot):
        await book(session, cid, local(2027, 1, 6, 12, 30), "p1", now=NOW)  # lunch break
    with pytest.raises(InvalidSlot):
        await book(session, cid, local(2027, 1, 6, 9, 10), "p1", now=NOW)  # off the grid
    with pytest.raises(InvalidSlot):
        await book(session, cid, local(2027, 1, 9, 10, 0), "p1", now=NOW)  # Saturday


async def test_not_bookable_without_hours(make_center, session):
    cid = await make_center(hours=None)
    assert await available_slots(session, cid, now=NOW) == []
    with pytest.raises(CenterNotBookable):
        await book(session, cid, local(2027, 1, 6, 10), "p1", now=NOW)
    planned = await make_center(status="planned")
    with pytest.raises(CenterNotBookable):
        await book(session, planned, local(2027, 1, 6, 10), "p1", now=NOW)


@pytest.mark.parametrize(
    "holiday",
    [dt.date(2027, 1, 11),  # Proclamation of Independence Day (Monday)
     dt.date(2027, 3, 9),  # Eid al-Fitr 1448 (estimated by `holidays`; Tuesday)
     dt.date(2027, 5, 17),  # Eid al-Adha (Monday)
     dt.date(2027, 11, 18)],  # Independence Day (Thursday)
)
async def test_holidays_have_no_slots(make_center, session, holiday):
    assert booking.holiday_name(holiday)
    assert holiday.weekday() < 5
    cid = await make_center()
    assert await available_slots(session, cid, day=holiday, now=NOW) == []
    with pytest.raises(InvalidSlot):
        await book(session, cid, dt.datetime.combine(holiday, dt.time(10), tzinfo=TZ), "p1", now=NOW)
    ordinary = holiday + dt.timedelta(days=7 if holiday.weekday() < 4 else 6)
    assert not booking.holiday_name(ordinary)


async def test_closure(make_center, sessions):
    cid = await make_center()
    async with sessions() as s:
        s.add(Closure(center_id=cid, start_date=dt.date(2027, 1, 12), end_date=dt.date(2027, 1, 13),
                      reason="works"))
        await s.commit()
    async with sessions() as s:
        assert await available_slots(s, cid, day=dt.date(2027, 1, 12), now=NOW) == []
        assert await available_slots(s, cid, day=dt.date(2027, 1, 13), now=NOW) == []
        assert await available_slots(s, cid, day=dt.date(2027, 1, 15), now=NOW)  # (14th: Amazigh New Year)


async def test_national_closure(make_center, sessions):
    a, b = await make_center(), await make_center()
    async with sessions() as s:
        # Eid announced for Wednesday 10 March 2027 (the library estimates 9 March)
        s.add(Closure(center_id=None, start_date=dt.date(2027, 3, 10), end_date=dt.date(2027, 3, 10),
                      reason="Aid al-Fitr (announced)"))
        await s.commit()
    async with sessions() as s:
        for cid in (a, b):
            assert await available_slots(s, cid, day=dt.date(2027, 3, 10), now=NOW) == []
            assert await available_slots(s, cid, day=dt.date(2027, 3, 11), now=NOW)
        with pytest.raises(InvalidSlot):
            await book(s, a, local(2027, 3, 10, 10), "p1", now=NOW)


@pytest.mark.parametrize(
    ("before", "during", "now"),
    [
        # Ramadan 1447: Morocco on UTC+0 from 15 Feb to 22 Mar 2026 (tz database Africa/Casablanca)
        (dt.date(2026, 2, 11), dt.date(2026, 3, 4), dt.datetime(2026, 2, 1, tzinfo=UTC)),
        # Ramadan 1448: UTC+0 from 7 Feb to 14 Mar 2027
        (dt.date(2027, 1, 27), dt.date(2027, 2, 24), NOW),
    ],
)
async def test_ramadan_clock_change_keeps_local_time(make_center, sessions, before, during, now):
    assert dt.datetime.combine(before, dt.time(10), tzinfo=TZ).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime.combine(during, dt.time(10), tzinfo=TZ).utcoffset() == dt.timedelta(0)
    cid = await make_center(capacity_per_slot=5)
    async with sessions() as s:
        for day in (before, during):
            slots = await available_slots(s, cid, day=day, now=now)
            assert slots[0].start_local.strftime("%H:%M") == "09:00"
        a = await book(s, cid, dt.datetime.combine(before, dt.time(10), tzinfo=TZ), "p-before", now=now)
        b = await book(s, cid, dt.datetime.combine(during, dt.time(10), tzinfo=TZ), "p-during", now=now)
    assert a.start_local.hour == b.start_local.hour == 10
    async with sessions() as s:
        stored = dict((await s.execute(select(Appointment.reference, Appointment.start_utc))).all())
    assert stored[a.reference] == dt.datetime.combine(before, dt.time(9), tzinfo=UTC)  # UTC+1
    assert stored[b.reference] == dt.datetime.combine(during, dt.time(10), tzinfo=UTC)  # UTC+0
    async with sessions() as s:
        mine = await list_for_person(s, "p-during", now=now)
    assert [m.start_local for m in mine] == [dt.datetime.combine(during, dt.time(10), tzinfo=TZ)]
    assert mine[0].start_local.hour == 10


async def test_book_cancel_reschedule(make_center, sessions):
    cid = await make_center(capacity_per_slot=1)
    async with sessions() as s:
        info = await book(s, cid, local(2027, 1, 6, 10), "alice", now=NOW)
    assert len(info.reference) == 8 and set(info.reference) <= set(REFERENCE_ALPHABET)
    assert not set(info.reference) & set("0O1IL")
    assert info.status == "booked" and info.center_id == cid
    async with sessions() as s:
        with pytest.raises(SlotFull):
            await book(s, cid, local(2027, 1, 6, 10), "bob", now=NOW)
        # the same person cannot hold two overlapping appointments, even at another center
        other = await make_center(slot_minutes=60, capacity_per_slot=3)
        with pytest.raises(OverlappingAppointment):
            await book(s, other, local(2027, 1, 6, 10), "alice", now=NOW)
        # reference typed loosely (lower case, dash) still matches
        loose = info.reference[:4].lower() + "-" + info.reference[4:].lower()
        moved = await reschedule(s, loose, "alice", local(2027, 1, 7, 11), now=NOW)
        assert moved.reference == info.reference and moved.start_local == local(2027, 1, 7, 11)
        # the old slot is free again
        bob = await book(s, cid, local(2027, 1, 6, 10), "bob", now=NOW)
        with pytest.raises(booking.AppointmentNotFound):
            await cancel(s, bob.reference, "alice", now=NOW)  # not hers
        with pytest.raises(SlotFull):
            await reschedule(s, info.reference, "alice", local(2027, 1, 6, 10), now=NOW)
        # failed reschedule leaves the appointment where it was
        assert [a.start_local for a in await list_for_person(s, "alice", now=NOW)] == [local(2027, 1, 7, 11)]
        cancelled = await cancel(s, info.reference, "alice", now=NOW)
        assert cancelled.status == "cancelled"
        assert await list_for_person(s, "alice", now=NOW) == []
        assert [a.status for a in await list_for_person(s, "alice", upcoming_only=False, now=NOW)] == [
            "cancelled"]
        again = await book(s, cid, local(2027, 1, 7, 11), "carol", now=NOW)
        day = await list_for_center(s, cid, dt.date(2027, 1, 7))
        assert [(a.reference, a.status) for a in day] == [(info.reference, "cancelled"),
                                                          (again.reference, "booked")]
        counters = dict((await s.execute(select(AppointmentSlot.start_utc, AppointmentSlot.booked))).all())
    assert counters[local(2027, 1, 7, 11).astimezone(UTC)] == 1
    assert counters[local(2027, 1, 6, 10).astimezone(UTC)] == 1


async def _race(sessions, center_id, start, people):
    async def attempt(person):
        async with sessions() as s:
            try:
                await book(s, center_id, start, person, now=NOW)
                return "ok"
            except SlotFull:
                return "full"
            except OverlappingAppointment:
                return "overlap"

    return await asyncio.gather(*(attempt(p) for p in people))


@pytest.mark.parametrize("capacity", [1, 3])
async def test_no_double_booking_under_concurrency(make_center, sessions, capacity):
    cid = await make_center(capacity_per_slot=capacity)
    start = local(2027, 1, 6, 10)
    results = await _race(sessions, cid, start, [f"person-{i}" for i in range(60)])
    assert results.count("ok") == capacity
    assert results.count("full") == 60 - capacity
    async with sessions() as s:
        n = await s.scalar(select(func.count()).select_from(Appointment).where(Appointment.center_id == cid))
        counter = await s.scalar(select(AppointmentSlot.booked).where(AppointmentSlot.center_id == cid))
        slots = await available_slots(s, cid, day=start.date(), limit=100, now=NOW)
    assert n == capacity and counter == capacity
    assert start not in [sl.start_local for sl in slots]


async def test_same_person_concurrent_overlap(make_center, sessions):
    centers = [await make_center(capacity_per_slot=5) for _ in range(3)]
    start = local(2027, 1, 6, 10)

    async def attempt(center_id):
        async with sessions() as s:
            try:
                await book(s, center_id, start, "same-person", now=NOW)
                return "ok"
            except OverlappingAppointment:
                return "overlap"

    results = await asyncio.gather(*(attempt(c) for c in centers * 17))
    assert results.count("ok") == 1 and results.count("overlap") == 50
