"""Every user-visible string, in four varieties, as Fluent (``.ftl``) files.

Layout: ``locales/<variety>/<domain>.ftl`` with varieties ``ary`` (Darija, Arabic script), ``ary-Latn``
(Darija, Latin script "Arabizi"), ``ar`` (Modern Standard Arabic) and ``fr``. Message ids use hyphens
(``violence-ask-safe``); gender-aware Arabic uses Fluent selectors on a ``$gender`` argument
(``f``/``m``/``other``). Fluent wraps placeables in Unicode isolation marks (FSI/PDI), so numbers,
Latin names and phone numbers stay readable inside right-to-left text; :func:`t` keeps them only there
(:func:`tidy_isolation`) and :func:`t_label` (button titles) drops them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from fluent.runtime import FluentLocalization, FluentResourceLoader

LOCALES_DIR = Path(__file__).resolve().parent
VARIETIES: tuple[str, ...] = ("ary", "ary-Latn", "ar", "fr")
DEFAULT_VARIETY = "ary"
RTL_VARIETIES = frozenset({"ary", "ar"})

# Fluent needs a BCP-47 locale for plural rules and number formatting: Darija uses Arabic's rules.
_BABEL_LOCALE = {"ary": "ar-MA", "ary-Latn": "fr-MA", "ar": "ar-MA", "fr": "fr-MA"}


def resource_ids() -> list[str]:
    """The ``.ftl`` file names present for any variety (the same set must exist in every variety)."""
    names: set[str] = set()
    for variety in VARIETIES:
        names.update(p.name for p in (LOCALES_DIR / variety).glob("*.ftl"))
    return sorted(names)


@cache
def localization(variety: str) -> FluentLocalization:
    """The Fluent bundle of ``variety`` (built once per process). Raises ``KeyError`` for an unknown one."""
    if variety not in VARIETIES:
        raise KeyError(variety)
    loader = FluentResourceLoader(str(LOCALES_DIR / "{locale}"))
    # use_isolating: FluentLocalization defaults to False; True wraps every placeable in FSI…PDI (RTL safety)
    return FluentLocalization([variety], resource_ids(), loader, use_isolating=True)


FSI, PDI = "\u2068", "\u2069"
_ISOLATES = re.compile("[\u2066\u2067\u2068\u2069]")
_ARABIC = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # strong right-to-left letters
_LTR_OR_DIGIT = re.compile("[0-9A-Za-z\u00c0-\u024f]")
_STRONG = re.compile("[A-Za-z\u00c0-\u024f\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def tidy_isolation(text: str) -> str:
    """Keep Fluent's FSI…PDI isolation marks only where they protect the reading order.

    * empty pairs (a placeable or selector that rendered nothing) are removed everywhere;
    * a text with no right-to-left letter at all (French, Darija in Latin script) loses every mark: plain
      text channels show them as stray characters and they protect nothing there;
    * in a right-to-left text, an isolate is kept when its content has Latin letters or digits (a center
      name, a phone number, a date inside Arabic: RTL safety) and dropped when it holds only Arabic or
      neutral characters; in a left-to-right text with an Arabic placeable, an isolate is kept when its
      content has Arabic letters.
    Marks stay balanced. Pure function of ``text``.
    """
    if FSI not in text and PDI not in text:
        return text
    if not _ARABIC.search(text):
        return _ISOLATES.sub("", text)
    first = _STRONG.search(_ISOLATES.sub("", text))
    rtl_base = bool(first and _ARABIC.match(first.group(0)))
    # parse into nested isolates: each frame = list of pieces (str); a closed frame is re-emitted or flattened
    stack: list[list[str]] = [[]]
    for ch in text:
        if ch == FSI or ch in "\u2066\u2067":
            stack.append([])
        elif ch == PDI and len(stack) > 1:
            inner = "".join(stack.pop())
            plain = _ISOLATES.sub("", inner)
            keep = bool(plain) and (bool(_LTR_OR_DIGIT.search(plain)) if rtl_base else bool(_ARABIC.search(plain)))
            stack[-1].append(FSI + inner + PDI if keep else inner)
        elif ch == PDI:
            continue  # an unbalanced PDI: drop it
        else:
            stack[-1].append(ch)
    while len(stack) > 1:  # unbalanced FSI: keep the content
        inner = "".join(stack.pop())
        stack[-1].append(inner)
    return "".join(stack[0])


def strip_isolation(text: str) -> str:
    """``text`` without any bidi isolation mark (for short single-direction labels such as button titles)."""
    return _ISOLATES.sub("", text)


# French elision before a placeable (a place or center name) that starts with a vowel: "de <FSI>Agadir<PDI>" →
# "d'<FSI>Agadir<PDI>", "que <FSI>Oujda…" → "qu'<FSI>Oujda…". Only placeables (marked by Fluent's FSI) are touched, never the
# written text; h and y are left alone (Moroccan names: "de Had Soualem", "de Youssoufia").
_ELISION = re.compile("\\b([Dd]e|[Qq]ue) (\u2068[AEIOUÂÊÎÔÛÉÈÀaeiouâêîôûéèà])")


def french_elision(text: str) -> str:
    """``text`` (a French message rendered with isolated placeables) with "de"/"que" elided before a
    placeable starting with a vowel ("près de Agadir" → "près d'Agadir")."""
    return _ELISION.sub(lambda m: m.group(1)[0] + "'" + m.group(2), text)


_EMBEDDINGS = re.compile("[\u202a-\u202e]")  # LRE RLE PDF LRO RLO
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def neutralize_bidi(text: str, keep_isolates: bool = False) -> str:
    """``text`` safe to display: no bidi embedding or override (U+202A–U+202E: an RLO in a person's message
    would show what follows reversed), and no isolate mark (U+2066–U+2069) — or, with ``keep_isolates``
    (texts Jisr wrote: Fluent's FSI…PDI around placeables, :func:`tidy_isolation`), only the balanced
    isolate pairs, which cannot affect what follows them. For display only: the safety net reads the
    original text."""
    if not any(c in text for c in BIDI_CONTROLS):
        return text
    text = _EMBEDDINGS.sub("", text)
    if not keep_isolates:
        return _ISOLATES.sub("", text)
    out: list[str] = []
    opened: list[int] = []  # positions in ``out`` of the isolate openers not closed yet
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            opened.append(len(out))
        elif ch == PDI:
            if not opened:
                continue  # a PDI closing nothing
            opened.pop()
        out.append(ch)
    for pos in opened:  # openers never closed would isolate the rest of the paragraph
        out[pos] = ""
    return "".join(out)


def t(variety: str, key: str, **args: object) -> str:
    """Format message ``key`` in ``variety`` with ``args``; unknown varieties fall back to Darija.

    Placeables are isolated (FSI…PDI) only where it matters for right-to-left text
    (:func:`tidy_isolation`); in French, "de"/"que" are elided before a placeable starting with a vowel
    (:func:`french_elision`)."""
    loc = localization(variety if variety in VARIETIES else DEFAULT_VARIETY)
    text = loc.format_value(key, args or None)
    if variety == "fr":
        text = french_elision(text)
    return tidy_isolation(text)


def t_label(variety: str, key: str, **args: object) -> str:
    """Format a short label (a button title) in ``variety``: like :func:`t`, without isolation marks."""
    return strip_isolation(t(variety, key, **args))


def is_rtl(variety: str) -> bool:
    """True when ``variety`` is written right to left."""
    return variety in RTL_VARIETIES
