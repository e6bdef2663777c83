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

The barometer is three modules: this one records events (de-duplication, the in-memory buffer, the
background writer); ``services/barometer_events.py`` defines them (kinds, table, weeks);
``services/barometer_publish.py`` reads and publishes them (filters, suppression, export, population).
This module re-exports the other two: ``from services import barometer`` is the one import callers need.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import random
import secrets
import time
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from services.barometer_events import (  # noqa: F401  (re-exported: the barometer's one import)
    DEDUP_GRACE_SECONDS,
    DIMENSIONS,
    EVENT_COLUMNS,
    KINDS,
    NEEDS,
    TZ,
    VARIETIES,
    WAIT_BUCKETS,
    WAIT_KINDS,
    WAIT_OVER,
    BarometerEvent,
    iso_week,
    seconds_until_week_end,
    wait_class,
    week_monday,
)
from services.barometer_publish import (  # noqa: F401  (re-exported)
    DATA_DIR,
    DEFAULT_MIN_COUNT,
    POPULATION_FILE,
    Filters,
    RegionPopulation,
    counts,
    env_min_count,
    export,
    export_rows,
    hidden,
    is_hidden,
    min_count,
    population,
    publish,
    publish_total,
    rate_per_100k,
    wait_classes,
    wait_summary,
)

log = logging.getLogger("services.barometer")

FLUSH_SECONDS = 2.0  # how often the app's background task writes the buffer (seconds)
MAX_PENDING = 50_000  # events waiting in memory at most (beyond: the oldest are dropped and counted)
RECENT_MAX = 100_000  # in-process memo of events already buffered (skips repeats before the buffer)
REDIS_PREFIX = "jisr-barometer:"  # apart from the state store's keys (a conversation's erasure scans those)

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
        common: dict[str, Any] = {"conversation_key": conv, "need": slots.get("need"), "variety": getattr(state, "variety", None),
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
    centers = {cid: _CENTERS[db, cid][1] for cid in {i.center_id for i in items if i.center_id is not None}
               if (db, cid) in _CENTERS}
    needs_of_center = {cid: _CENTERS[db, cid][2] for cid in centers}
    place_ids = {i.place_id for i in items if i.place_id and i.center_id is None and (db, i.place_id) not in _PLACES}
    if place_ids:
        for r in (await session.execute(
                select(Place.id, Place.region_code, Place.province_id).where(Place.id.in_(place_ids)))).all():
            _PLACES[db, r[0]] = (r[1], r[2])
    places = {pid: _PLACES[db, pid] for pid in {i.place_id for i in items if i.place_id is not None}
              if (db, pid) in _PLACES}
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


__all__ = ["RECORDER", "BarometerEvent", "Filters", "Recorder", "counts", "export", "export_rows", "iso_week",
           "population", "publish", "publish_total", "rate_per_100k", "wait_summary"]
