"""The outbound default of text-only platforms: buttons as a numbered list, read back from what the person
types.

* :func:`render` — one reply as message bodies of at most ``max_text`` characters: the sender's label on a
  person's message (the team, a center), the buttons as ``1. label`` lines and the localized hint, the
  location request as a hint (``location_hint_key``); cut cleanly (:mod:`bot.channels.textsplit`).
* :func:`match_choice` — the button a typed reply selects: "1", "١", "۱", "2.", "(2)", the label, or a close
  spelling of one label.
* :class:`Offers` — remembers the last buttons shown to a conversation (labels and payloads of the bot's own
  question, under the conversation key, erased with it) and turns a typed choice into its payload.

WhatsApp uses all three (``bot/channels/whatsapp.py``); a new text-only channel (SMS, a test channel) gets
them for free.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from typing import Any

import locales
from bot.channels.textsplit import split_text
from dialogues.messages import Button, InboundMessage, OutboundMessage, sender_label_key

FUZZY_MAX_CHARS = 40
FUZZY_MIN_SCORE = 85.0
FUZZY_MIN_GAP = 8.0
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER_REPLY = re.compile(r"^\s*\(?\s*(\d{1,2})\s*[.)\-:]?\s*$")


def numbered_list(text: str | None, buttons: tuple[Button, ...], variety: str) -> str:
    """The reply with its buttons as ``1. label`` lines and the localized hint; payloads never appear."""
    lines = [f"{i}. {b.title.strip()}" for i, b in enumerate(buttons, 1)]
    head = (text or "").rstrip()
    body = "\n".join(lines)
    hint = locales.t(variety, "channels-choice-hint")
    return "\n\n".join(p for p in (head, body, hint) if p)


def render(message: OutboundMessage, variety: str, max_text: int,
           location_hint_key: str = "channels-wa-location-hint") -> list[str]:
    """Render one reply as bodies of at most ``max_text`` characters (buttons as a numbered list,
    ``request_location`` as the ``location_hint_key`` hint, a person's message after its sender's label)."""
    text = message.text or ""
    label = sender_label_key(message.sender)
    if label and text.strip():  # the person must know a human is writing, and who (the team, a center)
        text = locales.t(variety, label) + "\n" + text
    if message.buttons:
        text = numbered_list(text, message.buttons, variety)
    if message.request_location:
        hint = locales.t(variety, location_hint_key)
        text = f"{text.rstrip()}\n\n{hint}" if text.strip() else hint
    return split_text(text, max_text)


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
    for b, label in zip(buttons, labels, strict=True):
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


class Offers:
    """The last buttons offered to each conversation, in the key-value store (``<prefix><conversation>``,
    saved with ``conversation=``: erased with it). ``store``: a :class:`bot.state.StateStore`. Store failures
    are swallowed: a choice that cannot be read back is read as typed text."""

    def __init__(self, store: Any, prefix: str) -> None:
        self.store, self.prefix = store, prefix

    async def offered(self, conv: str) -> list[Button]:
        """The buttons last shown to ``conv`` (``[]`` when none, or the store fails)."""
        with contextlib.suppress(Exception):
            rec = await self.store.load(f"{self.prefix}{conv}") or {}
            return [Button(t, p) for t, p in rec.get("buttons", [])]
        return []

    async def remember(self, conv: str, replies: list[OutboundMessage]) -> None:
        """The buttons of the last reply that had any (numbers refer to the latest list shown; none → none)."""
        buttons = next((r.buttons for r in reversed(replies) if r.buttons), ())
        with contextlib.suppress(Exception):
            await self.store.save(f"{self.prefix}{conv}", {"buttons": [[b.title, b.payload] for b in buttons]},
                                  conversation=conv)

    async def resolve(self, conv: str, msg: InboundMessage) -> InboundMessage:
        """``msg`` with the payload of the offered button its text selects (:func:`match_choice`), or as is
        (a location, a payload already, no text, no match)."""
        if not msg.text or msg.location is not None or msg.payload is not None:
            return msg
        choice = match_choice(msg.text, await self.offered(conv))
        if choice is None:
            return msg
        return dataclasses.replace(msg, payload=choice.payload, attachments=(), language_hint=None)
