"""Day-before reminders: the selection and bookkeeping on both databases, the arq job over the real
Redis, and the in-process fallback."""

from __future__ import annotations

import asyncio
import datetime as dt

from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker
from sqlalchemy import select

from services.booking import TZ, book, cancel
from services.models import AppointmentReminder
from services.reminders import ReminderScheduler, send_due_reminders, worker_settings

BOOKED_AT = dt.datetime(2027, 1, 4, 8, 10, tzinfo=dt.UTC)
EVENING_BEFORE = dt.datetime(2027, 1, 5, 17, 0, tzinfo=dt.UTC)  # Tuesday 18:00 local


async def _book_three(make_center, sessions):
    cid = await make_center(capacity_per_slot=5)
    async with sessions() as s:
        wed = await book(s, cid, dt.datetime(2027, 1, 6, 10, tzinfo=TZ), "conv-wed", now=BOOKED_AT)
        wed2 = await book(s, cid, dt.datetime(2027, 1, 6, 15, 30, tzinfo=TZ), "conv-wed2", now=BOOKED_AT)
        thu = await book(s, cid, dt.datetime(2027, 1, 7, 9, tzinfo=TZ), "conv-thu", now=BOOKED_AT)
        gone = await book(s, cid, dt.datetime(2027, 1, 6, 11, tzinfo=TZ), "conv-gone", now=BOOKED_AT)
        await cancel(s, gone.reference, "conv-gone", now=BOOKED_AT)
    return wed, wed2, thu


async def test_sends_tomorrows_reminders_once(make_center, sessions):
    _wed, wed2, _thu = await _book_three(make_center, sessions)
    calls = []

    async def send(conversation_key, appointment):
        calls.append((conversation_key, appointment.reference, appointment.start_local))
        return conversation_key != "conv-wed2"  # this channel fails

    run = await send_due_reminders(sessions, send, now=EVENING_BEFORE)
    assert (run.sent, run.failed) == (1, 1)
    assert sorted(c[0] for c in calls) == ["conv-wed", "conv-wed2"]  # not Thursday's, not the cancelled one
    assert {c[0]: c[2] for c in calls}["conv-wed"] == dt.datetime(2027, 1, 6, 10, tzinfo=TZ)
    calls.clear()
    run = await send_due_reminders(sessions, send, now=EVENING_BEFORE + dt.timedelta(hours=1))
    assert calls == [("conv-wed2", wed2.reference, wed2.start_local)]  # only the failed one is retried
    async with sessions() as s:
        rows = {r.appointment_id: r for r in (await s.execute(select(AppointmentReminder))).scalars()}
    assert sorted((r.status, r.attempts) for r in rows.values()) == [("failed", 2), ("sent", 1)]
    assert [r.sent_at is not None for r in rows.values() if r.status == "sent"] == [True]


async def test_concurrent_runs_send_once(make_center, sessions):
    await _book_three(make_center, sessions)
    calls = []

    async def send(conversation_key, appointment):
        calls.append(conversation_key)
        await asyncio.sleep(0.05)
        return True

    await asyncio.gather(*(send_due_reminders(sessions, send, now=EVENING_BEFORE) for _ in range(4)))
    assert sorted(calls) == ["conv-wed", "conv-wed2"]


async def test_arq_job_over_redis(make_center, sessions, redis_url, redis_prefix):
    await _book_three(make_center, sessions)
    calls = []

    async def send(conversation_key, appointment):
        calls.append(conversation_key)
        return True

    settings = worker_settings(send, sessions, redis_url, queue_name=f"{redis_prefix}reminders")
    settings["cron_jobs"] = []  # the test enqueues the job itself
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=settings["queue_name"])
    try:
        job = await pool.enqueue_job("reminders_job", EVENING_BEFORE.isoformat())
        worker = Worker(**settings, burst=True, poll_delay=0.1)
        await worker.main()
        assert await job.result(timeout=10) == {"sent": 2, "failed": 0, "skipped": 0}
        await worker.close()
    finally:
        await pool.aclose()
    assert sorted(calls) == ["conv-wed", "conv-wed2"]


async def test_cron_is_hourly_and_unique(sessions, redis_url):
    async def send(conversation_key, appointment):
        return True

    cron = worker_settings(send, sessions, redis_url)["cron_jobs"][0]
    assert cron.minute == {0} and cron.unique


async def test_in_process_scheduler_without_redis(make_center, sessions):
    await _book_three(make_center, sessions)
    sent = asyncio.Event()
    calls = []

    async def send(conversation_key, appointment):
        calls.append(conversation_key)
        if len(calls) == 2:
            sent.set()
        return True

    scheduler = ReminderScheduler(send, sessions, redis_url=None, interval_seconds=0.1,
                                  clock=lambda: EVENING_BEFORE)
    await scheduler.start()
    try:
        await asyncio.wait_for(sent.wait(), 10)
        await asyncio.sleep(0.3)  # further runs send nothing more
    finally:
        await scheduler.stop()
    assert sorted(calls) == ["conv-wed", "conv-wed2"]
    night = ReminderScheduler(send, sessions, interval_seconds=0.05,
                              clock=lambda: dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC))
    await night.start()
    await asyncio.sleep(0.2)
    await night.stop()
    assert len(calls) == 2  # nothing is sent at night
