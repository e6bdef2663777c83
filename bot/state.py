"""Conversation state storage, per-conversation locks, de-duplication records and outboxes.

Two implementations of one :class:`StateStore` protocol:

* :class:`RedisStateStore` (``REDIS_URL`` set): shared by every worker, kept across restarts; the ordered
  per-conversation lock (Lua scripts, renewed while held) serves one person's messages one at a time and in
  order across processes. Idle TTL: ``CONVERSATION_TTL_SECONDS`` (refreshed at every save).
* :class:`InMemoryStateStore` (no ``REDIS_URL``): one process; ``asyncio.Lock`` per conversation; same
  TTL semantics (expired entries are dropped when read and swept periodically).

Keys are conversation keys (``services.identity.pseudonymize`` hex digests) or de-duplication keys that
the pipeline derives from them: never a raw phone number or user id. Values are JSON (``dict``/``list``).

**Erasure.** Every record that belongs to a conversation is erased with it in one call,
:meth:`StateStore.erase`: its state and outbox (stored under the conversation key itself) and every record
written with ``conversation=<key>`` (:meth:`StateStore.save`, :meth:`StateStore.put_answer`) — the
pipeline's de-duplication answers, the channels' records (Telegram message ids, the WhatsApp window, …).
The stores keep a per-conversation index of those keys for this (Redis: a set ``<prefix>conv:<key>`` that
lives as long as the longest-lived record it lists), so erasing costs one round trip whatever else Redis
holds. Records not written with ``conversation=`` (Telegram's callback tokens, shared by everyone offered
the same button) are not erased.

Every Redis failure (connection refused, timeout, lock not obtained in time) surfaces as
:class:`StateUnavailable`; the message path answers it with a kind apology plus the emergency numbers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol, runtime_checkable

DEFAULT_DEDUP_TTL_SECONDS = 24 * 3600
DEFAULT_OUTBOX_TTL_SECONDS = 24 * 3600
LOCK_TIMEOUT_SECONDS = 6.0  # a lock not renewed for this long expires (its worker crashed or was killed)
LOCK_RENEW_SECONDS = 2.0  # a live holder renews its lock this often while its turn runs
LOCK_WAIT_SECONDS = 20.0  # how long a message waits for the previous one of the same person
ORDER_WAIT_SECONDS = 1.0  # how long a message waits for an earlier one of the same person (a gap: lost on the way)
ORDER_TTL_SECONDS = 7 * 24 * 3600  # the per-conversation order counters live as long as a conversation


class StateUnavailable(Exception):
    """The state store cannot be reached or did not answer in time (Redis down, lock wait exceeded)."""


class Held:
    """A lock held by :meth:`StateStore.lock`. ``released``: already let go with a :meth:`StateStore.save_turn`
    (the ``async with`` then has nothing left to do)."""

    __slots__ = ("keys", "released", "ticket", "token")

    def __init__(self, keys: list[str] | None = None, token: str = "", ticket: int = 0) -> None:
        self.keys, self.token, self.ticket, self.released = keys or [], token, ticket, False


@runtime_checkable
class StateStore(Protocol):
    """Where conversation state lives. All methods may raise :class:`StateUnavailable`."""

    async def load(self, key: str) -> dict[str, Any] | None:
        """The stored record of conversation ``key``, or None (never stored, expired or deleted)."""

    async def save(self, key: str, record: dict[str, Any], *, conversation: str | None = None) -> None:
        """Store ``record`` (JSON-serialisable) for ``key`` and refresh its idle TTL. With ``conversation``
        (a conversation key), the record belongs to that conversation: :meth:`erase` deletes it."""

    async def delete(self, key: str) -> None:
        """Forget the record ``key`` (and the outbox of ``key``)."""

    async def erase(self, conversation: str) -> int:
        """Delete everything kept about ``conversation``: its state and outbox, and every record saved or
        answer put with ``conversation=`` it. Returns how many records were deleted (0 when none was left).
        A lock held on the conversation is not touched."""

    def lock(self, key: str, sequence: int | None = None, *, ordered: bool = False) -> Any:
        """An async context manager holding the lock of ``key``; it yields a :class:`Held` that
        :meth:`save_turn` can release with its writes. ``ordered``: the message path's lock of a
        conversation, taken in the order of the person's messages (``sequence``: the message's number given
        by the client, 1, 2, 3…)."""

    async def get_answer(self, dedup_key: str) -> Any:
        """The stored de-duplication record of an already handled message (JSON: the pipeline stores
        ``{"digests": {<content digest>: <answer>}}``, channels may store lists), or None."""

    async def put_answer(self, dedup_key: str, answer: Any, ttl: int = DEFAULT_DEDUP_TTL_SECONDS, *,
                         conversation: str | None = None) -> None:
        """Remember the answer to a message for ``ttl`` seconds (redeliveries get it back); with
        ``conversation``, :meth:`erase` deletes it."""

    async def load_turn(self, key: str, dedup_key: str | None) -> tuple[dict[str, Any] | None, Any]:
        """:meth:`load` of ``key`` and :meth:`get_answer` of ``dedup_key`` (None: not asked) together, in one
        round trip: what the message path reads before a turn."""

    async def save_turn(self, key: str, record: dict[str, Any] | None, dedup_key: str | None, answer: Any,
                        ttl: int = DEFAULT_DEDUP_TTL_SECONDS, *, release: Held | None = None) -> None:
        """:meth:`save` of ``record`` for ``key`` (None: not saved) and :meth:`put_answer` of ``answer`` for
        ``dedup_key`` owned by the conversation ``key`` (None: not stored), together and atomically, in one
        round trip: what the message path writes after a turn. ``release``: the held conversation lock, let go
        in the same round trip when there is something to write (else when its ``async with`` ends)."""

    async def push_outbox(self, key: str, items: list[dict[str, Any]]) -> None:
        """Append asynchronous messages (operator replies, reminders) for a polling channel."""

    async def pop_outbox(self, key: str) -> list[dict[str, Any]]:
        """Take (and remove) every queued asynchronous message of ``key``, oldest first."""

    async def keys(self) -> list[str]:
        """Every live record as ``<kind>:<key>`` (kinds ``state``, ``dedup``, ``outbox``, ``conv`` for an
        erasure index; Redis also shows ``lock`` while a lock is held): for diagnostics and the erasure
        tests; never logged (keys are pseudonymous, still personal data). Redis scans this store's prefix
        (``SCAN``: O(keys in the database), not for the message path)."""

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
        self._owned: dict[str, set[tuple[str, str]]] = {}  # conversation → {("state"|"dedup", key)}
        self._last_sweep = clock()

    def _table(self, kind: str) -> dict[str, Any]:
        return self._data if kind == "state" else self._answers

    def _live(self, kind: str, key: str) -> bool:
        item = self._table(kind).get(key)
        return item is not None and item[0] > self._clock()

    def _own(self, conversation: str | None, kind: str, key: str) -> None:
        if conversation is not None:
            self._owned.setdefault(conversation, set()).add((kind, key))

    def _sweep(self) -> None:
        now = self._clock()
        if now - self._last_sweep < 60:
            return
        self._last_sweep = now
        for table in (self._data, self._answers, self._outbox):
            for k in [k for k, (exp, _) in table.items() if exp <= now]:
                table.pop(k, None)
        for conv in list(self._owned):
            self._owned[conv] = {m for m in self._owned[conv] if self._live(*m)}
            if not self._owned[conv]:
                del self._owned[conv]

    async def load(self, key: str) -> dict[str, Any] | None:
        self._sweep()
        item = self._data.get(key)
        if item is None or item[0] <= self._clock():
            self._data.pop(key, None)
            return None
        return json.loads(json.dumps(item[1]))  # a copy: callers mutate what they load

    async def save(self, key: str, record: dict[str, Any], *, conversation: str | None = None) -> None:
        self._data[key] = (self._clock() + self.ttl, json.loads(json.dumps(record)))
        self._own(conversation, "state", key)

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)
        self._outbox.pop(key, None)

    async def erase(self, conversation: str) -> int:
        now = self._clock()
        deleted = 0
        for kind, key in [("state", conversation), *self._owned.pop(conversation, ())]:
            item = self._table(kind).pop(key, None)
            deleted += item is not None and item[0] > now
        item = self._outbox.pop(conversation, None)
        deleted += item is not None and item[0] > now
        return int(deleted)

    @asynccontextmanager
    async def lock(self, key: str, sequence: int | None = None, *, ordered: bool = False) -> AsyncIterator[Held]:
        # one process: asyncio.Lock wakes its waiters in arrival order (``sequence`` is not needed)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiters[key] = self._waiters.get(key, 0) + 1
        try:
            try:
                await asyncio.wait_for(lock.acquire(), LOCK_WAIT_SECONDS)
            except TimeoutError as exc:
                raise StateUnavailable("conversation lock wait exceeded") from exc
            try:
                yield Held()
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

    async def put_answer(self, dedup_key: str, answer: Any, ttl: int = DEFAULT_DEDUP_TTL_SECONDS, *,
                         conversation: str | None = None) -> None:
        self._answers[dedup_key] = (self._clock() + ttl, json.loads(json.dumps(answer)))
        self._own(conversation, "dedup", dedup_key)
        while len(self._answers) > 100_000:  # bound memory: oldest first
            self._answers.popitem(last=False)

    async def load_turn(self, key: str, dedup_key: str | None) -> tuple[dict[str, Any] | None, Any]:
        return await self.load(key), None if dedup_key is None else await self.get_answer(dedup_key)

    async def save_turn(self, key: str, record: dict[str, Any] | None, dedup_key: str | None, answer: Any,
                        ttl: int = DEFAULT_DEDUP_TTL_SECONDS, *, release: Held | None = None) -> None:
        if record is not None:
            await self.save(key, record)
        if dedup_key is not None and answer is not None:
            await self.put_answer(dedup_key, answer, ttl, conversation=key)

    async def push_outbox(self, key: str, items: list[dict[str, Any]]) -> None:
        _, queue = self._outbox.get(key, (0.0, []))
        self._outbox[key] = (self._clock() + DEFAULT_OUTBOX_TTL_SECONDS, queue + list(items))

    async def pop_outbox(self, key: str) -> list[dict[str, Any]]:
        item = self._outbox.pop(key, None)
        if item is None or item[0] <= self._clock():
            return []
        return item[1]

    async def keys(self) -> list[str]:
        now = self._clock()
        out = [f"{kind}:{k}" for kind, table in (("state", self._data), ("dedup", self._answers),
                                                 ("outbox", self._outbox))
               for k, (exp, _) in table.items() if exp > now]
        out += [f"conv:{c}" for c, members in self._owned.items() if any(self._live(*m) for m in members)]
        return sorted(out)

    async def ping(self) -> bool:
        return True

    async def aclose(self) -> None:
        return None


# --------------------------------------------------------------------------------------------------
# Redis store
# --------------------------------------------------------------------------------------------------
# A record that belongs to a conversation: written and listed in the conversation's index in one atomic step;
# the index's TTL only ever grows, so it outlives every record it lists.
# KEYS[1] the record, KEYS[2] the index; ARGV[1] the value, ARGV[2] its TTL in seconds.
_SET_OWNED = """
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SADD', KEYS[2], KEYS[1])
local ttl = tonumber(ARGV[2])
if redis.call('TTL', KEYS[2]) < ttl then redis.call('EXPIRE', KEYS[2], ttl) end
return 1
"""
# Erase a conversation atomically: every record its index lists, its state and outbox, the index itself.
# KEYS[1] the index, KEYS[2] the state, KEYS[3] the outbox. Returns how many records were deleted.
# Take a conversation lock in one round trip. KEYS[1] the lock, KEYS[2] the last served ticket, KEYS[3] the
# ticket counter; ARGV[1] the holder's token, ARGV[2] the lock's TTL (ms), ARGV[3] the ticket (0: none yet),
# ARGV[4] '1' = wait for every earlier ticket to be served, ARGV[5] the counters' TTL (s), ARGV[6] '1' = take an
# arrival ticket now (INCR: also marks the conversation as live when the client numbers its own messages).
# Returns {state, ticket}: state 1 = held by us, 0 = held by another, -1 = free but an earlier ticket is pending.
_ACQUIRE = """
local ticket = tonumber(ARGV[3])
if ARGV[6] == '1' then
  local t = redis.call('INCR', KEYS[3])
  redis.call('EXPIRE', KEYS[3], ARGV[5])
  if ticket == 0 then ticket = t end
end
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, ticket} end
if ARGV[4] == '1' and ticket > tonumber(redis.call('GET', KEYS[2]) or '0') + 1 then return {-1, ticket} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, ticket}
"""

# Release in one round trip: the ticket is marked served (never backwards; nothing is written once the
# conversation was erased: no counter key), then the lock is deleted if ``token`` still holds it.
# KEYS as _ACQUIRE; ARGV[1] the token, ARGV[2] the ticket (0: unordered), ARGV[3] the counters' TTL (s).
_RELEASE = """
local ticket = tonumber(ARGV[2])
if ticket > 0 and redis.call('EXISTS', KEYS[3]) == 1 then
  if ticket > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], ticket, 'EX', ARGV[3]) end
end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
"""

# Renew a lock still held by ``token``. KEYS[1] the lock; ARGV[1] the token, ARGV[2] the TTL (ms).
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

_ERASE = """
local n = 0
for _, k in ipairs(redis.call('SMEMBERS', KEYS[1])) do n = n + redis.call('DEL', k) end
n = n + redis.call('DEL', KEYS[2], KEYS[3])
redis.call('DEL', KEYS[1], KEYS[4], KEYS[5])
return n
"""


class RedisStateStore:
    """Redis-backed store. Keys: ``<prefix>state:<key>``, ``<prefix>lock:<key>``, ``<prefix>dedup:<key>``,
    ``<prefix>outbox:<key>``, and ``<prefix>conv:<conversation>`` (a set: the keys of the records written
    with ``conversation=``, erased with it) — prefix default ``jisr:``. ``socket_timeout`` bounds every call
    (seconds) so a hung Redis turns into :class:`StateUnavailable` quickly. The two Lua scripts (owned
    write, erase) touch keys outside their ``KEYS`` list, so the store needs a single Redis server (or a
    primary with replicas), not Redis Cluster."""

    def __init__(self, url: str, ttl_seconds: int = 7 * 24 * 3600, prefix: str = "jisr:",
                 socket_timeout: float = 2.0, client: Any = None) -> None:
        import redis.asyncio as redis

        self.ttl = ttl_seconds
        self.prefix = prefix
        self._redis = client or redis.Redis.from_url(
            url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout, decode_responses=True,
            health_check_interval=30,
        )
        self._pending_releases: set[asyncio.Task] = set()  # locks released once Redis answers again
        self._set_owned = self._redis.register_script(_SET_OWNED)
        self._acquire = self._redis.register_script(_ACQUIRE)
        self._release = self._redis.register_script(_RELEASE)
        self._renew = self._redis.register_script(_RENEW)
        self._erase = self._redis.register_script(_ERASE)

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

    async def _write(self, kind: str, key: str, data: str, ttl: int, conversation: str | None) -> None:
        async with self._errors():
            if conversation is None:
                await self._redis.set(self._k(kind, key), data, ex=ttl)
            else:
                await self._set_owned(keys=[self._k(kind, key), self._k("conv", conversation)], args=[data, ttl])

    async def save(self, key: str, record: dict[str, Any], *, conversation: str | None = None) -> None:
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        await self._write("state", key, data, self.ttl, conversation)

    async def delete(self, key: str) -> None:
        async with self._errors():
            await self._redis.delete(self._k("state", key), self._k("outbox", key))

    async def erase(self, conversation: str) -> int:
        async with self._errors():
            return int(await self._erase(keys=[self._k("conv", conversation), self._k("state", conversation),
                                               self._k("outbox", conversation), self._k("seq", conversation),
                                               self._k("served", conversation)]))

    @asynccontextmanager
    async def lock(self, key: str, sequence: int | None = None, *, ordered: bool = False) -> AsyncIterator[Held]:
        """The lock of ``key``. ``ordered`` (the message path's lock of a conversation): taken in the order of
        the person's messages — ``sequence`` (the client's numbering, 1, 2, 3…) when given, else an arrival
        ticket (``INCR``); a message waits until every earlier one has been served, at most
        ``ORDER_WAIT_SECONDS``. Its counters are erased with the conversation.

        One round trip to take the lock (ticket, order check and ``SET NX`` in one script, polled every 5 ms
        while another holds it, at most ``LOCK_WAIT_SECONDS``) and one to release it. The lock expires
        ``LOCK_TIMEOUT_SECONDS`` after its holder stops renewing it (every ``LOCK_RENEW_SECONDS`` while the
        turn runs): a worker that crashed or was killed holds a person's conversation for seconds, not for
        the length of the longest turn.

        Raises :class:`StateUnavailable` when Redis fails or the wait is exceeded."""
        token = uuid.uuid4().hex  # ours, so that a lock whose acquisition timed out can still be released
        keys = [self._k("lock", key), self._k("served", key), self._k("seq", key)]
        ticket = sequence if ordered and sequence is not None and sequence > 0 else 0
        take_ticket = ordered
        now = time.monotonic()
        order_deadline, wait_deadline = now + ORDER_WAIT_SECONDS, now + LOCK_WAIT_SECONDS
        ttl_ms = int(LOCK_TIMEOUT_SECONDS * 1000)
        while True:
            in_order = ordered and time.monotonic() < order_deadline  # past it: an earlier worker died or failed
            try:
                async with self._errors():
                    state, ticket = await self._acquire(keys=keys, args=[token, ttl_ms, ticket, int(in_order),
                                                                         ORDER_TTL_SECONDS, int(take_ticket)])
            except StateUnavailable:
                # Redis may have applied the SET after the client gave up (a hung server resuming): release
                # it in the background as soon as Redis answers, instead of leaving it to expire
                self._release_later(keys, token, 0)
                raise
            take_ticket = False
            if state == 1:
                break
            if time.monotonic() >= wait_deadline:
                raise StateUnavailable("conversation lock wait exceeded")
            await asyncio.sleep(0.005)
        stop_renewing = self._keep(keys[0], token, ttl_ms)
        served = ticket if ordered else 0
        held = Held(keys, token, served)
        try:
            yield held
        finally:
            stop_renewing()
            if not held.released:  # else let go already, with the turn's writes (save_turn)
                try:
                    async with self._errors():
                        await self._release(keys=keys, args=[token, served, ORDER_TTL_SECONDS])
                except StateUnavailable:
                    self._release_later(keys, token, served)  # Redis gone or hung: release when it answers

    def _keep(self, lock_key: str, token: str, ttl_ms: int) -> Callable[[], None]:
        """Renew the lock every ``LOCK_RENEW_SECONDS`` while it is held; returns the function that stops it."""
        loop = asyncio.get_running_loop()
        handle: list[asyncio.TimerHandle] = []

        def tick() -> None:
            task = loop.create_task(self._renew_once(lock_key, token, ttl_ms))
            self._pending_releases.add(task)
            task.add_done_callback(self._pending_releases.discard)
            handle[0] = loop.call_later(LOCK_RENEW_SECONDS, tick)

        handle.append(loop.call_later(LOCK_RENEW_SECONDS, tick))
        return lambda: handle[0].cancel()

    async def _renew_once(self, lock_key: str, token: str, ttl_ms: int) -> None:
        from redis.exceptions import RedisError

        with contextlib.suppress(RedisError, OSError, TimeoutError):
            await self._renew(keys=[lock_key], args=[token, ttl_ms])

    def _release_later(self, keys: list[str], token: str, ticket: int) -> None:
        """Retry releasing the lock (only if ``token`` still holds it) every 0.5 s until Redis answers or the
        lock's own expiry (``LOCK_TIMEOUT_SECONDS``) has passed: the person's next message does not wait for
        a lock nobody holds any more."""

        async def _retry() -> None:
            from redis.exceptions import RedisError

            deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
            while time.monotonic() < deadline:
                await asyncio.sleep(0.5)
                try:
                    await self._release(keys=keys, args=[token, ticket, ORDER_TTL_SECONDS])
                    return
                except (RedisError, OSError, TimeoutError):
                    continue

        task = asyncio.get_running_loop().create_task(_retry())
        self._pending_releases.add(task)
        task.add_done_callback(self._pending_releases.discard)

    async def get_answer(self, dedup_key: str) -> Any:
        async with self._errors():
            raw = await self._redis.get(self._k("dedup", dedup_key))
        return None if raw is None else json.loads(raw)

    async def put_answer(self, dedup_key: str, answer: Any, ttl: int = DEFAULT_DEDUP_TTL_SECONDS, *,
                         conversation: str | None = None) -> None:
        await self._write("dedup", dedup_key, json.dumps(answer, ensure_ascii=False), ttl, conversation)

    async def load_turn(self, key: str, dedup_key: str | None) -> tuple[dict[str, Any] | None, Any]:
        if dedup_key is None:
            return await self.load(key), None
        async with self._errors():
            raw, answer = await self._redis.mget(self._k("state", key), self._k("dedup", dedup_key))
        return (None if raw is None else json.loads(raw)), (None if answer is None else json.loads(answer))

    async def save_turn(self, key: str, record: dict[str, Any] | None, dedup_key: str | None, answer: Any,
                        ttl: int = DEFAULT_DEDUP_TTL_SECONDS, *, release: Held | None = None) -> None:
        store_answer = dedup_key is not None and answer is not None
        if record is None and not store_answer:
            return
        let_go = release is not None and bool(release.keys) and not release.released
        async with self._errors(), self._redis.pipeline(transaction=True) as pipe:
            if record is not None:
                pipe.set(self._k("state", key), json.dumps(record, ensure_ascii=False, separators=(",", ":")),
                         ex=self.ttl)
            # EVAL, not the registered scripts' EVALSHA: a pipeline holding those first asks SCRIPT EXISTS,
            # one more round trip; Redis keeps the compiled script by its digest either way
            if store_answer:
                pipe.eval(_SET_OWNED, 2, self._k("dedup", str(dedup_key)), self._k("conv", key),
                          json.dumps(answer, ensure_ascii=False), ttl)
            if let_go and release is not None:  # the ticket served and the lock let go with the writes
                pipe.eval(_RELEASE, 3, *release.keys, release.token, release.ticket, ORDER_TTL_SECONDS)
            await pipe.execute()
        if let_go and release is not None:
            release.released = True

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

    async def keys(self) -> list[str]:
        pattern = "".join("\\" + c if c in "*?[]\\" else c for c in self.prefix) + "*"
        async with self._errors():
            found = [k async for k in self._redis.scan_iter(match=pattern, count=1000)]
        return sorted(k[len(self.prefix):] for k in found)

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
