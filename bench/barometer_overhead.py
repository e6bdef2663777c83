"""What the social barometer's events cost the message path (target: at most 1 ms at p95 per message).

Runs the real app in process (``bot.app.create_app``: REST channel → pipeline → engine → database, menu mode:
the NLU is not running) over conversations that start a journey, share a location (the request is located)
and get centers, and measures two things:

1. **In the path**: the time spent inside the barometer's hooks of each message (``on_turn`` in the pipeline,
   ``on_action`` in the engine), summed per message — the exact cost the events add to a reply.
2. **End to end**: the REST webhook's latency per message with the barometer on and off, in alternating
   rounds (same conversations, same load), with the background writer flushing every 2 s during the run.

Usage::

    .venv/bin/python bench/barometer_overhead.py [--conversations 60] [--rounds 4] [--db URL]

Without ``--db`` a fresh SQLite file is migrated and loaded with the seed directory (``DATABASE_URL`` is
not used: the bench writes). Prints the figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NEEDS = [("/report_violence", "violence"), ("/family_mediation", "mediation"), ("/elderly_care", "elderly"),
         ("/disability_card", "disability"), ("/child_protection", "child"), ("/homeless_shelter", "homeless")]
PLACES = [(35.7595, -5.834), (33.5883, -7.6114), (34.0209, -6.8416), (31.6295, -7.9811), (30.4278, -9.5981),
          (23.6848, -15.958)]
VARIETIES = ["ary", "ary-Latn", "ar", "fr"]


def p(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``values``, ms."""
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(q * len(values) + 0.5) - 1))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()

    import httpx

    from bot.app import create_app
    from bot.state import InMemoryStateStore
    from nlu.client import NLUClient
    from services import barometer
    from services.config import Settings
    from services.db import create_engine, session_factory
    from services.seed import prepare_database

    url = args.db or f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='jisr-bench-')}/bench.db"
    t = time.perf_counter()
    await prepare_database(url)
    print(f"database: {'SQLite' if url.startswith('sqlite') else 'PostgreSQL'} ready in {time.perf_counter() - t:.1f} s")
    engine = create_engine(url)
    sessions = session_factory(engine)
    settings = Settings(JISR_SECRET_KEY="bench-" + secrets.token_hex(8), rasa_url="http://127.0.0.1:9",
                        nlu_timeout_seconds=0.2, reminders_enabled=False)
    app = create_app(settings, store=InMemoryStateStore(), nlu=NLUClient("http://127.0.0.1:9", timeout=0.2),
                     session_factory=sessions, mount_console=False, reminders=False)

    # 1. time spent inside the hooks, per message
    rec = barometer.RECORDER
    hook_s = [0.0]

    def timed(fn):
        def wrapper(*a, **kw):
            start = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                hook_s[0] += time.perf_counter() - start
        return wrapper

    import bot.pipeline
    import dialogues.engine

    on_turn, on_action = timed(rec.on_turn), timed(rec.on_action)
    bot.pipeline.barometer.on_turn = on_turn  # the module-level names the hooks call
    dialogues.engine.barometer.on_action = on_action

    latencies: dict[bool, list[float]] = {True: [], False: []}
    hooks_ms: list[float] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client, \
            app.router.lifespan_context(app):

        async def post(sender: str, body: dict, enabled: bool) -> None:
            hook_s[0] = 0.0
            start = time.perf_counter()
            r = await client.post("/webhooks/rest/webhook", json={"sender": sender, **body})
            latencies[enabled].append((time.perf_counter() - start) * 1000)
            if enabled:
                hooks_ms.append(hook_s[0] * 1000)
            assert r.status_code == 200, r.text

        async def conversation(i: int, enabled: bool) -> None:
            sender = f"bench-{enabled}-{i}-{secrets.token_hex(4)}"
            payload, _need = NEEDS[i % len(NEEDS)]
            lat, lon = PLACES[i % len(PLACES)]
            variety = VARIETIES[i % len(VARIETIES)]
            await post(sender, {"message": payload, "metadata": {"language": variety}}, enabled)
            await post(sender, {"message": "", "metadata": {"location": {"latitude": lat, "longitude": lon}}},
                       enabled)
            await post(sender, {"message": "/menu"}, enabled)
            await post(sender, {"message": payload}, enabled)

        for _ in range(3):  # warm-up: imports, caches, the gazetteer
            await conversation(0, True)
        latencies, hooks_ms[:] = {True: [], False: []}, []
        for rnd in range(args.rounds):
            for enabled in ((True, False) if rnd % 2 == 0 else (False, True)):
                rec.enabled = enabled
                for i in range(args.conversations):
                    await conversation(i, enabled)
        rec.enabled = True
        await rec.flush()
    await engine.dispose()
    stats = app.state.pipeline.stats
    print(f"pipeline: {stats.handled} handled, {stats.degraded} degraded, {stats.slow_apologies} slow apologies")

    n = len(hooks_ms)
    print(f"messages: {n} with the barometer, {len(latencies[False])} without; "
          f"{rec.stats.written} events written in {rec.stats.flushes} flushes "
          f"({rec.stats.flush_ms / max(1, rec.stats.flushes):.1f} ms each, in the background), "
          f"{rec.stats.duplicates} duplicates dropped")
    print(f"in the path (hooks per message): median {statistics.median(hooks_ms) * 1000:.1f} µs, "
          f"p95 {p(hooks_ms, 0.95) * 1000:.1f} µs, p99 {p(hooks_ms, 0.99) * 1000:.1f} µs, max {max(hooks_ms):.3f} ms")
    on, off = latencies[True], latencies[False]
    print(f"end to end (REST webhook, ms): with  p50 {p(on, 0.5):.2f}  p95 {p(on, 0.95):.2f}  p99 {p(on, 0.99):.2f}")
    print(f"                               without p50 {p(off, 0.5):.2f}  p95 {p(off, 0.95):.2f}  p99 {p(off, 0.99):.2f}")
    print(f"difference at p95: {p(on, 0.95) - p(off, 0.95):+.2f} ms (noise of a shared machine included; "
          f"load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    asyncio.run(main())
