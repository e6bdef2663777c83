"""Telegram's side of the channel: the Bot API's rules as pure functions (parse an update, render a reply,
commands, callback data within 64 bytes, the 48-hour deletion rule) and the python-telegram-bot helpers
(markup objects, per-chat ordering, a start that survives an unreachable Bot API). No state of the
adapter's: ``bot/channels/telegram.py`` mounts the channel and re-exports these names.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
from collections import OrderedDict
from collections.abc import Awaitable
from typing import Any

import locales
from bot.channels import inbound
from bot.channels.textsplit import split_text
from dialogues.messages import Attachment, InboundMessage, Location, OutboundMessage, sender_label_key

log = logging.getLogger("bot.channels.telegram")

NAME = "telegram"
WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ("message", "callback_query")
MAX_TEXT = 4096  # Bot API: 1-4096 characters after entity parsing (UTF-16 units)
MAX_CALLBACK_DATA = 64  # bytes
DELETE_WINDOW_SECONDS = 48 * 3600  # bots may delete messages in private chats for 48 hours
DELETE_MARGIN_SECONDS = 300  # do not even try for messages within 5 minutes of the limit
MAX_RECORDED_IDS = 400
SEEN_UPDATES = 10_000
MAX_UPDATE_BYTES = 1024 * 1024  # a Bot API update is a few kB; larger bodies are ignored unread
SEND_RETRY_BUDGET_SECONDS = 4.0  # a reply's sends are retried (backoff) for at most this long in total
SEND_RETRY_DELAYS = (0.25, 0.5, 1.0, 2.0)
REDELIVERY_RETRY_AFTER_SECONDS = 5  # webhook: the reply could not be sent, Telegram is asked to redeliver
POLLING_RETRY_DELAYS = (10.0, 30.0, 120.0, 600.0)  # polling: an undelivered reply is tried again later
PROGRESS_KEY = "tg-upd:"  # + update_id: how many parts of its reply were sent, while some are not
DELIVERED_KEY = "tg-done:"  # + update_id: its reply is out (kept DELIVERED_TTL_SECONDS, shared by every process)
DELIVERED_TTL_SECONDS = 24 * 3600  # Telegram stops redelivering an update long before

TOKEN_TTL_SECONDS = 30 * 24 * 3600

# Telegram command → the engine's payload (see dialogues/engine.py "commands").
COMMANDS: dict[str, str] = {
    "start": "/start",
    "menu": "/menu",
    "help": "/help",
    "lang": "/change_language",
    "exit": "/quick_exit",
    "delete": "/delete_data",
}
# What ``/lang <arg>`` accepts.
LANG_ARGS: dict[str, str] = {
    "ary": "ary", "darija": "ary", "دارجة": "ary", "الدارجة": "ary",
    "ary-latn": "ary-Latn", "latn": "ary-Latn", "3arbizi": "ary-Latn", "arabizi": "ary-Latn",
    "ar": "ar", "arabic": "ar", "عربية": "ar", "العربية": "ar",
    "fr": "fr", "francais": "fr", "français": "fr",
}
# Which variety's command descriptions a Telegram UI language gets (None = the default list).
COMMAND_LANGUAGES: dict[str | None, str] = {None: "ary", "ar": "ary", "fr": "fr"}


def variety_for_language_code(code: str | None) -> str | None:
    """The variety a Telegram UI language (``from.language_code``, IETF tag) starts a conversation in:
    ``fr``/``fr-…`` → ``fr``; ``ar``/``ar-…`` → ``ary`` (Jisr's users are Moroccan: an Arabic phone speaks
    Darija to them — the MSA variety is also called ``ar``, so the code must not be passed on as is); any
    other language or none → None (the default variety)."""
    base = (code or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return COMMAND_LANGUAGES.get(base) if base in ("ar", "fr") else None


# ---------------------------------------------------------------------------------------------------
# pure parts: parsing and rendering
# ---------------------------------------------------------------------------------------------------

def callback_token(payload: str) -> str:
    """The short ``callback_data`` standing for a payload longer than 64 bytes: ``~`` + 16 hex digits of
    SHA-256 (17 ASCII bytes). Deterministic, so the same payload always gets the same token."""
    return "~" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def callback_data_for(payload: str) -> tuple[str, bool]:
    """``(callback_data, needs_mapping)``: the payload itself when it fits 64 UTF-8 bytes and does not start
    with ``~``, else its :func:`callback_token` (the caller remembers token → payload)."""
    if len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA and not payload.startswith("~"):
        return payload, False
    return callback_token(payload), True


def command_payload(text: str) -> str | None:
    """The engine payload for a Telegram command text (``/start``, ``/lang fr``, ``/menu@JisrBot``), or
    None when ``text`` is not one of Jisr's commands."""
    if not text.startswith("/"):
        return None
    head, _, arg = text.strip().partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    if name not in COMMANDS:
        return None
    if name == "lang" and arg.strip():
        variety = LANG_ARGS.get(arg.strip().lower())
        if variety:
            return f"/lang:{variety}"
    return COMMANDS[name]


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _location(value: Any) -> Location | None:
    """A Bot API ``Location`` as :class:`Location`; None when malformed or out of range."""
    loc = _obj(value)
    lat, lon = loc.get("latitude"), loc.get("longitude")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in (lat, lon)):
        return None
    try:
        la, lo = float(lat), float(lon)
    except OverflowError:
        return None
    if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return Location(la, lo)


UPDATE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post", "callback_query",
                "inline_query", "chosen_inline_result", "my_chat_member", "chat_member", "chat_join_request",
                "message_reaction", "poll", "poll_answer", "business_message", "pre_checkout_query")


def ignored_kind(data: Any) -> str:
    """What an update Jisr does not answer is, for the log (a fixed word, never content)."""
    if not isinstance(data, dict):
        return "not-an-object"
    if _int(data.get("update_id")) is None:
        return "no-update-id"
    for kind in UPDATE_KINDS:
        if kind in data:
            return kind if kind not in ("message", "callback_query") else f"{kind}-unsupported-or-malformed"
    return "unknown-kind"


def parse_update(data: Any) -> InboundMessage | None:
    """Turn a Bot API ``Update`` (as a JSON dict) into an :class:`InboundMessage`; None for updates Jisr
    does not answer (edited messages, channel posts, group chats, service messages) and for malformed ones
    (wrong JSON types: every field is checked, nothing raises).

    ``sender_id`` is the private chat's id (= the user's id), ``message_id`` the ``update_id`` (string),
    ``language_hint`` the variety of the user's ``language_code`` (:func:`variety_for_language_code`). A callback query's ``data`` becomes ``payload`` as is
    (tokens are resolved by :class:`TelegramChannel`). A ``location`` becomes :class:`Location`; voice
    notes, audio, photos, video, documents and stickers become :class:`Attachment` (never downloaded).
    Texts go through :func:`bot.channels.inbound.message` (lone surrogates → U+FFFD).
    """
    if not isinstance(data, dict):
        return None
    update_id = _int(data.get("update_id"))
    if update_id is None:
        return None
    if "callback_query" in data:
        cq = _obj(data.get("callback_query"))
        msg = _obj(cq.get("message"))
        chat = _obj(msg.get("chat"))
        user = _obj(cq.get("from"))
        if chat and chat.get("type", "private") != "private":
            return None
        sender = _int(chat["id"] if "id" in chat else user.get("id"))
        if sender is None:
            return None
        return inbound.message(channel=NAME, sender_id=str(sender), message_id=str(update_id),
                               payload=_str(cq.get("data")) or None,
                               language_hint=variety_for_language_code(_str(user.get("language_code"))))
    msg = _obj(data.get("message"))
    if not msg:
        return None
    chat = _obj(msg.get("chat"))
    if chat.get("type", "private") != "private":
        return None
    user = _obj(msg.get("from"))
    sender = _int(chat["id"] if "id" in chat else user.get("id"))
    if sender is None:
        return None
    common = {"channel": NAME, "sender_id": str(sender), "message_id": str(update_id),
              "language_hint": variety_for_language_code(_str(user.get("language_code")))}
    if msg.get("location"):
        location = _location(msg["location"])
        return inbound.message(**common, location=location) if location is not None else None
    if "text" in msg:
        text = _str(msg["text"])
        if text is None:
            return None
        payload = command_payload(text)
        if payload:
            return inbound.message(**common, payload=payload)
        return inbound.message(**common, text=text)
    attachments = []
    for key, kind in (("voice", "audio"), ("audio", "audio"), ("video_note", "video"), ("video", "video"),
                      ("photo", "image"), ("document", "document"), ("sticker", "sticker"),
                      ("animation", "video"), ("contact", "other")):
        if msg.get(key):
            mime = _str(_obj(msg[key]).get("mime_type"))
            attachments.append(Attachment(kind=kind, content_type=mime))
    if attachments:
        caption = _str(msg.get("caption"))
        return inbound.message(**common, text=caption or None, attachments=tuple(attachments))
    return None


def render(message: OutboundMessage, variety: str = locales.DEFAULT_VARIETY) -> list[dict[str, Any]]:
    """Render one reply as ``sendMessage`` parameter dicts (``text`` + optional ``reply_markup`` as plain
    JSON-able dicts; ``callback_data`` already within 64 bytes — see :func:`callback_data_for`).

    * text > 4,096 units → several messages; the keyboard goes on the last one;
    * buttons → ``inline_keyboard``, one button per row (labels can be long Arabic/French phrases);
    * ``request_location`` → ``keyboard`` with one ``request_location`` button, ``one_time_keyboard``; when
      the reply also has buttons, the location keyboard goes on an extra short message (a Telegram message
      carries one keyboard);
    * a reply without text but with buttons gets the localized "choose" line (Telegram needs text).
    """
    text = message.text or ""
    label = sender_label_key(message.sender)
    if label and text.strip():  # the person must know a human is writing, and who (the team, a center)
        text = locales.t(variety, label) + "\n" + text
    if not text.strip() and (message.buttons or message.request_location):
        text = locales.t(variety, "channels-choose")
    parts = split_text(text, MAX_TEXT)
    out: list[dict[str, Any]] = [{"text": p} for p in parts]
    if message.buttons:
        out[-1]["reply_markup"] = {"inline_keyboard": [
            [{"text": b.title[:128] or "…", "callback_data": callback_data_for(b.payload)[0]}]
            for b in message.buttons]}
    if message.request_location:
        keyboard = {"keyboard": [[{"text": locales.t(variety, "channels-share-location"),
                                   "request_location": True}]],
                    "resize_keyboard": True, "one_time_keyboard": True}
        if message.buttons or not out:
            out.append({"text": locales.t(variety, "channels-location-hint"), "reply_markup": keyboard})
        else:
            out[-1]["reply_markup"] = keyboard
    return out


def command_list(variety: str) -> list[tuple[str, str]]:
    """``(command, description)`` pairs for ``setMyCommands`` in ``variety`` (descriptions 3–256 chars)."""
    return [(name, locales.t(variety, f"channels-cmd-{name}")[:256]) for name in COMMANDS]


def deletable(sent_at: float, now: float) -> bool:
    """True when a message sent at ``sent_at`` (Unix seconds) can still be deleted by the bot at ``now``
    (private chat, less than 48 hours old, with a 5-minute safety margin)."""
    return now - sent_at < DELETE_WINDOW_SECONDS - DELETE_MARGIN_SECONDS


class _PermanentSendError(Exception):
    """Telegram refused a send for good (its ``__cause__``): retrying or a redelivery cannot help."""


def _markup(data: dict[str, Any] | None) -> Any:
    """ptb markup objects from the plain dicts of :func:`render`."""
    if data is None:
        return None
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

    if "inline_keyboard" in data:
        return InlineKeyboardMarkup([[InlineKeyboardButton(b["text"], callback_data=b["callback_data"])
                                      for b in row] for row in data["inline_keyboard"]])
    return ReplyKeyboardMarkup([[KeyboardButton(b["text"], request_location=b.get("request_location", False))
                                 for b in row] for row in data["keyboard"]],
                               resize_keyboard=data.get("resize_keyboard", True),
                               one_time_keyboard=data.get("one_time_keyboard", True))


def _make_processor_class() -> type:
    from telegram.ext import BaseUpdateProcessor

    class _PerChatProcessor(BaseUpdateProcessor):
        """Updates of different chats run concurrently (up to ``max_concurrent_updates``); updates of one
        chat run one after the other, in arrival order (asyncio locks are FIFO)."""

        def __init__(self, max_concurrent_updates: int) -> None:
            super().__init__(max_concurrent_updates)
            self._locks: dict[Any, asyncio.Lock] = {}

        async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
            chat = getattr(getattr(update, "effective_chat", None), "id", None)
            lock = self._locks.setdefault(chat, asyncio.Lock())
            try:
                async with lock:
                    await coroutine
            finally:
                if not lock.locked() and chat in self._locks and len(self._locks) > 1000:
                    self._locks.pop(chat, None)

        async def initialize(self) -> None:
            return None

        async def shutdown(self) -> None:
            return None

    return _PerChatProcessor


PerChatProcessor = _make_processor_class()  # type: ignore[misc]


START_RETRY_SECONDS = 30.0


async def start_resilient(channel: Any, retry_seconds: float = START_RETRY_SECONDS) -> asyncio.Task | None:
    """Start ``channel``; when Telegram is unreachable, log it and keep retrying every ``retry_seconds`` in
    a background task (returned) so the rest of the app — web chat, WhatsApp, the console — serves
    meanwhile. A rejected token is a configuration error: logged, no retry."""
    from telegram.error import InvalidToken

    try:
        await channel.start()
        return None
    except InvalidToken:
        log.error("telegram not started: TELEGRAM_BOT_TOKEN was rejected")
        return None
    except Exception as exc:  # noqa: BLE001 - network errors: retry in the background
        log.warning("telegram not started (%s): retrying every %.0f s", type(exc).__name__, retry_seconds)

    async def _retry() -> None:
        while True:
            await asyncio.sleep(retry_seconds)
            with contextlib.suppress(Exception):
                await channel.application.shutdown()
            try:
                await channel.start()
                return
            except Exception as exc:  # noqa: BLE001
                log.warning("telegram start retry failed: %s", type(exc).__name__)

    return asyncio.create_task(_retry())




class DeliveryLog:
    """Which updates' replies are out, and how far an interrupted delivery got, kept in the channel's
    key-value store (Redis in production): a redelivery reaching another worker or replica sends nothing
    twice. A small in-process copy answers the common case without a round trip. Store failures are
    tolerated: the pipeline's own de-duplication by ``update_id`` still keeps the turn from running twice."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._done: OrderedDict[int, None] = OrderedDict()
        self._progress: OrderedDict[int, int] = OrderedDict()

    async def delivered(self, update_id: int) -> bool:
        """True when the reply to ``update_id`` went out (here or in another process)."""
        if update_id in self._done:
            return True
        with contextlib.suppress(Exception):
            return await self.store.get_answer(f"{DELIVERED_KEY}{update_id}") is not None
        return False

    def note_done(self, update_id: int) -> None:
        """``update_id`` needs nothing more (its reply is out, or it was ignored): in this process only."""
        self._done[update_id] = None
        while len(self._done) > SEEN_UPDATES:
            self._done.popitem(last=False)

    def mark_delivered(self, conv: str, update_id: int) -> Awaitable[Any]:
        """The reply to ``update_id`` is out: noted here at once; returns the store's write (a record of the
        conversation ``conv``, erased with it), to await or to run in the background."""
        self.note_done(update_id)
        return self.store.put_answer(f"{DELIVERED_KEY}{update_id}", 1, DELIVERED_TTL_SECONDS, conversation=conv)

    async def sent_before(self, update_id: int) -> int | None:
        """How many parts of the reply to ``update_id`` an interrupted delivery sent; None when none was."""
        if update_id in self._progress:
            return self._progress[update_id]
        with contextlib.suppress(Exception):
            rec = await self.store.load(f"{PROGRESS_KEY}{update_id}")
            if rec is not None:
                return int(rec.get("sent", 0))
        return None

    async def remember_progress(self, conv: str, update_id: int, sent: int) -> None:
        """An interrupted delivery sent ``sent`` parts of the reply to ``update_id``."""
        self._progress[update_id] = sent
        while len(self._progress) > 1000:
            self._progress.popitem(last=False)
        with contextlib.suppress(Exception):
            await self.store.save(f"{PROGRESS_KEY}{update_id}", {"sent": sent}, conversation=conv)

    async def forget_progress(self, update_id: int) -> None:
        """The reply to ``update_id`` is whole now."""
        self._progress.pop(update_id, None)
        with contextlib.suppress(Exception):
            await self.store.delete(f"{PROGRESS_KEY}{update_id}")
