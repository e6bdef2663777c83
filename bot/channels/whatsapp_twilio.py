"""WhatsApp through Twilio, the platform's side: settings, the webhook form (shape, parsing), TwiML, the REST
client and the 24-hour window record. Pure functions, no state of the adapter's (``bot/channels/whatsapp.py``
mounts the channel and re-exports these names).
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import time
from dataclasses import dataclass
from typing import Any

import locales
from bot.channels import inbound, textonly
from dialogues.messages import Attachment, InboundMessage, Location, OutboundMessage

NAME = "whatsapp"
MAX_TEXT = 1600  # Twilio: a WhatsApp message body is at most 1,600 characters
SERVICE_WINDOW_SECONDS = 24 * 3600
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


def render(message: OutboundMessage, variety: str = locales.DEFAULT_VARIETY) -> list[str]:
    """Render one reply as WhatsApp message bodies of at most 1,600 characters (buttons as a numbered list,
    ``request_location`` as the "📎 → Location" hint): :func:`bot.channels.textonly.render`."""
    return textonly.render(message, variety, MAX_TEXT, "channels-wa-location-hint")
