"""The platform-free message types of the message path.

A channel adapter turns a platform update into an :class:`InboundMessage`; the engine answers with
:class:`OutboundMessage` objects that the adapter renders for its platform. Nothing here knows Telegram,
Twilio or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Location:
    """A point in WGS84 decimal degrees."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Attachment:
    """Media the user sent. ``kind`` is one of ``image``, ``audio`` (voice notes), ``video``, ``document``,
    ``sticker``, ``other``. The bot never downloads it; it only knows it was sent."""

    kind: str
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One message from a citizen, as a channel adapter hands it to the engine.

    ``channel``: ``rest``, ``console``, ``telegram``, ``whatsapp``. ``sender_id``: the platform's user or
    chat id (raw; the engine pseudonymises it, never logs it). ``message_id``: the platform's id, used to
    de-duplicate redeliveries (None when the platform has none). ``payload``: the payload of a tapped
    button. ``language_hint``: the variety (or a language code) of the channel's UI, when known — the web
    chat's chosen variety, Telegram's ``language_code`` already mapped by the adapter (``ar`` → ``ary``); a new
    conversation starts in it. ``sequence``: the sender's own numbering of its messages (1, 2, 3… per sender,
    when the client gives one: the web chat does): messages of one person are handled in that order across
    bot workers (``bot.state.RedisStateStore.lock``); None → arrival order.
    ``received_at``: UTC.
    """

    channel: str
    sender_id: str
    message_id: str | None = None
    text: str | None = None
    location: Location | None = None
    payload: str | None = None
    attachments: tuple[Attachment, ...] = ()
    language_hint: str | None = None
    sequence: int | None = None
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered to the user: ``title`` is shown, ``payload`` is what comes back when tapped."""

    title: str
    payload: str


SENDER_BOT = "bot"  # the bot wrote it
SENDER_OPERATOR = "operator"  # a person of the team wrote it (the console's reply)
SENDER_CENTER = "center"  # the team of the center a referral was sent to wrote it (the referral page)
SENDERS = (SENDER_BOT, SENDER_OPERATOR, SENDER_CENTER)
_LABEL_KEYS = {SENDER_OPERATOR: "channels-operator-label", SENDER_CENTER: "channels-center-label"}


def sender_label_key(sender: str) -> str | None:
    """The locale key of the line Telegram and WhatsApp put before a message a person wrote
    (``channels-operator-label``, ``channels-center-label``), or None for the bot's own messages."""
    return _LABEL_KEYS.get(sender)


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """One reply. ``text`` is already localised. ``buttons`` are choices; ``request_location`` asks the
    channel to offer a "share my location" control; ``quick_exit`` marks the conversation's end by the
    user's quick exit (channels delete what they can). ``sender``: :data:`SENDER_BOT`, :data:`SENDER_OPERATOR`
    or :data:`SENDER_CENTER` — who wrote it, so every channel can tell the person a human is writing, and who
    (REST: ``custom.sender``; the web chat labels it; Telegram and WhatsApp prefix the text with the localized
    :func:`sender_label_key` line). ``variety``: the variety the bot's reply is written in (``ary``,
    ``ary-Latn``, ``ar``, ``fr``; None when unknown, e.g. an operator's text) — the web chat follows it with
    its interface (REST: ``custom.variety``)."""

    text: str | None = None
    buttons: tuple[Button, ...] = ()
    request_location: bool = False
    quick_exit: bool = False
    sender: str = SENDER_BOT
    variety: str | None = None
