"""The social barometer: anonymous counts of needs by region, for the ministry and its partners.

The source document names the Jisr social barometer (``البارومتر الاجتماعي «جسر»``, seed text L445) among
the decision-support functions of the new centers, next to data collection (``تجميع المعطيات``, L441) and
data analysis and studies (``تحليل المعطيات والدراسات``, L454). This module is that barometer for the bot:

* **Events** (:class:`BarometerEvent`, table ``barometer_event``) are written at the moments that matter on
  the message path and in the console: a journey started, a request located in a province, danger detected,
  no open center within ``FAR_CENTER_KM`` for a need, a referral sent/accepted/declined, an appointment
  booked/cancelled/attended/missed, the waiting time of an escalation until an operator took it. An event
  holds only the ISO week (Africa/Casablanca), the region code (1–12), the province id (slug), the need, the
  variety, the channel and an outcome — a random id, no conversation key, no identity, no text, no time.
* **De-duplication at the moment of writing**: one event per conversation, kind, need and ISO week (per
  conversation, kind and week for the kinds without a need). The conversation is recognised by a keyed hash
  ``HMAC-SHA256(weekly salt, conversation key | kind | need)``; the salt is random, made per ISO week, and
  kept with the hashes only in Redis (``REDIS_URL``) or in memory, both expiring one day after the week
  ends. Nothing in the database can be joined to a conversation, and after the week nothing anywhere can.
* **Cost on the message path**: :meth:`Recorder.note` only appends to an in-memory buffer (a few
  microseconds); a background task of the app (:meth:`Recorder.start`) resolves places and centers to
  region/province, de-duplicates and inserts the buffer every ``FLUSH_SECONDS``. Events still in the buffer
  when a process is killed are lost: they are statistics, not records.
* **Publication** (:func:`table`, :func:`export_rows`): every published cell counts distinct conversations;
  a cell under ``BAROMETER_MIN_COUNT`` (default 10) is shown as ``< 10``; a total is published only when
  none of its cells is hidden — otherwise it is shown as a lower bound ``≥ N`` (the sum of the published
  cells plus one per hidden cell), so that subtracting the published cells from a total never reveals a
  small cell (complementary suppression on the totals).

Privacy (law 09-08): the events are anonymous statistics — no data relating to an identified or
identifiable person — so "delete my data" does not touch them (README, *Privacy and safety*).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import random
import secrets
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Index, Integer, String, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from services.db import Base

log = logging.getLogger("services.barometer")

TZ = ZoneInfo("Africa/Casablanca")
DATA_DIR = Path(__file__).resolve().parent / "data"
POPULATION_FILE = DATA_DIR / "population_2024.json"

DEFAULT_MIN_COUNT = 10  # BAROMETER_MIN_COUNT: cells under it are published as "< 10"
FLUSH_SECONDS = 2.0  # how often the app's background task writes the buffer (seconds)
MAX_PENDING = 50_000  # events waiting in memory at most (beyond: the oldest are dropped and counted)
RECENT_MAX = 100_000  # in-process memo of events already buffered (skips repeats before the buffer)
DEDUP_GRACE_SECONDS = 24 * 3600  # salts and de-duplication marks live until one day after their week
REDIS_PREFIX = "jisr-barometer:"  # apart from the state store's keys (a conversation's erasure scans those)

NEEDS = ("violence", "mediation", "disability", "child", "elderly", "homeless")
VARIETIES = ("ary", "ary-Latn", "ar", "fr")
DIMENSIONS = ("week", "region", "province", "need", "variety", "channel")

# kind → (export column, the kind is de-duplicated per need too)
KINDS: dict[str, tuple[str, bool]] = {
    "journey_started": ("conversations", True),
    "place_resolved": ("located", True),
    "danger": ("danger", False),
    "unmet_need": ("unmet_need", True),
    "referral_sent": ("referrals_sent", True),
    "referral_accepted": ("referrals_accepted", True),
    "referral_declined": ("referrals_declined", True),
    "appointment_booked": ("appointments_booked", False),
    "appointment_cancelled": ("appointments_cancelled", False),
    "appointment_attended": ("appointments_attended", False),
    "appointment_no_show": ("appointments_no_show", False),
    "danger_wait": ("danger_escalations_taken", False),
    "escalation_wait": ("escalations_taken", False),
}
WAIT_KINDS = ("danger_wait", "escalation_wait")
# upper bounds (seconds) of the waiting-time classes stored as the outcome of *_wait events: the exact wait
# is never stored; medians and 90th percentiles are read as "at most this long"
WAIT_BUCKETS = (10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200,
                10800, 14400, 21600, 43200, 86400)
WAIT_OVER = "over"  # beyond the last bucket


class BarometerEvent(Base):
    """One anonymous barometer event. ``id``: 32 random hex digits (no order, no time); ``week``: ISO week
    ``YYYY-Www`` in Africa/Casablanca; ``kind``: one of :data:`KINDS`; ``region``: official code 1–12;
    ``province``: ``province.id`` slug; ``need``/``variety``/``channel``; ``outcome``: the kind's detail
    (``far``/``none`` for ``unmet_need``, a waiting-time class in seconds for ``*_wait``). Nothing else."""

    __tablename__ = "barometer_event"
    __table_args__ = (Index("ix_barometer_event_week_kind", "week", "kind"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(24))
    region: Mapped[int | None] = mapped_column(Integer)
    province: Mapped[str | None] = mapped_column(String(80))
    need: Mapped[str | None] = mapped_column(String(20))
    variety: Mapped[str | None] = mapped_column(String(10))
    channel: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))


EVENT_COLUMNS = ("id", "week", "kind", "region", "province", "need", "variety", "channel", "outcome")


# ---------------------------------------------------------------------------------------------------
# Weeks
# ---------------------------------------------------------------------------------------------------

def iso_week(day: dt.date | dt.datetime) -> str:
    """The ISO week ``YYYY-Www`` of ``day`` (an aware datetime is first put in Africa/Casablanca time)."""
    if isinstance(day, dt.datetime):
        day = (day if day.tzinfo else day.replace(tzinfo=dt.UTC)).astimezone(TZ).date()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> dt.date:
    """The Monday (local date) of ISO week ``YYYY-Www``."""
    year, num = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(num), 1)


def seconds_until_week_end(now: dt.datetime, week: str) -> int:
    """Seconds from ``now`` until the end of ``week`` (next Monday 00:00 Africa/Casablanca) plus
    :data:`DEDUP_GRACE_SECONDS` (at least 60): how long a week's salt and marks are kept."""
    end = dt.datetime.combine(week_monday(week) + dt.timedelta(days=7), dt.time(), TZ)
    return max(60, int((end - now).total_seconds()) + DEDUP_GRACE_SECONDS)


def wait_class(seconds: float) -> str:
    """The waiting-time class (outcome of a ``*_wait`` event) of a wait of ``seconds``: the smallest bound of
    :data:`WAIT_BUCKETS` at or above it (``"120"`` = at most 2 minutes), or ``"over"`` beyond 24 h."""
    for bound in WAIT_BUCKETS:
        if seconds <= bound:
            return str(bound)
    return WAIT_OVER


# ---------------------------------------------------------------------------------------------------
# De-duplication stores (what is kept: per-week random salts and keyed hashes, expiring after the week)
# ---------------------------------------------------------------------------------------------------

class MemoryDedup:
    """Per-week salts and marks in this process (no ``REDIS_URL``: one worker). Weeks are dropped one day
    after they end."""

    def __init__(self) -> None:
        self._salts: dict[str, bytes] = {}
        self._seen: dict[str, set[bytes]] = {}
        self._expires: dict[str, float] = {}

    async def salt(self, week: str, now: dt.datetime) -> bytes:
        """The random salt of ``week`` (made on first use)."""
        self._sweep(now)
        if week not in self._salts:
            self._salts[week] = secrets.token_bytes(32)
            self._seen[week] = set()
            self._expires[week] = now.timestamp() + seconds_until_week_end(now, week)
        return self._salts[week]

    async def first_time(self, week: str, marks: Sequence[bytes], now: dt.datetime) -> list[bool]:
        """For each mark of ``week``: True when it was not seen before (and remember it)."""
        seen = self._seen.setdefault(week, set())
        out = []
        for mark in marks:
            out.append(mark not in seen)
            seen.add(mark)
        return out

    async def forget(self, week: str, marks: Sequence[bytes]) -> None:
        """Drop marks (their events could not be written: they may be tried again)."""
        self._seen.get(week, set()).difference_update(marks)

    def _sweep(self, now: dt.datetime) -> None:
        for week in [w for w, t in self._expires.items() if t < now.timestamp()]:
            self._salts.pop(week, None)
            self._seen.pop(week, None)
            self._expires.pop(week, None)


class RedisDedup:
    """Per-week salts and marks in Redis (shared by every worker): ``jisr-barometer:salt:<week>`` and
    ``jisr-barometer:seen:<week>:<hash>``, each expiring one day after the week ends."""

    def __init__(self, client: Any, prefix: str = REDIS_PREFIX) -> None:
        self.client = client
        self.prefix = prefix

    async def salt(self, week: str, now: dt.datetime) -> bytes:
        """The random salt of ``week``: set once (``SET NX``) by whichever worker comes first."""
        key = f"{self.prefix}salt:{week}"
        ttl = seconds_until_week_end(now, week)
        await self.client.set(key, secrets.token_hex(32), nx=True, ex=ttl)
        value = await self.client.get(key)
        return bytes.fromhex(value.decode() if isinstance(value, bytes) else value)

    async def first_time(self, week: str, marks: Sequence[bytes], now: dt.datetime) -> list[bool]:
        """``SET NX`` of each mark (one pipeline): True for the marks that were new."""
        ttl = seconds_until_week_end(now, week)
        async with self.client.pipeline(transaction=False) as pipe:
            for mark in marks:
                pipe.set(f"{self.prefix}seen:{week}:{mark.hex()}", b"1", nx=True, ex=ttl)
            results = await pipe.execute()
        return [bool(r) for r in results]

    async def forget(self, week: str, marks: Sequence[bytes]) -> None:
        """Delete marks whose events could not be written."""
        if marks:
            await self.client.delete(*[f"{self.prefix}seen:{week}:{m.hex()}" for m in marks])


# ---------------------------------------------------------------------------------------------------
# The recorder
# ---------------------------------------------------------------------------------------------------

@dataclass
class _Pending:
    """An event waiting in memory. ``conv`` and the lookup keys (``place_id``, ``center_id``,
    ``reference``) are used at flush time only and never written."""

    week: str
    kind: str
    conv: str
    need: str | None = None
    variety: str | None = None
    channel: str | None = None
    outcome: str | None = None
    region: int | None = None
    province: str | None = None
    place_id: str | None = None
    center_id: int | None = None
    reference: str | None = None


@dataclass
class RecorderStats:
    """Counters since start: events noted, written, dropped as duplicates, lost (buffer full or a failed
    write given up), flushes and their cumulated time (ms). No content."""

    noted: int = 0
    written: int = 0
    duplicates: int = 0
    lost: int = 0
    flushes: int = 0
    flush_ms: float = 0.0


class Recorder:
    """Collects barometer events in memory and writes them in the background.

    One per process (:data:`RECORDER`), because the moments happen in the message path, the flow actions and
    the console alike. The app's lifespan calls :meth:`start` (session factory, Redis client or None) and
    :meth:`stop` (which writes what is left). Tests call :meth:`flush` with their own session factory.
    """

    def __init__(self) -> None:
        self.enabled = True
        self.pending: list[_Pending] = []
        self.stats = RecorderStats()
        self.dedup: Any = MemoryDedup()
        self.session_factory: Any = None
        self.clock = time.time  # epoch seconds (tests move it)
        self._recent: OrderedDict[bytes, None] = OrderedDict()
        self._recent_key = secrets.token_bytes(16)
        self._task: asyncio.Task | None = None
        self._locks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one per event loop (tests: several)
        self._bindings: list[tuple[Any, Any]] = []  # (session factory, dedup store) of the running apps

    # ---- the moments (cheap: an append to memory) -------------------------------------------------
    def note(self, kind: str, *, conversation_key: str, need: str | None = None, variety: str | None = None,
             channel: str | None = None, outcome: str | None = None, region: int | None = None,
             province: str | None = None, place_id: str | None = None, center_id: int | None = None,
             reference: str | None = None, now: dt.datetime | None = None) -> None:
        """Buffer one event of ``kind`` for the conversation ``conversation_key`` (used for de-duplication
        only). ``place_id`` / ``center_id`` / ``reference`` (an appointment's) are resolved to region,
        province (and need, for a center serving one need) when written; a missing channel or variety is
        read from the conversation's identity record. Never raises, never awaits: the message path pays an
        append (about 2 µs, ``bench/barometer_overhead.py``)."""
        try:
            if not self.enabled or kind not in KINDS or not conversation_key:
                return
            now = now or dt.datetime.fromtimestamp(self.clock(), dt.UTC)
            week = iso_week(now)
            need = need if need in NEEDS else None
            memo = hashlib.blake2b(f"{week}\x00{kind}\x00{need if KINDS[kind][1] else ''}\x00{conversation_key}"
                                   .encode(), key=self._recent_key, digest_size=16).digest()
            if memo in self._recent:
                return  # already buffered or written by this process this week
            self._recent[memo] = None
            if len(self._recent) > RECENT_MAX:
                self._recent.popitem(last=False)
            if len(self.pending) >= MAX_PENDING:
                self.pending.pop(0)
                self.stats.lost += 1
            self.pending.append(_Pending(
                week, kind, conversation_key, need=need, variety=variety if variety in VARIETIES else None,
                channel=(channel or None) and str(channel)[:20], outcome=outcome and str(outcome)[:20],
                region=_int_or_none(region), province=province, place_id=place_id,
                center_id=_int_or_none(center_id), reference=reference))
            self.stats.noted += 1
        except Exception as exc:  # noqa: BLE001 - statistics must never break a turn
            log.warning("barometer-note-failed kind=%s error=%s", kind, type(exc).__name__)

    def on_turn(self, conversation_key: str, channel: str, state: Any, danger: bool = False) -> None:
        """After a turn of the message path (``bot/pipeline.py``): a journey with a need started
        (``journey_started``), the request located in a place (``place_resolved``, needs a need), danger
        detected (``danger``). Repeats within the week are de-duplicated."""
        slots = getattr(state, "slots", None) or {}
        need, place_id, variety = slots.get("need"), slots.get("place_id"), getattr(state, "variety", None)
        region = slots.get("region_code")
        if need:
            self.note("journey_started", conversation_key=conversation_key, need=need, variety=variety,
                      channel=channel, region=region, place_id=place_id)
            if place_id:
                self.note("place_resolved", conversation_key=conversation_key, need=need, variety=variety,
                          channel=channel, region=region, place_id=place_id)
        if danger:
            self.note("danger", conversation_key=conversation_key, need=need, variety=variety, channel=channel,
                      region=region, place_id=place_id)

    def on_action(self, action: str | None, result: Any, state: Any, ctx: Any) -> None:
        """After a flow action (``dialogues/engine.py``): ``find_centers`` with no open center within
        ``FAR_CENTER_KM`` (outcome ``far``) or none at all (``none``) for a located request →
        ``unmet_need``; ``create_referral`` sent, ``book_appointment`` booked, ``cancel_appointment``
        cancelled."""
        outcome = getattr(result, "outcome", None)
        conv = getattr(ctx, "conversation_key", "")
        slots = getattr(state, "slots", None) or {}
        common = {"conversation_key": conv, "need": slots.get("need"), "variety": getattr(state, "variety", None),
                  "channel": getattr(ctx, "channel", None)}
        if action == "find_centers" and outcome in ("far", "none") and slots.get("place_id"):
            self.note("unmet_need", outcome=outcome, region=slots.get("region_code"), place_id=slots["place_id"],
                      **common)
        elif action == "create_referral" and outcome == "sent":
            self.note("referral_sent", center_id=slots.get("center_id"), **common)
        elif action == "book_appointment" and outcome == "booked":
            self.note("appointment_booked", center_id=slots.get("center_id"), **common)
        elif action == "cancel_appointment" and outcome == "cancelled":
            self.note("appointment_cancelled", reference=slots.get("appointment_ref"), **common)

    def on_referral(self, referral: Any, status: str) -> None:
        """A center's staff accepted or declined a referral (``services/referrals.py``); other statuses are
        not counted. Region and province are the center's."""
        if status in ("accepted", "declined"):
            self.note(f"referral_{status}", conversation_key=getattr(referral, "conversation_key", ""),
                      need=getattr(referral, "need", None), center_id=getattr(referral, "center_id", None))

    def on_appointment(self, appointment: Any, mark: str) -> None:
        """Staff marked an appointment ``attended`` or ``no_show`` (console). Region and province are the
        center's."""
        if mark in ("attended", "no_show"):
            self.note(f"appointment_{mark}", conversation_key=getattr(appointment, "person_key", ""),
                      center_id=getattr(appointment, "center_id", None))

    def on_claim(self, escalation: Any, now: dt.datetime) -> None:
        """An operator took an open escalation (``services/escalations.claim``): its wait since it was opened,
        as a class of :data:`WAIT_BUCKETS` (``danger_wait`` for priority 0, else ``escalation_wait``)."""
        opened = getattr(escalation, "opened_at", None)
        if opened is None:
            return
        wait = max(0.0, (now - opened).total_seconds())
        kind = "danger_wait" if getattr(escalation, "priority", 2) == 0 else "escalation_wait"
        self.note(kind, conversation_key=getattr(escalation, "conversation_key", ""),
                  need=getattr(escalation, "journey", None), variety=getattr(escalation, "variety", None),
                  channel=getattr(escalation, "channel", None), region=getattr(escalation, "region_code", None),
                  outcome=wait_class(wait), now=now)

    # ---- writing ------------------------------------------------------------------------------------
    async def flush(self, session_factory: Any = None) -> int:
        """Write the buffered events (lookups, de-duplication, one INSERT in random order); returns how many
        rows were written. On a database error the events go back to the buffer (their marks are dropped)
        and the error is logged; nothing is raised."""
        sessions = session_factory or self.session_factory
        if sessions is None or not self.pending:
            return 0
        lock = self._locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        async with lock:
            items, self.pending = self.pending, []
            started = time.perf_counter()
            now = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
            try:
                fresh, marks = await self._dedup(items, now)
            except Exception as exc:  # noqa: BLE001 - Redis away: try again at the next flush
                log.warning("barometer-dedup-failed error=%s events=%d", type(exc).__name__, len(items))
                self._requeue(items)
                return 0
            if not fresh:
                return 0
            try:
                async with sessions() as s:
                    rows = await _resolve(s, fresh)
                    random.shuffle(rows)  # the order of rows tells nothing about the order of events
                    await s.execute(insert(BarometerEvent), rows)
                    await s.commit()
            except Exception as exc:  # noqa: BLE001 - the database is away: keep them for the next flush
                log.warning("barometer-write-failed error=%s events=%d", type(exc).__name__, len(fresh))
                for week, week_marks in marks.items():
                    with contextlib.suppress(Exception):
                        await self.dedup.forget(week, week_marks)
                self._requeue(fresh)
                return 0
            self.stats.written += len(rows)
            self.stats.flushes += 1
            self.stats.flush_ms += (time.perf_counter() - started) * 1000
            return len(rows)

    async def _dedup(self, items: list[_Pending], now: dt.datetime) -> tuple[list[_Pending], dict[str, list]]:
        by_week: dict[str, list[_Pending]] = {}
        for item in items:
            by_week.setdefault(item.week, []).append(item)
        fresh: list[_Pending] = []
        kept: dict[str, list[bytes]] = {}
        for week, group in by_week.items():
            salt = await self.dedup.salt(week, now)
            marks = [_mark(salt, item) for item in group]
            firsts = await self.dedup.first_time(week, marks, now)
            for item, mark, first in zip(group, marks, firsts):
                if first:
                    fresh.append(item)
                    kept.setdefault(week, []).append(mark)
                else:
                    self.stats.duplicates += 1
        return fresh, kept

    def _requeue(self, items: list[_Pending]) -> None:
        room = MAX_PENDING - len(self.pending)
        if room < len(items):
            self.stats.lost += len(items) - max(room, 0)
            items = items[len(items) - max(room, 0):]
        self.pending[:0] = items

    # ---- lifecycle ----------------------------------------------------------------------------------
    async def start(self, session_factory: Any, redis_client: Any = None, interval: float = FLUSH_SECONDS) -> None:
        """Bind the database (and Redis for de-duplication shared by every worker; None = in this process)
        and run the periodic flush every ``interval`` seconds. The last app started is the one written to."""
        dedup = RedisDedup(redis_client) if redis_client is not None else MemoryDedup()
        self._bindings.append((session_factory, dedup))
        self.session_factory, self.dedup = session_factory, dedup
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop(interval))

    async def stop(self, session_factory: Any = None) -> None:
        """Write what is left, unbind ``session_factory`` (default the current one) and stop the periodic
        flush when no app is bound any more."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.flush(), 5)
        target = session_factory or self.session_factory
        self._bindings = [b for b in self._bindings if b[0] is not target]
        if self._bindings:
            self.session_factory, self.dedup = self._bindings[-1]
            return
        self.session_factory, self.dedup = None, MemoryDedup()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task
            self._task = None

    async def _loop(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self.flush()
            except Exception as exc:  # noqa: BLE001 - keep flushing
                log.warning("barometer-flush-failed error=%s", type(exc).__name__)

    def reset(self) -> None:
        """Forget the buffer, the memo and the in-memory marks (tests)."""
        self.pending.clear()
        self._recent.clear()
        self.stats = RecorderStats()
        if isinstance(self.dedup, MemoryDedup):
            self.dedup = MemoryDedup()


RECORDER = Recorder()
"""The process's recorder: ``from services import barometer; barometer.RECORDER.note(...)``."""

# the hooks other modules call (one line each at the moment that matters)
on_turn = RECORDER.on_turn
on_action = RECORDER.on_action
on_referral = RECORDER.on_referral
on_appointment = RECORDER.on_appointment
on_claim = RECORDER.on_claim


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _mark(salt: bytes, item: _Pending) -> bytes:
    """HMAC-SHA256 (16 bytes) of the conversation, kind and need under the week's salt."""
    need = item.need if KINDS[item.kind][1] else ""
    return hmac.new(salt, f"{item.conv}\x00{item.kind}\x00{need or ''}".encode(), hashlib.sha256).digest()[:16]


# (database, place id) → (region, province): reference data; (database, center id) → (read at, (region,
# province, type), needs served)
_PLACES: dict[tuple[str, str], tuple[int, str | None]] = {}
_CENTERS: dict[tuple[str, int], tuple[float, tuple[int, str | None, str], frozenset[str]]] = {}
CENTER_CACHE_SECONDS = 600.0  # a center's region/province/type read again after this long (admins edit them)


async def _resolve(session: Any, items: list[_Pending]) -> list[dict[str, Any]]:
    """The rows to insert: places and centers resolved to region/province (a center serving a single need
    gives the need when unknown), appointments' references to their center, missing channel/variety read
    from ``conversation_identity``. The conversation key and the lookup keys are not in the rows. Places and
    centers are cached in memory, so a flush is usually a single INSERT (on SQLite a flush holds the write
    lock: it must be short)."""
    from services.models import Appointment, Center, CenterTypeNeed, ConversationIdentity, Place

    refs = {i.reference for i in items if i.reference and i.center_id is None}
    ref_center: dict[str, int] = {}
    if refs:
        ref_center = dict((await session.execute(
            select(Appointment.reference, Appointment.center_id).where(Appointment.reference.in_(refs)))).all())
    for i in items:
        if i.center_id is None and i.reference in ref_center:
            i.center_id = ref_center[i.reference]
    now, db = time.monotonic(), str(getattr(session.bind, "url", ""))
    center_ids = {i.center_id for i in items if i.center_id is not None
                  and ((db, i.center_id) not in _CENTERS or now - _CENTERS[db, i.center_id][0] > CENTER_CACHE_SECONDS)}
    if center_ids:
        rows = (await session.execute(
            select(Center.id, Center.region_code, Place.province_id, Center.type_code)
            .join(Place, Place.id == Center.place_id, isouter=True).where(Center.id.in_(center_ids)))).all()
        needs_of: dict[str, set[str]] = {}
        for code, need in (await session.execute(select(CenterTypeNeed.type_code, CenterTypeNeed.need)
                                                 .where(CenterTypeNeed.type_code.in_({r[3] for r in rows})))).all():
            needs_of.setdefault(code, set()).add(need)
        for r in rows:
            _CENTERS[db, r[0]] = (now, (r[1], r[2], r[3]), frozenset(needs_of.get(r[3], ())))
    centers = {cid: _CENTERS[db, cid][1] for cid in {i.center_id for i in items} if (db, cid) in _CENTERS}
    needs_of_center = {cid: _CENTERS[db, cid][2] for cid in centers}
    place_ids = {i.place_id for i in items if i.place_id and i.center_id is None and (db, i.place_id) not in _PLACES}
    if place_ids:
        for r in (await session.execute(
                select(Place.id, Place.region_code, Place.province_id).where(Place.id.in_(place_ids)))).all():
            _PLACES[db, r[0]] = (r[1], r[2])
    places = {pid: _PLACES[db, pid] for pid in {i.place_id for i in items} if (db, pid) in _PLACES}
    keys = {i.conv for i in items if i.channel is None or i.variety is None}
    identities: dict[str, tuple[str, str | None]] = {}
    if keys:
        identities = {r[0]: (r[1], r[2]) for r in (await session.execute(
            select(ConversationIdentity.key, ConversationIdentity.channel, ConversationIdentity.variety)
            .where(ConversationIdentity.key.in_(keys)))).all()}
    rows_out = []
    for i in items:
        region, province, need = i.region, i.province, i.need
        if i.center_id is not None and i.center_id in centers:
            region, province, _type = centers[i.center_id]
            served = needs_of_center[i.center_id]
            if need is None and len(served) == 1:
                need = next(iter(served))
        elif i.place_id in places:
            region, province = places[i.place_id]
        channel, variety = i.channel, i.variety
        if (channel is None or variety is None) and i.conv in identities:
            channel = channel or identities[i.conv][0]
            variety = variety or identities[i.conv][1]
        rows_out.append({"id": secrets.token_hex(16), "week": i.week, "kind": i.kind, "region": region,
                         "province": province, "need": need,
                         "variety": variety if variety in VARIETIES else None,
                         "channel": channel, "outcome": i.outcome})
    return rows_out


# ---------------------------------------------------------------------------------------------------
# Reading: filters, cells, suppression
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What to count: local dates ``since``/``until`` (inclusive; whole ISO weeks), and a need, a variety and
    a channel (None = all)."""

    since: dt.date | None = None
    until: dt.date | None = None
    need: str | None = None
    variety: str | None = None
    channel: str | None = None

    def where(self) -> list[Any]:
        """SQLAlchemy conditions on :class:`BarometerEvent`."""
        c = BarometerEvent
        out = []
        if self.since is not None:
            out.append(c.week >= iso_week(self.since))
        if self.until is not None:
            out.append(c.week <= iso_week(self.until))
        if self.need:
            out.append(c.need == self.need)
        if self.variety:
            out.append(c.variety == self.variety)
        if self.channel:
            out.append(c.channel == self.channel)
        return out


def min_count(settings: Any = None) -> int:
    """``BAROMETER_MIN_COUNT`` (default 10, at least 2)."""
    if settings is None:
        from bot.config import get_settings

        settings = get_settings()
    return max(2, int(getattr(settings, "barometer_min_count", DEFAULT_MIN_COUNT) or DEFAULT_MIN_COUNT))


def hidden(k: int) -> str:
    """How a suppressed cell is shown: ``"< 10"`` for ``k`` = 10."""
    return f"< {k}"


def publish(value: int, k: int) -> int | str:
    """A cell's published value: the count, or ``"< k"`` when it is between 1 and ``k - 1`` (0 is 0)."""
    return value if value == 0 or value >= k else hidden(k)


def publish_total(members: Iterable[int], k: int) -> int | str:
    """The published total of cells ``members`` (each published with :func:`publish`): the sum when no member
    is hidden; ``"< k"`` when the sum itself is under ``k``; otherwise ``"≥ N"`` with N = the sum of the
    published members + 1 per hidden member (what anyone can compute from the table already), so that
    subtracting published cells from the total never gives a hidden one."""
    values = [int(m) for m in members]
    total = sum(values)
    if total == 0:
        return 0
    if total < k:
        return hidden(k)
    small = [v for v in values if 0 < v < k]
    if not small:
        return total
    return f"≥ {sum(v for v in values if v >= k) + len(small)}"


def is_hidden(value: int | str) -> bool:
    """True for a value that is not an exact count (``< k`` or ``≥ N``)."""
    return isinstance(value, str)


async def counts(session: Any, by: Sequence[str], filters: Filters = Filters(),
                 kinds: Sequence[str] | None = None) -> dict[tuple, dict[str, int]]:
    """``{dims tuple (in the order of by): {kind: events}}``; each event is one distinct conversation of its
    cell and week (de-duplicated when written)."""
    bad = [d for d in by if d not in DIMENSIONS]
    if bad:
        raise ValueError(f"unknown dimension(s): {', '.join(bad)}")
    c = BarometerEvent
    cols = [getattr(c, d) for d in by]
    where = filters.where()
    if kinds:
        where.append(c.kind.in_(list(kinds)))
    rows = (await session.execute(select(*cols, c.kind, func.count()).where(*where).group_by(*cols, c.kind))).all()
    out: dict[tuple, dict[str, int]] = {}
    for row in rows:
        key = tuple(row[: len(by)])
        out.setdefault(key, {})[row[len(by)]] = int(row[len(by) + 1])
    return out


def _sort_key(key: tuple) -> tuple:
    return tuple((0, v) if isinstance(v, int) else (1, str(v or "")) for v in key)


def export_rows(cells: dict[tuple, dict[str, int]], by: Sequence[str], k: int,
                waits: dict[tuple, list[str]] | None = None) -> tuple[list[str], list[list[Any]]]:
    """The published table: a header (the ``by`` dimensions, one column per kind of :data:`KINDS`, and the
    median and 90th percentile of the danger escalations' waits, seconds) and rows, each count published
    with :func:`publish`; the last row is the total (first column ``total``) published with
    :func:`publish_total`. ``waits``: ``{dims: [wait classes of danger_wait events]}``."""
    columns = [KINDS[kind][0] for kind in KINDS]
    header = [*by, *columns, "danger_wait_median_s", "danger_wait_p90_s"]
    rows: list[list[Any]] = []
    keys = sorted(cells, key=_sort_key)
    for key in keys:
        values = cells[key]
        row = [("" if v is None else v) for v in key]
        row += [publish(values.get(kind, 0), k) for kind in KINDS]
        row += list(wait_summary((waits or {}).get(key, []), k))
        rows.append(row)
    total = ["total"] + [""] * (len(by) - 1) if by else []
    total += [publish_total((cells[key].get(kind, 0) for key in keys), k) for kind in KINDS]
    total += list(wait_summary([w for key in keys for w in (waits or {}).get(key, [])], k))
    rows.append(total)
    return header, rows


def wait_summary(classes: Sequence[str], k: int) -> tuple[int | str, int | str]:
    """(median, 90th percentile) in seconds of waiting-time classes (each the upper bound of its class, so
    "at most"), published only for at least ``k`` conversations (else ``"< k"``, or ``""`` for none).
    ``over`` (beyond 24 h) counts as longer than every class and is shown as ``"> 86400"``."""
    if not classes:
        return "", ""
    if len(classes) < k:
        return hidden(k), hidden(k)
    values = sorted(float("inf") if c == WAIT_OVER else float(c) for c in classes)
    return _quantile(values, 0.5), _quantile(values, 0.9)


def _quantile(values: list[float], q: float) -> int | str:
    """The nearest-rank ``q`` quantile of sorted ``values`` (an ``int`` of seconds, or ``"> 86400"``)."""
    rank = max(1, -(-len(values) * q // 1))  # ceil(n q)
    value = values[int(rank) - 1]
    return f"> {WAIT_BUCKETS[-1]}" if value == float("inf") else int(value)


async def wait_classes(session: Any, by: Sequence[str], filters: Filters = Filters(),
                       kind: str = "danger_wait") -> dict[tuple, list[str]]:
    """``{dims: [wait classes]}`` of the ``kind`` events (``danger_wait`` or ``escalation_wait``)."""
    c = BarometerEvent
    cols = [getattr(c, d) for d in by]
    rows = (await session.execute(select(*cols, c.outcome).where(c.kind == kind, *filters.where()))).all()
    out: dict[tuple, list[str]] = {}
    for row in rows:
        out.setdefault(tuple(row[: len(by)]), []).append(str(row[len(by)]))
    return out


async def export(session: Any, by: Sequence[str] = DIMENSIONS, filters: Filters = Filters(),
                 k: int = DEFAULT_MIN_COUNT) -> tuple[list[str], list[list[Any]]]:
    """:func:`export_rows` of the database's events grouped by ``by`` (default every dimension)."""
    cells = await counts(session, by, filters)
    waits = await wait_classes(session, by, filters)
    for key in waits:
        cells.setdefault(key, {})
    return export_rows(cells, by, k, waits)


# ---------------------------------------------------------------------------------------------------
# Population (for rates per 100,000 inhabitants)
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegionPopulation:
    """A region's population (inhabitants, legal population of the 2024 census) or None when unknown,
    and whether the figure was verified against the official publication."""

    code: int
    population: int | None
    verified: bool


@lru_cache(maxsize=1)
def population() -> dict[int, RegionPopulation]:
    """``{region code: RegionPopulation}`` from ``services/data/population_2024.json`` (its sources are in
    the file; a region without a figure has ``population=None``)."""
    data = json.loads(POPULATION_FILE.read_text(encoding="utf-8"))
    verified = bool(data.get("verified", False))
    return {int(r["code"]): RegionPopulation(int(r["code"]), r.get("population"), bool(r.get("verified", verified)))
            for r in data["regions"]}


def rate_per_100k(count: int, people: int | None) -> float | None:
    """Requests per 100,000 inhabitants (one decimal), None when the population is unknown."""
    if not people:
        return None
    return round(count * 100_000 / people, 1)


def env_min_count() -> int:
    """``BAROMETER_MIN_COUNT`` from the environment without loading the settings (tools, benches)."""
    try:
        return max(2, int(os.environ.get("BAROMETER_MIN_COUNT", DEFAULT_MIN_COUNT)))
    except ValueError:
        return DEFAULT_MIN_COUNT


__all__ = ["RECORDER", "BarometerEvent", "Filters", "Recorder", "counts", "export", "export_rows", "iso_week",
           "population", "publish", "publish_total", "rate_per_100k", "wait_summary"]
