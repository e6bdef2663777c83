"""What the message path makes of an inbound message before any service is asked: the text cleaned of what
cannot be encoded, clipped for the NLU and the engine, the variety of a reply that cannot wait for the stored
state, and the kind reply to media alone. Pure functions (no I/O)."""

from __future__ import annotations

import dataclasses

import locales
from dialogues import emergency
from dialogues.messages import InboundMessage, OutboundMessage
from nlu.variety import guess_variety

ENGINE_MAX_CHARS = 4000  # the NLU and the engine get at most this many characters; the safety net reads all


def clean(msg: InboundMessage) -> InboundMessage:
    """``msg`` with lone UTF-16 surrogates (what a client sends after cutting an emoji in two) and NUL in its
    text, payload and sender id replaced by U+FFFD (:func:`bot.channels.inbound.clean_text`, what every adapter
    already does), so that hashing, storing and rendering never fail on them, whoever calls :meth:`handle`."""
    from bot.channels.inbound import clean_text

    fields = {name: clean_text(getattr(msg, name)) for name in ("text", "payload", "sender_id")}
    fields = {k: v for k, v in fields.items() if v != getattr(msg, k)}
    return dataclasses.replace(msg, **fields) if fields else msg


def first_variety(msg: InboundMessage) -> str:
    """The variety of a reply that cannot wait for the stored state: the text's own guess, else the channel's
    language hint."""
    return guess_variety(msg.text) if msg.text else hint_variety(msg.language_hint)


def clip(msg: InboundMessage) -> InboundMessage:
    """``msg`` with its text cut to :data:`ENGINE_MAX_CHARS` (what the NLU, the flows and the escalation
    transcript see; the safety net has already read the whole text)."""
    if not msg.text or len(msg.text) <= ENGINE_MAX_CHARS:
        return msg
    return dataclasses.replace(msg, text=msg.text[: ENGINE_MAX_CHARS - 2] + " …")  # exactly ENGINE_MAX_CHARS


def script_of(variety: str) -> str:
    """``"latn"`` for ``fr``/``ary-Latn``, ``"arab"`` for ``ar``/``ary`` (the script a variety is written in)."""
    return "latn" if variety in ("fr", "ary-Latn") else "arab"


def hint_variety(hint: str | None, default: str = locales.DEFAULT_VARIETY) -> str:
    """A variety from a channel's language hint: a Jisr variety as is (``ar`` is MSA: a channel whose
    platform gives language codes maps ``ar`` to ``ary`` itself, as Telegram's adapter does); other ``fr*`` →
    ``fr``; other ``ar*`` → ``ary`` (Moroccan users); anything else → ``default``."""
    if not hint:
        return default
    if hint in locales.VARIETIES:
        return hint
    if hint.lower().startswith("fr"):
        return "fr"
    if hint.lower().startswith("ar"):
        return "ary"
    return default


def media_only(msg: InboundMessage) -> bool:
    """True for a message of attachments alone (a voice note, a photo without a caption): nothing to read."""
    return bool(msg.attachments) and not msg.text and msg.payload is None and msg.location is None


def media_reply(variety: str) -> OutboundMessage:
    """The reply to a message of media alone, in ``variety``: "I cannot listen to voice notes or see
    pictures; please type, or call:" + every emergency line (``channels-media-unsupported``)."""
    lines = "\n".join(
        locales.t(variety, "safety-number-line", label=locales.t(variety, n.label_key), number=n.number)
        for n in emergency.emergency_numbers())
    return OutboundMessage(text=locales.t(variety, "channels-media-unsupported", lines=lines), variety=variety)
