"""Fixtures of the channel tests (helpers and their documentation: ``tests/channels/channel_helpers.py``):
``telegram_emulator`` (telegram-test-api behind its adapter), ``twilio_stub`` (local Twilio REST stub),
``channel_db`` and ``make_app`` (the real app, pipeline, Redis and PostgreSQL)."""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import time
from typing import Any

import httpx
import pytest
from channel_helpers import (
    BOT_TOKEN,
    CLOSED_PORT_URL,
    NODE_DIR,
    BotApiStub,
    TelegramEmulator,
    TwilioStub,
    channel_settings,
    free_port,
)


@pytest.fixture(scope="session")
def telegram_emulator(tmp_path_factory) -> TelegramEmulator:
    """The telegram-test-api emulator behind its adapter, on loopback ports of its own."""
    if not (NODE_DIR / "node_modules" / "telegram-test-api").is_dir():
        pytest.fail("telegram-test-api is not installed: run `npm ci` in tests/channels/node (.ci/run does)")
    port, inner = free_port(), free_port()
    log = tmp_path_factory.mktemp("telegram") / "emulator.log"
    fh = open(log, "wb")  # noqa: SIM115 - closed at the end of the session
    proc = subprocess.Popen(["node", "emulator.js", str(port), str(inner)], cwd=NODE_DIR, stdout=fh,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"emulator exited: {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/bot{BOT_TOKEN}/getMe", timeout=1).status_code == 200:
                break
        time.sleep(0.2)
    else:
        proc.terminate()
        pytest.fail("emulator did not start")
    yield TelegramEmulator(url, proc)
    proc.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
    fh.close()



@pytest.fixture
def bot_api_stub() -> BotApiStub:
    """A scripted stand-in for the Telegram Bot API (webhook-mode tests; see ``BotApiStub``)."""
    stub = BotApiStub()
    yield stub
    stub.close()


@pytest.fixture
def twilio_stub() -> TwilioStub:
    stub = TwilioStub()
    yield stub
    stub.close()



@pytest.fixture(scope="session")
async def channel_db(pg_database_url: str):
    """``async_sessionmaker`` on the session's PostgreSQL database, migrated, seed centers loaded."""
    from services.db import create_engine, session_factory
    from services.seed import prepare_database

    await prepare_database(pg_database_url)
    engine = create_engine(pg_database_url)
    yield session_factory(engine)
    await engine.dispose()



@pytest.fixture
async def make_app(channel_db, redis_url: str, redis_prefix: str):
    """``make_app(nlu_url=None, **settings)`` → the real app (not started); Redis store with a unique prefix.
    Closes NLU clients and stores at the end."""
    from bot.app import create_app
    from bot.state import RedisStateStore
    from nlu.client import NLUClient

    made: list[Any] = []

    def _make(nlu_url: str | None = None, **kw: Any):
        settings = channel_settings(**kw)
        store = RedisStateStore(redis_url, ttl_seconds=3600, prefix=f"{redis_prefix}{secrets.token_hex(3)}:")
        nlu = NLUClient(nlu_url or CLOSED_PORT_URL, timeout=10.0 if nlu_url else 0.5)
        app = create_app(settings, store=store, nlu=nlu, session_factory=channel_db, mount_console=False)
        made.append(app)
        return app

    yield _make
    for app in made:
        with contextlib.suppress(Exception):
            await app.state.nlu.aclose()
        with contextlib.suppress(Exception):
            await app.state.store.aclose()

