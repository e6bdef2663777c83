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
  close spelling of it (rapidfuzz, short replies only) selects the button (:func:`match_choice`);
* 1,600 characters per message → several ``<Message>`` parts cut cleanly (:mod:`bot.channels.textsplit`);
* ``Latitude``/``Longitude`` → :class:`bot.messages.Location`;
* media and voice notes (``NumMedia`` > 0) without text → a kind reply in the conversation's language:
  please type, or call the emergency lines (listed from ``services/data/emergency_numbers.yml``);
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
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import locales
from bot.channels import inbound
from bot.channels.textsplit import split_text
from bot.messages import Attachment, Button, InboundMessage, Location, OutboundMessage, sender_label_key

log = logging.getLogger("bot.channels.whatsapp")

NAME = "whatsapp"
WEBHOOK_PATH = "/webhooks/whatsapp"
SIGNATURE_HEADER = "X-Twilio-Signature"
MAX_TEXT = 1600  # Twilio: a WhatsApp message body is at most 1,600 characters
SERVICE_WINDOW_SECONDS = 24 * 3600
DEDUP_TTL_SECONDS = 48 * 3600
FUZZY_MAX_CHARS = 40
FUZZY_MIN_SCORE = 85.0
FUZZY_MIN_GAP = 8.0
TWILIO_API_ROOT = "https://api.twilio.com"

MAX_FORM_BYTES = 64 * 1024  # a Twilio webhook is a few kB (1,600 characters of text, 10 media URLs)
MAX_FORM_FIELDS = 200

# Twilio's inbound message webhook (Messaging, WhatsApp): what a signed request may carry. The signature
# covers URL + sorted(name + value) concatenated, so a captured request can be replayed with the boundary
# between a name and its value shifted ("MessageSi" = "dSM…") and keep a valid signature: the shape of the
# request is checked after the signature (:func:`form_problem`).
MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-f]{32}")
ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
WHATSAPP_ADDRESS = re.compile(r"whatsapp:\+\d{6,15}")
TWILIO_PARAMS = frozenset({
    "MessageSid", "SmsMessageSid", "SmsSid", "AccountSid", "MessagingServiceSid", "From", "To", "Body",
    "NumMedia", "NumSegments", "ApiVersion", "SmsStatus", "MessageStatus", "MessageType", "ChannelMetadata",
    "FromCity", "FromState", "FromZip", "FromCountry", "ToCity", "ToState", "ToZip", "ToCountry",
    "ProfileName", "WaId", "Forwarded", "FrequentlyForwarded", "ButtonText", "ButtonPayload", "ButtonType",
    "Latitude", "Longitude", "Address", "Label", "OriginalRepliedMessageSender", "OriginalRepliedMessageSid",
    "ReferralBody", "ReferralHeadline", "ReferralSourceId", "ReferralSourceType", "ReferralSourceUrl",
    "ReferralMediaId", "ReferralMediaContentType", "ReferralMediaUrl", "ReferralNumMedia", "ReferralCtwaClid",
    "ListId", "ListTitle", "InteractiveData",
})
TWILIO_PARAM_FAMILIES = re.compile(r"(MediaUrl|MediaContentType|ReferralMediaUrl|ReferralMediaContentType)\d{1,2}")
_TWILIO_NAME = re.compile(r"[A-Z][A-Za-z0-9]{1,63}")

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER_REPLY = re.compile(r"^\s*\(?\s*(\d{1,2})\s*[.)\-:]?\s*$")


class WhatsAppConfigError(RuntimeError):
    """WhatsApp is enabled but misconfigured (the message says which variable to set)."""


class OutsideServiceWindow(RuntimeError):
    """A free-form message cannot be sent: the person's last message is older than 24 hours and no
    approved template (``TWILIO_REMINDER_CONTENT_SID``) is configured. The window record says so too."""


# ---------------------------------------------------------------------------------------------------
# pure parts
# ---------------------------------------------------------------------------------------------------

def enabled(settings: Any) -> bool:
    """WhatsApp is enabled when any Twilio account variable is set (SID, auth token or sender number)."""
    return any(getattr(settings, n, None) for n in ("twilio_account_sid", "twilio_auth_token",
                                                    "twilio_whatsapp_from"))


def check_settings(settings: Any) -> list[str]:
    """Validate the WhatsApp settings; returns warnings. Raises :class:`WhatsAppConfigError` when WhatsApp
    is enabled without ``TWILIO_AUTH_TOKEN`` (every request would be refused or — worse — accepted unsigned),
    when ``TWILIO_WHATSAPP_FROM`` is not ``whatsapp:+<digits>``, or in production without
    ``PUBLIC_BASE_URL``."""
    warnings: list[str] = []
    if not settings.twilio_auth_token:
        raise WhatsAppConfigError(
            "WhatsApp is enabled (TWILIO_ACCOUNT_SID or TWILIO_WHATSAPP_FROM is set) but TWILIO_AUTH_TOKEN is "
            "not: Jisr cannot verify X-Twilio-Signature. Set TWILIO_AUTH_TOKEN (Twilio console → Account → API "
            "keys & tokens) or unset the TWILIO_* variables to disable WhatsApp.")
    frm = settings.twilio_whatsapp_from
    if frm and not re.fullmatch(r"whatsapp:\+\d{6,15}", frm):
        raise WhatsAppConfigError("TWILIO_WHATSAPP_FROM must look like whatsapp:+14155238886")
    if not frm or not settings.twilio_account_sid:
        warnings.append("TWILIO_ACCOUNT_SID/TWILIO_WHATSAPP_FROM missing: replies work, asynchronous "
                        "messages (operator replies, reminders) cannot be sent")
    if not settings.public_base_url:
        if getattr(settings, "jisr_env", "development") == "production":
            raise WhatsAppConfigError("PUBLIC_BASE_URL is required in production: Twilio signs the public URL "
                                      "(https://…/webhooks/whatsapp), which the app cannot see behind a proxy")
        warnings.append("PUBLIC_BASE_URL not set: signatures are checked against the URL the app sees "
                        "(fails behind a TLS-terminating proxy)")
    return warnings


def signed_url(public_base_url: str | None, path: str, query: str, seen_url: str) -> str:
    """The URL Twilio signed: ``PUBLIC_BASE_URL`` + ``path`` (+ ``?query``) when configured, else the URL
    the app sees (development without a proxy)."""
    if public_base_url:
        base = public_base_url.rstrip("/")
        return f"{base}{path}" + (f"?{query}" if query else "")
    return seen_url


def numbered_list(text: str | None, buttons: tuple[Button, ...], variety: str) -> str:
    """The reply with its buttons as ``1. label`` lines and the localized hint; payloads never appear."""
    lines = [f"{i}. {b.title.strip()}" for i, b in enumerate(buttons, 1)]
    head = (text or "").rstrip()
    body = "\n".join(lines)
    hint = locales.t(variety, "channels-choice-hint")
    return "\n\n".join(p for p in (head, body, hint) if p)


def render(message: OutboundMessage, variety: str = locales.DEFAULT_VARIETY) -> list[str]:
    """Render one reply as WhatsApp message bodies of at most 1,600 characters (buttons as a numbered list,
    ``request_location`` as the "📎 → Location" hint)."""
    text = message.text or ""
    label = sender_label_key(message.sender)
    if label and text.strip():  # the person must know a human is writing, and who (the team, a center)
        text = locales.t(variety, label) + "\n" + text
    if message.buttons:
        text = numbered_list(text, message.buttons, variety)
    if message.request_location:
        hint = locales.t(variety, "channels-wa-location-hint")
        text = f"{text.rstrip()}\n\n{hint}" if text.strip() else hint
    return split_text(text, MAX_TEXT)


def _norm(text: str) -> str:
    try:
        from nlu.normalize import normalize

        out = normalize(text)
    except Exception:  # noqa: BLE001 - normalisation is a convenience here
        out = text.lower()
    out = "".join(ch for ch in out if ch.isalnum() or ch.isspace())
    return " ".join(out.split())


def match_choice(text: str | None, buttons: list[Button] | tuple[Button, ...]) -> Button | None:
    """The button a typed reply selects, or None.

    Accepts the number (ASCII, Arabic-Indic ``١``, Persian ``۱``; "2.", "(2)"), the label (case, accents,
    emoji, tashkeel ignored through ``nlu.normalize``), or — for replies of at most 40 characters — a close
    spelling of one label (rapidfuzz ``WRatio`` ≥ 85 and 8 points ahead of the next label).
    """
    if not text or not buttons:
        return None
    m = _NUMBER_REPLY.match(text.translate(_DIGITS))
    if m:
        n = int(m.group(1))
        return buttons[n - 1] if 1 <= n <= len(buttons) else None
    typed = _norm(text)
    if not typed:
        return None
    labels = [_norm(b.title) for b in buttons]
    for b, label in zip(buttons, labels):
        if label and typed == label:
            return b
    if len(typed) > FUZZY_MAX_CHARS:
        return None
    from rapidfuzz import fuzz

    scored = sorted(((fuzz.WRatio(typed, label), i) for i, label in enumerate(labels) if label), reverse=True)
    if not scored or scored[0][0] < FUZZY_MIN_SCORE:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MIN_GAP:
        return None
    return buttons[scored[0][1]]


_MEDIA_KINDS = (("audio/", "audio"), ("image/", "image"), ("video/", "video"))


def parse_form(form: Any) -> InboundMessage:
    """Build the :class:`InboundMessage` of a Twilio webhook form (``From``, ``Body``, ``MessageSid``,
    ``Latitude``/``Longitude``, ``NumMedia``/``MediaContentType<i>``, ``ButtonPayload`` of a template's
    quick-reply button when it is a Jisr payload ``/…``). Body is stripped; an empty body is ``text=None``.
    Invalid coordinates are ignored."""
    body = (form.get("Body") or "").strip()
    location = None
    lat, lon = form.get("Latitude"), form.get("Longitude")
    if lat not in (None, "") and lon not in (None, ""):
        with contextlib.suppress(TypeError, ValueError):
            la, lo = float(lat), float(lon)
            if math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180:
                location = Location(la, lo)
    attachments: list[Attachment] = []
    with contextlib.suppress(TypeError, ValueError):
        for i in range(min(int(form.get("NumMedia") or 0), 10)):
            ctype = form.get(f"MediaContentType{i}") or ""
            kind = next((k for prefix, k in _MEDIA_KINDS if ctype.startswith(prefix)), "document")
            attachments.append(Attachment(kind=kind, content_type=ctype or None))
    button_payload = (form.get("ButtonPayload") or "").strip()  # a quick-reply button of a template
    payload = button_payload if button_payload.startswith("/") else None
    return inbound.message(channel=NAME, sender_id=form.get("From") or "", message_id=form.get("MessageSid"),
                           text=body or None, location=location, attachments=tuple(attachments), payload=payload)


class BadForm(ValueError):
    """The body is not an acceptable Twilio webhook form (the text is a short reason, never content)."""


def parse_form_body(raw: bytes) -> dict[str, str]:
    """The ``application/x-www-form-urlencoded`` body as a dict (percent-decoded as UTF-8; invalid bytes →
    U+FFFD). Raises :class:`BadForm` for a repeated name (Twilio sends each once) or over
    :data:`MAX_FORM_FIELDS` fields."""
    from urllib.parse import parse_qsl

    try:
        pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True, encoding="utf-8",
                          errors="replace", max_num_fields=MAX_FORM_FIELDS)
    except ValueError as exc:
        raise BadForm("too many form fields") from exc
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise BadForm("repeated form field")
        form[name] = value
    return form


def _known_param(name: str) -> bool:
    return name in TWILIO_PARAMS or bool(TWILIO_PARAM_FAMILIES.fullmatch(name))


def form_problem(form: dict[str, str]) -> str | None:
    """Why a *signed* form is not an inbound Twilio WhatsApp message, or None when it is one: a well-formed
    ``MessageSid`` (``SM``/``MM`` + 32 hex digits; ``SmsMessageSid``/``SmsSid`` equal to it when present),
    ``From`` a WhatsApp address, a well-formed ``AccountSid`` when present, and only Twilio's parameter names.
    A name Jisr does not know is accepted only when it looks like one of Twilio's (a parameter Twilio adds
    later) and is neither a cut nor an extension of a known name — the shapes a shifted boundary produces
    (``MessageSi`` + ``dSM…``)."""
    sid = form.get("MessageSid")
    if not sid:
        return "MessageSid is required"
    if not MESSAGE_SID.fullmatch(sid):
        return "MessageSid is malformed"
    if any(form.get(alias, sid) != sid for alias in ("SmsMessageSid", "SmsSid")):
        return "SmsMessageSid differs from MessageSid"
    if not WHATSAPP_ADDRESS.fullmatch(form.get("From") or ""):
        return "From must be a WhatsApp address"
    if "AccountSid" in form and not ACCOUNT_SID.fullmatch(form["AccountSid"]):
        return "AccountSid is malformed"
    for name in form:
        if _known_param(name):
            continue
        if not _TWILIO_NAME.fullmatch(name) or any(k.startswith(name) or name.startswith(k) for k in TWILIO_PARAMS):
            return "unexpected form parameter"
    return None


def twiml(bodies: list[str]) -> str:
    """``<Response>`` with one ``<Message>`` per body (XML-escaped by the SDK); empty list → ``<Response/>``."""
    from twilio.twiml.messaging_response import MessagingResponse

    resp = MessagingResponse()
    for b in bodies:
        resp.message(b)
    return str(resp)


def kind_media_reply(variety: str) -> OutboundMessage:
    """"I cannot listen to voice notes or see pictures; please type, or call:" + the emergency lines."""
    from bot import safety

    lines = "\n".join(
        locales.t(variety, "safety-number-line", label=locales.t(variety, n.label_key), number=n.number)
        for n in safety.emergency_numbers())
    return OutboundMessage(text=locales.t(variety, "channels-media-unsupported", lines=lines))


# ---------------------------------------------------------------------------------------------------
# the REST client (asynchronous sends)
# ---------------------------------------------------------------------------------------------------

def make_rest_client(settings: Any) -> Any:
    """A ``twilio.rest.Client`` for ``TWILIO_ACCOUNT_SID``/``TWILIO_AUTH_TOKEN``. With
    ``TWILIO_API_BASE_URL`` (tests, a recording proxy) every request to ``https://api.twilio.com`` goes to
    that base URL instead, through the SDK's own HTTP client."""
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    base = (settings.twilio_api_base_url or "").rstrip("/")

    class _BaseUrlClient(TwilioHttpClient):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            if base and url.startswith(TWILIO_API_ROOT):
                url = base + url[len(TWILIO_API_ROOT):]
            return super().request(method, url, *args, **kwargs)

    # the SDK logs each request (URL, query, headers) at INFO: keep Jisr's logs free of it
    quiet = logging.getLogger("bot.channels.whatsapp.twilio_http")
    quiet.setLevel(logging.WARNING)
    return Client(settings.twilio_account_sid, settings.twilio_auth_token,
                  http_client=_BaseUrlClient(timeout=10, logger=quiet))


@dataclass(frozen=True)
class WindowStatus:
    """The 24-hour customer-service window of one WhatsApp conversation.

    ``open``: a free-form message can be sent now. ``last_inbound_at``/``closes_at``: Unix seconds (None when
    the person never wrote). ``undelivered``: asynchronous messages not sent because the window was closed
    and no template is configured; ``template_sent``: times the approved template was used instead.
    """

    open: bool
    last_inbound_at: float | None
    closes_at: float | None
    undelivered: int = 0
    template_sent: int = 0


async def service_window(store: Any, conversation_key: str, now: float | None = None) -> WindowStatus:
    """Read the window record of ``conversation_key`` (for the operator console). Raises what the store
    raises (``bot.state.StateUnavailable``)."""
    now = time.time() if now is None else now
    rec = await store.load(f"wa-window:{conversation_key}") or {}
    last = rec.get("last_inbound_at")
    closes = last + SERVICE_WINDOW_SECONDS if last is not None else None
    return WindowStatus(open=closes is not None and now < closes, last_inbound_at=last, closes_at=closes,
                        undelivered=int(rec.get("undelivered", 0)), template_sent=int(rec.get("template_sent", 0)))


# ---------------------------------------------------------------------------------------------------
# the adapter
# ---------------------------------------------------------------------------------------------------

class WhatsAppChannel:
    """The WhatsApp channel (``name = "whatsapp"``).

    Args:
        pipeline: the :class:`bot.pipeline.MessagePipeline` (its ``store`` keeps the de-duplication answers,
            the last offered buttons and the window record, all under the pseudonymous conversation key).
        settings: ``bot.config.Settings`` (``TWILIO_*``, ``PUBLIC_BASE_URL``).
        clock: returns Unix seconds (tests move time to cross the 24-hour window).

    Raises:
        WhatsAppConfigError: see :func:`check_settings`.
    """

    name = NAME

    def __init__(self, pipeline: Any, settings: Any, clock: Any = time.time) -> None:
        for w in check_settings(settings):
            log.warning("whatsapp: %s", w)
        from twilio.request_validator import RequestValidator

        self.pipeline = pipeline
        self.settings = settings
        self.clock = clock
        self.validator = RequestValidator(settings.twilio_auth_token)
        self._rest: Any = None
        self._erased: dict[str, str] = {}  # conversation → variety, for a turn that erased its records
        pipeline.on_erase(NAME, self._before_erase)

    @property
    def store(self) -> Any:
        return self.pipeline.store

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
        conv = self.pipeline.conversation_key(NAME, msg.sender_id)
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
        danger = inbound.is_danger(msg)  # then no store step of the channel's may delay the numbers
        step = inbound.DANGER_STEP_SECONDS if danger else None
        if danger:
            inbound.later(self._touch_window(conv))
        else:
            await self._touch_window(conv)
        variety = locales.DEFAULT_VARIETY if danger else await self._variety(conv)  # (media replies only)
        if msg.text is None and msg.location is None:
            replies = [kind_media_reply(variety)] if msg.attachments else [
                OutboundMessage(text=locales.t(variety, "channels-empty"))]
        else:
            if msg.text and msg.location is None and msg.payload is None and not danger:
                choice = match_choice(msg.text, await self._offered(conv))
                if choice is not None:
                    msg = InboundMessage(channel=NAME, sender_id=msg.sender_id, message_id=msg.message_id,
                                         text=msg.text, payload=choice.payload, received_at=msg.received_at)
            replies = await inbound.handle_safely(self.pipeline, msg)
            erased = self._erased.pop(conv, None)
            if erased is not None:  # "delete my data" or quick exit: nothing more is kept about this turn
                bodies = [b for r in replies for b in render(r, erased)]
                return twiml(bodies)
            variety = next((r.variety for r in replies if r.variety), None) or await inbound.bounded(
                self._variety(conv), step, locales.DEFAULT_VARIETY)
            if danger:
                inbound.later(self._remember_offer(conv, replies))
            else:
                await self._remember_offer(conv, replies)
        bodies = [b for r in replies for b in render(r, variety)]
        xml = twiml(bodies)
        if dedup is not None:
            store = self.store.put_answer(dedup, [{"twiml": xml}], DEDUP_TTL_SECONDS, conversation=conv)
            if danger:
                inbound.later(store)
            else:
                with contextlib.suppress(Exception):
                    await store
        return xml

    async def _before_erase(self, notice: Any) -> None:
        """The pipeline's erasure hook (``bot.pipeline.Erasure``): the conversation's records are about to be
        erased — remember the variety to render this turn's replies in and write nothing more about it."""
        self._erased[notice.conversation_key] = notice.variety

    async def _variety(self, conv: str) -> str:
        with contextlib.suppress(Exception):
            rec = await self.store.load(conv)
            v = ((rec or {}).get("state") or {}).get("variety")
            if v in locales.VARIETIES:
                return v
        return locales.DEFAULT_VARIETY

    async def _offered(self, conv: str) -> list[Button]:
        with contextlib.suppress(Exception):
            rec = await self.store.load(f"wa-menu:{conv}") or {}
            return [Button(t, p) for t, p in rec.get("buttons", [])]
        return []

    async def _remember_offer(self, conv: str, replies: list[OutboundMessage]) -> None:
        """The buttons of the last reply that had any (numbers refer to the latest list shown)."""
        buttons = next((r.buttons for r in reversed(replies) if r.buttons), ())
        with contextlib.suppress(Exception):
            await self.store.save(f"wa-menu:{conv}", {"buttons": [[b.title, b.payload] for b in buttons]},
                                  conversation=conv)

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
        conv = self.pipeline.conversation_key(NAME, recipient_id)
        status = await service_window(self.store, conv, self.clock())
        frm = self.settings.twilio_whatsapp_from
        if status.open:
            variety = await self._variety(conv)
            bodies = [b for m in messages for b in render(m, variety)]
            for body in bodies:
                await asyncio.to_thread(self.rest.messages.create, from_=frm, to=recipient_id, body=body)
            await self._remember_offer(conv, messages)
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


def mount(app: Any, pipeline: Any = None, settings: Any = None) -> WhatsAppChannel | None:
    """Add the WhatsApp channel to a Jisr Starlette app when WhatsApp is enabled (:func:`enabled`):
    ``POST /webhooks/whatsapp`` and registration in ``app.state.registry``. Returns the channel or None.
    Raises :class:`WhatsAppConfigError` (refuse to start) when enabled without ``TWILIO_AUTH_TOKEN``."""
    settings = settings or app.state.settings
    if not enabled(settings):
        return None
    channel = WhatsAppChannel(pipeline or app.state.pipeline, settings)
    registry = getattr(app.state, "registry", None)
    if registry is not None:
        registry.register(channel)
    app.router.routes.extend(channel.routes())
    app.state.whatsapp = channel
    return channel
