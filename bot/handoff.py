"""Hand-off: a person of the team takes the conversation over from the bot.

The **escalation row** (``services.escalations``, table ``escalations``) is the source of truth: whether
the conversation has an active escalation (open or claimed), who holds it, whether it is danger. The
conversation's state keeps two caches of it, both rebuilt from the row on every message of a conversation
that has one (:meth:`HandOff.check`):

* ``state.slots["escalation_id"]`` — the id of the active escalation (so the database is asked only for the
  conversations that have one, or have no stored state);
* ``state.handoff`` — the bot is paused for the person: set when they asked for a person (the engine's
  ``open_escalation`` action) or when an operator claims the conversation (the console, :meth:`set_handoff`);
  cleared when the row is closed or the console hands the conversation back.

What one message meets (:class:`Gate`, computed by :meth:`HandOff.check`):

======================  ============================================================================
``released``            the operator's claim was idle beyond ``CLAIM_IDLE_SECONDS``: released at once
                        (audited), the person is told they wait for a person again
``owned``               the row is claimed, or the bot is paused for the person: the bot says nothing
                        (the safety net still answers danger; the quick exit still works)
``waiting``             owned but nobody has claimed the row yet: "you are in the queue" + numbers, with
                        a "stop waiting" button, at most once per :data:`QUEUE_NOTICE_INTERVAL_SECONDS`;
                        "stop waiting" (menu words, cancel) withdraws a request for a person; "delete my
                        data" runs the delete flow
======================  ============================================================================

:meth:`HandOff.answer` is the pipeline's hand-off stage for a message that is not danger: the replies of
the hand-off, or None when the bot answers the message. :meth:`HandOff.append` writes the message and the
replies to the escalation's transcript (encrypted at rest) for the console.

Audit: the releases and withdrawals done here are written to the console's audit log through the ``audit``
hook (``bot.app`` wires it; ``(system)`` for an idle release). Logs carry 12 hex digits of the conversation
key, never a text.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import locales
from dialogues import emergency
from dialogues.messages import Button, InboundMessage, OutboundMessage

log = logging.getLogger("bot.handoff")

OPTIONAL_DB_TIMEOUT_SECONDS = 1.5  # a database step the turn can do without waits at most this
QUEUE_NOTICE_INTERVAL_SECONDS = 300  # at most one "you are in the queue" notice per conversation per 5 minutes
STOP_WAITING = "/stop_waiting"  # the queue's "stop waiting" button
STOP_WAITING_PAYLOADS = frozenset({STOP_WAITING, "/menu", "/start", "/restart", "/cancel_appointment"})
SYSTEM_USERNAME = "(system)"  # the audit entries of what the system did (never a real account)
RECORD_VERSION = 1  # the conversation record's format (``{"v", "state", "meta"}``)

# ``audit(session, action, escalation_id, detail)``: add an audit entry to ``session`` and commit
AuditHook = Callable[[Any, str, int, str], Awaitable[None]]


def short(key: str) -> str:
    """The loggable form of a conversation key (12 hex digits of the HMAC)."""
    return key[:12]


async def optional_db(what: str, conv: str, call: Awaitable[Any], ok: Any = None) -> Any:
    """Await ``call`` (a database step the turn can do without) at most :data:`OPTIONAL_DB_TIMEOUT_SECONDS`;
    its result (or ``ok`` when it returns None), or None when it fails or times out — logged, never raised."""
    try:
        result = await asyncio.wait_for(call, OPTIONAL_DB_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - the turn goes on without it
        log.warning("db-step-skipped step=%s conv=%s error=%s", what, short(conv), type(exc).__name__)
        return None
    return ok if result is None else result


@dataclass
class Gate:
    """What the hand-off says about one message.

    ``escalation``: the active ``services.escalations.EscalationInfo`` (None: no hand-off). ``released``: the
    escalation this message released from an idle operator (None otherwise). ``owned``: the bot is silent
    (claimed, or paused for the person). ``waiting``: owned and not claimed yet (the queue).
    """

    escalation: Any = None
    released: Any = None
    owned: bool = False
    waiting: bool = False


class HandOff:
    """The hand-off stage of the message path and the console's hooks into it.

    Args:
        store: the :class:`bot.state.StateStore` (conversation records and locks).
        session_factory: ``async_sessionmaker`` of the services database (None: no hand-off at all).
        engine: the ``dialogues.engine.FlowEngine`` (the menu after "stop waiting", the delete flow).
        stats: the pipeline's ``PipelineStats`` (``handoff_silent``, ``handoff_queued``,
            ``claims_released``).
        clock: ``() -> epoch seconds`` (the queue notice's interval); ``utcnow``: ``() -> aware UTC datetime``
            (claim idleness).
        claim_idle_seconds: ``CLAIM_IDLE_SECONDS``.
        audit: :data:`AuditHook` or None (nothing audited).
    """

    def __init__(self, *, store: Any, session_factory: Any, engine: Any, stats: Any,
                 clock: Callable[[], float], utcnow: Callable[[], Any], claim_idle_seconds: float,
                 audit: AuditHook | None = None) -> None:
        self.store, self.session_factory, self.engine, self.stats = store, session_factory, engine, stats
        self.clock, self.utcnow = clock, utcnow
        self.claim_idle_seconds = claim_idle_seconds
        self.audit = audit

    # ---- the row, read once per message ------------------------------------------------------------
    async def lookup(self, conv: str, state: Any) -> Any:
        """The active escalation of a conversation with stored state, read only when the state caches one
        (``escalation_id`` or ``handoff``); a database failure raises (the turn degrades). A conversation with
        no stored state (new, expired, or erased by a quick exit while its escalation stays open) has it read
        with its first contact (``services/first_contact.py``)."""
        if state.handoff or state.slots.get("escalation_id") is not None:
            return await self._active(conv)
        return None

    async def check(self, conv: str, state: Any, escalation: Any, new_conversation: bool) -> Gate:
        """Bring the state's caches in line with the row ``escalation`` (from :meth:`lookup`) and release an
        idle claim; the :class:`Gate` of this message. A conversation rebuilt from the row (no stored state)
        waits for (or talks with) an operator as before, in the escalation's variety."""
        if escalation is None:
            if state.handoff or state.slots.get("escalation_id") is not None:
                state.handoff = False  # the operator closed the escalation: the bot takes the conversation back
                state.slots.pop("escalation_id", None)
            return Gate()
        state.slots["escalation_id"] = escalation.id
        if new_conversation:
            state.handoff = True
            if escalation.variety in locales.VARIETIES:
                state.variety = escalation.variety
            log.info("handoff-rebuilt conv=%s status=%s", short(conv), escalation.status)
        released = None
        if escalation.status == "claimed":
            released = await self._release_if_idle(conv, escalation)
            if released is not None:  # the operator has gone: back to waiting for one
                escalation, state.handoff = released, True
        owned = escalation.status == "claimed" or state.handoff
        if owned:
            state.handoff = True
        return Gate(escalation, released, owned, owned and escalation.status != "claimed")

    # ---- the stage ---------------------------------------------------------------------------------
    def on_danger(self, gate: Gate, state: Any, meta: dict[str, Any]) -> list[OutboundMessage]:
        """What a danger message adds after the emergency reply: the "released, you wait again" notice when
        it released an idle claim (the numbers are already above)."""
        if gate.released is None:
            return []
        meta["queue_notice_at"] = self.clock()
        return emergency.released_messages(state.variety, _gender(state))

    async def answer(self, gate: Gate, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any],
                     parse: Any, quick_exit: bool, ctx: Any) -> list[OutboundMessage] | None:
        """The hand-off's replies to a message that is not danger, or None when the bot answers it (no
        hand-off, or the quick exit, which works whoever owns the conversation). Updates ``gate.escalation``
        when the person withdraws their request."""
        if gate.released is not None:
            meta["queue_notice_at"] = self.clock()
            return emergency.released_messages(state.variety, _gender(state), danger=gate.released.danger)
        if quick_exit or not gate.owned:
            return None
        if gate.waiting:
            command = self._waiting_command(state, msg, parse)
            if command == "delete":
                return await self._delete_while_waiting(state, msg, parse, ctx)
            if command == "stop":
                replies, gate.escalation = await self._stop_waiting(conv, state, gate.escalation, ctx)
                return replies
            return self._queue_notice(conv, state, meta)
        self.stats.handoff_silent += 1
        log.info("handoff-silent conv=%s", short(conv))
        return []

    def _queue_notice(self, conv: str, state: Any, meta: dict[str, Any]) -> list[OutboundMessage]:
        """"You are in the queue" + numbers + the "stop waiting" button, at most once per interval."""
        now = self.clock()
        last = float(meta.get("queue_notice_at") or 0)
        if not (now - last >= QUEUE_NOTICE_INTERVAL_SECONDS or now < last):
            self.stats.handoff_silent += 1
            log.info("handoff-queued-silent conv=%s", short(conv))
            return []
        meta["queue_notice_at"] = now
        self.stats.handoff_queued += 1
        stop = Button(locales.t(state.variety, "human-stop-waiting"), STOP_WAITING)
        log.info("handoff-queued conv=%s", short(conv))
        return [dataclasses.replace(m, buttons=(*m.buttons, stop))
                for m in emergency.queue_messages(state.variety, _gender(state))]

    async def append(self, escalation_id: int, msg: InboundMessage, replies: list[OutboundMessage]) -> None:
        """The citizen's message (and the bot's replies) go to the escalation's transcript (encrypted at
        rest) so the operator sees them in the console. Raises what the database raises."""
        from services.escalations import add_messages

        lines: list[tuple[str, str]] = []
        if msg.text:
            lines.append(("citizen", msg.text))
        elif msg.location is not None:
            lines.append(("citizen", f"📍 {msg.location.latitude:.5f}, {msg.location.longitude:.5f}"))
        lines += [("bot", r.text) for r in replies if r.text]
        if lines:
            async with self.session_factory() as s:
                await add_messages(s, escalation_id, lines)  # one transaction

    # ---- leaving the queue ---------------------------------------------------------------------------
    def _waiting_command(self, state: Any, msg: InboundMessage, parse: Any) -> str | None:
        """What a message of a person waiting for an operator asks beyond waiting: ``"delete"`` (delete my
        data, or an answer to its pending confirmation), ``"stop"`` (the menu words and ``/menu``, the cancel
        words and intent, the queue's "stop waiting" button), or None (a message for the operator)."""
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
        if parse is not None and float(parse.confidence or 0) >= float(getattr(self.engine, "switch", 0.5)):
            intents.add(parse.intent)
        match = menu_mode.match_intent(text)
        if match is not None:
            intents.add(match.intent)
        if "delete_data" in intents:
            return "delete"
        return "stop" if "cancel_appointment" in intents else None

    async def _delete_while_waiting(self, state: Any, msg: InboundMessage, parse: Any,
                                    ctx: Any) -> list[OutboundMessage]:
        """"Delete my data" while waiting: the delete flow runs as anywhere else (its action deletes the
        escalation with the rest of the person's records); until it has erased, the person keeps waiting."""
        from dialogues.engine import Turn

        turn = Turn.from_message(msg, parse)
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

        gender = _gender(state)
        if escalation.danger:
            text = (locales.t(state.variety, "human-waiting-danger-kept", gender=gender) + "\n"
                    + emergency.numbers_block(state.variety, gender))
            kept: Any = escalation
            log.info("handoff-menu conv=%s escalation=kept-danger", short(conv))
        else:
            from services.escalations import withdraw

            async with self.session_factory() as s:
                info = await withdraw(s, escalation.id, self.utcnow())
                if info is not None and self.audit is not None:
                    await self.audit(s, "escalation.withdraw", info.id, "by the person, unclaimed")
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

    # ---- the database ------------------------------------------------------------------------------
    async def _active(self, conv: str) -> Any:
        if self.session_factory is None:
            return None
        from services.escalations import active_for

        async with self.session_factory() as s:
            return await active_for(s, conv)

    async def _release_if_idle(self, conv: str, escalation: Any) -> Any:
        """Release the conversation's claim when its operator has been idle beyond ``claim_idle_seconds``
        (audited by the system); returns the released escalation, or None (not idle, or someone touched or
        released it meanwhile)."""
        now = self.utcnow()
        idle = escalation.idle_for(now)
        if idle is None or idle < self.claim_idle_seconds:
            return None
        from services.escalations import release_if_idle

        async with self.session_factory() as s:
            info = await release_if_idle(s, escalation.id, self.claim_idle_seconds, now)
            if info is not None and self.audit is not None:
                await self.audit(s, "escalation.release", info.id, f"idle from {info.released_from or '-'}")
        if info is not None:
            self.stats.claims_released += 1
            log.info("claim-released conv=%s reason=idle via=message idle_s=%d", short(conv), int(idle))
        return info

    # ---- the console's hooks -----------------------------------------------------------------------
    async def set_handoff(self, conversation_key: str, handoff: bool) -> None:
        """Pause the bot for an operator (``True``: silent except for the safety net) or give the
        conversation back to the bot (``False``: at the menu, not mid-question). Used by the console on
        claim/release/close; takes the conversation lock. Raises :class:`bot.state.StateUnavailable` when
        the store is down."""
        from dialogues.engine import ConversationState

        async with self.store.lock(conversation_key):
            record = await self.store.load(conversation_key) or {"v": RECORD_VERSION, "meta": {}}
            state = ConversationState.from_dict(record.get("state"))
            state.handoff = handoff
            if not handoff and state.flow is not None and state.slots.get("escalation_id") is not None:
                state.flow, state.node, state.waiting = None, None, False
            record["state"] = state.to_dict()
            await self.store.save(conversation_key, record)
        log.info("handoff conv=%s value=%s", short(conversation_key), handoff)

    async def requeue_released(self, escalation: Any) -> list[OutboundMessage]:
        """A claim went back to the queue without its operator handing it back (logout, idle;
        ``escalation``: the released ``EscalationInfo``): the conversation waits for an operator again and
        the queue notice's interval restarts now, since the person is being told. Returns the message to
        send them (:func:`dialogues.emergency.released_messages`; the numbers when the escalation is danger). Takes
        the conversation lock. Raises :class:`bot.state.StateUnavailable` when the store is down."""
        from dialogues.engine import ConversationState

        key = escalation.conversation_key
        async with self.store.lock(key):
            record = await self.store.load(key)
            state = ConversationState.from_dict((record or {}).get("state"))
            if record is None:
                state.variety = escalation.variety if escalation.variety in locales.VARIETIES else state.variety
            meta = dict((record or {}).get("meta") or {})
            state.handoff = True
            state.slots["escalation_id"] = escalation.id
            meta["queue_notice_at"] = self.clock()
            await self.store.save(key, {"v": RECORD_VERSION, "state": state.to_dict(), "meta": meta})
        log.info("claim-requeued conv=%s", short(key))
        return emergency.released_messages(state.variety, _gender(state), danger=escalation.danger)


def _gender(state: Any) -> str:
    return str(state.slots.get("gender", "other"))


@functools.lru_cache(maxsize=1)
def _stop_waiting_words() -> frozenset[str]:
    """Whole messages that stop waiting for an operator: the menu words and ``_stop_waiting_exact`` of
    ``dialogues/keywords.yml`` (normalised, loaded once)."""
    from dialogues import menu_mode

    return menu_mode.exact_words("_menu_exact") | menu_mode.exact_words("_stop_waiting_exact")
