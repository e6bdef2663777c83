"""The person's side of a referral's thread: after the center's team wrote (the console's referral page),
what the person writes goes to the center, not to the bot.

The console sends a staff message through the person's own channel (``ChannelRegistry.send_to_conversation``,
``OutboundMessage(sender="center")``), stores it in the thread (``services.referrals.add_thread_message``,
which opens the thread) and calls :meth:`ReferralThreads.opened`, which marks the conversation's record
(``meta["referral_thread"]``, under the conversation lock) so the message path knows to look.

For each message the message path calls :meth:`ReferralThreads.route` just before the engine would answer
(after the safety net — danger always gets the emergency reply first — and after any operator hand-off):

* no thread mark and a stored conversation → ``None`` at once (no database query: the ordinary path);
* a mark, or no stored conversation (new, expired, or erased by a quick exit — hiding the conversation is
  not withdrawing the request, so its thread is found again in the database) → the open thread of the
  conversation (``services.referrals.active_thread_for``); none → ``None``, mark dropped;
* the person goes back to the bot — a button or command (``/menu``…), the menu words, or the delete-my-data
  request (handled by the bot, which erases the referral and its thread when confirmed) — the thread is closed
  (``close_thread``, until the center writes again) and ``None``: the bot answers; the quick exit also
  returns ``None`` (the bot erases the conversation's state; the thread stays open in the database);
* otherwise the message (its text, or a shared location) is appended to the thread (encrypted at rest) and
  the bot answers nothing — except, **once per referral**, a kind notice that the message went to the
  center's team, who will answer here, and how to get back to the menu (``referral-thread-forwarded``,
  with a menu button).

Media alone (a voice note, a photo) is left to the bot ("please type"). Logs carry the conversation's short
key and the referral id only — never the text.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import locales
from dialogues.messages import Button, InboundMessage, OutboundMessage

log = logging.getLogger("bot.referral_thread")

META_KEY = "referral_thread"  # conversation meta: the id of the referral whose thread is open
LOOKUP_TIMEOUT_SECONDS = 1.5  # a conversation with no stored state: the lookup the turn can do without
LEAVE_INTENTS = frozenset({"delete_data"})
LOOK_UP = object()
"""``ReferralThreads.route(thread=LOOK_UP)``: the open thread is not known yet (the route asks the database)."""


class ReferralThreads:
    """Routes a person's messages to the open thread of their referral (see the module docstring).

    Args:
        store: the pipeline's :class:`bot.state.StateStore` (conversation records and locks).
        session_factory: ``async_sessionmaker`` of the services database (None: no threads).
        clock: ``() -> aware UTC datetime`` (the pipeline's ``utcnow``).
    """

    def __init__(self, store: Any, session_factory: Any, clock: Any = None) -> None:
        self.store = store
        self.session_factory = session_factory
        self.clock = clock

    async def opened(self, conversation_key: str, referral_id: int) -> None:
        """The center wrote to the person about ``referral_id``: mark the conversation so the message path
        looks for the thread. Takes the conversation lock. Raises :class:`bot.state.StateUnavailable` when
        the store is down (a conversation without a record is found from the database anyway)."""
        async with self.store.lock(conversation_key):
            record = await self.store.load(conversation_key)
            if record is None:
                return  # nothing stored (new, expired, quick exit): the message path asks the database
            meta = dict(record.get("meta") or {})
            meta[META_KEY] = int(referral_id)
            record["meta"] = meta
            await self.store.save(conversation_key, record)
        log.info("referral-thread-opened conv=%s referral=%d", conversation_key[:12], referral_id)

    async def route(self, conv: str, msg: InboundMessage, state: Any, meta: dict[str, Any], new_conversation: bool,
                    quick_exit: bool, parse: Any = None, *, thread: Any = LOOK_UP) -> list[OutboundMessage] | None:
        """The replies when ``msg`` belongs to an open thread (``[]`` or the one-time notice), else None (the
        bot answers it). ``meta`` is the conversation record's meta (its mark is updated in place);
        ``new_conversation``: nothing was stored for the conversation. ``thread``: the conversation's open
        ``services.referrals.ReferralInfo`` or None when the caller already read it
        (``services.first_contact``), :data:`LOOK_UP` to read it here."""
        if self.session_factory is None or (META_KEY not in meta and not new_conversation):
            return None
        from services import referrals

        if thread is LOOK_UP:
            try:
                async with self.session_factory() as s:
                    thread = await asyncio.wait_for(referrals.active_thread_for(s, conv), LOOKUP_TIMEOUT_SECONDS)
            except Exception as exc:  # noqa: BLE001 - the bot answers instead; the person is never left in silence
                log.warning("referral-thread-lookup-failed conv=%s error=%s", conv[:12], type(exc).__name__)
                return None
        if thread is None:
            meta.pop(META_KEY, None)
            return None
        meta[META_KEY] = thread.id
        if quick_exit:
            return None
        if self._leaves(msg, state, parse):
            async with self.session_factory() as s:
                await referrals.close_thread(s, thread.id)
            meta.pop(META_KEY, None)
            log.info("referral-thread-left conv=%s referral=%d", conv[:12], thread.id)
            return None
        if msg.text and msg.text.strip():
            text = msg.text
        elif msg.location is not None:
            text = f"📍 {msg.location.latitude:.5f}, {msg.location.longitude:.5f}"
        else:
            return None  # media only: the bot says it cannot read it
        async with self.session_factory() as s:
            await referrals.add_thread_message(s, thread.id, "citizen", text)
            first = await referrals.mark_citizen_notified(s, thread.id)
        log.info("referral-thread-message conv=%s referral=%d notice=%s", conv[:12], thread.id, first)
        if not first:
            return []
        if new_conversation and msg.text and not state.language_locked:
            from nlu.variety import guess_variety

            state.variety = guess_variety(msg.text, state.variety)  # nothing stored: the text's language
        gender = str(state.slots.get("gender", "other"))
        center = await self._center_name(thread.center_id, state.variety)
        from dialogues.emergency import hotline_args

        text = locales.t(state.variety, "referral-thread-forwarded", center=center, gender=gender, **hotline_args())
        return [OutboundMessage(text=text, buttons=(Button(locales.t_label(state.variety, "common-menu"), "/menu"),))]

    @staticmethod
    def _leaves(msg: InboundMessage, state: Any, parse: Any) -> bool:
        """True when the message is for the bot: a button or command, the menu words, or "delete my data"
        (its confirmation included)."""
        from dialogues import menu_mode
        from nlu.normalize import normalize

        if state.flow == "delete_data":
            return True
        text = (msg.text or "").strip()
        if msg.payload or text.startswith("/"):
            return True
        if normalize(text) in menu_mode.exact_words("_menu_exact"):
            return True
        intents = set()
        if parse is not None and float(parse.confidence or 0) >= 0.65:
            intents.add(parse.intent)
        match = menu_mode.match_intent(text) if text else None
        if match is not None and match.intent == "delete_data":
            intents.add(match.intent)
        return bool(intents & LEAVE_INTENTS)

    async def _center_name(self, center_id: int, variety: str) -> str:
        from dialogues.actions._support import name_of
        from services.models import Center

        async with self.session_factory() as s:
            center = await s.get(Center, center_id)
        return name_of(center, variety) if center is not None else ""
