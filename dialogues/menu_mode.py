"""Menu mode: understanding without the NLU service (``Turn.parse is None``).

When Rasa is unreachable the engine still routes every journey: button payloads work as usual, and this
module maps normalised text to an intent with the keyword lists of ``dialogues/keywords.yml`` (every
variety in one list per intent), and guesses the variety from the script and a few marker words
(:func:`nlu.variety.guess_variety` with :data:`nlu.variety.SHORT_MARKERS`).

Matching is on whole words/phrases of ``nlu.normalize.normalize(text)``; the intent whose matched keywords
are longest in total wins (ties: the order of ``keywords.yml``). ``immediate_danger`` is listed too, but
danger is the safety net's job (it runs before the engine, NLU or not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dialogues.text import normalize
from nlu import variety

KEYWORDS_FILE = Path(__file__).resolve().parent / "keywords.yml"

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[a-z]")

@dataclass(frozen=True)
class KeywordMatch:
    """The intent chosen by keywords and its score (total length of the matched keywords)."""

    intent: str
    score: int


@lru_cache(maxsize=1)
def _keywords() -> dict:
    """``keywords.yml`` parsed once (sections: intents, ``_exact``, ``_welcome``, ``_menu_exact``…)."""
    return yaml.safe_load(KEYWORDS_FILE.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=16)
def exact_words(section: str) -> frozenset[str]:
    """The normalised whole messages listed in a list section of ``keywords.yml`` (e.g. ``_menu_exact``)."""
    return frozenset(n for n in (normalize(str(w)) for w in _keywords().get(section) or []) if n)


@lru_cache(maxsize=1)
def keyword_table() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """``((intent, compiled patterns), …)`` from ``keywords.yml``, keywords normalised once."""
    data = _keywords()
    table = []
    for intent, words in data.items():
        if intent.startswith("_"):
            continue
        patterns = tuple(
            re.compile(r"(?<!\w)" + re.escape(normalize(str(w))) + r"(?!\w)") for w in words if normalize(str(w))
        )
        table.append((intent, patterns))
    return tuple(table)


@lru_cache(maxsize=1)
def exact_table() -> dict[str, str]:
    """``{normalised whole message: intent}`` from the ``_exact`` section of ``keywords.yml``."""
    data = _keywords()
    return {normalize(str(w)): intent for intent, words in (data.get("_exact") or {}).items() for w in words}


@lru_cache(maxsize=1)
def _welcome_patterns() -> tuple[re.Pattern[str], ...]:
    data = _keywords()
    words = [normalize(str(w)) for w in data.get("_welcome") or []]
    return tuple(re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)") for w in words if w)


def asks_for_welcome(text: str) -> bool:
    """True when ``text`` greets or asks for help without saying with what ("salam wach t9der t3awni"):
    a ``greet``/``help`` keyword or a ``_welcome`` phrase of ``keywords.yml``. The engine answers such a
    message with the welcome menu when the NLU is unsure and no question is pending."""
    norm = normalize(text or "")
    if not norm:
        return False
    if any(p.search(norm) for p in _welcome_patterns()):
        return True
    for intent, patterns in keyword_table():
        if intent in ("greet", "help") and any(p.search(norm) for p in patterns):
            return True
    return False


# Small talk loses to any service or interrupt keyword in the same message ("bonjour, j'ai besoin d'aide").
_WEAK = frozenset({"greet", "thank", "affirm", "deny"})
WEAK_INTENTS = _WEAK


def match_intent(text: str) -> KeywordMatch | None:
    """The intent of ``text`` by keywords, or None when no keyword matches."""
    norm = normalize(text or "")
    if not norm:
        return None
    exact = exact_table().get(norm)
    if exact:
        return KeywordMatch(exact, len(norm))
    best: KeywordMatch | None = None
    for intent, patterns in keyword_table():
        score = sum(len(p.pattern) for p in patterns if p.search(norm))
        if not score:
            continue
        rank = (intent not in _WEAK, score)
        if best is None or rank > (best.intent not in _WEAK, best.score):
            best = KeywordMatch(intent, score)
    return best


def has_keyword(intent: str, text: str) -> bool:
    """True when a keyword of ``intent`` (``dialogues/keywords.yml``) is in ``text``."""
    norm = normalize(text or "")
    if exact_table().get(norm) == intent:
        return True
    return any(p.search(norm) for name, patterns in keyword_table() if name == intent for p in patterns)


@lru_cache(maxsize=1)
def _strong_table() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    data = _keywords().get("_strong") or {}
    return tuple(
        (intent, tuple(re.compile(r"(?<!\w)" + re.escape(normalize(str(w))) + r"(?!\w)") for w in words if normalize(str(w))))
        for intent, words in data.items()
    )


def strong_intent(text: str) -> str | None:
    """The service named without doubt in ``text`` (the ``_strong`` section of ``keywords.yml``), or None."""
    norm = normalize(text or "")
    if not norm:
        return None
    for intent, patterns in _strong_table():
        if any(p.search(norm) for p in patterns):
            return intent
    return None


@lru_cache(maxsize=1)
def _not_ours_table() -> dict[str, tuple[re.Pattern[str], ...]]:
    data = _keywords().get("_not_ours") or {}

    def flat(words: list) -> list:  # a YAML alias inside a list (``[*other_providers, lmihna]``) nests a list
        return [x for w in words for x in (flat(w) if isinstance(w, list) else [w])]

    return {intent: tuple(re.compile(r"(?<!\w)" + re.escape(normalize(str(w))) + r"(?!\w)") for w in flat(words)
                          if normalize(str(w)))
            for intent, words in data.items()}


def not_ours(intent: str | None, text: str) -> bool:
    """True when ``text`` names someone else's service for ``intent`` (the ``_not_ours`` section of
    ``keywords.yml``: a hairdresser's appointment, a Facebook account)."""
    patterns = _not_ours_table().get(intent or "")
    if not patterns:
        return False
    norm = normalize(text or "")
    return any(p.search(norm) for p in patterns)


def prepare() -> None:
    """Read ``keywords.yml`` and compile every table now (start-up), not on the first person's message."""
    keyword_table(), exact_table(), _welcome_patterns(), _strong_table(), _not_ours_table()


def is_arabic_script(text: str) -> bool:
    """True when ``text`` has more Arabic letters than Latin ones."""
    return len(_ARABIC.findall(text)) > len(_LATIN.findall(text.lower()))


def script_changed(norm: str, current: str, candidate: str | None) -> bool:
    """True when the (normalised) text is written in the other script than ``current`` (Arabic vs Latin)
    and ``candidate`` (when given) is in the text's script: even one word then tells the variety's script."""
    if not _ARABIC.search(norm) and not _LATIN.search(norm):
        return False
    arabic_text = is_arabic_script(norm)
    if arabic_text == (current in ("ary", "ar")):
        return False
    return candidate is None or (candidate in ("ary", "ar")) == arabic_text


def guess_variety(text: str, current: str) -> str | None:
    """The variety ``text`` is written in (``ary``, ``ary-Latn``, ``ar``, ``fr``), or None when the text is
    too short to tell (fewer than two words). ``current`` breaks ties within a script. The menu mode's
    parameters of the one text guess, :func:`nlu.variety.guess_variety` (short marker lists)."""
    return variety.guess_variety(text, None, markers=variety.SHORT_MARKERS, min_words=2, current=current)
