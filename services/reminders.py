"""Day-before appointment reminders.

``send_due_reminders`` finds booked appointments starting tomorrow (local date, Africa/Casablanca),
claims each one in ``appointment_reminder`` (a unique (appointment, kind) row, so a reminder goes out at
most once even with several workers), calls ``send_reminder(conversation_key, appointment)`` — the bot's
channel registry, any ``async (str, AppointmentInfo) -> bool`` — and records ``sent`` or ``failed``
(retried on the next run, at most ``MAX_ATTEMPTS`` times; a claim older than ``STALE_CLAIM`` is
considered lost and retried).

Scheduling: with ``REDIS_URL`` an arq worker runs ``reminders_job`` hourly (arq cron jobs have one job
id per tick, so several bot processes run each tick once); without Redis an in-process asyncio task does
the same. Runs only between ``SEND_FROM`` and ``SEND_UNTIL`` local time: nobody gets a message at 3 a.m.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.booking import TZ, AppointmentInfo
from services.db import rowcount, utcnow
from services.models import Appointment, AppointmentReminder

if TYPE_CHECKING:
    from arq.worker import Worker

log = logging.getLogger(__name__)

SendReminder = Callable[[str, AppointmentInfo], Awaitable[bool]]
KIND = "day_before"
MAX_ATTEMPTS = 3
STALE_CLAIM = dt.timedelta(minutes=30)
SEND_FROM, SEND_UNTIL = dt.time(9, 0), dt.time(20, 0)


@dataclass(frozen=True)
class ReminderRun:
    """Outcome of one run: reminders sent, failed (will be retried), and due ones left to others."""

    sent: int
    failed: int
    skipped: int


async def _claim(session: AsyncSession, appointment_id: int, now: dt.datetime) -> bool:
    existing = (await session.execute(
        select(AppointmentReminder).where(AppointmentReminder.appointment_id == appointment_id,
                                          AppointmentReminder.kind == KIND)
    )).scalar_one_or_none()
    try:
        if existing is None:
            session.add(AppointmentReminder(appointment_id=appointment_id, kind=KIND, status="sending",
                                            attempts=1, claimed_at=now))
            await session.commit()
            return True
        result = await session.execute(
            update(AppointmentReminder)
            .where(AppointmentReminder.id == existing.id, AppointmentReminder.attempts < MAX_ATTEMPTS,
                   or_(AppointmentReminder.status == "failed",
                       and_(AppointmentReminder.status == "sending",
                            AppointmentReminder.claimed_at < now - STALE_CLAIM)))
            .values(status="sending", attempts=AppointmentReminder.attempts + 1, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        return rowcount(result) == 1
    except IntegrityError:  # another worker claimed it first
        await session.rollback()
        return False


async def send_due_reminders(sessions: async_sessionmaker[AsyncSession], send_reminder: SendReminder,
                             *, now: dt.datetime | None = None) -> ReminderRun:
    """Send the reminders of appointments starting tomorrow (local date of ``now``, default: current
    time). A ``send_reminder`` returning False or raising counts as failed. Returns counts."""
    now = now or utcnow()
    tomorrow = now.astimezone(TZ).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(0), tzinfo=TZ)
    end = dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time(0), tzinfo=TZ)
    async with sessions() as session:
        due = (await session.execute(
            select(Appointment.id, Appointment.reference, Appointment.center_id, Appointment.start_utc,
                   Appointment.person_key)
            .outerjoin(AppointmentReminder, and_(AppointmentReminder.appointment_id == Appointment.id,
                                                 AppointmentReminder.kind == KIND))
            .where(Appointment.status == "booked", Appointment.start_utc >= start, Appointment.start_utc < end,
                   or_(AppointmentReminder.id.is_(None), AppointmentReminder.status != "sent"))
            .order_by(Appointment.start_utc)
        )).all()
        await session.commit()
    sent = failed = skipped = 0
    for appointment_id, reference, center_id, start_utc, person_key in due:
        async with sessions() as session:
            if not await _claim(session, appointment_id, now):
                skipped += 1
                continue
        info = AppointmentInfo(reference, center_id, start_utc.astimezone(TZ), "booked")
        try:
            ok = bool(await send_reminder(person_key, info))
        except Exception:  # a channel failure must not stop the other reminders
            log.exception("reminder send failed (appointment id %s)", appointment_id)
            ok = False
        async with sessions() as session:
            await session.execute(
                update(AppointmentReminder)
                .where(AppointmentReminder.appointment_id == appointment_id, AppointmentReminder.kind == KIND)
                .values(status="sent" if ok else "failed", sent_at=utcnow() if ok else None)
            )
            await session.commit()
        sent += ok
        failed += not ok
    return ReminderRun(sent, failed, skipped)


def in_sending_hours(now: dt.datetime | None = None) -> bool:
    """True between SEND_FROM and SEND_UNTIL local time (Africa/Casablanca)."""
    local = (now or utcnow()).astimezone(TZ).time()
    return SEND_FROM <= local < SEND_UNTIL


# --- arq (Redis) --------------------------------------------------------------------------------------------

async def reminders_job(ctx: dict, now_iso: str | None = None) -> dict[str, int]:
    """The arq job: ``ctx`` holds ``sessions`` and ``send_reminder`` (set by ``worker_settings``).
    ``now_iso`` (ISO 8601, aware) overrides the clock; the hourly cron passes none and is skipped
    outside sending hours."""
    now = dt.datetime.fromisoformat(now_iso) if now_iso else None
    if now is None and not in_sending_hours():
        return {"sent": 0, "failed": 0, "skipped": 0}
    run = await send_due_reminders(ctx["sessions"], ctx["send_reminder"], now=now)
    return {"sent": run.sent, "failed": run.failed, "skipped": run.skipped}


def worker_settings(send_reminder: SendReminder, sessions: async_sessionmaker[AsyncSession], redis_url: str,
                    queue_name: str = "jisr:reminders") -> dict:
    """Keyword arguments for ``arq.worker.Worker`` running ``reminders_job`` hourly (minute 0) on the
    Redis at ``redis_url``: ``Worker(**worker_settings(...))``."""
    from arq.connections import RedisSettings
    from arq.cron import cron

    return {
        "functions": [reminders_job],
        "cron_jobs": [cron(reminders_job, name="jisr-reminders", minute={0}, unique=True)],
        "redis_settings": RedisSettings.from_dsn(redis_url),
        "queue_name": queue_name,
        "ctx": {"sessions": sessions, "send_reminder": send_reminder},
        "handle_signals": False,
        "max_jobs": 1,
    }


class ReminderScheduler:
    """Runs reminders in the bot process: an arq worker when ``redis_url`` is given, else an asyncio
    loop every ``interval_seconds``. ``clock`` (aware UTC now) drives the in-process loop.
    ``await start()`` / ``await stop()``."""

    def __init__(self, send_reminder: SendReminder, sessions: async_sessionmaker[AsyncSession],
                 redis_url: str | None = None, interval_seconds: float = 3600.0,
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.send_reminder, self.sessions, self.clock = send_reminder, sessions, clock
        self.redis_url, self.interval = redis_url, interval_seconds
        self._task: asyncio.Task | None = None
        self._worker: Worker | None = None

    async def start(self) -> None:
        """Start the background task (arq worker or in-process loop)."""
        if self.redis_url:
            from arq.worker import Worker

            self._worker = Worker(**worker_settings(self.send_reminder, self.sessions, self.redis_url))
            self._task = asyncio.create_task(self._worker.async_run())
        else:
            self._task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        while True:
            now = self.clock()
            if in_sending_hours(now):
                try:
                    await send_due_reminders(self.sessions, self.send_reminder, now=now)
                except Exception:
                    log.exception("reminder run failed")
            await asyncio.sleep(self.interval)

    async def stop(self) -> None:
        """Stop the background task."""
        if self._worker is not None:
            await self._worker.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
