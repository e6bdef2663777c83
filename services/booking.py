"""Appointment booking: opening hours, slots, holidays, lead time, race-free ``book``.

Time: every local time is Africa/Casablanca wall-clock time (aware ``datetime`` with
``ZoneInfo("Africa/Casablanca")``); the database stores UTC. Morocco is UTC+1 except during Ramadan,
when it goes back to UTC+0 (tz database, ``Africa/Casablanca``): slots are generated in wall-clock time
and converted per date, so a 10:00 slot stays 10:00 local before, during and after Ramadan (its UTC
instant moves from 09:00 to 10:00 UTC).

Days without slots: Moroccan public holidays from the ``holidays`` library (country ``MA``: civil
holidays and the Islamic ones — Eid al-Fitr, Eid al-Adha, Islamic New Year, the Prophet's birthday —
whose dates are estimated by the library) and the center's closures.

Concurrency (see services/README.md, "Booking design"): a booking is one transaction that (1) upserts
the person's ``person_lock`` row (serialises the same person's bookings, so the overlap check holds),
(2) checks the person has no overlapping appointment, (3) creates the slot's ``appointment_slot`` counter
row if missing (``INSERT … ON CONFLICT DO NOTHING``), (4) increments it with
``UPDATE … SET booked = booked + 1 WHERE booked < capacity`` — zero rows updated means ``SlotFull`` — and
(5) inserts the appointment. On PostgreSQL the conditional UPDATE takes the row lock and re-checks the
condition on the latest committed row (READ COMMITTED), on SQLite the transaction holds the database
write lock from ``BEGIN IMMEDIATE``; either way a slot can never exceed its capacity.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import secrets
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from sqlalchemy import and_, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from services.db import rollback_on_error, rowcount, utcnow
from services.models import Appointment, AppointmentSlot, Center, Closure, OpeningHours, PersonLock

TZ = ZoneInfo("Africa/Casablanca")
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out and typed safely
REFERENCE_LENGTH = 8
SEARCH_DAYS = 30  # how far ahead available_slots looks when no day is given
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BookingError(Exception):
    """Base class of booking errors."""


class CenterNotFound(BookingError, LookupError):
    """No center with this id."""


class CenterNotBookable(BookingError):
    """The center takes no appointments (not bookable, no opening hours, or not ``existing``)."""


class InvalidSlot(BookingError, ValueError):
    """The time is not a slot of the center (closed, holiday, outside hours or not on the slot grid)."""


class SlotFull(BookingError):
    """The slot already holds ``capacity_per_slot`` appointments."""


class OverlappingAppointment(BookingError):
    """The person already holds an appointment overlapping this slot."""


class TooLate(BookingError):
    """The slot starts sooner than the center's minimum lead time (or is past)."""


class AppointmentNotFound(BookingError, LookupError):
    """No active appointment with this reference for this person."""


@dataclass(frozen=True)
class Slot:
    """A bookable slot: local start/end (Africa/Casablanca, aware) and the places left."""

    start_local: dt.datetime
    end_local: dt.datetime
    remaining: int


@dataclass(frozen=True)
class AppointmentInfo:
    """An appointment as the flows see it: reference code, center id, local start (aware), status
    (booked | cancelled | attended | no_show)."""

    reference: str
    center_id: int
    start_local: dt.datetime
    status: str


def to_local(value: dt.datetime) -> dt.datetime:
    """An aware datetime in Africa/Casablanca; a naive one is taken as local wall-clock time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TZ)
    return value.astimezone(TZ)


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays_lib.HolidayBase:
    return holidays_lib.country_holidays("MA", years=year)


def holiday_name(day: dt.date) -> str | None:
    """The name of the Moroccan public holiday on ``day`` (``holidays``, country MA), or None."""
    return _holidays(day.year).get(day)


def new_reference() -> str:
    """A random reference code: 8 characters of ``REFERENCE_ALPHABET`` (31^8 ≈ 8.5e11 codes)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalize_reference(text: str) -> str:
    """The reference as stored: upper case, without spaces or dashes (people type ``ab3k-7m2p``)."""
    return re.sub(r"[\s\-_.]", "", text).upper()


def _is_closed(center: Center, day: dt.date, national: Sequence[Closure] = ()) -> bool:
    return any(c.start_date <= day <= c.end_date for c in (*center.closures, *national))


async def national_closures(session: AsyncSession, since: dt.date | None = None) -> list[Closure]:
    """Closures of every center (``center_id`` NULL) ending on or after ``since`` (default: all)."""
    query = select(Closure).where(Closure.center_id.is_(None))
    if since is not None:
        query = query.where(Closure.end_date >= since)
    return list((await session.execute(query)).scalars())


def day_slots(center: Center, day: dt.date, national: Sequence[Closure] = ()) -> list[tuple[dt.datetime, dt.datetime]]:
    """The slot grid of ``center`` on local date ``day``: (start, end) local aware datetimes, every
    ``slot_minutes`` from each opening time while a whole slot fits before closing. Empty on
    holidays, the center's closures and the ``national`` closures given."""
    if holiday_name(day) or _is_closed(center, day, national):
        return []
    step = dt.timedelta(minutes=center.slot_minutes)
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for oh in sorted(center.opening_hours, key=lambda o: o.opens):
        if oh.weekday != day.weekday():
            continue
        start = dt.datetime.combine(day, oh.opens, tzinfo=TZ)
        close = dt.datetime.combine(day, oh.closes, tzinfo=TZ)
        while start + step <= close:  # wall-clock arithmetic (same tzinfo)
            out.append((start, start + step))
            start += step
    return out


def _accepts_bookings(center: Center) -> bool:
    return center.bookable and center.status == "existing" and bool(center.opening_hours)


async def _center(session: AsyncSession, center_id: int) -> Center:
    # fresh hours and settings; the type and place are not needed here
    center = await session.get(Center, center_id, populate_existing=True,
                               options=[raiseload(Center.center_type), raiseload(Center.place)])
    if center is None:
        raise CenterNotFound(center_id)
    return center


async def available_slots(
    session: AsyncSession, center_id: int, day: dt.date | None = None, limit: int = 6,
    *, now: dt.datetime | None = None,
) -> list[Slot]:
    """Up to ``limit`` free slots of the center, earliest first: on local date ``day``, or (``None``)
    from the earliest allowed time over the next 30 days. Slots sooner than ``min_lead_hours`` after
    ``now`` (default: current time) are left out. A center that takes no appointments gives ``[]``.
    Raises ``CenterNotFound``."""
    center = await _center(session, center_id)
    if not _accepts_bookings(center):
        return []
    now = now or utcnow()
    earliest = now + dt.timedelta(hours=center.min_lead_hours)
    first_day = earliest.astimezone(TZ).date()
    days = [day] if day is not None else [first_day + dt.timedelta(days=i) for i in range(SEARCH_DAYS)]
    national = await national_closures(session, since=min(days))
    slots: list[Slot] = []
    for d in days:
        grid = [(s, e) for s, e in day_slots(center, d, national) if s >= earliest]
        if not grid:
            continue
        starts_utc = [s.astimezone(dt.UTC) for s, _ in grid]
        rows = await session.execute(
            select(AppointmentSlot.start_utc, AppointmentSlot.booked).where(
                AppointmentSlot.center_id == center_id,
                AppointmentSlot.start_utc >= starts_utc[0],
                AppointmentSlot.start_utc <= starts_utc[-1],
            )
        )
        booked = {start: n for start, n in rows.all()}
        for (s, e), su in zip(grid, starts_utc, strict=True):
            remaining = center.capacity_per_slot - booked.get(su, 0)
            if remaining > 0:
                slots.append(Slot(s, e, remaining))
                if len(slots) >= limit:
                    return slots
    return slots


async def _validate_slot(session: AsyncSession, center: Center, start_local: dt.datetime,
                         now: dt.datetime) -> dt.datetime:
    """The end of the slot starting at ``start_local``; raises CenterNotBookable/InvalidSlot/TooLate."""
    if not _accepts_bookings(center):
        raise CenterNotBookable(center.id)
    national = await national_closures(session, since=start_local.date())
    grid = dict(day_slots(center, start_local.date(), national))
    # compare on wall-clock values (the grid's tzinfo is TZ, as is start_local)
    end = grid.get(start_local)
    if end is None:
        raise InvalidSlot(f"{start_local.isoformat()} is not a slot of center {center.id}")
    if start_local.astimezone(dt.UTC) < now + dt.timedelta(hours=center.min_lead_hours):
        raise TooLate(f"center {center.id} needs {center.min_lead_hours} h notice")
    return end


def _insert(session: AsyncSession, table: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT in the session's dialect (PostgreSQL or SQLite), for its ``ON CONFLICT`` clauses."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def _lock_person(session: AsyncSession, person_key: str) -> None:
    stmt = _insert(session, PersonLock).values(person_key=person_key, touched_at=utcnow())
    await session.execute(stmt.on_conflict_do_update(index_elements=["person_key"],
                                                     set_={"touched_at": stmt.excluded.touched_at}))


async def _check_overlap(session: AsyncSession, person_key: str, start_utc: dt.datetime,
                         end_utc: dt.datetime, exclude_id: int | None = None) -> None:
    query = select(Appointment.id).where(
        Appointment.person_key == person_key,
        Appointment.status == "booked",
        Appointment.start_utc < end_utc,
        Appointment.end_utc > start_utc,
    )
    if exclude_id is not None:
        query = query.where(Appointment.id != exclude_id)
    if (await session.execute(query.limit(1))).first() is not None:
        raise OverlappingAppointment()


async def _take_place(session: AsyncSession, center: Center, start_utc: dt.datetime,
                      row_exists: bool | None = None) -> None:
    """Take one place of the slot or raise ``SlotFull``: the conditional increment is the guard.
    ``row_exists``: whether the counter row was seen (None = unknown)."""

    def increment() -> Awaitable[Result[Any]]:
        return session.execute(
            update(AppointmentSlot)
            .where(AppointmentSlot.center_id == center.id, AppointmentSlot.start_utc == start_utc,
                   AppointmentSlot.booked < center.capacity_per_slot)
            .values(booked=AppointmentSlot.booked + 1)
            .execution_options(synchronize_session=False)
        )

    if row_exists is None:
        row_exists = (await session.execute(
            select(AppointmentSlot.booked).where(AppointmentSlot.center_id == center.id,
                                                 AppointmentSlot.start_utc == start_utc)
        )).first() is not None
    if not row_exists:
        # first booking of this slot: create its counter (a concurrent creator makes this a no-op;
        # on PostgreSQL it waits for that creator's transaction to end)
        await session.execute(
            _insert(session, AppointmentSlot)
            .values(center_id=center.id, start_utc=start_utc, booked=0)
            .on_conflict_do_nothing(index_elements=["center_id", "start_utc"])
        )
    if rowcount(await increment()) != 1:
        raise SlotFull()


async def _booked(session: AsyncSession, center: Center, start_utc: dt.datetime) -> int | None:
    """Unlocked read of the committed counter (None: no booking yet). Lets hopeless attempts fail fast
    without queueing on the slot's row lock; only an early exit, ``_take_place`` remains the guard."""
    return await session.scalar(
        select(AppointmentSlot.booked).where(AppointmentSlot.center_id == center.id,
                                             AppointmentSlot.start_utc == start_utc)
    )


async def _free_place(session: AsyncSession, center_id: int, start_utc: dt.datetime) -> None:
    await session.execute(
        update(AppointmentSlot)
        .where(AppointmentSlot.center_id == center_id, AppointmentSlot.start_utc == start_utc,
               AppointmentSlot.booked > 0)
        .values(booked=AppointmentSlot.booked - 1)
        .execution_options(synchronize_session=False)
    )


def _info(appointment: Appointment) -> AppointmentInfo:
    return AppointmentInfo(appointment.reference, appointment.center_id,
                           appointment.start_utc.astimezone(TZ), appointment.status)


async def book(
    session: AsyncSession, center_id: int, start_local: dt.datetime, person_key: str,
    *, now: dt.datetime | None = None,
) -> AppointmentInfo:
    """Book the slot of ``center_id`` starting at local ``start_local`` for ``person_key`` (the
    conversation key). One transaction; commits on success, rolls back on error.

    Raises ``CenterNotFound``, ``CenterNotBookable``, ``InvalidSlot``, ``TooLate`` (inside the lead
    time), ``OverlappingAppointment`` (the person holds an overlapping booked appointment anywhere),
    ``SlotFull``.
    """
    start_local = to_local(start_local)
    now = now or utcnow()
    async with rollback_on_error(session):
        center = await _center(session, center_id)
        end_local = await _validate_slot(session, center, start_local, now)
        start_utc = start_local.astimezone(dt.UTC)
        end_utc = end_local.astimezone(dt.UTC)
        booked = await _booked(session, center, start_utc)
        if booked is not None and booked >= center.capacity_per_slot:
            raise SlotFull()
        await _lock_person(session, person_key)
        await _check_overlap(session, person_key, start_utc, end_utc)
        await _take_place(session, center, start_utc, row_exists=booked is not None)
        appointment = Appointment(reference=new_reference(), center_id=center_id, start_utc=start_utc,
                                  end_utc=end_utc, person_key=person_key, status="booked")
        session.add(appointment)
        await session.flush()
        info = _info(appointment)
        await session.commit()
        return info


async def _active(session: AsyncSession, reference: str, person_key: str) -> Appointment:
    appointment = (
        await session.execute(
            select(Appointment).where(Appointment.reference == normalize_reference(reference),
                                      Appointment.person_key == person_key,
                                      Appointment.status == "booked")
        )
    ).scalar_one_or_none()
    if appointment is None:
        raise AppointmentNotFound(reference)
    return appointment


async def cancel(session: AsyncSession, reference: str, person_key: str,
                 *, now: dt.datetime | None = None) -> AppointmentInfo:
    """Cancel the person's booked appointment ``reference`` (case/dash-insensitive) and free its
    place. Commits. Raises ``AppointmentNotFound`` (unknown, not theirs, or not booked) and
    ``TooLate`` when it has already started."""
    now = now or utcnow()
    async with rollback_on_error(session):
        appointment = await _active(session, reference, person_key)
        if appointment.start_utc <= now:
            raise TooLate("the appointment has started")
        appointment.status = "cancelled"
        await _free_place(session, appointment.center_id, appointment.start_utc)
        await session.flush()
        info = _info(appointment)
        await session.commit()
        return info


async def reschedule(
    session: AsyncSession, reference: str, person_key: str, new_start_local: dt.datetime,
    *, now: dt.datetime | None = None,
) -> AppointmentInfo:
    """Move the person's appointment ``reference`` to the slot at ``new_start_local`` of the same
    center, keeping its reference. Atomic: on any error the old appointment stays as it was.
    Raises what ``book`` raises, plus ``AppointmentNotFound``."""
    new_start_local = to_local(new_start_local)
    now = now or utcnow()
    async with rollback_on_error(session):
        appointment = await _active(session, reference, person_key)
        center = await _center(session, appointment.center_id)
        end_local = await _validate_slot(session, center, new_start_local, now)
        start_utc = new_start_local.astimezone(dt.UTC)
        end_utc = end_local.astimezone(dt.UTC)
        if start_utc == appointment.start_utc:
            info = _info(appointment)
            await session.commit()
            return info
        await _lock_person(session, person_key)
        await _check_overlap(session, person_key, start_utc, end_utc, exclude_id=appointment.id)
        old_start = appointment.start_utc
        # lock both counter rows in a fixed order (earliest first) so two crossing reschedules
        # cannot deadlock on PostgreSQL
        await session.execute(
            select(AppointmentSlot.booked)
            .where(AppointmentSlot.center_id == center.id,
                   AppointmentSlot.start_utc.in_([old_start, start_utc]))
            .order_by(AppointmentSlot.start_utc)
            .with_for_update()
        )
        await _take_place(session, center, start_utc)
        await _free_place(session, center.id, old_start)
        appointment.start_utc = start_utc
        appointment.end_utc = end_utc
        await session.flush()
        info = _info(appointment)
        await session.commit()
        return info


async def list_for_person(session: AsyncSession, person_key: str, upcoming_only: bool = True,
                          *, now: dt.datetime | None = None) -> list[AppointmentInfo]:
    """The person's appointments, earliest first; ``upcoming_only``: booked ones not yet started."""
    query = select(Appointment).where(Appointment.person_key == person_key)
    if upcoming_only:
        query = query.where(Appointment.status == "booked", Appointment.start_utc > (now or utcnow()))
    rows = await session.execute(query.order_by(Appointment.start_utc))
    return [_info(a) for a in rows.scalars()]


@dataclass(frozen=True)
class CenterAppointment:
    """An appointment as center staff see it (no personal data: the person key is pseudonymous)."""

    reference: str
    start_local: dt.datetime
    end_local: dt.datetime
    status: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready: ISO 8601 local times with offset."""
        return {"reference": self.reference, "start_local": self.start_local.isoformat(),
                "end_local": self.end_local.isoformat(), "status": self.status}


async def list_for_center(session: AsyncSession, center_id: int,
                          day: dt.date | None = None) -> list[CenterAppointment]:
    """Appointments of a center (all statuses), earliest first; only local date ``day`` if given."""
    query = select(Appointment).where(Appointment.center_id == center_id)
    if day is not None:
        start = dt.datetime.combine(day, dt.time(0), tzinfo=TZ)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=TZ)
        query = query.where(and_(Appointment.start_utc >= start, Appointment.start_utc < end))
    rows = await session.execute(query.order_by(Appointment.start_utc, Appointment.id))
    return [CenterAppointment(a.reference, a.start_utc.astimezone(TZ), a.end_utc.astimezone(TZ), a.status)
            for a in rows.scalars()]


_HOURS_PART = re.compile(r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*)\s+(?P<times>.+)$")
_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def parse_hours(text: str) -> list[tuple[int, dt.time, dt.time]]:
    """Parse opening hours written as ``mon-fri 08:30-12:30,14:00-16:30; sat 09:00-12:00``
    (weekday names mon…sun, ranges with ``-``, lists with ``,``, parts separated by ``;``; local time).

    Returns (weekday 0=Monday, opens, closes) tuples. Raises ``ValueError`` with a readable message.
    """
    out: list[tuple[int, dt.time, dt.time]] = []
    for part in (p.strip() for p in text.strip().lower().split(";")):
        if not part:
            continue
        m = _HOURS_PART.match(part)
        if not m:
            raise ValueError(f"cannot read opening hours {part!r} (expected e.g. 'mon-fri 08:30-16:30')")
        days: list[int] = []
        for chunk in m["days"].split(","):
            names = chunk.split("-")
            if any(n not in WEEKDAYS for n in names):
                raise ValueError(f"unknown weekday in {chunk!r} (use {', '.join(WEEKDAYS)})")
            a, b = WEEKDAYS.index(names[0]), WEEKDAYS.index(names[-1])
            if b < a:
                raise ValueError(f"weekday range {chunk!r} goes backwards")
            days.extend(range(a, b + 1))
        for rng in m["times"].replace(" ", "").split(","):
            t = _TIME_RANGE.match(rng)
            if not t:
                raise ValueError(f"cannot read time range {rng!r} (expected HH:MM-HH:MM)")
            h1, m1, h2, m2 = map(int, t.groups())
            if not (0 <= h1 <= 23 and 0 <= h2 <= 23 and m1 < 60 and m2 < 60):
                raise ValueError(f"invalid time in {rng!r}")
            opens, closes = dt.time(h1, m1), dt.time(h2, m2)
            if opens >= closes:
                raise ValueError(f"time range {rng!r} closes before it opens")
            out.extend((d, opens, closes) for d in days)
    if not out:
        raise ValueError("no opening hours given")
    for d in range(7):
        ranges = sorted((o, c) for wd, o, c in out if wd == d)
        for (_o1, c1), (o2, _c2) in itertools.pairwise(ranges):
            if o2 < c1:
                raise ValueError(f"overlapping opening hours on {WEEKDAYS[d]}")
    return out


def format_hours(rows: list[tuple[int, dt.time, dt.time]]) -> str:
    """The inverse of ``parse_hours`` (one part per weekday): ``mon 08:30-16:30; tue …``."""
    by_day: dict[int, list[str]] = {}
    for wd, o, c in sorted(rows):
        by_day.setdefault(wd, []).append(f"{o:%H:%M}-{c:%H:%M}")
    return "; ".join(f"{WEEKDAYS[d]} {','.join(r)}" for d, r in sorted(by_day.items()))


async def set_opening_hours(session: AsyncSession, center_id: int,
                            hours: list[tuple[int, dt.time, dt.time]], *, bookable: bool = True,
                            demo: bool = False) -> None:
    """Replace the center's opening hours (local times) and set ``bookable``; ``demo`` marks
    development-only demo hours. Does not commit (part of the caller's transaction)."""
    center = await _center(session, center_id)
    await session.execute(delete(OpeningHours).where(OpeningHours.center_id == center_id))
    session.add_all(OpeningHours(center_id=center_id, weekday=wd, opens=o, closes=c) for wd, o, c in hours)
    center.bookable = bookable and bool(hours)
    center.demo_hours = demo
    await session.flush()
    await session.refresh(center, ["opening_hours"])
