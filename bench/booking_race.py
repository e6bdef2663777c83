"""Booking race benchmark: many concurrent bookings against PostgreSQL, then a check for double bookings.

Usage:  .venv/bin/python bench/booking_race.py [--attempts 2000] [--concurrency 50] [--slots 20]
        [--capacity 3] [--url postgresql://127.0.0.1:5432/test]

The URL defaults to DATABASE_URL, else the local server (127.0.0.1:5432, database ``test``). A fresh
database ``jisr_bench_<random>`` is created on that server, migrated, used and dropped, so the run never
touches real data. Each attempt is one ``services.booking.book`` call (its own session and transaction)
by a distinct person for a random slot; every slot is contended by ~attempts/slots people.

Prints: attempts/s, bookings/s (successful), latency percentiles, and the count of double bookings
(slots holding more appointments than their capacity, counter rows disagreeing with the appointments,
people with overlapping appointments). The double-booking count must be 0; the exit status is 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from sqlalchemy import text

from services.booking import (
    TZ,
    OverlappingAppointment,
    SlotFull,
    available_slots,
    book,
    parse_hours,
    set_opening_hours,
)
from services.db import create_engine, session_factory, upgrade
from services.models import Center, CenterType, CenterTypeNeed, Place, Region

DOUBLE_BOOKINGS_SQL = """
SELECT
 (SELECT count(*) FROM (SELECT a.center_id, a.start_utc, count(*) AS n, c.capacity_per_slot AS cap
                        FROM appointment a JOIN center c ON c.id = a.center_id WHERE a.status = 'booked'
                        GROUP BY a.center_id, a.start_utc, c.capacity_per_slot) s WHERE n > cap) AS over_capacity,
 (SELECT count(*) FROM appointment_slot s WHERE s.booked <> (SELECT count(*) FROM appointment a
        WHERE a.center_id = s.center_id AND a.start_utc = s.start_utc AND a.status = 'booked')) AS counter_mismatch,
 (SELECT count(*) FROM appointment a JOIN appointment b ON a.person_key = b.person_key AND a.id < b.id
        AND a.status = 'booked' AND b.status = 'booked' AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc)
        AS person_overlaps
"""


async def run(args) -> int:
    server = (args.url or os.environ.get("DATABASE_URL") or "postgresql://127.0.0.1:5432/test")
    server = server.replace("postgresql+asyncpg://", "postgresql://")
    name = f"jisr_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rsplit('/', 1)[0]}/{name}".replace("postgresql://", "postgresql+asyncpg://")
    try:
        await upgrade(url)
        engine = create_engine(url, pool_size=args.concurrency, max_overflow=0)
        sessions = session_factory(engine)
        async with sessions() as s:
            s.add(Region(code=6, name_fr="Casablanca-Settat", name_ar="الدار البيضاء سطات"))
            await s.flush()
            s.add(Place(id="casablanca", name_fr="Casablanca", name_ar="الدار البيضاء", region_code=6,
                        latitude=33.58831, longitude=-7.61138))
            s.add(CenterType(code="EMF", label_ar="فضاء متعدد الوظائف للنساء", label_fr="EMF",
                             needs=[CenterTypeNeed(need="violence")]))
            await s.flush()
            center = Center(type_code="EMF", name_ar="مركز", name_fr="Bench center", place_id="casablanca",
                            region_code=6, latitude=33.58831, longitude=-7.61138, status="existing",
                            capacity_per_slot=args.capacity, slot_minutes=30, min_lead_hours=0,
                            source_document="benchmark")
            s.add(center)
            await s.flush()
            await set_opening_hours(s, center.id, parse_hours("mon-sat 08:00-18:00"))
            await s.commit()
            now = dt.datetime.now(dt.UTC)
            slots = await available_slots(s, center.id, limit=args.slots, now=now + dt.timedelta(days=2))
        starts = [sl.start_local for sl in slots]
        sem = asyncio.Semaphore(args.concurrency)
        outcomes: dict[str, int] = {"booked": 0, "full": 0, "overlap": 0}
        latencies: list[float] = []
        rng = random.Random(42)
        plan = [(f"bench-person-{i}", rng.choice(starts)) for i in range(args.attempts)]
        expected = sum(min(args.capacity, sum(1 for _, st in plan if st == start)) for start in starts)

        async def attempt(person: str, start: dt.datetime) -> None:
            async with sem:
                t0 = time.perf_counter()
                async with sessions() as s:
                    try:
                        await book(s, center.id, start, person, now=now)
                        outcomes["booked"] += 1
                    except SlotFull:
                        outcomes["full"] += 1
                    except OverlappingAppointment:
                        outcomes["overlap"] += 1
                latencies.append(time.perf_counter() - t0)

        t0, cpu0 = time.perf_counter(), time.process_time()
        await asyncio.gather(*(attempt(p, st) for p, st in plan))
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        async with engine.connect() as conn:
            over, mismatch, overlaps = (await conn.execute(text(DOUBLE_BOOKINGS_SQL))).one()
        await engine.dispose()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    q = statistics.quantiles(latencies, n=100)
    double = over + mismatch + overlaps
    print(f"PostgreSQL booking race: {args.attempts} attempts, concurrency {args.concurrency}, "
          f"{len(starts)} slots x capacity {args.capacity} (local {starts[0].astimezone(TZ):%Y-%m-%d %H:%M}…)")
    print(f"  elapsed            {elapsed:.2f} s")
    print(f"  attempts/s         {args.attempts / elapsed:.0f}")
    print(f"  bookings/s         {outcomes['booked'] / elapsed:.0f}  (booked {outcomes['booked']}, "
          f"possible {expected}; full {outcomes['full']})")
    print(f"  client CPU/attempt {cpu / args.attempts * 1000:.1f} ms  (this process; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs during the run)")
    print(f"  latency p50/p95/p99 {q[49] * 1000:.1f} / {q[94] * 1000:.1f} / {q[98] * 1000:.1f} ms")
    print(f"  double bookings    {double}  (over capacity {over}, counter mismatches {mismatch}, "
          f"person overlaps {overlaps})")
    ok = double == 0 and outcomes["booked"] == expected
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=None, help="PostgreSQL server URL (a temporary database is created)")
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--slots", type=int, default=20)
    parser.add_argument("--capacity", type=int, default=3)
    sys.exit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
