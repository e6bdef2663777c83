"""Splitting long replies for platforms with a per-message limit (Telegram 4,096, WhatsApp/Twilio 1,600).

``split_text(text, limit)`` cuts a text into parts of at most ``limit`` units, measured in UTF-16 code units
(the unit Telegram's Bot API counts in — an emoji outside the BMP counts 2 — and never less than what Twilio
counts, so the same measure is safe for both). Where it cuts, in order of preference:

1. a paragraph break (blank line), 2. a line break, 3. the end of a sentence followed by a space,
4. any whitespace, 5. only when one "word" is longer than the limit (a URL, a line of emoji), between two
   grapheme clusters.

It never cuts inside a word while a space exists in the window, never between a base character and its
combining marks (Arabic harakat, shadda), an emoji and its modifier/variation selector, or around a ZWJ, and
never inside a Unicode bidi isolate (FSI/LRI/RLI … PDI, which Fluent wraps around every placeable, e.g. a
phone number inside Arabic text), so right-to-left text and the numbers in it stay intact. Whitespace at a
cut is dropped; joining the parts with the dropped whitespace gives the original text back.
"""

from __future__ import annotations

import unicodedata

ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
ISOLATE_CLOSE = "\u2069"  # PDI
ZWJ = "\u200d"
SENTENCE_END = frozenset(".!?؟。…")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how the Telegram Bot API counts message length)."""
    return len(text.encode("utf-16-le")) // 2


def _extends(ch: str) -> bool:
    """True when ``ch`` belongs to the grapheme cluster before it (marks, joiners, selectors, modifiers)."""
    if ch == ZWJ:
        return True
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= cp <= 0x1F3FF:  # emoji skin-tone modifiers
        return True
    if 0xE0020 <= cp <= 0xE007F:  # emoji tag sequences (flags of subdivisions)
        return True
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _safe_cut(text: str, i: int) -> bool:
    """True when a cut between ``text[i-1]`` and ``text[i]`` keeps grapheme clusters whole."""
    if i <= 0 or i >= len(text):
        return True
    if _extends(text[i]) or text[i - 1] == ZWJ:
        return False
    # regional-indicator pairs (flags): do not cut between the two letters of a pair
    ri = lambda c: 0x1F1E6 <= ord(c) <= 0x1F1FF
    if ri(text[i]) and ri(text[i - 1]):
        run = 0
        j = i - 1
        while j >= 0 and ri(text[j]):
            run += 1
            j -= 1
        return run % 2 == 0
    # a surrogate-free str never splits a code point, so only clusters matter
    return True


def _isolate_depths(text: str) -> list[int]:
    """``depth[i]``: how many bidi isolates are open just before ``text[i]`` (index ``len`` included)."""
    depths = [0] * (len(text) + 1)
    d = 0
    for i, ch in enumerate(text):
        depths[i] = d
        if ch in ISOLATE_OPEN:
            d += 1
        elif ch == ISOLATE_CLOSE and d > 0:
            d -= 1
    depths[len(text)] = d
    return depths


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` UTF-16 code units (see the module docstring).

    Args:
        text: the message (any script; may contain Fluent's bidi isolation marks).
        limit: the platform's maximum per message, e.g. 4096 (Telegram) or 1600 (Twilio WhatsApp).

    Returns:
        A list of non-empty parts (``[]`` for a text that is empty or only whitespace); a text within the
        limit comes back as ``[text]`` unchanged.

    Raises:
        ValueError: ``limit`` is smaller than 8.
    """
    if limit < 8:
        raise ValueError("limit must be at least 8")
    if not text or not text.strip():
        return []
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while rest:
        if utf16_len(rest) <= limit:
            parts.append(rest)
            break
        # the longest prefix within the limit, in code points
        units = 0
        end = 0
        for ch in rest:
            w = 2 if ord(ch) > 0xFFFF else 1
            if units + w > limit:
                break
            units += w
            end += 1
        window = rest[: end + 1]  # include the char right after the window: a space there is a clean cut
        depths = _isolate_depths(rest[: end + 1])
        cut = _best_cut(window, end, depths)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if head:
            parts.append(head)
    return parts


def _best_cut(window: str, end: int, depths: list[int]) -> int:
    """The index (1..end) at which to cut ``window`` (its first ``end`` characters fit the limit)."""

    def ok(i: int) -> bool:
        return depths[i] == 0 and _safe_cut(window, i)

    lower = max(1, end // 3)  # do not produce tiny parts when a better cut exists further left
    # 1. paragraph break, 2. line break
    for sep in ("\n\n", "\n"):
        i = window.rfind(sep, 0, end + 1)
        while i >= lower:
            if ok(i):
                return i
            i = window.rfind(sep, 0, i)
    # 3. sentence end followed by whitespace
    for i in range(end, lower - 1, -1):
        if i < len(window) and window[i].isspace() and window[i - 1] in SENTENCE_END and ok(i):
            return i
    # 4. any whitespace
    for i in range(end, 0, -1):
        if i < len(window) and window[i].isspace() and ok(i):
            return i
    # 5. one word longer than the limit: between grapheme clusters, outside isolates if possible
    for i in range(end, 0, -1):
        if ok(i):
            return i
    for i in range(end, 0, -1):
        if _safe_cut(window, i):
            return i
    return end
