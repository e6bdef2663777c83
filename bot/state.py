"""Conversation state storage, per-conversation locks, de-duplication records and outboxes.

Two implementations of one :class:`StateStore` protocol:

* :class:`RedisStateStore` (``REDIS_URL`` set): state survives restarts and is shared by several workers;
  the per-conversation lock is a Redis lock (``redis.asyncio.lock.Lock``, token-checked release, auto-expiry
  so a crashed worker cannot block a person forever), so the messages of one person are processed in order
  across processes. Idle TTL: ``CONVERSATION_TTL_SECONDS`` (refreshed at every save).
* :class:`InMemoryStateStore` (no ``REDIS_URL``): one process; ``asyncio.Lock`` per conversation; same
  TTL semantics (expired entries are dropped when read and swept periodically).

Keys are conversation keys (``services.identity.pseudonymize`` hex digests) or de-duplication keys that
the pipeline derives from them: never a raw phone number or user id. Values are JSON (``dict``/``list``).

Every Redis failure (connection refused, timeout, lock not obtained in time) surfaces as
:class:`StateUnavailable`; the message path answers it with a kind apology plus the emergency numbers.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol, runtime_checkable

DEFAULT_DEDUP_TTL_SECONDS = 24 * 3600
DEFAULT_OUTBOX_TTL_SECONDS = 24 * 3600
LOCK_TIMEOUT_SECONDS = 30.0  # a lock held longer than this expires (crashed worker)
LOCK_WAIT_SECONDS = 20.0  # how long a message waits for the previous one of the same person


class StateUnavailable(Exception):
    """The state store cannot be reached or did not answer in time (Redis down, lock wait exceeded)."""


@runtime_checkable
class StateStore(Protocol):
    """Where conversation state lives. All methods may raise :class:`StateUnavailable`."""

    async def load(self, key: str) -> dict[str, Any] | None:
        """The stored record of conversation ``key``, or None (never stored, expired or deleted)."""

    async def save(self, key: str, record: dict[str, Any]) -> None:
        """Store ``record`` (JSON-serialisable) for ``key`` and refresh its idle TTL."""

    async def delete(self, key: str) -> None:
        """Forget conversation ``key`` (and its outbox)."""

    def lock(self, key: str) -> Any:
        """An async context manager holding the per-conversation lock of ``key``."""

    async def get_answer(self, dedup_key: str) -> Any:
        """The stored de-duplication record of an already handled message (JSON: the pipeline stores
        ``{"digests": {<content digest>: <answer>}}``, channels may store lists), or None."""

    async def put_answer(self, dedup_key: str, answer: Any, ttl: int = DEFAULT_DEDUP_TTL_SECONDS) -> None:
        """Remember the answer to a message for ``ttl`` seconds (redeliveries get it back)."""

    async def push_outbox(self, key: str, items: list[dict[str, Any]]) -> None:
        """Append asynchronous messages (operator replies, reminders) for a polling channel."""

    async def pop_outbox(self, key: str) -> list[dict[str, Any]]:
        """Take (and remove) every queued asynchronous message of ``key``, oldest first."""

    async def ping(self) -> bool:
        """True when the store answers."""

    async def aclose(self) -> None:
        """Release connections."""


# --------------------------------------------------------------------------------------------------
# In-process store
# --------------------------------------------------------------------------------------------------
class InMemoryStateStore:
    """Single-process store (development, tests, ``jisr shell``). Entries expire ``ttl_seconds`` after their
    last save; the lock map holds one ``asyncio.Lock`` per active conversation (removed when released and
    nobody waits)."""

    def __init__(self, ttl_seconds: int = 7 * 24 * 3600, clock=time.monotonic) -> None:
        self.ttl = ttl_seconds
        self._clock = clock
        self._data: dict[str, tuple[float, dict[str, Any]]] = {}
        self._answers: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._outbox: dict[str, tuple[float, list[dict[str, Any]]]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiters: dict[str, int] = {}
        self._last_sweep = clock()

    def _sweep(self) -> None:
        now = self._clock()
        if now - self._last_sweep < 60:
            return
        self._last_sweep = now
        for table in (self._data, self._answers, self._outbox):
            for k in [k for k, (exp, _) in table.items() if exp <= now]:
                table.pop(k, None)

    async def load(self, key: str) -> dict[str, Any] | None:
        self._sweep()
        item = self._data.get(key)
        if item is None or item[0] <= self._clock():
            self._data.pop(key, None)
            return None
        return json.loads(json.dumps(item[1]))  # a copy: callers mutate what they load

    async def save(self, key: str, record: dict[str, Any]) -> None:
        self._data[key] = (self._clock() + self.ttl, json.loads(json.dumps(record)))

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)
        self._outbox.pop(key, None)

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiters[key] = self._waiters.get(key, 0) + 1
        try:
            try:
                await asyncio.wait_for(lock.acquire(), LOCK_WAIT_SECONDS)
            except TimeoutError as exc:
                raise StateUnavailable("conversation lock wait exceeded") from exc
            try:
                yield
            finally:
                lock.release()
        finally:
            self._waiters[key] -= 1
            if self._waiters[key] == 0:
                self._waiters.pop(key, None)
                self._locks.pop(key, None)

    async def get_answer(self, dedup_key: str) -> Any:
        item = self._answers.get(dedup_key)
        if item is None or item[0] <= self._clock():
            return None
        return json.loads(json.dumps(item[1]))

    async def put_answer(self, dedup_key: str, answer: Any, ttl: int = DEFAULT_DEDUP_TTL_SECONDS) -> None:
        self._answers[dedup_key] = (self._clock() + ttl, json.loads(json.dumps(answer)))
        while len(self._answers) > 100_000:  # bound memory: oldest first
            self._answers.popitem(last=False)

    async def push_outbox(self, key: str, items: list[dict[str, Any]]) -> None:
        _, queue = self._outbox.get(key, (0.0, []))
        self._outbox[key] = (self._clock() + DEFAULT_OUTBOX_TTL_SECONDS, queue + list(items))

    async def pop_outbox(self, key: str) -> list[dict[str, Any]]:
        item = self._outbox.pop(key, None)
        if item is None or item[0] <= self._clock():
            return []
        return item[1]

    async def ping(self) -> bool:
        return True

    async def aclose(self) -> None:
        return None


# --------------------------------------------------------------------------------------------------
# Redis store
# --------------------------------------------------------------------------------------------------
class RedisStateStore:
    """Redis-backed store. Keys: ``<prefix>state:<key>``, ``<prefix>lock:<key>``, ``<prefix>dedup:<key>``,
    ``<prefix>outbox:<key>`` (prefix default ``jisr:``). ``socket_timeout`` bounds every call (seconds) so a
    hung Redis turns into :class:`StateUnavailable` quickly."""

    def __init__(self, url: str, ttl_seconds: int = 7 * 24 * 3600, prefix: str = "jisr:",
                 socket_timeout: float = 2.0, client: Any = None) -> None:
        import redis.asyncio as redis

        self.ttl = ttl_seconds
        self.prefix = prefix
        self._redis = client or redis.Redis.from_url(
            url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout, decode_responses=True,
            health_check_interval=30,
        )

    @property
    def client(self) -> Any:
        """The underlying ``redis.asyncio.Redis`` client."""
        return self._redis

    def _k(self, kind: str, key: str) -> str:
        return f"{self.prefix}{kind}:{key}"

    @asynccontextmanager
    async def _errors(self) -> AsyncIterator[None]:
        from redis.exceptions import RedisError

        try:
            yield
        except (RedisError, OSError, TimeoutError) as exc:
            raise StateUnavailable(type(exc).__name__) from exc

    async def load(self, key: str) -> dict[str, Any] | None:
        async with self._errors():
            raw = await self._redis.get(self._k("state", key))
        return None if raw is None else json.loads(raw)

    async def save(self, key: str, record: dict[str, Any]) -> None:
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        async with self._errors():
            await self._redis.set(self._k("state", key), data, ex=self.ttl)

    async def delete(self, key: str) -> None:
        async with self._errors():
            await self._redis.delete(self._k("state", key), self._k("outbox", key))

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        from redis.exceptions import LockError

        lock = self._redis.lock(self._k("lock", key), timeout=LOCK_TIMEOUT_SECONDS, sleep=0.005,
                                blocking_timeout=LOCK_WAIT_SECONDS)
        async with self._errors():
            acquired = await lock.acquire()
        if not acquired:
            raise StateUnavailable("conversation lock wait exceeded")
        try:
            yield
        finally:
            try:
                async with self._errors():
                    await lock.release()
            except (StateUnavailable, LockError):
                pass  # expired or Redis gone: the lock auto-expires

    async def get_answer(self, dedup_key: str) -> Any:
        async with self._errors():
            raw = await self._redis.get(self._k("dedup", dedup_key))
        return None if raw is None else json.loads(raw)

    async def put_answer(self, dedup_key: str, answer: Any, ttl: int = DEFAULT_DEDUP_TTL_SECONDS) -> None:
        async with self._errors():
            await self._redis.set(self._k("dedup", dedup_key), json.dumps(answer, ensure_ascii=False), ex=ttl)

    async def push_outbox(self, key: str, items: list[dict[str, Any]]) -> None:
        if not items:
            return
        k = self._k("outbox", key)
        async with self._errors(), self._redis.pipeline(transaction=True) as pipe:
            pipe.rpush(k, *[json.dumps(i, ensure_ascii=False) for i in items])
            pipe.expire(k, DEFAULT_OUTBOX_TTL_SECONDS)
            await pipe.execute()

    async def pop_outbox(self, key: str) -> list[dict[str, Any]]:
        k = self._k("outbox", key)
        async with self._errors(), self._redis.pipeline(transaction=True) as pipe:
            pipe.lrange(k, 0, -1)
            pipe.delete(k)
            raw, _ = await pipe.execute()
        return [json.loads(r) for r in raw]

    async def ping(self) -> bool:
        try:
            async with self._errors():
                return bool(await self._redis.ping())
        except StateUnavailable:
            return False

    async def aclose(self) -> None:
        await self._redis.aclose()


def create_state_store(settings: Any) -> StateStore:
    """``RedisStateStore`` when ``settings.redis_url`` is set, else ``InMemoryStateStore``; idle TTL from
    ``settings.conversation_ttl_seconds``."""
    if settings.redis_url:
        return RedisStateStore(settings.redis_url, ttl_seconds=settings.conversation_ttl_seconds)
    return InMemoryStateStore(ttl_seconds=settings.conversation_ttl_seconds)
