"""Telegram channel: a thin adapter between python-telegram-bot 22 and the message path (its ``ChannelContext``).

No ``ConversationHandler``: the conversation's state lives in the message path; this module only turns a
Telegram update into an :class:`dialogues.messages.InboundMessage` and renders the :class:`OutboundMessage` replies.

Modes (``TELEGRAM_MODE``):

* ``polling`` (development): ``getUpdates`` long polling, started with the app. ptb's bootstrap calls
  ``deleteWebhook`` first, so starting polling while a webhook is set removes it instead of failing with
  "Conflict: can't use getUpdates method while webhook is active".
* ``webhook``: ``POST /webhooks/telegram`` receives updates; the request must carry
  ``X-Telegram-Bot-Api-Secret-Token`` equal to ``TELEGRAM_WEBHOOK_SECRET`` (compared in constant time),
  otherwise ``403``. ``jisr telegram set-webhook`` registers ``PUBLIC_BASE_URL/webhooks/telegram``. A
  malformed update (not JSON, wrong JSON types, over 1 MiB) is answered ``200`` and logged without content —
  never a 5xx, which Telegram would redeliver again and again; ``503`` only when the reply could not be sent
  (see delivery below).

Both modes ask for ``ALLOWED_UPDATES`` (``message``, ``callback_query``). ``TELEGRAM_API_BASE_URL`` is passed
to ptb as ``base_url`` (``…/bot``; ``base_file_url`` derived as ``…/file/bot``) for a local Bot API server or
the test emulator.

Platform rules handled here (each with its test in ``tests/channels/``, listed in ``bot/CHANNELS.md``):

* inline keyboards for buttons; ``callback_data`` ≤ 64 bytes — a longer payload is replaced by a short token
  (``~`` + 16 hex digits of its SHA-256) remembered in the state store; a token that is no longer known
  falls back to the tapped button's label, which the engine understands as typed text;
* every tap is answered with ``answerCallbackQuery`` (the client stops its spinner);
* ``request_location`` → a one-time reply keyboard with a ``request_location`` button;
* text over 4,096 UTF-16 units → several messages cut cleanly (:mod:`bot.channels.textsplit`);
* ``/start``, ``/menu``, ``/help``, ``/lang [fr|ar|ary|ary-latn]``, ``/exit``, ``/delete``; the command list
  is published per language code with ``setMyCommands`` (failures at start-up are warnings);
* quick exit (``/exit`` or the menu's exit button, both reaching the engine as ``/quick_exit``): the bot
  deletes the conversation's messages that Telegram still lets a bot delete (private chats, < 48 hours),
  from the message ids it recorded (ids and send time only, never content), then ends the conversation;
* erasure: the recorded message ids belong to the conversation (``conversation=`` in the state store), so
  "delete my data" and the quick exit erase them with everything else. The pipeline's erasure hook
  (:meth:`TelegramChannel._before_erase`) takes the ids first — quick exit deletes the messages with them —
  and the replies of an erased turn are not recorded;
* first contact in the person's Telegram language: ``from.language_code`` ``fr*`` → French, ``ar*`` →
  Darija (:func:`variety_for_language_code`; ``ar`` alone would otherwise name MSA); the conversation then
  follows what the person writes;
* de-duplication by ``update_id`` (ids whose reply is out are skipped; the pipeline also de-duplicates by
  ``message_id = update_id`` across restarts when the state store is Redis);
* delivery at least once, answers exactly once: sends are retried with backoff (a few seconds in all); an
  update counts as handled only once its reply is out, otherwise it must come again (webhook: ``503``;
  polling: tried again later) and the redelivery sends the pipeline's stored answer — only its parts not sent
  yet (:meth:`TelegramChannel.handle_update`);
* voice notes, photos, videos, documents, stickers without a caption go through the message path like any
  message (its kind ``channels-media-unsupported`` reply: please type, or call the emergency lines);
* group chats are ignored (the service is one-to-one).

The Bot API's pure parts (parse, render, commands, callback data) and the ptb helpers are in
:mod:`bot.channels.telegram_platform`, re-exported here.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from typing import Any

import locales
from bot.channels import inbound
from bot.channels.base import ChannelContext, app_context, mount_channel
from bot.channels.telegram_platform import (
    ALLOWED_UPDATES,
    COMMAND_LANGUAGES,
    MAX_RECORDED_IDS,
    MAX_UPDATE_BYTES,
    NAME,
    POLLING_RETRY_DELAYS,
    REDELIVERY_RETRY_AFTER_SECONDS,
    SECRET_HEADER,
    SEND_RETRY_BUDGET_SECONDS,
    SEND_RETRY_DELAYS,
    WEBHOOK_PATH,
    DeliveryLog,
    PerChatProcessor,
    _int,
    _markup,
    _obj,
    _PermanentSendError,
    _str,
    callback_data_for,
    callback_token,
    command_list,
    command_payload,
    deletable,
    ignored_kind,
    parse_update,
    render,
    start_resilient,
    variety_for_language_code,
)
from dialogues.messages import Button, InboundMessage, OutboundMessage

__all__ = [  # the Bot API's pure parts, for the CLI, the tests and the benches
    "ALLOWED_UPDATES", "SEND_RETRY_BUDGET_SECONDS", "WEBHOOK_PATH", "TelegramChannel", "TelegramConfigError",
    "callback_data_for", "callback_token", "command_list", "command_payload", "deletable", "ignored_kind",
    "mount", "parse_update", "render", "start_resilient", "variety_for_language_code",
]

log = logging.getLogger("bot.channels.telegram")

# what handle_update() returns
DELIVERED = "delivered"  # the reply is out (or there was nothing to send, or Telegram refused it for good)
DUPLICATE = "duplicate"  # an update already handled and delivered: nothing done
IGNORED = "ignored"  # malformed or not for Jisr (edited message, group chat…): nothing done
UNDELIVERED = "undelivered"  # handled, but the reply is not out yet: must come again (redelivery / retry)


class TelegramConfigError(RuntimeError):
    """The Telegram settings are inconsistent (the message says which variable to set)."""


class TelegramChannel:
    """The Telegram channel: ``name = "telegram"``; ``send(chat_id, messages)`` for asynchronous messages.

    Args:
        ctx: the :class:`bot.channels.base.ChannelContext` (its ``store`` keeps the recorded message ids and the
            callback tokens; its ``conversation_key`` names them).
        settings: ``services.config.Settings`` — ``telegram_bot_token`` (required), ``telegram_mode``
            (``polling``/``webhook``), ``telegram_webhook_secret`` (required in webhook mode),
            ``telegram_api_base_url``.
        poll_interval: seconds between ``getUpdates`` calls in polling mode; ``poll_timeout``: the long
            polling timeout in seconds.

    Raises:
        TelegramConfigError: no token, an unknown mode, or webhook mode without a secret.
    """

    name = NAME

    def __init__(self, ctx: ChannelContext, settings: Any, *, poll_interval: float = 0.0,
                 poll_timeout: int = 10) -> None:
        if not settings.telegram_bot_token:
            raise TelegramConfigError("TELEGRAM_BOT_TOKEN is not set")
        mode = (settings.telegram_mode or "polling").lower()
        if mode not in ("polling", "webhook"):
            raise TelegramConfigError(f"TELEGRAM_MODE must be 'polling' or 'webhook', not {mode!r}")
        if mode == "webhook" and not settings.telegram_webhook_secret:
            raise TelegramConfigError(
                "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -): "
                "without it anyone could post fake updates to /webhooks/telegram")
        self.ctx = ctx
        self.store = ctx.store  # the key-value store of the channel's records
        self.settings = settings
        self.mode = mode
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        self.deliveries = DeliveryLog(ctx.store)  # updates delivered, and interrupted deliveries, for all workers
        self._inflight: dict[int, asyncio.Future[str]] = {}  # updates being handled now
        self._later: set[asyncio.Task] = set()  # polling mode: undelivered updates tried again later
        self._tokens: dict[str, str] = {}  # in-process copy of token → payload
        # conversation → (message ids taken for quick exit, variety) of a turn whose records were just erased
        self._erased: dict[str, tuple[list[tuple[int, float]], str]] = {}
        ctx.on_erase(self._before_erase)
        self.application = self._build_application()
        self.bot = self.application.bot
        self._started = False

    # ---- ptb wiring ----------------------------------------------------------------------------------
    def _build_application(self) -> Any:
        from telegram import Update
        from telegram.ext import Application, TypeHandler

        builder = Application.builder().token(self.settings.telegram_bot_token)
        base = self.settings.telegram_api_base_url
        if base:
            base = base.rstrip("/")
            builder = builder.base_url(base)
            root = base.removesuffix("/bot")
            builder = builder.base_file_url(root + "/file/bot")
        builder = builder.concurrent_updates(PerChatProcessor(64))
        if self.mode == "webhook":
            builder = builder.updater(None)
        app = builder.build()
        app.add_handler(TypeHandler(Update, self._on_update))
        app.add_error_handler(self._on_error)
        return app

    async def start(self) -> None:
        """Initialise the bot (``getMe``), publish the command lists, and in polling mode start polling
        (removing any webhook first). Unimplemented/failing optional methods are logged as warnings."""
        await self.application.initialize()
        await self.publish_commands()
        if self.mode == "polling":
            with contextlib.suppress(Exception):
                info = await self.bot.get_webhook_info()
                if info.url:
                    log.warning("a webhook was set: polling removes it (use TELEGRAM_MODE=webhook to keep it)")
            await self.application.updater.start_polling(
                poll_interval=self.poll_interval, timeout=self.poll_timeout,
                allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False,
                bootstrap_retries=3)
        await self.application.start()
        self._started = True
        log.info("telegram started mode=%s", self.mode)

    async def stop(self) -> None:
        """Stop polling and processing; close the HTTP connections."""
        for task in list(self._later):
            task.cancel()
        if not self._started:
            with contextlib.suppress(Exception):
                await self.application.shutdown()
            return
        self._started = False
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        await self.application.stop()
        await self.application.shutdown()
        log.info("telegram stopped")

    async def publish_commands(self) -> None:
        """``setMyCommands`` for the default list and each language code in :data:`COMMAND_LANGUAGES`.
        A failure (e.g. a Bot API server that does not implement it) is a warning, never fatal."""
        from telegram import BotCommand

        for code, variety in COMMAND_LANGUAGES.items():
            try:
                await self.bot.set_my_commands([BotCommand(c, d) for c, d in command_list(variety)],
                                               language_code=code)
            except Exception as exc:  # noqa: BLE001 - optional at start-up
                log.warning("setMyCommands language=%s failed: %s", code or "default", type(exc).__name__)

    async def set_webhook(self, url: str) -> bool:
        """Register ``url`` as the webhook with the secret token and :data:`ALLOWED_UPDATES`."""
        return await self.bot.set_webhook(url=url, secret_token=self.settings.telegram_webhook_secret,
                                          allowed_updates=list(ALLOWED_UPDATES))

    # ---- inbound -------------------------------------------------------------------------------------
    async def _on_error(self, update: object, context: Any) -> None:
        log.error("telegram error: %s", type(context.error).__name__)

    async def _on_update(self, update: Any, context: Any) -> None:
        data = update.to_dict()
        if await self.handle_update(data) == UNDELIVERED:
            self._retry_later(data)

    def _retry_later(self, data: dict[str, Any]) -> None:
        """Polling mode: the update is already confirmed to Telegram, so an undelivered reply is tried
        again here, after :data:`POLLING_RETRY_DELAYS` (the stored answer: the pipeline de-duplicates by
        ``update_id``, nothing is processed twice)."""

        async def _again() -> None:
            for delay in POLLING_RETRY_DELAYS:
                await asyncio.sleep(delay)
                if await self.handle_update(data) != UNDELIVERED:
                    return
            log.error("telegram reply not delivered after %d retries", len(POLLING_RETRY_DELAYS))

        task = asyncio.create_task(_again())
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def handle_update(self, data: Any) -> str:
        """Handle one update (dict as sent by the Bot API): answer a callback query, de-duplicate by
        ``update_id``, run the pipeline, send the replies, record message ids, and on quick exit delete
        the conversation's messages. Returns :data:`DELIVERED`, :data:`DUPLICATE`, :data:`IGNORED` or
        :data:`UNDELIVERED`; never raises.

        Delivery is at least once, answers exactly once: an update counts as handled only once its reply is
        out. When sending fails (Bot API 5xx, network) after the bounded retries of :meth:`_deliver`, the
        result is :data:`UNDELIVERED` and the update must come again (the webhook answers 503, polling tries
        again later); the pipeline then returns its stored answer for the ``update_id`` (nothing is processed
        twice) and only the parts not sent yet are sent. A copy arriving while the first is being handled
        waits for the first's result."""
        if not isinstance(data, dict):
            log.info("telegram update ignored: %s", ignored_kind(data))
            return IGNORED
        update_id = _int(data.get("update_id"))
        cq = _obj(data.get("callback_query"))
        if _str(cq.get("id")):
            with contextlib.suppress(Exception):
                await self.bot.answer_callback_query(cq["id"])
        if update_id is None:
            log.info("telegram update ignored: %s", ignored_kind(data))
            return IGNORED
        if await inbound.bounded(self.deliveries.delivered(update_id), inbound.DANGER_STEP_SECONDS, False):
            log.info("duplicate update skipped")
            return DUPLICATE
        running = self._inflight.get(update_id)
        if running is not None:
            log.info("duplicate update while the first is handled: waiting for it")
            return await asyncio.shield(running)
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._inflight[update_id] = future
        outcome: str | None = None
        try:
            outcome = await self._handle_new(update_id, data, cq)
        except Exception as exc:  # noqa: BLE001 - a malformed update must never become a 5xx
            log.error("telegram update failed: %s", type(exc).__name__)
            outcome = IGNORED
        finally:
            self._inflight.pop(update_id, None)
            if outcome is None:  # cancelled (shutting down): not handled, it must come again
                outcome = UNDELIVERED
            if outcome != UNDELIVERED:
                self.deliveries.note_done(update_id)
            future.set_result(outcome)
        return outcome

    async def _handle_new(self, update_id: int, data: dict[str, Any], cq: dict[str, Any]) -> str:
        msg = parse_update(data)
        if msg is None:
            log.info("telegram update ignored: %s", ignored_kind(data))
            return IGNORED
        conv = self.ctx.conversation_key(msg.sender_id)
        if cq and msg.payload:
            msg = await self._resolve_callback(msg, cq)
        danger = inbound.is_danger(msg)  # then no store step of the channel's may delay the numbers
        incoming = _obj(data.get("message"))
        incoming_id, date = _int(incoming.get("message_id")), incoming.get("date")
        if incoming_id is not None:
            sent_at = float(date) if isinstance(date, (int, float)) and not isinstance(date, bool) \
                and 0 < date < 1e11 else time.time()
            record = self._record(conv, [(incoming_id, sent_at)])
            if danger:
                inbound.later(record)
            else:
                await record
        replies = await self.ctx.handle(msg)  # every message, media alone too (its kind reply comes from there)
        done = await inbound.bounded(self.deliveries.sent_before(update_id), inbound.DANGER_STEP_SECONDS if danger else None)
        erased = self._erased.pop(conv, None)
        ok = await self._deliver(msg.sender_id, conv, replies, erased=erased, update_id=update_id,
                                 skip=done or 0, danger=danger)
        if ok and done is not None:
            await self.deliveries.forget_progress(update_id)
        if ok and erased is None:  # every worker can tell a redelivery now (nothing is kept of an erased one)
            inbound.later(self.deliveries.mark_delivered(conv, update_id))
        return DELIVERED if ok else UNDELIVERED

    async def _before_erase(self, notice: Any) -> None:
        """The erasure hook (``bot.channels.base.Erasure``), just before the conversation's records —
        the recorded message ids among them — are erased: on quick exit, take the ids (the messages are
        deleted with them once the turn is over); either way, remember that this turn's replies must not be
        recorded."""
        from bot.channels.base import ERASE_QUICK_EXIT

        conv = notice.conversation_key
        self._erased[conv] = ([], notice.variety)
        if notice.reason != ERASE_QUICK_EXIT:
            return
        key = f"tg-msgs:{conv}"
        async with self.store.lock(key):
            rec = await self.store.load(key) or {}
        self._erased[conv] = ([(int(i), float(t)) for i, t in rec.get("ids", [])], notice.variety)

    async def _resolve_callback(self, msg: InboundMessage, cq: dict[str, Any]) -> InboundMessage:
        data = msg.payload or ""
        if not data.startswith("~"):
            return msg
        payload = self._tokens.get(data)
        if payload is None:
            with contextlib.suppress(Exception):
                rec = await self.store.load(f"tg-cb:{data}")
                payload = (rec or {}).get("payload")
        if isinstance(payload, str):
            return inbound.message(channel=msg.channel, sender_id=msg.sender_id, message_id=msg.message_id,
                                   payload=payload, language_hint=msg.language_hint)
        # unknown token (expired): the tapped button's label, which the engine reads as typed text
        label = None
        rows = _obj(_obj(cq.get("message")).get("reply_markup")).get("inline_keyboard")
        for row in rows if isinstance(rows, list) else []:
            for b in row if isinstance(row, list) else []:
                if _obj(b).get("callback_data") == data:
                    label = _str(b.get("text"))
        log.info("unknown callback token: label fallback=%s", label is not None)
        return inbound.message(channel=msg.channel, sender_id=msg.sender_id, message_id=msg.message_id,
                               text=label or None, language_hint=msg.language_hint)

    # ---- outbound ------------------------------------------------------------------------------------
    async def send(self, recipient_id: str, messages: list[OutboundMessage]) -> None:
        """Send asynchronous messages (operator replies, reminders) to the private chat ``recipient_id``.
        Raises ``telegram.error.TelegramError`` when Telegram refuses (e.g. the user blocked the bot)."""
        conv = self.ctx.conversation_key(recipient_id)
        await self._deliver(recipient_id, conv, messages, raise_errors=True)

    async def _deliver(self, chat_id: str, conv: str, replies: list[OutboundMessage],
                       raise_errors: bool = False,
                       erased: tuple[list[tuple[int, float]], str] | None = None,
                       update_id: int | None = None, skip: int = 0, danger: bool = False) -> bool:
        """Send ``replies`` (their rendered parts from the ``skip``-th on); record the sent ids unless
        ``erased`` (the ids taken by :meth:`_before_erase` and the variety) says the turn erased the
        conversation. Each send is retried on a transient failure (Bot API 5xx, 429, network error, bot not
        started) with backoff, :data:`SEND_RETRY_BUDGET_SECONDS` in all. Returns True when everything is
        out — or Telegram refused it for good (blocked by the user, bad request: sending again cannot help);
        False when a transient failure outlasted the budget: the parts sent are remembered for ``update_id``
        so that the redelivery sends only the rest. ``raise_errors``: raise the failure instead. ``danger``:
        the store steps (variety, button tokens, sent ids) are bounded or done after the sends, so a hung
        store never delays the emergency numbers."""
        if any(r.quick_exit for r in replies):
            await self.quick_exit(chat_id, conv, [r for r in replies if r.quick_exit],
                                  ids=erased[0] if erased is not None else None)
            return True
        if erased is not None:
            variety = erased[1]
        elif danger:  # the pipeline says the variety of its replies; the store only if it answers at once
            variety = next((r.variety for r in replies if r.variety), None) or await inbound.bounded(
                self.ctx.variety(conv), inbound.DANGER_STEP_SECONDS, locales.DEFAULT_VARIETY)
        else:
            variety = await self.ctx.variety(conv)
        sent: list[tuple[int, float]] = []
        deadline = time.monotonic() + SEND_RETRY_BUDGET_SECONDS
        index = 0
        try:
            for reply in replies:
                if danger:
                    inbound.later(self._remember_tokens(reply.buttons))
                else:
                    await self._remember_tokens(reply.buttons)
                for params in render(reply, variety):
                    if index >= skip:
                        m = await self._send_with_retry(chat_id, params, deadline)
                        sent.append((m.message_id, time.time()))
                    index += 1
        except _PermanentSendError as exc:
            log.warning("send refused for good: %s", type(exc.__cause__).__name__)
            if raise_errors:
                raise exc.__cause__ from None
        except Exception as exc:  # transient, retries exhausted
            log.warning("send failed after retries: %s sent=%d of the reply", type(exc).__name__, index)
            if raise_errors:
                raise
            if update_id is not None:
                await self.deliveries.remember_progress(conv, update_id, index)
            return False
        finally:
            if sent and erased is None:
                if danger:
                    inbound.later(self._record(conv, sent))
                else:
                    await self._record(conv, sent)
        return True

    async def _send_with_retry(self, chat_id: str, params: dict[str, Any], deadline: float) -> Any:
        """``sendMessage`` with ``params``; transient failures are retried with backoff until ``deadline``
        (``time.monotonic()``), then the last error is raised. A permanent refusal raises
        :class:`_PermanentSendError` at once."""
        from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, RetryAfter

        attempt = 0
        while True:
            try:
                return await self.bot.send_message(chat_id=int(chat_id), text=params["text"],
                                                   reply_markup=_markup(params.get("reply_markup")))
            except (BadRequest, Forbidden, InvalidToken, ChatMigrated) as exc:
                raise _PermanentSendError() from exc
            except Exception as exc:  # 5xx, timeouts, network, 429, bot not started
                wait = SEND_RETRY_DELAYS[min(attempt, len(SEND_RETRY_DELAYS) - 1)]
                if isinstance(exc, RetryAfter):
                    ra = exc.retry_after
                    wait = max(wait, ra.total_seconds() if hasattr(ra, "total_seconds") else float(ra))
                if time.monotonic() + wait > deadline:
                    raise
                attempt += 1
                log.info("send retry %d after %s", attempt, type(exc).__name__)
                await asyncio.sleep(wait)

    async def _remember_tokens(self, buttons: tuple[Button, ...]) -> None:
        for b in buttons:
            data, mapped = callback_data_for(b.payload)
            if mapped and data not in self._tokens:
                self._tokens[data] = b.payload
                with contextlib.suppress(Exception):
                    await self.store.save(f"tg-cb:{data}", {"payload": b.payload})

    async def _record(self, conv: str, ids: list[tuple[int, float]]) -> None:
        """Remember message ids (and when they were sent) for quick exit; nothing else is stored."""
        key = f"tg-msgs:{conv}"
        now = time.time()
        with contextlib.suppress(Exception):
            async with self.store.lock(key):
                rec = await self.store.load(key) or {"ids": []}
                kept = [(i, t) for i, t in rec.get("ids", []) if deletable(t, now)]
                known = {i for i, _ in kept}
                kept += [(i, t) for i, t in ids if i not in known]
                rec["ids"] = kept[-MAX_RECORDED_IDS:]
                await self.store.save(key, rec, conversation=conv)

    async def quick_exit(self, chat_id: str, conv: str, replies: list[OutboundMessage],
                         ids: list[tuple[int, float]] | None = None) -> int:
        """Delete every recorded message of the chat that is still deletable (newest first), then send the
        engine's neutral confirmation (not recorded) with the reply keyboard removed. ``ids``: the
        ``(message_id, sent_at)`` pairs the erasure hook took before the conversation's records were erased;
        None → read (and forget) the recorded ids here. Returns how many messages were deleted. Never
        raises."""
        key = f"tg-msgs:{conv}"
        now = time.time()
        if ids is None:
            ids = []
            with contextlib.suppress(Exception):
                async with self.store.lock(key):
                    rec = await self.store.load(key) or {}
                    ids = [(int(i), float(t)) for i, t in rec.get("ids", [])]
                    await self.store.delete(key)
        deleted = 0
        for message_id, sent_at in sorted(ids, reverse=True):
            if not deletable(sent_at, now):
                continue
            try:
                if await self.bot.delete_message(chat_id=int(chat_id), message_id=message_id) is not False:
                    deleted += 1
            except Exception as exc:  # noqa: BLE001 - already gone, too old: keep deleting the rest
                log.info("delete failed: %s", type(exc).__name__)
        from telegram import ReplyKeyboardRemove

        for r in replies:
            if r.text:
                with contextlib.suppress(Exception):
                    await self.bot.send_message(chat_id=int(chat_id), text=r.text,
                                                reply_markup=ReplyKeyboardRemove())
        log.info("quick-exit deleted=%d of=%d", deleted, len(ids))
        return deleted

    # ---- webhook route -------------------------------------------------------------------------------
    def routes(self) -> list[Any]:
        """The Starlette route of webhook mode: ``POST /webhooks/telegram`` (none in polling mode)."""
        if self.mode != "webhook":
            return []
        from starlette.requests import Request
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route

        secret = (self.settings.telegram_webhook_secret or "").encode()

        async def webhook(request: Request) -> Response:
            from bot.channels.rest import BodyTooLarge, read_body_limited

            given = request.headers.get(SECRET_HEADER, "").encode()
            if not secret or not hmac.compare_digest(given, secret):
                return JSONResponse({"error": "forbidden"}, status_code=403)
            # From here on the request is Telegram's: a malformed update is answered 200 (ignored, logged
            # without content) — Telegram would redeliver anything else again and again.
            try:
                raw = await read_body_limited(request, MAX_UPDATE_BYTES)
            except BodyTooLarge:
                log.warning("telegram update ignored: over %d bytes", MAX_UPDATE_BYTES)
                return JSONResponse({"ok": True, "ignored": "too_large"}, headers={"Connection": "close"})
            try:
                data = inbound.parse_json(raw)
            except inbound.BadJSON as exc:
                log.warning("telegram update ignored: %s", exc)
                return JSONResponse({"ok": True, "ignored": "not_json"})
            outcome = await self.handle_update(data)
            if outcome == UNDELIVERED:  # the reply is not out: Telegram must deliver the update again
                return JSONResponse({"ok": False, "error": "reply not delivered yet"}, status_code=503,
                                    headers={"Retry-After": str(REDELIVERY_RETRY_AFTER_SECONDS)})
            return JSONResponse({"ok": True} if outcome != IGNORED else {"ok": True, "ignored": "update"})

        return [Route(WEBHOOK_PATH, webhook, methods=["POST"])]


def mount(app: Any, settings: Any = None, **channel_kwargs: Any) -> TelegramChannel | None:
    """Add the Telegram channel to a Jisr Starlette app when ``TELEGRAM_BOT_TOKEN`` is set
    (:func:`bot.channels.base.mount_channel`): registered in ``app.state.registry``, ``POST
    /webhooks/telegram`` in webhook mode, the bot started after the app (:func:`start_resilient`) and stopped
    before it. ``channel_kwargs`` go to :class:`TelegramChannel` (``poll_interval``, ``poll_timeout``).
    Returns the channel, or None when Telegram is not configured. Raises :class:`TelegramConfigError` on
    inconsistent settings.
    """
    settings = settings or app.state.settings
    if not getattr(settings, "telegram_bot_token", None):
        return None
    channel = TelegramChannel(app_context(app, NAME, settings), settings, **channel_kwargs)
    return mount_channel(app, channel, start=start_resilient)
