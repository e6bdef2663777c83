"""One person's messages are handled in the order they were sent whatever the worker: uvicorn with 2 and 4
worker processes sharing a Redis and a PostgreSQL of the tests' own; pairs of messages sent 3–10 ms apart, where
the second only makes sense after the first (a journey, then the answer to its first question), numbered by the
client as the web chat numbers its messages (``metadata.seq``). Across processes the order in which requests
reach their workers is the operating system's: only the sender's numbering can restore it."""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT, free_port
from tests.faults.conftest import OwnRedis

PAIRS = 30


def _serve(workers: int, redis_url: str, db_url: str, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": db_url, "JISR_SECRET_KEY": "order-test-secret",
           "RASA_URL": "http://127.0.0.1:9", "NLU_TIMEOUT_SECONDS": "0.3", "REMINDERS_ENABLED": "false",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "bot.app:create_app", "--host",
                             "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("uvicorn exited")
        try:
            if httpx.get(f"{base}/webhooks/rest/", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    pytest.fail("uvicorn did not start")


@pytest.mark.parametrize("workers", [2, 4])
async def test_one_persons_messages_in_arrival_order_across_workers(own_postgres, tmp_path, workers):
    from services.identity import pseudonymize

    redis = OwnRedis()
    redis.start()
    with open(tmp_path / "uvicorn.log", "wb") as log:  # noqa: ASYNC230 - once, before the server starts
        proc, base = _serve(workers, redis.url, own_postgres.url, log)
        try:
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                async def post(sender: str, message: str, seq: int = 1) -> None:
                    r = await client.post("/webhooks/rest/webhook",
                                          json={"sender": sender, "message": message, "metadata": {"seq": seq}})
                    assert r.status_code == 200

                async def pair(sender: str) -> None:
                    first = asyncio.create_task(post(sender, "/disability_card", 1))
                    await asyncio.sleep(random.uniform(0.003, 0.010))
                    await asyncio.gather(first, post(sender, "/choose:disability_card.for_whom.self", 2))

                # every worker warm (flows, gazetteer, patterns loaded): what is measured is the ordering
                await asyncio.gather(*(post(f"warm-{i}", "/disability_card") for i in range(8 * workers)))
                senders = [f"order-{secrets.token_hex(4)}" for _ in range(PAIRS)]
                for i in range(0, PAIRS, 5):  # five people at a time
                    await asyncio.gather(*(pair(s) for s in senders[i:i + 5]))
            import redis.asyncio as aioredis

            r = aioredis.Redis.from_url(redis.url, decode_responses=True)
            in_order = 0
            for s in senders:
                key = pseudonymize("rest", s, b"order-test-secret")
                import json

                state = json.loads(await r.get(f"jisr:state:{key}"))["state"]
                in_order += state["slots"].get("for_whom") == "self"
            await r.aclose()
            assert in_order == PAIRS, f"{PAIRS - in_order} of {PAIRS} pairs handled out of order"
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            redis.close()
