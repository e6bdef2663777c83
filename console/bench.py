"""Benchmark of the operator queue's polling endpoint: ``python -m console.bench [N_ESCALATIONS]``.

Builds a throw-away SQLite database with N open escalations (default 200) and one operator, then times 100
polls of ``/console/queue/rows`` when the queue changed (full render) and 100 when it did not (``204``,
the fingerprint path every idle operator page takes each second). Prints median/p95 in milliseconds and
the response size. In-process (httpx ASGI transport): measures the console's own cost, not the network.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import tempfile
import time


async def run(n: int) -> None:
    """Build the database, poll, print the figures."""
    import httpx
    from cryptography.fernet import Fernet

    os.environ.setdefault("JISR_ENCRYPTION_KEY", Fernet.generate_key().decode())
    os.environ.setdefault("JISR_SECRET_KEY", "bench")
    from starlette.applications import Starlette

    from console.app import mount
    from console.db import upgrade
    from console.security import create_session
    from console.users import create_user
    from console.web import ConsoleDeps
    from services import escalations
    from services.db import create_engine, session_factory

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        await upgrade(url)
        engine = create_engine(url)
        sessions = session_factory(engine)
        async with sessions() as db:
            for i in range(n):
                await escalations.open_escalation(db, f"bench-{i}", "rest", "ary", "violence", None, i % 3, "bench")
            user = await create_user(db, "bench-operator", "x" * 12, "operator")
            token = await create_session(db, user)
            await db.commit()
        app = Starlette()
        mount(app, ConsoleDeps(session_factory=sessions, secret_key="bench"))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://bench",
                                     cookies={"jisr_console": token}) as client:
            for label, params, status in (("changed (full render)", None, 200), ("unchanged (204)", "fp", 204)):
                if params == "fp":
                    first = await client.get("/console/queue/rows")
                    params = {"fp": re.search(r'id="queue-fp" name="fp" value="([0-9a-f]+)"', first.text)[1]}
                times = []
                for _ in range(100):
                    t0 = time.perf_counter()
                    response = await client.get("/console/queue/rows", params=params)
                    times.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == status, response.status_code
                times.sort()
                print(f"queue poll, {n} open escalations, {label}: median {statistics.median(times):.1f} ms, "
                      f"p95 {times[94]:.1f} ms, {len(response.content)} bytes")
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
