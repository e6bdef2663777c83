"""Where a person's input enters Jisr: what every channel adapter does before handing an
:class:`dialogues.messages.InboundMessage` to the message path, so that no bad input can break the emergency reply.

* :func:`clean_text` — text with *bad characters* replaced by U+FFFD instead of refused: lone UTF-16
  surrogates (``"\\ud83d"``, what a client sends after cutting an emoji in half; they cannot be encoded in
  UTF-8, so hashing, logging, storing or answering them would fail) and NUL (PostgreSQL text cannot hold it).
  A danger text with a lone surrogate still reaches the safety net, which decides.
* :func:`message` — builds the :class:`InboundMessage` with every text field cleaned; every adapter builds its
  messages with it.
* :func:`bad_identifier` — identifiers (a sender id, a message id) are not repaired (two different ids
  must never become one): one with a surrogate or a control character is refused by the adapter (4xx).
* :func:`parse_json` — a request body as JSON, or :class:`BadJSON` with a short reason: not JSON, nesting
  deeper than :data:`MAX_JSON_DEPTH`, ``NaN``/``Infinity``, integers too long to convert. Invalid UTF-8
  bytes are replaced (U+FFFD), like bad characters in text.
* :func:`handle_safely` — ``pipeline.handle(msg)`` that can never raise: if it ever did (a bug), the person
  gets the emergency reply when the safety net says danger, otherwise the kind "technical problem" reply with
  every emergency number.

Nothing here logs content: only reasons and exception class names.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Awaitable
from typing import Any

import locales
from dialogues.messages import Attachment, InboundMessage, Location

log = logging.getLogger("bot.channels.inbound")

REPLACEMENT = "\ufffd"
MAX_JSON_DEPTH = 32  # a Telegram update is about 10 levels deep; a REST message 4
_BAD_ID_CHARS = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str | None) -> str | None:
    """``text`` with lone surrogates and NUL replaced by U+FFFD (a surrogate pair written as two code points
    becomes the character it encodes). None stays None. Cheap on ordinary text (one UTF-8 encode)."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if "\x00" in text:
        text = text.replace("\x00", REPLACEMENT)
    return text


def bad_identifier(value: str) -> bool:
    """True when ``value`` (a sender or message id) holds a surrogate or a control character."""
    return bool(_BAD_ID_CHARS.search(value))


def message(*, channel: str, sender_id: str, message_id: str | None = None, text: str | None = None,
            location: Location | None = None, payload: str | None = None,
            attachments: tuple[Attachment, ...] = (), language_hint: str | None = None,
            **extra: Any) -> InboundMessage:
    """The :class:`InboundMessage` of an adapter, every text field through :func:`clean_text`."""
    return InboundMessage(
        channel=channel, sender_id=clean_text(sender_id) or "", message_id=clean_text(message_id),
        text=clean_text(text), location=location, payload=clean_text(payload),
        attachments=tuple(Attachment(kind=a.kind, content_type=clean_text(a.content_type)) for a in attachments),
        language_hint=clean_text(language_hint), **extra)


class BadJSON(ValueError):
    """The body is not acceptable JSON; the text is a short reason (never the content)."""


def _reject_constant(name: str) -> Any:
    raise BadJSON(f"{name} is not a JSON number")


def parse_json(raw: bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``raw`` decoded as JSON (UTF-8, or UTF-16/32 as RFC 8259 detection allows; invalid bytes → U+FFFD).
    Raises :class:`BadJSON`: not JSON, nested deeper than ``max_depth`` arrays/objects, ``NaN``/``Infinity``,
    or a number the decoder refuses (an integer of thousands of digits)."""
    try:
        text = raw.decode(json.detect_encoding(raw), "replace")
    except (LookupError, ValueError) as exc:
        raise BadJSON("body must be JSON (UTF-8)") from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except BadJSON:
        raise
    except RecursionError as exc:
        raise BadJSON(f"JSON nested deeper than {max_depth} levels") from exc
    except ValueError as exc:  # JSONDecodeError, int too long to convert
        raise BadJSON("body must be JSON") from exc
    if _depth_over(data, max_depth):
        raise BadJSON(f"JSON nested deeper than {max_depth} levels")
    return data


def _depth_over(data: Any, max_depth: int) -> bool:
    """True when ``data`` nests arrays/objects deeper than ``max_depth`` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


async def handle_safely(pipeline: Any, msg: InboundMessage) -> list[Any]:
    """``await pipeline.handle(msg)``, which is meant never to raise; should it ever, the safety net's verdict
    still decides the answer: the emergency reply for danger, otherwise the kind apology with every number."""
    try:
        return await pipeline.handle(msg)
    except Exception as exc:  # noqa: BLE001 - the person must get an answer whatever failed
        log.error("pipeline-failed channel=%s error=%s", msg.channel, type(exc).__name__)
    from dialogues import emergency
    from nlu import safety
    from nlu.variety import guess_variety

    try:
        danger = safety.detect(msg.text) if msg.text else None
        variety = guess_variety(msg.text) if msg.text else locales.DEFAULT_VARIETY
    except Exception as exc:  # noqa: BLE001
        log.error("safety-failed channel=%s error=%s", msg.channel, type(exc).__name__)
        danger, variety = None, locales.DEFAULT_VARIETY
    if danger is not None:
        return emergency.emergency_messages(variety, escalated=False)
    return emergency.degraded_messages(variety)


# ---- danger first: a channel's own bookkeeping never delays the emergency reply ---------------------------
DANGER_STEP_SECONDS = 0.1  # a channel's state-store step waits at most this for a danger message
_background: set[asyncio.Task] = set()


def is_danger(msg: InboundMessage) -> bool:
    """True when the safety net (:func:`nlu.safety.detect`, pure, about a millisecond) finds danger in the
    message's text: the channel then bounds or defers its own state-store steps (the pipeline answers danger
    within its budget whatever the store does)."""
    from nlu import safety

    try:
        return bool(msg.text) and safety.detect(msg.text) is not None
    except Exception:  # noqa: BLE001 - the pipeline decides anyway
        return False


async def bounded(awaitable: Awaitable[Any], seconds: float | None, default: Any = None) -> Any:
    """``await awaitable`` at most ``seconds`` (None: no bound); its result, or ``default`` when it times out or
    fails. For a channel's optional steps on the danger path."""
    try:
        if seconds is None:
            return await awaitable
        return await asyncio.wait_for(awaitable, seconds)
    except Exception:  # noqa: BLE001 - optional bookkeeping: the reply goes out without it
        return default


def later(awaitable: Awaitable[Any]) -> None:
    """Run ``awaitable`` in the background (a reference is kept until it ends; failures are swallowed)."""

    async def _run() -> None:
        with contextlib.suppress(Exception):
            await awaitable

    task = asyncio.get_running_loop().create_task(_run())
    _background.add(task)
    task.add_done_callback(_background.discard)
