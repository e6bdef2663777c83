"""The message path (BRIEF contract #7): one inbound message in, the replies out.

``MessagePipeline.handle(msg)`` runs these stages, in this order::

    safety       safety.detect(text): pure, before anything that can fail; danger is spooled to disk and
                 answered with every emergency number within DANGER_REPLY_BUDGET_SECONDS whatever the
                 services do (the turn runs as a task; its late replies go out through ``late_sender``)
    de-dup       (channel, conversation, message_id) seen with the same content digest → the stored answer,
                 nothing changes (danger always gets the numbers, whatever is stored)
    lock         the conversation's lock (Redis or asyncio): one person's messages in order
    load         the stored state (a new conversation starts in the channel's language hint); media alone
                 (a voice note, a photo) → the kind "please type, or call" reply, nothing stored
    hand-off     bot/handoff.py: the escalation row decides; an idle claim is released; an operator's
                 conversation is silent, a waiting one gets the queue notice (or stops waiting)
    NLU          nlu.client.NLUClient; NLUUnavailable → menu mode; the one danger rule (nlu/danger.py)
    engine       danger → emergency reply + priority-0 escalation + ``emergency`` flow; otherwise the
                 referral's thread or dialogues.engine.FlowEngine.step
    save         the transcript of an escalated conversation, then the state and the de-dup answer — or,
                 after "delete my data" or a quick exit, every record erased (channels' hooks first)

Degradation: a Redis error (:class:`bot.state.StateUnavailable`), a database error or any unexpected
failure ends in a kind apology plus every emergency number (:func:`dialogues.emergency.degraded_messages`); when the
message was danger, the emergency reply itself (and the escalation is still attempted). The state is saved
only after the whole turn succeeded, so a failed turn leaves the stored conversation as it was; service
writes (bookings, referrals, escalations) are each one committed transaction in ``services``.

Privacy: logs carry the first 12 hex digits of the conversation key, intents, flows and timings — never the
text, a phone number or a name (``bot/logging_policy.py`` enforces it for every logger).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import locales
from bot.channels.base import ERASE_DELETE_DATA, ERASE_QUICK_EXIT, Erasure, ErasureHook
from bot.dedup import inbound_digest, stored_answer, with_answer
from bot.handoff import RECORD_VERSION, HandOff, optional_db, short
from bot.inbound_prep import (
    ENGINE_MAX_CHARS,
    clean,
    clip,
    first_variety,
    hint_variety,
    media_only,
    media_reply,
    script_of,
)
from bot.referral_thread import LOOK_UP, ReferralThreads
from bot.state import DEFAULT_DEDUP_TTL_SECONDS, StateStore
from dialogues import emergency
from dialogues.messages import InboundMessage, OutboundMessage
from nlu import safety
from nlu.danger import decide as decide_danger
from nlu.variety import guess_variety
from services import barometer

log = logging.getLogger("bot.pipeline")

SAFETY_THREAD_MIN_CHARS = 4000  # longer texts are scanned in a worker thread (the event loop keeps serving)
ESCALATION_TIMEOUT_SECONDS = 3.0
DANGER_REPLY_BUDGET_SECONDS = 0.5  # the emergency reply leaves within this, whatever the services do
REPLY_BUDGET_SECONDS = 2.0  # any other message: its reply, or a kind apology, within this


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
    nlu_parses: int = 0  # messages sent to the NLU service (bench/rest_load.py: Rasa's CPU per parse under load)
    stage_ms: dict[str, float] = field(default_factory=dict)  # cumulated wall time per stage (ms)

    def add(self, stage: str, started: float) -> None:
        """Add the time since ``started`` (``time.perf_counter()``) to ``stage``."""
        self.stage_ms[stage] = self.stage_ms.get(stage, 0.0) + (time.perf_counter() - started) * 1000




def _carries_numbers(messages: list[OutboundMessage]) -> bool:
    """True when every emergency number appears in the texts of ``messages``."""
    text = "\n".join(m.text or "" for m in messages)
    return all(n.number in text for n in emergency.emergency_numbers())


class MessagePipeline:
    """Runs the message path for every channel.

    Args:
        store: the :class:`bot.state.StateStore`.
        engine: a ``dialogues.engine.FlowEngine``.
        nlu: an ``nlu.client.NLUClient`` (None = always menu mode).
        session_factory: an ``async_sessionmaker`` of the services database (None = no database: escalations
            and hand-off are unavailable, everything else works).
        secret_key: HMAC key of conversation keys (bytes).
        settings: ``services.config.Settings`` (passed to actions; ``claim_idle_seconds`` is read from it).
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

        # after a center's team wrote, the person's messages go to the referral's thread (bot/referral_thread.py)
        self.referral_threads = ReferralThreads(store, session_factory, self.utcnow)
        # the hand-off stage and the console's hooks (bot/handoff.py); ``handoff.audit`` is wired by the app
        self.handoff = HandOff(store=store, session_factory=session_factory, engine=engine, stats=self.stats,
                               clock=lambda: self.clock(), utcnow=self.utcnow,
                               claim_idle_seconds=self.claim_idle_seconds)

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
        msg = clean(msg)  # lone surrogates (a cut emoji) → U+FFFD: everything below can encode the text
        danger = await _detect(msg.text)  # first: pure, cannot fail on infrastructure; reads the whole text
        digest = inbound_digest(msg)  # of the whole content (de-duplication)
        msg = clip(msg)  # the NLU, the engine and the transcript get at most ENGINE_MAX_CHARS
        conv = self.conversation_key(msg.channel, msg.sender_id)
        spooled = None
        if danger is not None and self.spool is not None:
            spooled = self.spool.put(conversation_key=conv, channel=msg.channel, variety=first_variety(msg),
                                     reason=danger.escalation_reason(_reason_length()), text=msg.text)
        turn = asyncio.ensure_future(self._turn(conv, msg, danger, digest, spooled, started))
        budget = self.danger_budget if danger is not None else self.reply_budget
        done, _ = await asyncio.wait({turn}, timeout=budget)
        if done:
            return turn.result()[0]
        # the services are slow or hung: answer now, let the turn finish in the background
        self._late_turns.add(turn)
        turn.add_done_callback(functools.partial(self._turn_ended_late, msg, danger is not None))
        variety = first_variety(msg)
        if danger is not None:
            self.stats.danger += 1
            self.stats.danger_fast += 1
            log.warning("danger-fast conv=%s kinds=%s budget_ms=%d spooled=%s", short(conv),
                        ",".join(danger.kinds), int(budget * 1000), spooled is not None)
            return emergency.emergency_messages(variety, escalated=spooled is not None)
        self.stats.slow_apologies += 1
        log.warning("slow-apology conv=%s budget_ms=%d", short(conv), int(budget * 1000))
        return emergency.degraded_messages(variety)

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
            async with self.store.lock(conv, msg.sequence, ordered=True) as held:
                self.stats.add("lock_wait", t_lock)
                dedup = self._dedup_key(conv, msg)
                t = time.perf_counter()
                loaded, answered = await self.store.load_turn(conv, dedup)  # state and de-dup: one round trip
                self.stats.add("state_load", t)
                record: dict[str, Any] = {"digests": {}}
                if dedup is not None:
                    record, stored = stored_answer(answered, digest)
                    if stored is not None:
                        self.stats.duplicates += 1
                        log.info("duplicate conv=%s channel=%s", short(conv), msg.channel)
                        self.spool_done(spooled)  # the first delivery opened (or spooled) it
                        return self._never_without_numbers(conv, msg, danger, stored), True
                    if record.get("digests"):  # same id, other content (a client reusing ids): a new message
                        self.stats.message_id_reused += 1
                        log.warning("message-id-reused conv=%s channel=%s", short(conv), msg.channel)
                replies, erased, to_save = await self._process(conv, msg, danger, spooled, loaded)
                # the state, the de-dup answer and the lock's release in one atomic write (an erased
                # conversation keeps neither)
                answer = with_answer(record, digest, replies) if dedup is not None and not erased else None
                t = time.perf_counter()
                await self.store.save_turn(conv, to_save, dedup, answer, self.dedup_ttl, release=held)
                self.stats.add("state_save", t)
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
        return emergency.emergency_messages(first_variety(msg), escalated=False) + replies

    async def set_handoff(self, conversation_key: str, handoff: bool) -> None:
        """The console's claim/release/close: :meth:`bot.handoff.HandOff.set_handoff`."""
        await self.handoff.set_handoff(conversation_key, handoff)

    async def requeue_released(self, escalation: Any) -> list[OutboundMessage]:
        """A claim released without its operator's hand-back: :meth:`bot.handoff.HandOff.requeue_released`."""
        return await self.handoff.requeue_released(escalation)

    async def variety_of(self, conversation_key: str, hint: str | None = None) -> str:
        """The conversation's variety as stored; with no stored conversation (or a store that fails),
        ``hint`` when it is a variety, else the default. Never raises."""
        with contextlib.suppress(Exception):
            record = await self.store.load(conversation_key)
            variety = ((record or {}).get("state") or {}).get("variety")
            if variety in locales.VARIETIES:
                return variety
        return hint if hint in locales.VARIETIES else locales.DEFAULT_VARIETY

    # ---- one turn: the stages ------------------------------------------------------------------------
    async def _process(self, conv: str, msg: InboundMessage, danger: safety.Danger | None,
                       spooled: Any, record: dict[str, Any] | None) -> tuple[list[OutboundMessage], bool, Any]:
        """One turn under the conversation lock, from the stored ``record`` (None: a new conversation):
        media only? → hand-off check → NLU → danger, or the hand-off's answer, or the bot's → finish.
        Returns the replies, whether the conversation's records were erased (then no de-duplication answer is
        stored either), and the record to save (None: nothing to save)."""
        from dialogues.engine import ActionContext, Turn

        state, meta = self._load(record, msg)
        if media_only(msg):  # nothing the bot can read: the kind reply, the conversation unchanged
            return [media_reply(state.variety)], False, None
        ctx = ActionContext(conversation_key=conv, channel=msg.channel, session_factory=self.session_factory,
                            gazetteer=self.gazetteer, settings=self.settings)
        t = time.perf_counter()
        first = None
        if record is None:  # escalation, referral thread and identity: one transaction
            first = await self._first_contact(conv, msg, state, meta)
            escalation = first.escalation
        else:
            escalation = await self.handoff.lookup(conv, state)  # a failure here degrades the turn
            await self._remember_identity(conv, msg, state, meta)  # when the first contact could not record it
        gate = await self.handoff.check(conv, state, escalation, record is None)
        self.stats.add("database", t)
        quick_exit = Turn.from_message(msg, None).quick_exit  # obeyed even while an operator owns it
        parse = None
        if danger is None:
            t = time.perf_counter()
            parse = await self._parse(conv, msg)
            self.stats.add("nlu", t)
            danger = decide_danger(danger, parse)  # the one danger rule (net + NLU), nlu/danger.py
        if danger is not None:
            replies, escalation = await self._danger(conv, msg, state, meta, gate, danger, parse, spooled, ctx)
        else:
            replies = await self.handoff.answer(gate, conv, msg, state, meta, parse, quick_exit, ctx)
            escalation = gate.escalation
            if replies is None:
                replies = await self._bot_answer(conv, msg, state, meta, first, quick_exit, parse, ctx)
        return await self._finish(conv, msg, state, meta, danger, escalation, replies)

    @staticmethod
    def _load(record: dict[str, Any] | None, msg: InboundMessage) -> tuple[Any, dict[str, Any]]:
        """The stored ``record``'s state (a new one in the channel's UI language when there is none) and its
        meta (the handled-messages counter incremented)."""
        from dialogues.engine import ConversationState

        state = ConversationState.from_dict((record or {}).get("state"))
        meta: dict[str, Any] = dict((record or {}).get("meta") or {})
        meta["messages"] = int(meta.get("messages", 0)) + 1  # handled messages (never reset by the engine)
        if record is None and msg.language_hint:
            # a new conversation starts in the channel's UI language (web chat variety, Telegram language);
            # not locked: the NLU or the keywords switch to the variety the person actually writes in
            state.variety = hint_variety(msg.language_hint, state.variety)
        return state, meta

    async def _danger(self, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any], gate: Any,
                      danger: safety.Danger, parse: Any, spooled: Any, ctx: Any) -> tuple[list[OutboundMessage], Any]:
        """The safety stage: the emergency reply in the variety of this very message, the priority-0
        escalation, the hand-off's notice when the message released an idle claim, and the ``emergency`` flow
        unless an operator owns the conversation. Returns the replies and the active escalation."""
        from dialogues.engine import EMERGENCY_FLOW, LANGUAGE_SWITCH_MIN

        self.stats.danger += 1
        if not state.language_locked and msg.text:
            # the text's own guess (no NLU needed: the net usually fires before the NLU is asked); a
            # confident NLU language overrides it only within the same script (ar/ary, fr/ary-Latn)
            guess = guess_variety(msg.text, state.variety)
            if (parse is not None and parse.language in locales.VARIETIES
                    and parse.language_confidence >= LANGUAGE_SWITCH_MIN
                    and script_of(parse.language) == script_of(guess)):
                guess = parse.language
            state.variety = guess
        gender = str(state.slots.get("gender", "other"))
        escalation = await self._danger_escalation(conv, msg, state, danger, spooled) or gate.escalation
        replies = emergency.emergency_messages(state.variety, gender, escalated=escalation is not None)
        log.warning("danger conv=%s kinds=%s patterns=%s escalation=%s", short(conv), ",".join(danger.kinds),
                    ",".join(danger.pattern_ids), escalation is not None)
        replies += self.handoff.on_danger(gate, state, meta)
        if not gate.owned:
            replies += await self.engine.enter_flow(state, EMERGENCY_FLOW, ctx)
        return replies, escalation

    async def _bot_answer(self, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any],
                          first: Any, quick_exit: bool, parse: Any, ctx: Any) -> list[OutboundMessage]:
        """The bot's own answer: the referral's thread when the center's team wrote
        (``bot/referral_thread.py``), else the flow engine's step. ``first``: the
        :class:`services.first_contact.FirstContact` of a conversation with no stored state, else None."""
        from dialogues.engine import Turn

        known = LOOK_UP if first is None else first.thread
        thread = await self.referral_threads.route(conv, msg, state, meta, first is not None, quick_exit, parse,
                                                   thread=known)
        if thread is not None:
            return thread  # the center's team wrote: the message went to the referral's thread
        t = time.perf_counter()
        replies = await self.engine.step(state, Turn.from_message(msg, parse), ctx)
        self.stats.add("engine", t)
        log.info("step conv=%s intent=%s flow=%s node=%s nlu=%s", short(conv),
                 parse.intent if parse else None, state.flow, state.node, parse is not None)
        return replies

    async def _finish(self, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any],
                      danger: safety.Danger | None, escalation: Any,
                      replies: list[OutboundMessage]) -> tuple[list[OutboundMessage], bool, Any]:
        """The finish stage: anonymous counts, the escalation's transcript, the replies marked with their
        variety, then the record to save (saved by the caller with the de-dup answer) — or, after "delete my
        data" or a quick exit, every record erased (nothing to save)."""
        barometer.on_turn(conv, msg.channel, state, danger is not None)  # anonymous counts (services/barometer.py)
        erase = None
        if state.erase_requested:
            erase = ERASE_QUICK_EXIT if any(r.quick_exit for r in replies) else ERASE_DELETE_DATA
        if escalation is not None and erase != ERASE_DELETE_DATA:  # "delete my data" deleted the escalation
            await self.handoff.append(escalation.id, msg, replies)
        # the bot's replies say their variety (the web chat's interface follows the conversation's language)
        # (not the quick exit's goodbye: the page empties itself)
        replies = [dataclasses.replace(r, variety=state.variety)
                   if r.variety is None and not r.quick_exit and r.sender == "bot" else r for r in replies]
        if erase is not None:
            await self._erase(conv, msg.channel, erase, state.variety)
            return replies, True, None
        return replies, False, {"v": RECORD_VERSION, "state": state.to_dict(), "meta": meta}

    async def _parse(self, conv: str, msg: InboundMessage) -> Any:
        text = (msg.text or "").strip()
        if self.nlu is None or not text or msg.payload or text.startswith("/"):
            return None
        from nlu.client import NLUUnavailable

        self.stats.nlu_parses += 1
        try:
            return await self.nlu.parse(text[:ENGINE_MAX_CHARS])
        except NLUUnavailable:
            self.stats.nlu_unavailable += 1
            log.warning("nlu-unavailable conv=%s: menu mode", short(conv))
            return None

    # ---- database helpers ----------------------------------------------------------------------------
    async def _first_contact(self, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any]) -> Any:
        """A conversation with no stored state: its active escalation and open referral thread, and its
        identity recorded, in one transaction (``services.first_contact``). A database that fails or is slow
        (``OPTIONAL_DB_TIMEOUT_SECONDS``) gives an empty :class:`FirstContact`: the turn goes on, the
        identity is recorded at a later message."""
        from services.first_contact import FirstContact, first_contact

        if self.session_factory is None:
            return FirstContact()

        async def _read_and_record() -> FirstContact:
            async with self.session_factory() as s:
                return await first_contact(s, msg.channel, msg.sender_id, self.secret_key, state.variety)

        found = await optional_db("first-contact", conv, _read_and_record())
        if found is None:
            return FirstContact()
        meta["identity"] = True
        return found

    async def _remember_identity(self, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any]) -> None:
        """Who to write back to (operators, reminders), once per conversation; retried at the next message
        when the database fails now."""
        if meta.get("identity") or self.session_factory is None:
            return
        from services.identity import remember_identity

        async def _remember() -> None:
            async with self.session_factory() as s:
                await remember_identity(s, msg.channel, msg.sender_id, self.secret_key, state.variety)

        if await optional_db("identity", conv, _remember(), True):
            meta["identity"] = True

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

    # ---- degraded mode -------------------------------------------------------------------------------
    async def _degraded(self, conv: str, msg: InboundMessage, danger: safety.Danger | None,
                        spooled: Any = None) -> list[OutboundMessage]:
        variety = first_variety(msg)
        if danger is None:
            return emergency.degraded_messages(variety)
        self.stats.danger += 1

        minimal_state = SimpleNamespace(variety=variety, slots={})
        escalation = await self._danger_escalation(conv, msg, minimal_state, danger, spooled)
        log.warning("danger conv=%s kinds=%s degraded=1 escalation=%s", short(conv), ",".join(danger.kinds),
                    escalation is not None)
        return emergency.emergency_messages(variety, escalated=escalation is not None or spooled is not None)


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
    """True for the messages of :func:`dialogues.emergency.emergency_messages` (the alert with every number, the
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
