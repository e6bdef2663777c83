"""REST channel, compatible with Rasa's REST channel (so existing Rasa web widgets work).

``POST /webhooks/rest/webhook`` with JSON::

    {"sender": "<id>", "message": "<text or /payload>",
     "metadata": {"location": {"latitude": 35.77, "longitude": -5.80},    # optional
                  "language": "fr",                                        # optional: UI variety (new chats)
                  "seq": 3},                                               # optional: the sender's message number
     "message_id": "<id>"}                                                 # optional (Jisr extension)

answers ``200`` with a list, one object per reply::

    [{"recipient_id": "<id>", "text": "...", "buttons": [{"title": "...", "payload": "/..."}]},
     {"recipient_id": "<id>", "text": "...", "custom": {"request_location": true}}]

* Sending a button's ``payload`` (a message starting with ``/``) selects it, as in Rasa.
* ``metadata.seq`` (optional): the sender's own numbering of its messages (1, 2, 3…); with several bot workers
  one person's messages are handled in that order (without it, in the order they reach Redis). The web chat
  sends it.
* ``message_id`` (optional): a redelivered request with the same ``sender``, ``message_id`` and content gets the
  stored answer back and changes nothing.
* ``custom`` (Rasa's name for channel-specific data) carries ``request_location`` (offer "share my
  location"), ``quick_exit`` (the page must clear itself) and ``sender: "operator"`` on a message a person of
  the team wrote (the console's reply; absent on the bot's own messages), and ``variety`` (``ary``, ``ary-Latn``,
  ``ar``, ``fr``: the language the bot's reply is written in; the web chat switches its interface to it).
* Malformed requests → ``400 {"error": "..."}``, nothing processed: not JSON (or nested deeper than 32,
  ``NaN``/``Infinity``), no ``sender`` or one with control characters or surrogates, wrong JSON types,
  coordinates out of range (numeric strings such as ``"33.57"`` are accepted). A ``Content-Type`` that is not
  JSON → ``415``. Bad characters in the text (a lone UTF-16 surrogate, NUL, invalid UTF-8) are replaced by
  U+FFFD and the message is handled (:mod:`bot.channels.inbound`): a danger text still gets the numbers.
* A body over ``MAX_MESSAGE_BYTES`` (default 64 KiB) → ``413 {"error": "message_too_large", "max_bytes": N,
  "detail": "..."}``, decided before the body is held in memory: a ``Content-Length`` over the limit is refused
  unread, and the stream is counted as it arrives (chunked or lying clients are cut off at the limit).
  Nothing is processed. A message within the limit is read whole by the safety net; the NLU and the flows get
  its first 4000 characters (``bot.inbound_prep.ENGINE_MAX_CHARS``). (Telegram bounds texts at 4,096 characters
  and WhatsApp at 1,600: their webhooks need no such limit.)

Asynchronous messages (an operator's reply, a reminder) for a REST sender are queued in an outbox that the
web chat polls: ``GET /webhooks/rest/outbox?sender=<id>`` → the same list format, emptied by the read
(kept 24 h). The sender id is the only credential: the web chat uses a random UUID (122 bits) per browser
tab session. ``GET /webhooks/rest/`` → ``{"status": "ok"}`` (Rasa's channel health check).
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.channels import inbound
from bot.channels.base import ChannelContext, app_context, mount_channel
from dialogues.messages import InboundMessage, Location, OutboundMessage

log = logging.getLogger("bot.channels.rest")

MAX_SENDER_CHARS = 128
DEFAULT_MAX_BODY_BYTES = 64 * 1024  # MAX_MESSAGE_BYTES


class BodyTooLarge(Exception):
    """The request body is over the channel's limit (``max_bytes``)."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes)
        self.max_bytes = max_bytes


async def read_body_limited(request: Request, max_bytes: int) -> bytes:
    """The request body, at most ``max_bytes`` bytes. Raises :class:`BodyTooLarge` as soon as the declared
    ``Content-Length`` or the bytes received so far exceed it — never more than ``max_bytes`` plus one chunk
    is held in memory."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(max_bytes)  # (a malformed header: the stream count decides)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large_response(max_bytes: int) -> JSONResponse:
    """``413`` with a JSON error the web chat (and any client) can act on."""
    return JSONResponse({"error": "message_too_large", "max_bytes": max_bytes,
                         "detail": f"the request body is over {max_bytes} bytes: send a shorter message"},
                        status_code=413, headers={"Connection": "close"})


def to_rasa(recipient_id: str, messages: list[OutboundMessage]) -> list[dict[str, Any]]:
    """Render replies in Rasa's REST output format."""
    out: list[dict[str, Any]] = []
    for m in messages:
        item: dict[str, Any] = {"recipient_id": recipient_id}
        if m.text is not None:
            item["text"] = m.text
        if m.buttons:
            item["buttons"] = [{"title": b.title, "payload": b.payload} for b in m.buttons]
        custom: dict[str, Any] = {
            k: True for k, v in (("request_location", m.request_location), ("quick_exit", m.quick_exit)) if v}
        if m.sender != "bot":
            custom["sender"] = m.sender  # "operator": a person of the team wrote it
        if m.variety:
            custom["variety"] = m.variety  # the language of the bot's reply: the web chat's interface follows it
        if custom:
            item["custom"] = custom
        out.append(item)
    return out


class BadRequest(ValueError):
    """The request body is not a valid REST message (the text says why; never echoes the content)."""


MAX_MESSAGE_ID_CHARS = 128
MAX_LANGUAGE_CHARS = 32
MAX_COORDINATE_CHARS = 64
_DECIMAL = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?\s*")


def _coordinate(value: Any) -> float:
    """A JSON number or a numeric string ("33.57") as a finite float. Raises :class:`BadRequest`."""
    if isinstance(value, str) and len(value) <= MAX_COORDINATE_CHARS and _DECIMAL.fullmatch(value):
        value = float(value)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadRequest("'metadata.location' needs numeric 'latitude' and 'longitude'")
    try:
        number = float(value)
    except OverflowError as exc:  # an integer of hundreds of digits
        raise BadRequest("'metadata.location' is out of range") from exc
    if not math.isfinite(number):
        raise BadRequest("'metadata.location' is out of range")
    return number


def parse_body(body: Any) -> InboundMessage:
    """Validate a Rasa REST request body and build the :class:`InboundMessage` (text cleaned by
    :func:`bot.channels.inbound.message`: lone surrogates → U+FFFD). Raises :class:`BadRequest` for wrong
    types, a sender or message id with control characters or surrogates, or coordinates out of range
    (|latitude| > 90, |longitude| > 180; numeric strings are accepted)."""
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object")
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS \
            or inbound.bad_identifier(sender):
        raise BadRequest(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters "
                         "without control characters")
    message = body.get("message", "")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    metadata = body.get("metadata")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise BadRequest("'metadata' must be an object")
    location = None
    loc = metadata.get("location")
    if loc is not None:
        if not isinstance(loc, dict):
            raise BadRequest("'metadata.location' must be an object with 'latitude' and 'longitude'")
        lat, lon = _coordinate(loc.get("latitude")), _coordinate(loc.get("longitude"))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise BadRequest("'metadata.location' is out of range")
        location = Location(latitude=lat, longitude=lon)
    message_id = body.get("message_id")
    if message_id is not None:
        if isinstance(message_id, bool) or not isinstance(message_id, (str, int)):
            raise BadRequest("'message_id' must be a string or an integer")
        message_id = str(message_id)
        if not message_id or len(message_id) > MAX_MESSAGE_ID_CHARS or inbound.bad_identifier(message_id):
            raise BadRequest(f"'message_id' must have 1 to {MAX_MESSAGE_ID_CHARS} characters, without control "
                             "characters")
    sequence = metadata.get("seq")
    if sequence is not None and (isinstance(sequence, bool) or not isinstance(sequence, int)
                                 or not 1 <= sequence <= 2**31):
        raise BadRequest("'metadata.seq' must be a positive integer (the sender's own message number)")
    hint = metadata.get("language")
    if hint is not None and (not isinstance(hint, str) or len(hint) > MAX_LANGUAGE_CHARS):
        raise BadRequest(f"'metadata.language' must be a string of at most {MAX_LANGUAGE_CHARS} characters")
    text = inbound.clean_text(message).strip()
    payload = text if text.startswith("/") else None
    if not text and location is None:
        raise BadRequest("empty message: send 'message' or 'metadata.location'")
    return inbound.message(
        channel="rest", sender_id=sender, message_id=message_id,
        text=None if payload or not text else text, payload=payload, location=location,
        language_hint=hint or None, sequence=sequence,
    )


def json_content_type(value: str | None) -> bool:
    """True for a request ``Content-Type`` a JSON body may come with: none, ``application/json`` (any
    parameters), ``application/*+json`` or ``text/plain`` (what some widgets send to avoid a preflight)."""
    if not value:
        return True
    kind = value.split(";", 1)[0].strip().lower()
    return kind in ("application/json", "text/plain") or (kind.startswith("application/") and kind.endswith("+json"))


def error_response(status: int, error: str) -> JSONResponse:
    """A 4xx JSON error; the body was read whole, so the keep-alive connection stays usable."""
    return JSONResponse({"error": error}, status_code=status)


class RestChannel:
    """The REST channel. ``ctx``: its :class:`bot.channels.base.ChannelContext` (the store holds outboxes).
    ``max_body_bytes``: larger request bodies get ``413`` (``MAX_MESSAGE_BYTES``)."""

    name = "rest"

    def __init__(self, ctx: ChannelContext, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.ctx = ctx
        self.max_body_bytes = max_body_bytes

    def _outbox_key(self, recipient_id: str) -> str:
        return self.ctx.conversation_key(recipient_id)

    async def send(self, recipient_id: str, messages: list[OutboundMessage]) -> None:
        """Queue asynchronous messages in the sender's outbox (read by ``GET /webhooks/rest/outbox``)."""
        from bot.dedup import messages_to_json

        await self.ctx.store.push_outbox(self._outbox_key(recipient_id), messages_to_json(messages))

    # ---- HTTP endpoints ----------------------------------------------------------------------------
    async def webhook(self, request: Request) -> JSONResponse:
        try:
            raw = await read_body_limited(request, self.max_body_bytes)
        except BodyTooLarge as exc:
            log.warning("rest-body-too-large max_bytes=%d", exc.max_bytes)
            return too_large_response(exc.max_bytes)
        if not json_content_type(request.headers.get("content-type")):
            return error_response(415, "Content-Type must be application/json")
        try:
            msg = parse_body(inbound.parse_json(raw))
        except (inbound.BadJSON, BadRequest) as exc:
            log.info("rest-bad-request reason=%s", type(exc).__name__)
            return error_response(400, str(exc))
        replies = await self.ctx.handle(msg)
        return JSONResponse(to_rasa(msg.sender_id, replies))

    async def outbox(self, request: Request) -> JSONResponse:
        from bot.dedup import messages_from_json
        from bot.state import StateUnavailable

        sender = request.query_params.get("sender", "")
        if not sender or len(sender) > MAX_SENDER_CHARS or inbound.bad_identifier(sender):
            return JSONResponse({"error": "'sender' query parameter is required"}, status_code=400)
        try:
            items = await self.ctx.store.pop_outbox(self._outbox_key(sender))
        except StateUnavailable:
            return JSONResponse({"error": "temporarily unavailable"}, status_code=503)
        return JSONResponse(to_rasa(sender, messages_from_json(items)))

    async def health(self, request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    def routes(self) -> list[Route]:
        """Starlette routes of this channel."""
        return [
            Route("/webhooks/rest/webhook", self.webhook, methods=["POST"]),
            Route("/webhooks/rest/outbox", self.outbox, methods=["GET"]),
            Route("/webhooks/rest/", self.health, methods=["GET"]),
            Route("/webhooks/rest", self.health, methods=["GET"]),
        ]


def mount(app: Any, settings: Any = None) -> RestChannel:
    """Add the REST channel (the web chat's) to a Jisr app: always on; ``MAX_MESSAGE_BYTES`` bounds a request
    body. Returns the channel."""
    settings = settings or app.state.settings
    limit = getattr(settings, "max_message_bytes", DEFAULT_MAX_BODY_BYTES)
    return mount_channel(app, RestChannel(app_context(app, "rest", settings), max_body_bytes=limit))
