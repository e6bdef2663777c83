"""Finding known place names in a normalised message (stdlib only; used by the Rasa component
``nlu/components/city_extractor.py`` and testable without Rasa).

An alias table maps ``alias_key(name)`` → place id (``casablanca``). ``find_places`` looks up windows of
1–4 words, the first word also without one Darija clitic prefix: Arabic ``و ف ب ل ك`` (and ``وف``,
``وب``, ``ول``; ``لل``→``ال``), Latin ``f l b w`` ("fcasa", "lrbat"). Apostrophes and hyphens split words
("d'oujda", "l-casa", "beni-mellal").
"""

from __future__ import annotations

import re

from nlu.normalize import normalize

_TOKEN_RE = re.compile(r"[^\W_]+")  # "d'oujda", "l-casa", "beni-mellal" split into words
_ARABIC_PREFIXES = ("وف", "وب", "ول", "و", "ف", "ب", "ل", "ك")
_LATIN_PREFIXES = ("f", "l", "b", "w")  # not "bl"/"fl": "blassa" (a place) is not Assa
MIN_ALIAS_LENGTH = 3
"""Shorter aliases and clitic-stripped stems are ignored (too many chance matches)."""
_MAX_WINDOW = 4


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _stems(token: str) -> list[str]:
    """``token`` and the forms it takes with one clitic prefix removed (longest stem first)."""
    forms = [token]
    if token and _is_arabic(token[0]):
        if token.startswith("لل") and len(token) - 2 >= MIN_ALIAS_LENGTH - 1:
            forms.append("ال" + token[2:])
        for p in _ARABIC_PREFIXES:
            if token.startswith(p) and len(token) - len(p) >= MIN_ALIAS_LENGTH:
                forms.append(token[len(p) :])
                if token[len(p) :].startswith("ل") and not token[len(p) :].startswith("ال"):
                    forms.append("ا" + token[len(p) :])  # "فلرباط" (sic) → "الرباط"
    else:
        for p in _LATIN_PREFIXES:
            if token.startswith(p) and len(token) - len(p) >= MIN_ALIAS_LENGTH:
                forms.append(token[len(p) :])
    return forms


def alias_key(name: str) -> str:
    """The lookup form of a place name or alias: normalised, words joined by single spaces."""
    return " ".join(_TOKEN_RE.findall(normalize(name)))


def find_places(text: str, aliases: dict[str, str]) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, place_id)`` matches of known aliases in normalised ``text``.

    Longest windows win; a window matches when its words (first word possibly without a clitic prefix)
    joined by single spaces are an alias.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        match: tuple[int, int, str] | None = None
        for n in range(min(_MAX_WINDOW, len(tokens) - i), 0, -1):
            rest = " ".join(t[2] for t in tokens[i + 1 : i + n])
            for first in _stems(tokens[i][2]):
                key = f"{first} {rest}" if rest else first
                if len(key) >= MIN_ALIAS_LENGTH and key in aliases:
                    start = tokens[i][1] - len(first)
                    match = (start, tokens[i + n - 1][1], aliases[key])
                    break
            if match:
                i += n
                break
        if match:
            found.append(match)
        else:
            i += 1
    return found
