"""The Redis conversation lock against a real Redis: a live holder keeps it as long as its turn runs, a holder
that was killed loses it within ``LOCK_TIMEOUT_SECONDS``, and the person's own numbering orders the turns."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import time

import pytest

from bot import state as state_module
from bot.state import RedisStateStore, StateUnavailable
from tests.conftest import ROOT

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def store():
    s = RedisStateStore(REDIS_URL, prefix=f"locktest-{secrets.token_hex(4)}:")
    yield s
    await s.aclose()


async def test_a_live_holder_keeps_the_lock_beyond_its_timeout(store, monkeypatch):
    monkeypatch.setattr(state_module, "LOCK_TIMEOUT_SECONDS", 0.6)
    monkeypatch.setattr(state_module, "LOCK_RENEW_SECONDS", 0.2)
    monkeypatch.setattr(state_module, "LOCK_WAIT_SECONDS", 0.3)
    async with store.lock("conv", ordered=True):
        await asyncio.sleep(1.5)  # 2.5 lock timeouts: only the renewals keep it
        with pytest.raises(StateUnavailable):
            async with store.lock("conv"):
                pass
    async with store.lock("conv", ordered=True):  # released at once afterwards
        pass


async def test_a_killed_holder_loses_the_lock_within_the_timeout(store):
    holder = f"""
import asyncio, os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
from bot.state import RedisStateStore
async def main():
    s = RedisStateStore({REDIS_URL!r}, prefix={store.prefix!r})
    async with s.lock("conv", ordered=True):
        print("held", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
asyncio.run(main())
"""
    # the holder takes the lock, then dies without releasing it (SIGKILL: what a crash looks like)
    done = await asyncio.to_thread(subprocess.run, [sys.executable, "-c", holder], capture_output=True, text=True,
                                   timeout=60, check=False)
    assert done.stdout.strip() == "held" and done.returncode == -9
    t0 = time.monotonic()
    async with store.lock("conv", ordered=True):
        waited = time.monotonic() - t0
    assert waited <= state_module.LOCK_TIMEOUT_SECONDS + 0.5, f"waited {waited:.1f} s for a dead holder's lock"


async def test_turns_follow_the_senders_numbering(store):
    order: list[int] = []

    async def turn(seq: int, delay: float) -> None:
        await asyncio.sleep(delay)
        async with store.lock("ordered", seq, ordered=True):
            order.append(seq)
            await asyncio.sleep(0.05)

    await asyncio.gather(turn(2, 0.0), turn(1, 0.02), turn(3, 0.01))
    assert order == [1, 2, 3]
