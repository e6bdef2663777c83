"""Helpers of the message-path tests (importable: ``from tests.bot.helpers import say``)."""

from __future__ import annotations

from typing import Any

import httpx

from bot.state import InMemoryStateStore, RedisStateStore
from services.config import Settings

CLOSED_PORT_URL = "127.0.0.1:9"  # discard port: nothing listens there on these machines
TEST_SECRET = "jisr-test-secret-key"


def settings_for(**kw: Any) -> Settings:
    """Settings for a test app (explicit values; nothing read from the environment that matters)."""
    base = {"JISR_SECRET_KEY": TEST_SECRET, "rasa_url": f"http://{CLOSED_PORT_URL}", "nlu_timeout_seconds": 0.5}
    base.update(kw)
    return Settings(**base)


def make_store(kind: str, redis_url: str, prefix: str) -> Any:
    """A fresh store of ``kind`` (``memory``/``redis``); Redis stores of one test share ``prefix``."""
    if kind == "memory":
        return InMemoryStateStore(ttl_seconds=3600)
    return RedisStateStore(redis_url, ttl_seconds=3600, prefix=prefix)


async def say(client: httpx.AsyncClient, sender: str, message: str, **extra: Any) -> list[dict[str, Any]]:
    """POST one message to the REST channel; returns the reply list (asserts HTTP 200)."""
    r = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": message, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def texts(replies: list[dict[str, Any]]) -> str:
    """All reply texts joined by newlines."""
    return "\n".join(r.get("text", "") for r in replies)


def payloads(replies: list[dict[str, Any]]) -> list[str]:
    """All button payloads of the replies."""
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


EMERGENCY_NUMBERS = ("19", "177", "15", "8350", "2511")


def has_all_numbers(text: str) -> bool:
    """True when every emergency number appears in ``text``."""
    return all(n in text for n in EMERGENCY_NUMBERS)
