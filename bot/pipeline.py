"""The message path (BRIEF contract #7): one inbound message in, the replies out.

``MessagePipeline.handle(msg)`` does, in this order::

    safety.detect(text)                 pure, before anything that can fail
    conversation key                    services.identity.pseudonymize(channel, sender_id, secret)
    per-conversation lock               Redis lock (REDIS_URL) or asyncio.Lock: one person's messages in order
    de-duplication                      (channel, sender, message_id) seen with the same content digest → the
                                        stored answer, nothing changes (same id, other content = a new message;
                                        danger always gets the numbers, whatever is stored)
    load state                          bot.state.StateStore (Redis with idle TTL, or in-process)
    escalation check (database)         an active escalation claimed by an operator → hand-off
    safety net                          danger (lexicon, or NLU immediate_danger) → emergency numbers at once,
                                        priority-0 escalation, engine's ``emergency`` flow
    idle claim                          claimed by an operator idle beyond CLAIM_IDLE_SECONDS: released to the
                                        queue at once (no wait for the periodic task, bot/claims.py); the
                                        person is told (+ numbers for danger) and waits for an operator again
    hand-off                            claimed by an operator: silent; waiting for one (not claimed yet): "you
                                        are in the queue" + numbers, at most once per 5 minutes; the message is appended
                                        to the escalation for the console
    NLU parse                           nlu.client.NLUClient; NLUUnavailable → menu mode (Turn.parse=None)
    engine step                         dialogues.engine.FlowEngine.step (mutates the state)
    save state, store the answer        or, after a confirmed "delete my data" or a quick exit, erase every
                                        record of the conversation (channels' hooks first, then
                                        ``StateStore.erase``) and store no answer

Degradation: a Redis error (:class:`bot.state.StateUnavailable`), a database error or any unexpected
failure ends in a kind apology plus every emergency number (:func:`bot.safety.degraded_messages`); when the
message was danger, the emergency reply itself (and the escalation is still attempted). The state is saved
only after the whole turn succeeded, so a failed turn leaves the stored conversation as it was; service
writes (bookings, referrals, escalations) are each one committed transaction in ``services``.

Privacy: logs carry the first 12 hex digits of the conversation key, intents, flows and timings — never the
text, a phone number or a name (``bot/logging_policy.py`` enforces it for every logger).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import locales
from bot import safety
from bot.danger import decide as decide_danger
from bot.messages import SENDERS, Button, InboundMessage, OutboundMessage
from bot.state import DEFAULT_DEDUP_TTL_SECONDS, StateStore
from services import barometer

log = logging.getLogger("bot.pipeline")

RECORD_VERSION = 1
ENGINE_MAX_CHARS = 4000  # the NLU and the engine get at most this many characters; the safety net reads all
SAFETY_THREAD_MIN_CHARS = 4000  # longer texts are scanned in a worker thread (the event loop keeps serving)
ESCALATION_TIMEOUT_SECONDS = 3.0
OPTIONAL_DB_TIMEOUT_SECONDS = 1.5  # a database step the turn can do without waits at most this
DANGER_REPLY_BUDGET_SECONDS = 0.5  # the emergency reply leaves within this, whatever the services do
REPLY_BUDGET_SECONDS = 2.0  # any other message: its reply, or a kind apology, within this
QUEUE_NOTICE_INTERVAL_SECONDS = 300  # at most one "you are in the queue" notice per conversation per 5 minutes


@dataclass
class PipelineStats:
    """Counters since start (exposed by ``GET /metrics.json``); no content."""

    handled: int = 0
    duplicates: int = 0
    danger: int = 0
    degraded: int = 0
    nlu_unavailable: int = 0
    handoff_silent: int = 0  # messages answered with nothing because an operator owns the conversation
    handoff_queued: int = 0  # "you are in the queue" notices sent while nobody has claimed the escalation
    claims_released: int = 0  # idle claims released by a person's message (the message path, not the task)
    message_id_reused: int = 0  # a known message_id came with other content: handled as a new message
    danger_fast: int = 0  # danger answered from the safety net because the turn overran DANGER_REPLY_BUDGET
    slow_apologies: int = 0  # a kind apology because the turn overran REPLY_BUDGET (it went on in background)
    late_replies: int = 0  # replies of such turns sent afterwards through the channel
    stage_ms: dict[str, float] = field(default_factory=dict)  # cumulated wall time per stage (ms)

    def add(self, stage: str, started: float) -> None:
        """Add the time since ``started`` (``time.perf_counter()``) to ``stage``."""
        self.stage_ms[stage] = self.stage_ms.get(stage, 0.0) + (time.perf_counter() - started) * 1000


ERASE_DELETE_DATA = "delete_data"  # the person confirmed "delete my data" (the database records are gone too)
ERASE_QUICK_EXIT = "quick_exit"  # the person used the quick exit (/exit, the exit button, the web chat's)


@dataclass(frozen=True)
class Erasure:
    """What a channel's erasure hook is told, just before the conversation's records are erased.

    ``conversation_key``: the conversation (HMAC hex). ``channel``: its channel name. ``reason``:
    :data:`ERASE_DELETE_DATA` or :data:`ERASE_QUICK_EXIT`. ``variety``: the variety the turn's replies are in
    (the stored state that said so is about to go).
    """

    conversation_key: str
    channel: str
    reason: str
    variety: str


ErasureHook = Callable[[Erasure], Awaitable[None]]


def messages_to_json(messages: list[OutboundMessage]) -> list[dict[str, Any]]:
    """Serialise replies for the de-duplication store and outboxes."""
    return [
        {"text": m.text, "buttons": [[b.title, b.payload] for b in m.buttons],
         "request_location": m.request_location, "quick_exit": m.quick_exit,
         **({"sender": m.sender} if m.sender != "bot" else {}),
         **({"variety": m.variety} if m.variety else {})}
        for m in messages
    ]


def messages_from_json(items: list[dict[str, Any]]) -> list[OutboundMessage]:
    """Inverse of :func:`messages_to_json`."""
    return [
        OutboundMessage(text=i.get("text"), buttons=tuple(Button(t, p) for t, p in i.get("buttons", [])),
                        request_location=bool(i.get("request_location")), quick_exit=bool(i.get("quick_exit")),
                        sender=i["sender"] if i.get("sender") in SENDERS else "bot",
                        variety=i["variety"] if i.get("variety") in locales.VARIETIES else None)
        for i in items
    ]


DEDUP_MAX_DIGESTS = 8  # contents remembered per message id (a reused id): bounds the record


def inbound_digest(msg: InboundMessage) -> str:
    """SHA-256 (hex) of what the person sent: text, button payload, location and attachment kinds. Two
    deliveries with one ``message_id`` are the same message only when their digests are equal."""
    loc = None if msg.location is None else [round(msg.location.latitude, 7), round(msg.location.longitude, 7)]
    content = {"text": msg.text or "", "payload": msg.payload or "", "location": loc,
               "attachments": [a.kind for a in msg.attachments]}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _carries_numbers(messages: list[OutboundMessage]) -> bool:
    """True when every emergency number appears in the texts of ``messages``."""
    text = "\n".join(m.text or "" for m in messages)
    return all(n.number in text for n in safety.emergency_numbers())


def short(key: str) -> str:
    """The loggable form of a conversation key (12 hex digits of the HMAC)."""
    return key[:12]


class MessagePipeline:
    """Runs the message path for every channel.

    Args:
        store: the :class:`bot.state.StateStore`.
        engine: a ``dialogues.engine.FlowEngine``.
        nlu: an ``nlu.client.NLUClient`` (None = always menu mode).
        session_factory: an ``async_sessionmaker`` of the services database (None = no database: escalations
            and hand-off are unavailable, everything else works).
        secret_key: HMAC key of conversation keys (bytes).
        settings: ``bot.config.Settings`` (passed to actions; ``claim_idle_seconds`` is read from it).
        gazetteer: ``services.gazetteer.Gazetteer`` or None (the engine loads the default).
        dedup_ttl: seconds a handled message id is remembered.
    """

    def __init__(self, *, store: StateStore, engine: Any, nlu: Any, session_factory: Any, secret_key: bytes,
                 settings: Any = None, gazetteer: Any = None, dedup_ttl: int = DEFAULT_DEDUP_TTL_SECONDS) -> None:
        self.store = store
        self.engine = engine
        self.nlu = nlu
        self.session_factory = session_factory
        self.secret_key = secret_key
        self.settings = settings
        self.gazetteer = gazetteer
        self.dedup_ttl = dedup_ttl
        self.stats = PipelineStats()
        # seconds (epoch): the queue notice's 5-minute interval and claim idleness are measured on it (tests
        # replace it; the app derives the console's and the claim task's clocks from it: :meth:`utcnow`)
        self.clock = time.time
        from services.escalations import DEFAULT_CLAIM_IDLE_SECONDS

        self.claim_idle_seconds = float(getattr(settings, "claim_idle_seconds", DEFAULT_CLAIM_IDLE_SECONDS))
        self._erasure_hooks: dict[str, list[ErasureHook]] = {}
        # the reply budgets (seconds) and what sends the replies of a turn that overran its budget:
        # ``late_sender(channel, recipient_id, messages)`` (the app sets ``ChannelRegistry.send``)
        self.danger_budget = float(getattr(settings, "danger_reply_budget_seconds", DANGER_REPLY_BUDGET_SECONDS))
        self.reply_budget = float(getattr(settings, "reply_budget_seconds", REPLY_BUDGET_SECONDS))
        self.late_sender: Callable[[str, str, list[OutboundMessage]], Awaitable[None]] | None = None
        self._late_turns: set[asyncio.Future] = set()
        self.spool: Any = None  # services.spool.DangerSpool (the app sets it when there is a database)
        from bot.referral_thread import ReferralThreads

        # after a center's team wrote, the person's messages go to the referral's thread (bot/referral_thread.py)
        self.referral_threads = ReferralThreads(store, session_factory, self.utcnow)

    def utcnow(self) -> dt.datetime:
        """:attr:`clock` as an aware UTC ``datetime``."""
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC)

    def on_erase(self, channel: str, hook: ErasureHook) -> None:
        """Register ``hook(Erasure)``, awaited just before every record of a conversation of ``channel`` is
        erased ("delete my data" confirmed, quick exit), inside the conversation lock. The channel's own records
        need no hook to be erased: written with ``conversation=`` (``StateStore.save``/``put_answer``) they
        go with the conversation. The hook is for what must happen first — take what the channel still needs
        (Telegram: the message ids its quick exit deletes afterwards) and note that nothing more may be
        recorded about this turn. A hook that raises is logged and never stops the erasure."""
        self._erasure_hooks.setdefault(channel, []).append(hook)

    async def _erase(self, conv: str, channel: str, reason: str, variety: str) -> None:
        """Run ``channel``'s erasure hooks, then erase every record of ``conv`` from the state store. Raises
        :class:`bot.state.StateUnavailable` when the store fails (the turn then degrades; the person can
        ask again)."""
        notice = Erasure(conv, channel, reason, variety)
        for hook in self._erasure_hooks.get(channel, ()):
            try:
                await hook(notice)
            except Exception as exc:  # noqa: BLE001 - a channel's failure must not keep the records
                log.error("erasure-hook-failed conv=%s channel=%s error=%s", short(conv), channel,
                          type(exc).__name__)
        deleted = await self.store.erase(conv)
        log.info("erased conv=%s reason=%s records=%d", short(conv), reason, deleted)

    # ---- identity --------------------------------------------------------------------------------
    def conversation_key(self, channel: str, sender_id: str) -> str:
        """``services.identity.pseudonymize(channel, sender_id, secret_key)``."""
        from services.identity import pseudonymize

        return pseudonymize(channel, sender_id, self.secret_key)

    def _dedup_key(self, conv: str, msg: InboundMessage) -> str | None:
        if not msg.message_id:
            return None
        raw = f"{msg.channel}\x00{conv}\x00{msg.message_id}".encode()
        return hashlib.sha256(raw).hexdigest()

    # ---- entry point -------------------------------------------------------------------------------
    async def handle(self, msg: InboundMessage) -> list[OutboundMessage]:
        """Handle one inbound message; never raises (failures become the degraded reply).

        The reply never waits on infrastructure beyond a budget: a danger message (safety net) gets the
        emergency numbers within :attr:`danger_budget` seconds and any other message its reply or a kind
        apology within :attr:`reply_budget`, whatever PostgreSQL, Redis or the NLU service do. A turn that
        overruns its budget goes on in the background (state, escalation, transcript); its replies, when it
        ends, are sent through :attr:`late_sender` (the emergency messages already sent are not repeated).
        A danger message's escalation is spooled to disk before anything else (:class:`services.spool.
        DangerSpool`), so the operators see it even if the database answers only minutes later."""
        started = time.perf_counter()
        msg = _clean(msg)  # lone surrogates (a cut emoji) → U+FFFD: everything below can encode the text
        danger = await _detect(msg.text)  # first: pure, cannot fail on infrastructure; reads the whole text
        digest = inbound_digest(msg)  # of the whole content (de-duplication)
        msg = _clip(msg)  # the NLU, the engine and the transcript get at most ENGINE_MAX_CHARS
        conv = self.conversation_key(msg.channel, msg.sender_id)
        spooled = None
        if danger is not None and self.spool is not None:
            spooled = self.spool.put(conversation_key=conv, channel=msg.channel, variety=_first_variety(msg),
                                     reason=danger.escalation_reason(_reason_length()), text=msg.text)
        turn = asyncio.ensure_future(self._turn(conv, msg, danger, digest, spooled, started))
        budget = self.danger_budget if danger is not None else self.reply_budget
        done, _ = await asyncio.wait({turn}, timeout=budget)
        if done:
            return turn.result()[0]
        # the services are slow or hung: answer now, let the turn finish in the background
        self._late_turns.add(turn)
        turn.add_done_callback(functools.partial(self._turn_ended_late, msg, danger is not None))
        variety = _first_variety(msg)
        if danger is not None:
            self.stats.danger += 1
            self.stats.danger_fast += 1
            log.warning("danger-fast conv=%s kinds=%s budget_ms=%d spooled=%s", short(conv),
                        ",".join(danger.kinds), int(budget * 1000), spooled is not None)
            return safety.emergency_messages(variety, escalated=spooled is not None)
        self.stats.slow_apologies += 1
        log.warning("slow-apology conv=%s budget_ms=%d", short(conv), int(budget * 1000))
        return safety.degraded_messages(variety)

    def _turn_ended_late(self, msg: InboundMessage, danger: bool, turn: asyncio.Future) -> None:
        """A turn that overran its budget has ended: send its replies through :attr:`late_sender` (without the
        emergency messages the person already got, and without a degraded apology: they got one)."""
        self._late_turns.discard(turn)
        if turn.cancelled() or turn.exception() is not None:
            return
        replies, ok = turn.result()
        if not ok:
            return  # the turn itself degraded: the person already has the apology (or the numbers)
        if danger:  # the person already has the emergency reply: only what the turn adds after it
            replies = [r for r in replies if not _is_emergency(r)]
        if not replies or self.late_sender is None:
            return
        self.stats.late_replies += 1

        async def _send() -> None:
            try:
                await self.late_sender(msg.channel, msg.sender_id, replies)
            except Exception as exc:  # noqa: BLE001 - best effort: the person has had an answer
                log.warning("late-reply-failed channel=%s error=%s", msg.channel, type(exc).__name__)

        task = asyncio.get_running_loop().create_task(_send())
        self._late_turns.add(task)
        task.add_done_callback(self._late_turns.discard)

    async def _turn(self, conv: str, msg: InboundMessage, danger: safety.Danger | None, digest: str,
                    spooled: Any, started: float) -> tuple[list[OutboundMessage], bool]:
        """The whole turn (lock, de-duplication, state, NLU, engine, save): its replies, and False when it
        degraded (the replies are then the apology or the emergency reply); never raises."""
        try:
            t_lock = time.perf_counter()
            async with self.store.lock(conv, msg.sequence, ordered=True):
                self.stats.add("lock_wait", t_lock)
                dedup = self._dedup_key(conv, msg)
                record: dict[str, Any] = {"digests": {}}
                if dedup is not None:
                    stored = await self.store.get_answer(dedup)
                    if isinstance(stored, list):  # a record of an older version (no digest): a redelivery
                        stored = {"digests": {digest: stored}}
                    if stored is not None:
                        record = stored
                        if digest in record.get("digests", {}):
                            self.stats.duplicates += 1
                            log.info("duplicate conv=%s channel=%s", short(conv), msg.channel)
                            replies = messages_from_json(record["digests"][digest])
                            self.spool_done(spooled)  # the first delivery opened (or spooled) it
                            return self._never_without_numbers(conv, msg, danger, replies), True
                        # same id, other content: not a redelivery (a client reusing ids) → a new message
                        self.stats.message_id_reused += 1
                        log.warning("message-id-reused conv=%s channel=%s", short(conv), msg.channel)
                replies, erased = await self._process(conv, msg, danger, spooled)
                if dedup is not None and not erased:  # an erased conversation keeps no answer either
                    digests = dict(record.get("digests", {}))
                    digests[digest] = messages_to_json(replies)
                    while len(digests) > DEDUP_MAX_DIGESTS:
                        digests.pop(next(iter(digests)))
                    await self.store.put_answer(dedup, {"digests": digests}, self.dedup_ttl, conversation=conv)
        except Exception as exc:  # noqa: BLE001 - every failure gets the kind apology + numbers
            self.stats.degraded += 1
            log.warning("degraded conv=%s error=%s danger=%s", short(conv), type(exc).__name__, bool(danger))
            return await self._degraded(conv, msg, danger, spooled), False
        self.stats.handled += 1
        log.info("handled conv=%s channel=%s ms=%.1f replies=%d", short(conv), msg.channel,
                 (time.perf_counter() - started) * 1000, len(replies))
        return replies, True

    def spool_done(self, spooled: Any) -> None:
        """The escalation of a spooled danger message exists: drop its spool entry."""
        if spooled is not None and self.spool is not None:
            self.spool.done(spooled)

    def _never_without_numbers(self, conv: str, msg: InboundMessage, danger: safety.Danger | None,
                               replies: list[OutboundMessage]) -> list[OutboundMessage]:
        """The safety net's verdict is never skipped by de-duplication: a danger message whose stored answer
        lacks the emergency numbers (stored by an older version, …) gets the emergency reply first."""
        if danger is None or _carries_numbers(replies):
            return replies
        log.warning("duplicate-without-numbers conv=%s kinds=%s", short(conv), ",".join(danger.kinds))
        return safety.emergency_messages(_first_variety(msg), escalated=False) + replies

    async def set_handoff(self, conversation_key: str, handoff: bool) -> None:
        """Mark the conversation as owned by an operator (``True``: the bot stays silent except for the safety
        net) or give it back to the bot (``False``). Used by the console on claim/release/close. Takes the
        conversation lock, so it never interleaves with a message being handled. Raises
        :class:`bot.state.StateUnavailable` when the store is down."""
        from dialogues.engine import ConversationState

        async with self.store.lock(conversation_key):
            record = await self.store.load(conversation_key) or {"v": RECORD_VERSION, "meta": {}}
            state = ConversationState.from_dict(record.get("state"))
            state.handoff = handoff
            if not handoff and state.flow is not None and state.slots.get("escalation_id") is not None:
                state.flow, state.node, state.waiting = None, None, False  # back at the menu, not mid-question
            record["state"] = state.to_dict()
            await self.store.save(conversation_key, record)
        log.info("handoff conv=%s value=%s", short(conversation_key), handoff)

    async def requeue_released(self, escalation: Any) -> list[OutboundMessage]:
        """A claim on the conversation went back to the queue without its operator handing it back (logout,
        idle; ``escalation`` is the released ``services.escalations.EscalationInfo``): the conversation waits
        for an operator again (``state.handoff`` stays True: the "you are in the queue" behaviour, the safety
        net still answering danger) and the queue notice's 5-minute interval restarts now, since the person
        is being told. Returns the message to send them (:func:`bot.safety.released_messages`, in the
        conversation's variety and gender; the numbers when the escalation is danger). Takes the
        conversation lock. Raises :class:`bot.state.StateUnavailable` when the store is down."""
        from dialogues.engine import ConversationState

        async with self.store.lock(escalation.conversation_key):
            record = await self.store.load(escalation.conversation_key)
            state = ConversationState.from_dict((record or {}).get("state"))
            if record is None:
                state.variety = escalation.variety if escalation.variety in locales.VARIETIES else state.variety
            meta = dict((record or {}).get("meta") or {})
            state.handoff = True
            state.slots["escalation_id"] = escalation.id
            meta["queue_notice_at"] = self.clock()
            await self.store.save(escalation.conversation_key,
                                  {"v": RECORD_VERSION, "state": state.to_dict(), "meta": meta})
        log.info("claim-requeued conv=%s", short(escalation.conversation_key))
        return safety.released_messages(state.variety, str(state.slots.get("gender", "other")),
                                        danger=escalation.danger)

    # ---- one turn ----------------------------------------------------------------------------------
    async def _process(self, conv: str, msg: InboundMessage, danger: safety.Danger | None,
                       spooled: Any = None) -> tuple[list[OutboundMessage], bool]:
        """One turn under the conversation lock: returns the replies and whether the conversation's records
        were erased (then no de-duplication answer is stored either)."""
        from dialogues.engine import (
            EMERGENCY_FLOW,
            LANGUAGE_SWITCH_MIN,
            ActionContext,
            ConversationState,
            Turn,
        )

        t = time.perf_counter()
        record = await self.store.load(conv)
        self.stats.add("state_load", t)
        state = ConversationState.from_dict((record or {}).get("state"))
        meta: dict[str, Any] = dict((record or {}).get("meta") or {})
        meta["messages"] = int(meta.get("messages", 0)) + 1  # handled messages (never reset by the engine)
        if record is None and msg.language_hint:
            # a new conversation starts in the channel's UI language (web chat variety, Telegram language);
            # not locked: the NLU or the keywords switch to the variety the person actually writes in
            state.variety = _hint_variety(msg.language_hint, state.variety)
        ctx = ActionContext(conversation_key=conv, channel=msg.channel, session_factory=self.session_factory,
                            gazetteer=self.gazetteer, settings=self.settings)

        t = time.perf_counter()
        # Only a conversation with an escalation (opened by the bot: danger or talk_to_human; claimed ones are
        # also flagged by the console through set_handoff) needs the database check on every message — and a
        # conversation with no stored state: new, expired, or erased by a quick exit while its escalation
        # stays open (the quick exit hides the conversation; it does not withdraw the call for help).
        escalation = None
        if state.handoff or state.slots.get("escalation_id") is not None:
            escalation = await self._active_escalation(conv)  # a failure here degrades the turn (hand-off)
        elif record is None:
            # new, expired or quick-exited: only a quick-exited conversation can have an open escalation, so a
            # database that fails here does not keep a new person from being answered
            escalation = await self._optional_db("escalation-check", conv, self._active_escalation(conv))
        if escalation is not None:
            state.slots["escalation_id"] = escalation.id
            if record is None:
                # the state is gone (restart of an in-process store, expiry, quick exit) but the person's call
                # for a person is still open: rebuilt from the escalation row, they wait for (or talk with) an
                # operator as before, in the conversation's language
                state.handoff = True
                if escalation.variety in locales.VARIETIES:
                    state.variety = escalation.variety
                log.info("handoff-rebuilt conv=%s status=%s", short(conv), escalation.status)
        # who to write back to (operators, reminders): retried at the next message when it fails now
        if not meta.get("identity") and self.session_factory is not None and await self._optional_db(
                "identity", conv, self._remember_identity(conv, msg, state.variety), True):
            meta["identity"] = True
        self.stats.add("database", t)
        if escalation is None and (state.handoff or state.slots.get("escalation_id") is not None):
            state.handoff = False  # the operator closed the escalation: the bot takes the conversation back
            state.slots.pop("escalation_id", None)
        released = None
        if escalation is not None and escalation.status == "claimed":
            released = await self._release_if_idle(conv, escalation)
            if released is not None:  # the operator has gone: back to waiting for one
                escalation, state.handoff = released, True
        operator_owned = escalation is not None and (escalation.status == "claimed" or state.handoff)
        if operator_owned:
            state.handoff = True
        # handed off but nobody has claimed it yet: the person must not wait in silence
        waiting = operator_owned and escalation.status != "claimed"
        quick_exit = Turn.from_message(msg, None).quick_exit  # obeyed even while an operator owns it

        parse = None
        if danger is None:
            t = time.perf_counter()
            parse = await self._parse(conv, msg)
            self.stats.add("nlu", t)
            danger = decide_danger(danger, parse)  # the one danger rule (net + NLU), bot/danger.py

        replies: list[OutboundMessage] = []
        if danger is not None:
            self.stats.danger += 1
            if not state.language_locked and msg.text:  # answer in the variety of this very message
                # the text's own guess (no NLU needed: the net usually fires before the NLU is asked); a
                # confident NLU language overrides it only within the same script (ar/ary, fr/ary-Latn)
                guess = safety.guess_variety(msg.text, state.variety)
                if (parse is not None and parse.language in locales.VARIETIES
                        and parse.language_confidence >= LANGUAGE_SWITCH_MIN
                        and _script(parse.language) == _script(guess)):
                    guess = parse.language
                state.variety = guess
            gender = str(state.slots.get("gender", "other"))
            escalation = await self._danger_escalation(conv, msg, state, danger, spooled) or escalation
            replies += safety.emergency_messages(state.variety, gender, escalated=escalation is not None)
            log.warning("danger conv=%s kinds=%s patterns=%s escalation=%s", short(conv), ",".join(danger.kinds),
                        ",".join(danger.pattern_ids), escalation is not None)
            if released is not None:
                meta["queue_notice_at"] = self.clock()
                replies += safety.released_messages(state.variety, gender)  # the numbers are already above
            if not operator_owned:
                replies += await self.engine.enter_flow(state, EMERGENCY_FLOW, ctx)
        elif released is not None:
            meta["queue_notice_at"] = self.clock()
            replies += safety.released_messages(state.variety, str(state.slots.get("gender", "other")),
                                                danger=released.danger)
        elif waiting and not quick_exit and (command := self._waiting_command(state, msg, parse)) is not None:
            # the person stops waiting (menu, cancel) or asks to delete their data: both must work in the queue
            turn = Turn.from_message(msg, parse)
            if command == "delete":
                replies += await self._delete_while_waiting(state, turn, ctx)
            else:
                out, escalation = await self._stop_waiting(conv, state, escalation, ctx)
                replies += out
        elif waiting and not quick_exit:
            now = self.clock()
            last = float(meta.get("queue_notice_at") or 0)
            if now - last >= QUEUE_NOTICE_INTERVAL_SECONDS or now < last:
                meta["queue_notice_at"] = now
                self.stats.handoff_queued += 1
                queued = safety.queue_messages(state.variety, str(state.slots.get("gender", "other")))
                stop = Button(locales.t(state.variety, "human-stop-waiting"), STOP_WAITING)
                replies += [dataclasses.replace(m, buttons=(*m.buttons, stop)) for m in queued]
                log.info("handoff-queued conv=%s", short(conv))
            else:
                self.stats.handoff_silent += 1
                log.info("handoff-queued-silent conv=%s", short(conv))
        elif operator_owned and not quick_exit:
            self.stats.handoff_silent += 1
            log.info("handoff-silent conv=%s", short(conv))
        elif (thread := await self._referral_thread_reply(conv, msg, state, meta, record is None, quick_exit,
                                                          parse)) is not None:
            replies += thread  # the center's team wrote: the message went to the referral's thread
        else:
            turn = Turn.from_message(msg, parse)
            t = time.perf_counter()
            replies += await self.engine.step(state, turn, ctx)
            self.stats.add("engine", t)
            log.info("step conv=%s intent=%s flow=%s node=%s nlu=%s", short(conv),
                     parse.intent if parse else None, state.flow, state.node, parse is not None)

        barometer.on_turn(conv, msg.channel, state, danger is not None)  # anonymous counts (services/barometer.py)
        erase = None
        if state.erase_requested:
            erase = ERASE_QUICK_EXIT if any(r.quick_exit for r in replies) else ERASE_DELETE_DATA
        if escalation is not None and erase != ERASE_DELETE_DATA:  # "delete my data" deleted the escalation
            await self._append_to_escalation(escalation.id, msg, replies)

        # the bot's replies say their variety (the web chat's interface follows the conversation's language)
        # (not the quick exit's goodbye: the page empties itself)
        replies = [dataclasses.replace(r, variety=state.variety)
                   if r.variety is None and not r.quick_exit and r.sender == "bot" else r for r in replies]
        t = time.perf_counter()
        if erase is not None:
            await self._erase(conv, msg.channel, erase, state.variety)
        else:
            await self.store.save(conv, {"v": RECORD_VERSION, "state": state.to_dict(), "meta": meta})
        self.stats.add("state_save", t)
        return replies, erase is not None

    # ---- a referral's thread ------------------------------------------------------------------------
    async def _referral_thread_reply(self, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any],
                                     new_conversation: bool, quick_exit: bool,
                                     parse: Any) -> list[OutboundMessage] | None:
        """The one step of the referral threads (``bot/referral_thread.py``): after a center's team wrote to
        the person, their message goes to the referral's thread (``[]``, or the one-time notice) instead of
        the bot; None when the bot answers it (no open thread, a command, the menu, delete my data, the quick
        exit). Kept apart from the rest of the path: one call, everything else in that module."""
        return await self.referral_threads.route(conv, msg, state, meta, new_conversation, quick_exit, parse)

    # ---- leaving the queue ---------------------------------------------------------------------------
    def _waiting_command(self, state: Any, msg: InboundMessage, parse: Any) -> str | None:
        """What a message of a person waiting for an operator (escalation open, unclaimed) asks beyond waiting:
        ``"delete"`` (delete my data, or an answer to its pending confirmation), ``"stop"`` (stop waiting:
        the menu words and ``/menu``, the cancel words and intent, the queue's "stop waiting" button), or
        None (a message for the operator)."""
        from dialogues import menu_mode
        from nlu.normalize import normalize

        if state.flow == "delete_data":  # the confirmation asked by the delete flow (or its buttons)
            return "delete"
        text = (msg.text or "").strip()
        payload = msg.payload or (text if text.startswith("/") else None)
        if payload:
            name = payload.split(maxsplit=1)[0]
            if name == "/delete_data":
                return "delete"
            return "stop" if name in STOP_WAITING_PAYLOADS else None
        if normalize(text) in _stop_waiting_words():
            return "stop"
        intents = set()
        switch = float(getattr(self.engine, "switch", 0.5))
        if parse is not None and float(parse.confidence or 0) >= switch:
            intents.add(parse.intent)
        match = menu_mode.match_intent(text)
        if match is not None:
            intents.add(match.intent)
        if "delete_data" in intents:
            return "delete"
        if "cancel_appointment" in intents:
            return "stop"
        return None

    async def _delete_while_waiting(self, state: Any, turn: Any, ctx: Any) -> list[OutboundMessage]:
        """"Delete my data" while waiting: the delete flow runs as anywhere else (its action deletes the
        escalation with the rest of the person's records); until it has erased, the person keeps waiting."""
        from dialogues.engine import Turn

        if state.flow != "delete_data":
            turn = Turn(text=None, payload="/delete_data")  # the keyword or the NLU said so: start the flow
        state.handoff = False
        replies = await self.engine.step(state, turn, ctx)
        if not state.erase_requested:
            state.handoff = True  # kept their data (or the flow asks again): still in the queue
        log.info("handoff-delete conv=%s flow=%s", short(ctx.conversation_key), state.flow)
        return replies

    async def _stop_waiting(self, conv: str, state: Any, escalation: Any,
                            ctx: Any) -> tuple[list[OutboundMessage], Any]:
        """The person stops waiting for an operator. A request for a person is withdrawn (closed with outcome
        ``withdrawn``, audited); a danger escalation is never withdrawn by a keyword: it stays in the queue
        (an operator may still write) and the person gets the menu with every number. Returns the replies and
        the escalation that stays active (None once withdrawn)."""
        from dialogues.engine import Turn

        gender = str(state.slots.get("gender", "other"))
        if escalation.danger:
            text = (locales.t(state.variety, "human-waiting-danger-kept", gender=gender) + "\n"
                    + safety.numbers_block(state.variety, gender))
            kept: Any = escalation
            log.info("handoff-menu conv=%s escalation=kept-danger", short(conv))
        else:
            from bot.claims import audit_withdrawal
            from services.escalations import withdraw

            async with self.session_factory() as s:
                info = await withdraw(s, escalation.id, self.utcnow())
                if info is not None:
                    await audit_withdrawal(s, info)
            if info is None:  # an operator claimed it meanwhile: they are talking to the person now
                self.stats.handoff_silent += 1
                log.info("handoff-withdraw-lost conv=%s", short(conv))
                return [], escalation
            text, kept = locales.t(state.variety, "human-withdrawn", gender=gender), None
            log.info("handoff-withdrawn conv=%s", short(conv))
        state.handoff = False
        replies = [OutboundMessage(text=text)]
        replies += await self.engine.step(state, Turn(text=None, payload="/menu"), ctx)
        if kept is not None:
            state.slots["escalation_id"] = kept.id  # the transcript still reaches the team
        return replies, kept

    async def _parse(self, conv: str, msg: InboundMessage) -> Any:
        text = (msg.text or "").strip()
        if self.nlu is None or not text or msg.payload or text.startswith("/"):
            return None
        from nlu.client import NLUUnavailable

        try:
            return await self.nlu.parse(text[:ENGINE_MAX_CHARS])
        except NLUUnavailable:
            self.stats.nlu_unavailable += 1
            log.warning("nlu-unavailable conv=%s: menu mode", short(conv))
            return None

    # ---- database helpers ----------------------------------------------------------------------------
    async def _optional_db(self, what: str, conv: str, call: Awaitable[Any], ok: Any = None) -> Any:
        """Await ``call`` (a database step the turn can do without); its result (or ``ok`` when it returns
        None), or None when it fails — logged, never raised."""
        try:
            result = await asyncio.wait_for(call, OPTIONAL_DB_TIMEOUT_SECONDS)
        except Exception as exc:  # noqa: BLE001 - the turn goes on without it
            log.warning("db-step-skipped step=%s conv=%s error=%s", what, short(conv), type(exc).__name__)
            return None
        return ok if result is None else result

    async def _active_escalation(self, conv: str) -> Any:
        if self.session_factory is None:
            return None
        from services.escalations import active_for

        async with self.session_factory() as s:
            return await active_for(s, conv)

    async def _release_if_idle(self, conv: str, escalation: Any) -> Any:
        """Release the conversation's claim when its operator has been idle beyond ``claim_idle_seconds``
        (an audit entry by the system); returns the released escalation, or None (not idle, or someone
        touched or released it meanwhile)."""
        now = self.utcnow()
        idle = escalation.idle_for(now)
        if idle is None or idle < self.claim_idle_seconds:
            return None
        from bot.claims import audit_release
        from services.escalations import release_if_idle

        async with self.session_factory() as s:
            info = await release_if_idle(s, escalation.id, self.claim_idle_seconds, now)
            if info is not None:
                await audit_release(s, info)
        if info is not None:
            self.stats.claims_released += 1
            log.info("claim-released conv=%s reason=idle via=message idle_s=%d", short(conv), int(idle))
        return info

    async def _remember_identity(self, conv: str, msg: InboundMessage, variety: str) -> None:
        from services.identity import remember_identity

        async with self.session_factory() as s:
            await remember_identity(s, msg.channel, msg.sender_id, self.secret_key, variety)

    async def _danger_escalation(self, conv: str, msg: InboundMessage, state: Any, danger: safety.Danger,
                                 spooled: Any = None) -> Any:
        """Open (or raise to priority 0) the conversation's escalation and drop its spool entry. Returns its
        info, or None when the database is unavailable (the emergency reply is sent anyway; the spool opens
        the escalation later — an NLU-detected danger, not spooled before, is spooled now)."""
        if self.session_factory is None:
            return None
        from services.escalations import PRIORITY_DANGER, open_escalation

        reason = danger.escalation_reason(_reason_length())

        async def _open() -> Any:
            async with self.session_factory() as s:
                return await open_escalation(s, conv, msg.channel, state.variety, state.slots.get("need"),
                                             state.slots.get("region_code"), PRIORITY_DANGER, reason)

        try:
            info = await asyncio.wait_for(_open(), ESCALATION_TIMEOUT_SECONDS)
        except Exception as exc:  # noqa: BLE001 - the numbers go out whatever happens here
            log.error("danger-escalation-failed conv=%s error=%s", short(conv), type(exc).__name__)
            if spooled is None and self.spool is not None:
                self.spool.put(conversation_key=conv, channel=msg.channel, variety=state.variety, reason=reason,
                               text=msg.text, journey=state.slots.get("need"),
                               region_code=state.slots.get("region_code"))
            return None
        self.spool_done(spooled)
        state.slots["escalation_id"] = info.id
        return info

    async def _append_to_escalation(self, escalation_id: int, msg: InboundMessage,
                                    replies: list[OutboundMessage]) -> None:
        """The citizen's message (and the bot's replies) go to the escalation's transcript (encrypted at
        rest) so the operator sees them in the console."""
        from services.escalations import add_message

        async with self.session_factory() as s:
            if msg.text:
                await add_message(s, escalation_id, "citizen", msg.text)
            elif msg.location is not None:
                await add_message(s, escalation_id, "citizen",
                                  f"📍 {msg.location.latitude:.5f}, {msg.location.longitude:.5f}")
            for r in replies:
                if r.text:
                    await add_message(s, escalation_id, "bot", r.text)

    # ---- degraded mode -------------------------------------------------------------------------------
    async def _degraded(self, conv: str, msg: InboundMessage, danger: safety.Danger | None,
                        spooled: Any = None) -> list[OutboundMessage]:
        variety = _first_variety(msg)
        if danger is None:
            return safety.degraded_messages(variety)
        self.stats.danger += 1

        minimal_state = SimpleNamespace(variety=variety, slots={})
        escalation = await self._danger_escalation(conv, msg, minimal_state, danger, spooled)
        log.warning("danger conv=%s kinds=%s degraded=1 escalation=%s", short(conv), ",".join(danger.kinds),
                    escalation is not None)
        return safety.emergency_messages(variety, escalated=escalation is not None or spooled is not None)


def _clean(msg: InboundMessage) -> InboundMessage:
    """``msg`` with lone UTF-16 surrogates (what a client sends after cutting an emoji in two) and NUL in its
    text, payload and sender id replaced by U+FFFD (:func:`bot.channels.inbound.clean_text`, what every adapter
    already does), so that hashing, storing and rendering never fail on them, whoever calls :meth:`handle`."""
    from bot.channels.inbound import clean_text

    fields = {name: clean_text(getattr(msg, name)) for name in ("text", "payload", "sender_id")}
    fields = {k: v for k, v in fields.items() if v != getattr(msg, k)}
    return dataclasses.replace(msg, **fields) if fields else msg


def _first_variety(msg: InboundMessage) -> str:
    """The variety of a reply that cannot wait for the stored state: the text's own guess, else the channel's
    language hint."""
    return safety.guess_variety(msg.text) if msg.text else _hint_variety(msg.language_hint)


@functools.lru_cache(maxsize=1)
def _reason_length() -> int:
    from services.models import Escalation

    return int(Escalation.__table__.c.reason.type.length)


@functools.lru_cache(maxsize=1)
def _team_alerts() -> frozenset[str]:
    """Every text of the "a person of the team is alerted" message (all varieties and genders)."""
    return frozenset(locales.t(v, "safety-alert-team", gender=g)
                     for v in locales.VARIETIES for g in ("f", "m", "other"))


def _is_emergency(reply: OutboundMessage) -> bool:
    """True for the messages of :func:`bot.safety.emergency_messages` (the alert with every number, the
    "team alerted" line)."""
    return _carries_numbers([reply]) or (reply.text or "") in _team_alerts()


async def _detect(text: str | None) -> safety.Danger | None:
    """``safety.detect`` on the whole ``text``. Its cost is linear: 0.02–1.3 s per 100 kB on the build machine
    (``bench/safety_long_text.py``), so a long text is scanned in a worker thread: the event loop keeps serving
    other people between patterns. Falls back to scanning inline if the thread cannot be started."""
    if not text or len(text) <= SAFETY_THREAD_MIN_CHARS:
        return safety.detect(text)
    try:
        return await asyncio.to_thread(safety.detect, text)
    except RuntimeError:  # executor shut down (process exiting): scan here
        return safety.detect(text)


def _clip(msg: InboundMessage) -> InboundMessage:
    """``msg`` with its text cut to :data:`ENGINE_MAX_CHARS` (what the NLU, the flows and the escalation
    transcript see; the safety net has already read the whole text)."""
    if not msg.text or len(msg.text) <= ENGINE_MAX_CHARS:
        return msg
    return dataclasses.replace(msg, text=msg.text[: ENGINE_MAX_CHARS - 2] + " …")  # exactly ENGINE_MAX_CHARS


def _script(variety: str) -> str:
    """``"latn"`` for ``fr``/``ary-Latn``, ``"arab"`` for ``ar``/``ary`` (the script a variety is written in)."""
    return "latn" if variety in ("fr", "ary-Latn") else "arab"


STOP_WAITING = "/stop_waiting"  # the queue's "stop waiting" button
STOP_WAITING_PAYLOADS = frozenset({STOP_WAITING, "/menu", "/start", "/restart", "/cancel_appointment"})


@functools.lru_cache(maxsize=1)
def _stop_waiting_words() -> frozenset[str]:
    """Whole messages that stop waiting for an operator: the menu words and ``_stop_waiting_exact`` of
    ``dialogues/keywords.yml`` (normalised, loaded once)."""
    from dialogues import menu_mode

    return menu_mode.exact_words("_menu_exact") | menu_mode.exact_words("_stop_waiting_exact")


def _hint_variety(hint: str | None, default: str = locales.DEFAULT_VARIETY) -> str:
    """A variety from a channel's language hint: a Jisr variety as is (``ar`` is MSA: a channel whose
    platform gives language codes maps ``ar`` to ``ary`` itself, as Telegram's adapter does); other ``fr*`` →
    ``fr``; other ``ar*`` → ``ary`` (Moroccan users); anything else → ``default``."""
    if not hint:
        return default
    if hint in locales.VARIETIES:
        return hint
    if hint.lower().startswith("fr"):
        return "fr"
    if hint.lower().startswith("ar"):
        return "ary"
    return default
