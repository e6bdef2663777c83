"""WhatsApp channel through Twilio: ``POST /webhooks/whatsapp`` (form-encoded) in, TwiML out; asynchronous
messages (operator replies, reminders) through Twilio's REST API with the ``twilio`` SDK.

Inbound (Twilio's Messaging webhook): the request must carry ``X-Twilio-Signature``, checked with the SDK's
``RequestValidator`` against ``PUBLIC_BASE_URL`` + path (+ query) — the URL Twilio signed, not the URL the app
sees behind a TLS-terminating proxy (``http://127.0.0.1:8000/...`` instead of ``https://host/...``, cf.
twilio-python issue 751). Invalid or missing signature → ``403``, nothing processed. WhatsApp enabled (any
``TWILIO_*`` account variable set) without ``TWILIO_AUTH_TOKEN`` → :class:`WhatsAppConfigError` at start-up.

The answer is TwiML ``<Response><Message>…</Message>…</Response>`` (one ``<Message>`` per part).

Platform rules handled here (tests in ``tests/channels/test_whatsapp*.py``; list in ``bot/CHANNELS.md``):

* buttons → a clean numbered list (``1. label``), never a payload; the reply "1", "١", "۱", the label, or a
  close spelling of it (rapidfuzz, short replies only) selects the button (:mod:`bot.channels.textonly`);
* 1,600 characters per message → several ``<Message>`` parts cut cleanly (:mod:`bot.channels.textsplit`);
* ``Latitude``/``Longitude`` → :class:`dialogues.messages.Location`;
* media and voice notes (``NumMedia`` > 0) without text go through the message path like any message: the
  kind reply in the conversation's language (please type, or call the emergency lines);
* empty bodies → a kind reply; emoji pass through untouched;
* de-duplication by ``MessageSid``: the stored TwiML is answered again and nothing changes; the
  conversation's turn lock is taken before the check, so copies delivered at once are processed once;
* the shape of a signed request (:func:`form_problem`): a well-formed ``MessageSid``, a WhatsApp ``From``, no
  parameter name that is a cut or an extension of Twilio's (a replay with a shifted name/value boundary keeps
  a valid signature) → ``400`` otherwise; bodies over 64 KiB → ``413``, not a form → ``415``;
* the 24-hour customer-service window, per conversation: the last inbound time is recorded; an
  asynchronous send outside the window uses the approved template ``TWILIO_REMINDER_CONTENT_SID`` when
  configured, otherwise it is not sent (:class:`OutsideServiceWindow`); either way the conversation's window
  record says so (:func:`service_window`, read by the operator console);
* erasure: the window record, the last offered buttons and the de-duplication TwiML belong to the
  conversation (``conversation=`` in the state store): "delete my data" and the quick exit erase them with
  everything else, and nothing is written about the turn that erased them (the pipeline's erasure hook
  tells the adapter, :meth:`WhatsAppChannel._before_erase`).

The platform's pure parts (form, signature URL, TwiML, REST client, window record) are in
:mod:`bot.channels.whatsapp_twilio`, re-exported here.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import locales
from bot.channels import inbound
from bot.channels.base import ChannelContext, app_context, mount_channel
from bot.channels.textonly import Offers, match_choice, numbered_list
from bot.channels.whatsapp_twilio import (
    MAX_FORM_BYTES,
    MAX_TEXT,
    NAME,
    SERVICE_WINDOW_SECONDS,
    BadForm,
    OutsideServiceWindow,
    WhatsAppConfigError,
    WindowStatus,
    check_settings,
    enabled,
    form_problem,
    make_rest_client,
    parse_form,
    parse_form_body,
    render,
    service_window,
    signed_url,
    twiml,
)
from dialogues.messages import InboundMessage, OutboundMessage

__all__ = [  # the platform's pure parts, for the console, the tests and the benches
    "MAX_TEXT", "SERVICE_WINDOW_SECONDS", "OutsideServiceWindow", "WhatsAppChannel", "WhatsAppConfigError",
    "WindowStatus", "enabled", "form_problem", "make_rest_client", "match_choice", "mount", "numbered_list",
    "parse_form", "render", "service_window", "twiml",
]

log = logging.getLogger("bot.channels.whatsapp")

WEBHOOK_PATH = "/webhooks/whatsapp"
SIGNATURE_HEADER = "X-Twilio-Signature"
DEDUP_TTL_SECONDS = 48 * 3600


class WhatsAppChannel:
    """The WhatsApp channel (``name = "whatsapp"``).

    Args:
        ctx: the :class:`bot.channels.base.ChannelContext` (its ``store`` keeps the de-duplication answers, the
            last offered buttons and the window record, all under the pseudonymous conversation key).
        settings: ``services.config.Settings`` (``TWILIO_*``, ``PUBLIC_BASE_URL``).
        clock: returns Unix seconds (tests move time to cross the 24-hour window).

    Raises:
        WhatsAppConfigError: see :func:`check_settings`.
    """

    name = NAME

    def __init__(self, ctx: ChannelContext, settings: Any, clock: Any = time.time) -> None:
        for w in check_settings(settings):
            log.warning("whatsapp: %s", w)
        from twilio.request_validator import RequestValidator

        self.ctx = ctx
        self.settings = settings
        self.clock = clock
        self.validator = RequestValidator(settings.twilio_auth_token)
        self._rest: Any = None
        self._erased: dict[str, str] = {}  # conversation → variety, for a turn that erased its records
        self.offers = Offers(ctx.store, "wa-menu:")  # the buttons last shown, for typed choices
        ctx.on_erase(self._before_erase)

    @property
    def store(self) -> Any:
        """The key-value store of the channel's records (``ctx.store``)."""
        return self.ctx.store

    # ---- signature -----------------------------------------------------------------------------------
    def valid_signature(self, url: str, form: Any, signature: str | None,
                        settings_header: str | None = None) -> bool:
        """Check ``X-Twilio-Signature`` for ``url`` and the form parameters with the SDK's validator."""
        if not signature:
            return False
        kwargs: dict[str, Any] = {}
        if settings_header:
            with contextlib.suppress(ImportError):
                from twilio.request_validator import get_signature_algorithm

                kwargs["algorithm"] = get_signature_algorithm(settings_header)
        try:
            return bool(self.validator.validate(url, form, signature, **kwargs))
        except Exception:  # noqa: BLE001 - malformed input is simply invalid
            return False

    # ---- inbound -------------------------------------------------------------------------------------
    async def handle_form(self, form: Any) -> str:
        """Handle one verified webhook form; returns the TwiML to answer. Never raises for bad input.

        The conversation's turn lock (``wa-turn:<conversation>`` in the state store) is held from the
        ``MessageSid`` check until the answer is stored, so copies of one message delivered at the same time are
        processed once: the later copies get the stored TwiML. (The pipeline's own lock on the conversation
        key is taken inside: locks are not re-entrant.) A danger message skips it and the stored-answer
        check: the pipeline de-duplicates it under its own lock within its danger budget, and the channel's
        other store steps are bounded or done after the reply (:func:`bot.channels.inbound.bounded`,
        :func:`~bot.channels.inbound.later`); a lock that cannot be had (Redis down) does not stop a message
        either."""
        msg = parse_form(form)
        if not msg.sender_id:
            return twiml([])
        conv = self.ctx.conversation_key(msg.sender_id)
        if not msg.message_id:
            return await self._answer(conv, msg, None)
        dedup = "wa-sid:" + hashlib.sha256(f"{conv}\x00{msg.message_id}".encode()).hexdigest()
        if inbound.is_danger(msg):
            # the pipeline de-duplicates under its own lock within its danger budget: nothing of the channel's
            # may wait on the store before the numbers
            return await self._answer(conv, msg, dedup)
        async with contextlib.AsyncExitStack() as stack:
            await self._turn_lock(stack, conv, msg)
            stored = None
            with contextlib.suppress(Exception):
                stored = await self.store.get_answer(dedup)
            if stored:
                log.info("duplicate MessageSid: stored answer")
                return stored[0]["twiml"]
            return await self._answer(conv, msg, dedup)

    async def _turn_lock(self, stack: contextlib.AsyncExitStack, conv: str, msg: InboundMessage) -> None:
        """Enter the conversation's turn lock on ``stack`` (never for a danger message: :meth:`handle_form`
        sends those straight to the pipeline); on failure (lock wait exceeded, Redis down) go on without it
        (logged)."""
        try:
            await stack.enter_async_context(self.store.lock(f"wa-turn:{conv}"))
        except Exception as exc:  # noqa: BLE001 - the message is answered anyway (the pipeline de-duplicates)
            log.warning("whatsapp turn lock not taken: %s", type(exc).__name__)

    async def _answer(self, conv: str, msg: InboundMessage, dedup: str | None) -> str:
        """Run the message path on ``msg`` and render its replies as TwiML (stored for ``dedup``). An empty
        body gets the kind "I received nothing" reply; a typed choice becomes its button's payload."""
        danger = inbound.is_danger(msg)  # then no store step of the channel's may delay the numbers
        if danger:
            inbound.later(self._touch_window(conv))
        else:
            await self._touch_window(conv)
        if msg.text is None and msg.location is None and not msg.attachments:
            variety = await self.ctx.variety(conv)
            replies = [OutboundMessage(text=locales.t(variety, "channels-empty"))]
        else:
            if not danger:
                msg = await self.offers.resolve(conv, msg)
            replies = await self.ctx.handle(msg)
            erased = self._erased.pop(conv, None)
            if erased is not None:  # "delete my data" or quick exit: nothing more is kept about this turn
                return twiml([b for r in replies for b in render(r, erased)])
            variety = next((r.variety for r in replies if r.variety), None) or await inbound.bounded(
                self.ctx.variety(conv), inbound.DANGER_STEP_SECONDS if danger else None, locales.DEFAULT_VARIETY)
            if msg.text is not None or msg.location is not None:  # (media alone: the offer still stands)
                remember = self.offers.remember(conv, replies)
                if danger:
                    inbound.later(remember)
                else:
                    await remember
        xml = twiml([b for r in replies for b in render(r, variety)])
        if dedup is not None:
            store = self.store.put_answer(dedup, [{"twiml": xml}], DEDUP_TTL_SECONDS, conversation=conv)
            if danger:
                inbound.later(store)
            else:
                with contextlib.suppress(Exception):
                    await store
        return xml

    async def _before_erase(self, notice: Any) -> None:
        """The erasure hook (``bot.channels.base.Erasure``): the conversation's records are about to be
        erased — remember the variety to render this turn's replies in and write nothing more about it."""
        self._erased[notice.conversation_key] = notice.variety

    async def _touch_window(self, conv: str) -> None:
        key = f"wa-window:{conv}"
        with contextlib.suppress(Exception):
            async with self.store.lock(key):
                rec = await self.store.load(key) or {}
                rec["last_inbound_at"] = self.clock()
                rec["undelivered"] = 0
                await self.store.save(key, rec, conversation=conv)

    # ---- outbound ------------------------------------------------------------------------------------
    @property
    def rest(self) -> Any:
        if self._rest is None:
            self._rest = make_rest_client(self.settings)
        return self._rest

    async def window_open_for(self, conversation_key: str) -> bool:
        """Whether the 24-hour window of the conversation ``conversation_key`` is open (the console knows the
        key, not the number). Raises what the store raises (``bot.state.StateUnavailable``)."""
        return (await service_window(self.store, conversation_key, self.clock())).open

    async def can_send_free_text(self, recipient_id: str) -> bool:
        """True inside the 24-hour window of ``recipient_id`` (``whatsapp:+…``); False when closed or the store
        fails."""
        try:
            status = await service_window(self.store, self.ctx.conversation_key(recipient_id), self.clock())
        except Exception:  # noqa: BLE001 - unknown: a free-form message may not go out
            return False
        return status.open

    async def send(self, recipient_id: str, messages: list[OutboundMessage]) -> None:
        """Send asynchronous messages to ``recipient_id`` (``whatsapp:+…``) through the REST API.

        Inside the 24-hour window: each rendered body as a free-form message. Outside it: the approved
        template ``TWILIO_REMINDER_CONTENT_SID`` once (no free text), or nothing and
        :class:`OutsideServiceWindow`. Raises :class:`WhatsAppConfigError` without
        ``TWILIO_ACCOUNT_SID``/``TWILIO_WHATSAPP_FROM``, ``twilio.base.exceptions.TwilioRestException`` when
        Twilio refuses.
        """
        if not (self.settings.twilio_account_sid and self.settings.twilio_whatsapp_from):
            raise WhatsAppConfigError("asynchronous WhatsApp messages need TWILIO_ACCOUNT_SID and "
                                      "TWILIO_WHATSAPP_FROM")
        conv = self.ctx.conversation_key(recipient_id)
        status = await service_window(self.store, conv, self.clock())
        frm = self.settings.twilio_whatsapp_from
        if status.open:
            variety = await self.ctx.variety(conv)
            bodies = [b for m in messages for b in render(m, variety)]
            for body in bodies:
                await asyncio.to_thread(self.rest.messages.create, from_=frm, to=recipient_id, body=body)
            await self.offers.remember(conv, messages)
            log.info("async-send whatsapp parts=%d", len(bodies))
            return
        content_sid = self.settings.twilio_reminder_content_sid
        if content_sid:
            await asyncio.to_thread(self.rest.messages.create, from_=frm, to=recipient_id, content_sid=content_sid)
            await self._count(conv, "template_sent")
            log.info("async-send whatsapp outside window: template")
            return
        await self._count(conv, "undelivered")
        log.warning("async-send whatsapp outside window: not sent (no TWILIO_REMINDER_CONTENT_SID)")
        raise OutsideServiceWindow("the 24-hour WhatsApp window is closed and no template is configured")

    async def _count(self, conv: str, field: str) -> None:
        key = f"wa-window:{conv}"
        async with self.store.lock(key):
            rec = await self.store.load(key) or {}
            rec[field] = int(rec.get(field, 0)) + 1
            await self.store.save(key, rec, conversation=conv)

    # ---- route ---------------------------------------------------------------------------------------
    def routes(self) -> list[Any]:
        """``POST /webhooks/whatsapp``: 403 unless the Twilio signature is valid; TwiML otherwise."""
        from starlette.requests import Request
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route

        async def webhook(request: Request) -> Response:
            from bot.channels.rest import BodyTooLarge, read_body_limited, too_large_response

            try:
                raw = await read_body_limited(request, MAX_FORM_BYTES)
            except BodyTooLarge as exc:
                log.warning("whatsapp webhook: body over %d bytes", exc.max_bytes)
                return too_large_response(exc.max_bytes)
            ctype = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
            if ctype != "application/x-www-form-urlencoded":
                return JSONResponse({"error": "Content-Type must be application/x-www-form-urlencoded"},
                                    status_code=415)
            try:
                form = parse_form_body(raw)
            except BadForm as exc:
                log.warning("whatsapp webhook: %s", exc)
                return JSONResponse({"error": str(exc)}, status_code=400)
            parts = urlsplit(str(request.url))
            url = signed_url(self.settings.public_base_url, request.url.path, parts.query, str(request.url))
            if not self.valid_signature(url, form, request.headers.get(SIGNATURE_HEADER),
                                        request.headers.get("X-Twilio-Webhooks-Signature-Settings")):
                log.warning("whatsapp webhook: invalid signature")
                return JSONResponse({"error": "invalid signature"}, status_code=403)
            problem = form_problem(form)
            if problem is not None:  # signed, but not the shape of a Twilio message (a shifted replay…)
                log.warning("whatsapp webhook refused: %s", problem)
                return JSONResponse({"error": problem}, status_code=400)
            xml = await self.handle_form(form)
            return Response(xml, media_type="application/xml")

        return [Route(WEBHOOK_PATH, webhook, methods=["POST"])]


def mount(app: Any, settings: Any = None, **channel_kwargs: Any) -> WhatsAppChannel | None:
    """Add the WhatsApp channel to a Jisr Starlette app when WhatsApp is enabled (:func:`enabled`):
    ``POST /webhooks/whatsapp`` and registration in ``app.state.registry`` (:func:`bot.channels.base.
    mount_channel`). ``channel_kwargs`` go to :class:`WhatsAppChannel` (``clock``). Returns the channel or
    None. Raises :class:`WhatsAppConfigError` (refuse to start) when enabled without ``TWILIO_AUTH_TOKEN``."""
    settings = settings or app.state.settings
    if not enabled(settings):
        return None
    return mount_channel(app, WhatsAppChannel(app_context(app, NAME, settings), settings, **channel_kwargs))
